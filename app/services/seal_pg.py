"""On a centre's server, the serialised end of an intake in one round trip (used by app.services.intake).

Every counter of a centre takes its codes from one row per day in `code_counters`, and appends to one
audit chain (the journal's advisory lock): from the moment a transaction holds that row to its COMMIT,
every other counter's Save waits. So an intake on PostgreSQL first writes everything that needs no
number — the dossier under a provisional code (its uuid), its components, event and outbox row — and
then sends these statements together, as one query (the simple query protocol runs them in order, each
with a fresh snapshot, and stops at the first error, which leaves the transaction to be rolled back):

1. the numbers of the day and of the register book (INSERT … ON CONFLICT DO UPDATE … RETURNING, which
   locks the counters' rows) and, from them, each dossier's code and register number (UPDATE … FROM);
2. the audit chain's lock (journal.AUDIT_LOCK);
3. each dossier's audit entry, after the newest one: the server fills in what only it knows at that
   moment — the sequence digits, the fingerprint and the previous entry's hash — in the texts
   `journal.DossierAudit.texts` renders with Python's own JSON, and hashes them. What it fills in is
   ASCII digits and hex, which JSON never escapes, so the bytes hashed are those `journal.audit` would
   hash, and `motcua check` verifies the chain as ever;
4. COMMIT.

No client round trip happens while the rows and the lock are held. A number beyond the device's block
leaves the code NULL, which the column refuses: nothing is written, and the clerk is told the block is
used up (CodeBlockExhausted), as on SQLite. Likewise a dossier whose procedure is no longer at the
catalogue revision its intake was checked against (app.services.procedure_rules) gets a NULL register
number: nothing is written and the intake is checked again (CatalogueChanged).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any

from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from app.models import Dossier
from app.services.codes import CodeTemplate, book_name, exhausted, number_keys
from app.services.journal import AUDIT_LOCK, GENESIS, DossierAudit
from app.services.procedure_rules import CatalogueChanged

if TYPE_CHECKING:  # the driver loads only on a centre
    import psycopg

_NOT_NULL = "23502"


class ServerSeal:
    """The dossiers of one intake transaction waiting for their numbers and audit entries."""

    def __init__(self, template: CodeTemplate, agency: str, slot: int):
        self.template, self.agency, self.slot = template, agency, slot
        self.block = template.slot_range(slot)
        self.held: list[tuple[Dossier, dt.date]] = []
        self.revisions: list[int] = []  # the catalogue revision each held dossier's procedure was read at
        self.audits: list[DossierAudit] = []  # filled by journal.record(audit_later=…), one per dossier

    def hold(self, d: Dossier, day: dt.date, revision: int) -> None:
        """A provisional code (the dossier's uuid) until `commit` gives it the day's next number, if its
        procedure is still at `revision` then."""
        d.code, d.register_book, d.register_seq = d.uuid, book_name(self.slot, day.year), 0
        self.held.append((d, day))
        self.revisions.append(revision)

    def commit(self, session: Session) -> None:
        """Write what is pending, then number, audit and COMMIT in one round trip. The transaction's last
        step: the caller's session has nothing left to write (its own commit then finds nothing to do)."""
        assert len(self.audits) == len(self.held), "every held dossier is recorded with audit_later"
        session.flush()
        conn = session.connection()
        import psycopg

        driver = conn.connection.driver_connection
        assert isinstance(driver, psycopg.Connection)
        lit = _Literals(driver)
        audits = [self._audit(lit, d, day, a) for (d, day), a in zip(self.held, self.audits, strict=True)]
        sql = ";\n".join([self._numbers(lit), f"SELECT pg_advisory_xact_lock({AUDIT_LOCK})", *audits, "COMMIT"])
        try:
            # Without parameters, so that the driver reads a "%" in a quoted value as itself.
            result = conn.exec_driver_sql(sql, execution_options={"no_parameters": True})
            rows = {int(r[0]): (str(r[1]), int(r[2])) for r in result.all()}
        except sa_exc.IntegrityError as exc:
            if getattr(exc.orig, "sqlstate", None) == _NOT_NULL:
                if getattr(getattr(exc.orig, "diag", None), "column_name", None) == "register_seq":
                    raise CatalogueChanged from exc
                raise exhausted(self.slot, len(self.block), self.held[-1][1]) from exc
            raise
        for d, _day in self.held:
            code, seq = rows[d.id]
            set_committed_value(d, "code", code)
            set_committed_value(d, "register_seq", seq)

    def _numbers(self, lit: _Literals) -> str:
        """The counters' bump (by how many numbers each gives in this transaction) and every held dossier's
        code and register number from it, in the order the dossiers were held."""
        counts: dict[tuple[dt.date, int], int] = {}
        taken: list[tuple[tuple[dt.date, int], int]] = []
        for _d, day in self.held:
            for key in number_keys(self.slot, day):
                counts[key] = counts.get(key, 0) + 1
                taken.append((key, counts[key]))
        keys = ", ".join(f"({lit(day)}::date, {lit(slot)}::integer, {lit(n)}::integer)"
                         for (day, slot), n in counts.items())
        rows = []
        for i, ((d, day), revision) in enumerate(zip(self.held, self.revisions, strict=True)):
            (code_key, code_n), (book_key, book_n) = taken[2 * i], taken[2 * i + 1]
            before, after = self.template.day_parts(self.agency, day)
            # How far back from the counter's new last value this dossier's number is.
            rows.append(f"({lit(d.id)}::integer, {lit(code_key[0])}::date, {lit(code_key[1])}::integer, "
                        f"{lit(counts[code_key] - code_n)}::integer, {lit(book_key[0])}::date, "
                        f"{lit(book_key[1])}::integer, {lit(counts[book_key] - book_n)}::integer, "
                        f"{lit(before)}::text, {lit(after)}::text, {lit(d.procedure_id)}::integer, "
                        f"{lit(revision)}::integer)")
        start = self.block.start - 1  # the number n of the block is start + n
        return (
            f"WITH n AS (INSERT INTO code_counters (day, slot, last) VALUES {keys} ON CONFLICT (day, slot) "
            "DO UPDATE SET last = code_counters.last + excluded.last RETURNING day, slot, last), "
            f"v (id, cday, cslot, cback, bday, bslot, bback, before, after, pid, rev) AS (VALUES {', '.join(rows)}) "
            f"UPDATE dossiers AS d SET code = CASE WHEN c.last - v.cback <= {len(self.block)} THEN v.before || "
            f"lpad(({start} + c.last - v.cback)::text, {self.template.digits}, '0') || v.after END, "
            "register_seq = CASE WHEN (SELECT revision FROM procedures WHERE id = v.pid) = v.rev THEN b.last - v.bback "
            "END FROM v JOIN n AS c ON c.day = v.cday AND c.slot = v.cslot "
            "JOIN n AS b ON b.day = v.bday AND b.slot = v.bslot WHERE d.id = v.id RETURNING d.id, d.code, d.register_seq"
        )

    def _audit(self, lit: _Literals, d: Dossier, day: dt.date, a: DossierAudit) -> str:
        """The dossier's audit entry after the newest one, hashed on the server over Python's texts."""
        mark = uuid.uuid4().hex
        seq, fp, prev = f"seq{mark}", f"fp{mark}", f"prev{mark}"
        before, after = self.template.day_parts(self.agency, day)
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
            f"WHERE id = {lit(d.id)}::integer) AS c) AS k, "
            f"(SELECT coalesce((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), {lit(GENESIS)}::text) AS prev) AS p"
        )


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
