"""On a centre's server, an intake written in one message (used by app.services.intake).

Every counter of a centre takes its codes from one row per day in `code_counters`, and appends to one
audit chain (the journal's advisory lock): from the moment a transaction holds that row to its end,
every other counter's Save waits, and on a LAN each client round trip inside that span is a network
wait for all of them. So a centre's intake sends everything at once, as statements in one message on a
connection in autocommit mode, which the server runs as one transaction of their own (all or nothing,
no client round trip in between; CentreDatabase.batch):

1. one statement that takes the day's numbers (INSERT … ON CONFLICT DO UPDATE … RETURNING, which locks
   the counters' rows) and, from them, inserts each dossier with its code and register number, its
   components, its event and its outbox row (data-modifying WITH queries, joined by the dossier's
   uuid), and returns what the server gave each dossier and event;
2. the audit chain's lock (journal.AUDIT_LOCK);
3. each dossier's audit entry, after the newest one: the server fills in what only it knows at that
   moment — the sequence digits, the fingerprint and the previous entry's hash — in the texts
   `journal.DossierAudit.texts` renders with Python's own JSON, and hashes them. What it fills in is
   ASCII digits and hex, which JSON never escapes, so the bytes hashed are those `journal.audit` would
   hash, and `motcua check` verifies the chain as ever.

The rows are the ones the ORM would write (journal.step_rows builds them; the model's defaults are
applied here), every value quoted by the driver for the connection and cast to its column's type. A
number beyond the device's block leaves the code NULL, which the column refuses: nothing is written, and
the clerk is told the block is used up (CodeBlockExhausted), as on SQLite. Likewise a dossier whose
procedure is no longer at the catalogue revision its intake was checked against
(app.services.procedure_rules) gets a NULL register number: nothing is written and the intake is checked
again (CatalogueChanged).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import Boolean, ColumnDefault, Date, DateTime, Integer, String, Table
from sqlalchemy import exc as sa_exc

from app.models import Dossier, DossierComponent, Event, OutboxRow
from app.models.centre import CentreDatabase
from app.models.db import Database
from app.services.codes import CodeTemplate, book_name, exhausted, number_keys
from app.services.journal import AUDIT_LOCK, GENESIS, DossierAudit
from app.services.procedure_rules import CatalogueChanged

if TYPE_CHECKING:  # the driver loads only on a centre
    import psycopg

_NOT_NULL = "23502"
#: Written by the statement itself: the key, and each child row's dossier.
_NOT_FROM_OBJECT = {"id", "dossier_id"}
#: The dossier's columns the server fills in from the day's numbers.
_NUMBERED = frozenset({"code", "register_seq"})
#: The cast of a value for its column's type. Text as text, not VARCHAR(n): a cast to VARCHAR(n) would cut
#: a value the column must refuse. DateTime before Date: a DateTime is no Date, but keep the order safe.
_CASTS = ((Boolean, "boolean"), (Integer, "integer"), (DateTime, "timestamp"), (Date, "date"), (String, "text"))


@dataclass
class _Held:
    dossier: Dossier
    day: dt.date
    revision: int
    event: Event
    outbox: OutboxRow
    audit: DossierAudit


class ServerSeal:
    """The dossiers of one intake, written and numbered by the server in one message."""

    def __init__(self, template: CodeTemplate, agency: str, slot: int):
        self.template, self.agency, self.slot = template, agency, slot
        self.block = template.slot_range(slot)
        self.held: list[_Held] = []

    def hold(self, d: Dossier, day: dt.date, revision: int, event: Event, outbox: OutboxRow,
             audit: DossierAudit) -> None:
        """A dossier (its components assigned) and its receive step's rows, to be numbered on `day` if its
        procedure is still at `revision` then."""
        d.register_book = book_name(self.slot, day.year)
        self.held.append(_Held(d, day, revision, event, outbox, audit))

    def write(self, db: Database) -> None:
        """Send everything; afterwards each dossier and event holds what the server gave it (id, code,
        register number) and the defaults the rows were written with."""
        assert isinstance(db, CentreDatabase), "a centre's intake is written on its server"
        try:
            rows = db.batch(self._sql)
        except sa_exc.IntegrityError as exc:
            if getattr(exc.orig, "sqlstate", None) == _NOT_NULL:
                if getattr(getattr(exc.orig, "diag", None), "column_name", None) == "register_seq":
                    raise CatalogueChanged from exc
                raise exhausted(self.slot, len(self.block), self.held[-1].day) from exc
            raise
        got = {str(r[0]): r for r in rows}
        for h in self.held:
            _uuid, dossier_id, code, seq, event_id = got[h.dossier.uuid]
            h.dossier.id, h.dossier.code, h.dossier.register_seq = int(dossier_id), str(code), int(seq)
            h.event.id, h.event.dossier_id, h.outbox.dossier_id = int(event_id), int(dossier_id), int(dossier_id)

    def _sql(self, conn: psycopg.Connection[Any]) -> str:
        lit = _Literals(conn)
        audits = [self._audit(lit, h) for h in self.held]
        return ";\n".join([self._rows(lit), f"SELECT pg_advisory_xact_lock({AUDIT_LOCK})", *audits])

    def _rows(self, lit: _Literals) -> str:
        """The counters' bump (by how many numbers each gives in this intake) and every row of every held
        dossier, numbered from it in the order the dossiers were held."""
        counts: dict[tuple[dt.date, int], int] = {}
        taken: list[tuple[tuple[dt.date, int], int]] = []
        for h in self.held:
            for key in number_keys(self.slot, h.day):
                counts[key] = counts.get(key, 0) + 1
                taken.append((key, counts[key]))
        keys = ", ".join(f"({lit(day)}::date, {lit(slot)}::integer, {lit(n)}::integer)"
                         for (day, slot), n in counts.items())
        numbers, dossiers, components, events, outbox = [], [], [], [], []
        for i, h in enumerate(self.held):
            (code_key, code_n), (book_key, book_n) = taken[2 * i], taken[2 * i + 1]
            before, after = self.template.day_parts(self.agency, h.day)
            ref = lit(h.dossier.uuid)
            # How far back from the counter's new last value this dossier's number is.
            numbers.append(f"({ref}::text, {lit(code_key[0])}::date, {lit(code_key[1])}::integer, "
                           f"{lit(counts[code_key] - code_n)}::integer, {lit(book_key[0])}::date, "
                           f"{lit(book_key[1])}::integer, {lit(counts[book_key] - book_n)}::integer, "
                           f"{lit(before)}::text, {lit(after)}::text, {lit(h.dossier.procedure_id)}::integer, "
                           f"{lit(h.revision)}::integer)")
            dossiers.append(_values(lit, h.dossier, skip=_NUMBERED))
            components += [f"({ref}::text, {_values(lit, c)[1:]}" for c in h.dossier.components]
            events.append(f"({ref}::text, {_values(lit, h.event)[1:]}")
            outbox.append(f"({ref}::text, {_values(lit, h.outbox)[1:]}")
        start = self.block.start - 1  # the number n of the block is start + n
        d_cols = _columns(_table(Dossier), _NUMBERED)
        sql = (
            f"WITH n AS (INSERT INTO code_counters (day, slot, last) VALUES {keys} ON CONFLICT (day, slot) "
            "DO UPDATE SET last = code_counters.last + excluded.last RETURNING day, slot, last), "
            "v (uuid, cday, cslot, cback, bday, bslot, bback, before, after, pid, rev) AS "
            f"(VALUES {', '.join(numbers)}), "
            f"d AS (INSERT INTO dossiers ({', '.join(d_cols)}, code, register_seq) SELECT x.*, "
            f"CASE WHEN c.last - v.cback <= {len(self.block)} THEN v.before || "
            f"lpad(({start} + c.last - v.cback)::text, {self.template.digits}, '0') || v.after END, "
            "CASE WHEN (SELECT revision FROM procedures WHERE id = v.pid) = v.rev THEN b.last - v.bback END "
            f"FROM (VALUES {', '.join(dossiers)}) AS x ({', '.join(d_cols)}) JOIN v ON v.uuid = x.uuid "
            "JOIN n AS c ON c.day = v.cday AND c.slot = v.cslot JOIN n AS b ON b.day = v.bday AND b.slot = v.bslot "
            "RETURNING id, uuid, code, register_seq), "
        )
        if components:
            sql += _children("k", _table(DossierComponent), components) + ", "
        sql += _children("e", _table(Event), events, returning="RETURNING id, dossier_id") + ", "
        sql += _children("o", _table(OutboxRow), outbox)
        return sql + " SELECT d.uuid, d.id, d.code, d.register_seq, e.id FROM d JOIN e ON e.dossier_id = d.id"

    def _audit(self, lit: _Literals, h: _Held) -> str:
        """The dossier's audit entry after the newest one, hashed on the server over Python's texts."""
        a = h.audit
        mark = uuid.uuid4().hex
        seq, fp, prev = f"seq{mark}", f"fp{mark}", f"prev{mark}"
        before, after = self.template.day_parts(self.agency, h.day)
        fp_body, summary, body = a.texts(before + seq + after, fp, prev)
        holes = {seq: "k.seq", fp: "k.fp", prev: "p.prev"}
        return (
            "INSERT INTO audit_log (at, actor, action, entity, entity_id, summary, prev_hash, hash) "
            f"SELECT {lit(a.at)}::timestamp, {lit(a.actor)}::text, {lit(a.action)}::text, 'dossier', k.code, "
            f"{lit.filled(summary, holes)}, p.prev, "
            f"encode(sha256(convert_to({lit.filled(body, holes)}, 'UTF8')), 'hex') "
            f"FROM (SELECT c.code, c.seq, left(encode(sha256(convert_to({lit.filled(fp_body, {seq: 'c.seq'})}, "
            "'UTF8')), 'hex'), 32) AS fp "
            f"FROM (SELECT code, substr(code, {len(before) + 1}, {self.template.digits}) AS seq FROM dossiers "
            f"WHERE uuid = {lit(h.dossier.uuid)}::text) AS c) AS k, "
            f"(SELECT coalesce((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), {lit(GENESIS)}::text) AS prev) AS p"
        )


def _table(model: type[Any]) -> Table:
    return model.metadata.tables[model.__tablename__]  # type: ignore[no-any-return]


def _children(name: str, table: Table, rows: list[str], returning: str = "") -> str:
    """A WITH query inserting `rows` ("(dossier uuid, values…)") into `table`, each under its dossier."""
    cols = _columns(table, frozenset())
    return (f"{name} AS (INSERT INTO {table.name} (dossier_id, {', '.join(cols)}) SELECT d.id, "
            f"{', '.join('y.' + c for c in cols)} FROM (VALUES {', '.join(rows)}) AS y (of_dossier, {', '.join(cols)}) "
            f"JOIN d ON d.uuid = y.of_dossier {returning})")


def _columns(table: Table, skip: frozenset[str]) -> tuple[str, ...]:
    return tuple(name for name, _type, _default in _plan(table, skip))


@cache
def _plan(table: Table, skip: frozenset[str]) -> tuple[tuple[str, str, Any], ...]:
    """(column, its type as PostgreSQL names it, the model's default) for every column an object gives."""
    plan = []
    for c in table.columns:
        if c.name in _NOT_FROM_OBJECT | skip:
            continue
        default = c.default
        assert default is None or (isinstance(default, ColumnDefault) and default.is_scalar), \
            f"{table.name}.{c.name}: only scalar defaults are written here"
        sql_type = next(name for kind, name in _CASTS if isinstance(c.type, kind))
        plan.append((c.name, sql_type, default.arg if isinstance(default, ColumnDefault) else None))
    return tuple(plan)


def _values(lit: _Literals, obj: Any, skip: frozenset[str] = frozenset()) -> str:
    """The object's row as "(v1::type, v2::type, …)" in `_columns` order; a column it leaves unset gets the
    model's default, which the object then holds too (as after an ORM flush)."""
    out = []
    state = obj.__dict__
    for name, sql_type, default in _plan(_table(type(obj)), skip):
        if name in state:
            value = state[name]
        else:
            value = default
            setattr(obj, name, default)
        out.append(f"{lit(value)}::{sql_type}")
    return "(" + ", ".join(out) + ")"


class _Literals:
    """Values as SQL literals, quoted by the driver's own adapters for this connection (its encoding and
    string settings: what `ClientCursor.mogrify` does, without parsing a query for every value)."""

    def __init__(self, conn: psycopg.Connection[Any]):
        from psycopg.adapt import Transformer

        self.tx = Transformer.from_context(conn)
        self.encoding = conn.info.encoding

    def __call__(self, value: object) -> str:
        return self.tx.as_literal(value).decode(self.encoding)

    def filled(self, text: str, holes: dict[str, str]) -> str:
        """`text` as an SQL text expression, each of the `holes` markers in it replaced by an SQL expression."""
        pieces = [(text, False)]  # (text, or an SQL expression when True)
        for mark, expr in holes.items():
            pieces = [q for p in pieces for q in ([p] if p[1] else _cut(p[0], mark, expr))]
        return "(" + " || ".join(p if is_expr else f"{self(p)}::text" for p, is_expr in pieces) + ")"


def _cut(text: str, mark: str, expr: str) -> list[tuple[str, bool]]:
    chunks = text.split(mark)
    return [(chunks[0], False), *((q, is_expr) for c in chunks[1:] for q, is_expr in ((expr, True), (c, False)))]
