"""Outbox rows to wire items: the national dossier record (`record`, domain.md §4), built at push time.

`OutboxReader` streams pending outbox rows in id order with keyset reads (`id > last`), one bounded
chunk at a time, groups the chunk's rows by dossier, reads each group into a `RecordIn` and turns it
into one encoded JSON item: the dossier's current state (HoSo) once, and one change per outbox row with
its progress entry (QuaTrinhXuLy). Every item is validated against the record's JSON Schema first; one
that fails is parked locally with the reason and never sent. Only the chunk being built is in memory, so a backlog of any size is pushed with flat
memory. Plain SQL on a raw sqlite3 connection, dates formatted by SQLite: this is the hot path of the
push, and ORM objects would cost more than the HTTP round trip.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from app.services.desk import Desk
from app.services.status import Status
from app.sync import schema
from app.sync.files_push import NationalFiles, attached_by_events, national_files
from app.sync.protocol import clean_text
from app.sync.record import (
    ComponentFile,
    ComponentIn,
    EventIn,
    FeeIn,
    PersonIn,
    RecordIn,
    ResultDoc,
    SupplementIn,
    item,
)


def _st(col: str) -> str:
    """SQL turning a stored 'YYYY-MM-DD HH:MM:SS[.ffffff]' into 'yyyyMMddHHmmss' ('' for NULL)."""
    return (f"COALESCE(substr({col},1,4)||substr({col},6,2)||substr({col},9,2)||substr({col},12,2)"
            f"||substr({col},15,2)||substr({col},18,2), '')")


_PENDING = ("SELECT id, event_uuid, dossier_id, dossier_uuid, version, kind FROM outbox "
            "WHERE state = 'pending' AND id > ? AND id <= ? ORDER BY id LIMIT ?")
_DOSSIERS = (
    "SELECT d.id, d.uuid, d.version, d.code, d.procedure_code, d.procedure_name, d.field_name, "
    "COALESCE(p.field_code, ''), d.channel, d.applicant_name, d.applicant_id_kind, d.applicant_id_number, "
    "d.applicant_type, d.applicant_phone, d.applicant_email, d.applicant_address, d.owner_name, d.owner_id_kind, "
    "d.owner_id_number, d.owner_phone, d.owner_address, d.summary, d.note, "
    f"{_st('d.received_at')}, {_st('d.due_at')}, {_st('d.original_due_at')}, d.status, {_st('d.finished_at')}, "
    f"{_st('d.returned_at')}, d.result_delivery, d.handling_unit, d.fee_amount, d.fee_exempt, d.collected_by, "
    "d.rating, {extended}, d.imported_source "
    "FROM dossiers d LEFT JOIN procedures p ON p.id = d.procedure_id WHERE d.id IN ({{}})")
_COMPONENTS = ("SELECT dossier_id, name, originals, copies, photocopies, position FROM dossier_components "
               "WHERE dossier_id IN ({}) ORDER BY dossier_id, position")
_SUPPLEMENTS = (f"SELECT dossier_id, {_st('requested_at')}, {_st('received_at')}, reason, items, {_st('due_before')}, "
                f"{_st('due_after')}, actor FROM supplement_requests WHERE dossier_id IN ({{}}) ORDER BY id")
_RESCHEDULES = (f"SELECT dossier_id, {_st('old_due_at')}, {_st('new_due_at')} FROM reschedules "
                "WHERE dossier_id IN ({}) ORDER BY id")
# A step's date by rule: the legal due date, except an extension's step, which carries the date it promised.
_PROMISED = "json_extract(e.data, '$.new_due_at')"
_STEP_DUE = (f"CASE WHEN e.kind = 'reschedule' AND {_PROMISED} IS NOT NULL THEN {_st(_PROMISED)} "
             f"ELSE {_st('e.due_at')} END")
# Who proposed and who approved an extension or a stop (workflow.step_data), with the stop's legal basis.
_STEP_FACTS = f"CASE WHEN e.kind = 'reschedule' OR e.to_status = {int(Status.STOPPED)} THEN e.data END"
# Each event with the dossier's status once it was taken: its own target status, else the last one before it.
_EVENTS = (f"SELECT e.uuid, {_st('e.at')}, e.kind, COALESCE(e.to_status, (SELECT x.to_status FROM events x "
           "WHERE x.dossier_id = e.dossier_id AND x.id < e.id AND x.to_status IS NOT NULL ORDER BY x.id DESC LIMIT 1), "
           f"2), e.to_party, e.actor, e.actor_title, e.note, {_STEP_DUE}, e.source, {_STEP_FACTS}, e.dossier_id "
           "FROM events e "
           "WHERE e.uuid IN ({})")


@dataclass(frozen=True)
class WireItem:
    """One dossier with the changes of it that this batch carries."""

    dossier_id: int
    outbox_ids: tuple[int, ...]
    event_ids: tuple[str, ...]
    body: bytes  # one encoded JSON object

    @property
    def changes(self) -> int:
        return len(self.outbox_ids)


@dataclass(frozen=True)
class Invalid:
    """A record that does not validate against the schema: parked here, never sent."""

    dossier_id: int
    outbox_ids: tuple[int, ...]
    code: str
    message: str


def _extended_column(conn: sqlite3.Connection) -> str:
    """`dossiers.extended_due_at` (the promised date after an extension) when this store has it."""
    cols = {r[1] for r in conn.execute("PRAGMA table_info(dossiers)")}
    return _st("d.extended_due_at") if "extended_due_at" in cols else "''"


def _due_dates(due: str, original: str, extended: str, reschedules: list[tuple[Any, ...]]) -> tuple[str, str]:
    """(legal due date, later promised date). With an `extended_due_at` column the due date stays the
    legal one; without it a reschedule overwrote the due date, so the legal one is what the first
    reschedule replaced and the promised one what the latest set."""
    promised = extended or (reschedules[-1][2] if reschedules else "")
    if extended or not reschedules:
        return due, promised if promised and promised != due else ""
    return reschedules[0][1] or original, promised


def _component(row: tuple[Any, ...], attached: dict[str, Any] | None) -> ComponentIn:
    """A component row, with its current attached file when there is one (`files_push.national_files`)."""
    _, name, originals, copies, photocopies, _pos = row
    if attached is None:
        return ComponentIn(clean_text(name), originals, copies, photocopies)
    return ComponentIn(clean_text(name), originals, copies, photocopies, code=attached["MaThanhPhanHoSo"],
                       digitised=attached["DuocSoHoa"],
                       reused=attached["DuocTaiSuDung"], from_national_store=attached["DuocLayTuKhoDMQG"],
                       replaces_result=attached["MaKetQuaThayThe"],
                       files=(ComponentFile(attached["TepDinhKemId"], clean_text(attached["TenTepDinhKem"]),
                                            attached["DuongDanTaiTepTin"]),))


def record_in(d: tuple[Any, ...], components: list[tuple[Any, ...]], supplements: list[tuple[Any, ...]], reschedules: list[tuple[Any, ...]],
              events: list[tuple[Any, ...]], versions: dict[str, int], files: NationalFiles | None = None,
              by_event: dict[str, list[dict[str, Any]]] | None = None) -> RecordIn:
    """A `RecordIn` from rows of the queries above, with the dossier's attached files when it has some (and
    `by_event`, what each step attached: files_push.attached_by_events)."""
    (_id, uuid_, version, code, proc_code, proc_name, field_name, field_code, channel, a_name, a_kind, a_number,
     a_type, a_phone, a_email, a_address, o_name, o_kind, o_number, o_phone, o_address, summary, note,
     received, due, original_due, status, finished, returned, delivery, unit, fee, exempt, collected_by,
     rating, extended, imported_source) = d
    legal, promised = _due_dates(due, original_due, extended, reschedules)
    c = clean_text  # bidi overrides and control characters typed into names or notes never leave the desk
    owner = PersonIn(c(o_name), o_kind or "", o_number or "", o_phone or "", "", c(o_address or "")) if o_name else None
    return RecordIn(
        dossier_uuid=uuid_, version=version, code=code, procedure_code=proc_code, procedure_name=proc_name,
        field_code=field_code, field_name=field_name or "", channel=channel,
        applicant=PersonIn(c(a_name), a_kind or "", a_number or "", a_phone or "", a_email or "", c(a_address or "")),
        owner=owner, applicant_type=a_type or 1, summary=c(summary or ""), note=c(note or ""), received_at=received,
        legal_due_at=legal, original_due_at=original_due, promised_due_at=promised, status=status,
        finished_at=finished, returned_at=returned, result_delivery=delivery or "counter", handling_unit=unit or "",
        collected_by=collected_by or "", rating=rating or "",
        components=tuple(_component(row, files.components.get(row[5]) if files else None) for row in components),
        results=tuple(ResultDoc(c(r["TenGiayTo"]), r["MaGiayToKetQua"], r["GiayToId"], r["DuongDanTepTinKetQua"])
                      for r in files.results) if files else (),
        has_digitised=bool(files and files.has_digitised), imported_source=imported_source or "",
        fees=(FeeIn("Lệ phí", int(fee or 0), bool(exempt)),) if fee or exempt else (),
        supplements=tuple(SupplementIn(n, x[1], x[2], c(x[3]), tuple(_items(x[4])), x[5], x[6], x[7])
                          for n, x in enumerate(supplements, start=1)),
        events=tuple(EventIn(e[0], versions[e[0]], e[2], e[1], e[3], c(e[5]), e[6] or "", c(e[4] or ""),
                             c(e[7] or ""), e[8], e[9], *_step_facts(e[10]),
                             files=tuple({**f, "TenGiayTo": c(f["TenGiayTo"])} for f in (by_event or {}).get(e[0], ())))
               for e in events))


def _step_facts(raw: str | None) -> tuple[str, str, str, str]:
    """(proposer, approver, approver's title, legal basis) of an extension or a stop; '' where not known."""
    try:
        data = json.loads(raw) if raw else {}
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    proposer, approver, title, basis = (clean_text(str(data.get(k) or ""))
                                        for k in ("proposer", "approver_name", "approver_title", "legal_basis"))
    return proposer, approver, title, basis


def _items(raw: str | None) -> list[str]:
    try:
        value = json.loads(raw or "[]")
    except ValueError:
        return []
    return [str(v) for v in value if str(v).strip()] if isinstance(value, list) else []


def _in(sql: str, n: int) -> str:
    return sql.format(",".join("?" * n))


_PARK = ("UPDATE outbox SET state = 'parked', result = 'invalid', error_code = ?, error_message = ? "
         "WHERE id = ? AND state = 'pending'")


def load_records(conn: sqlite3.Connection, dossier_ids: list[int], event_uuids: list[str],
                 versions: dict[str, int]) -> dict[int, RecordIn]:
    """RecordIn per dossier id, carrying the given events (in the given order). Call inside one snapshot."""
    extended = _extended_column(conn)
    dossiers = {d[0]: d for d in conn.execute(_in(_DOSSIERS.format(extended=extended), len(dossier_ids)),
                                              dossier_ids)}
    by_dossier: dict[str, dict[int, list[Any]]] = {"c": {}, "s": {}, "r": {}}
    for key, sql in (("c", _COMPONENTS), ("s", _SUPPLEMENTS), ("r", _RESCHEDULES)):
        for row in conn.execute(_in(sql, len(dossier_ids)), dossier_ids):
            by_dossier[key].setdefault(row[0], []).append(row)
    attached = national_files(conn, dossier_ids)
    by_event = attached_by_events(conn, event_uuids)
    order = {u: n for n, u in enumerate(event_uuids)}
    events: dict[int, list[tuple[Any, ...]]] = {}
    if event_uuids:
        for e in conn.execute(_in(_EVENTS, len(event_uuids)), event_uuids):
            events.setdefault(e[-1], []).append(e[:-1])
    out = {}
    for dossier_id, d in dossiers.items():
        mine = sorted(events.get(dossier_id, []), key=lambda e: order[e[0]])
        out[dossier_id] = record_in(d, by_dossier["c"].get(dossier_id, []), by_dossier["s"].get(dossier_id, []),
                                    by_dossier["r"].get(dossier_id, []), mine, versions, attached.get(dossier_id),
                                    by_event)
    return out


def dossier_record(conn: sqlite3.Connection, code: str) -> RecordIn | None:
    """The whole record of one dossier with every event it has (for `motcua sync validate` and reviews)."""
    row = conn.execute("SELECT id FROM dossiers WHERE code = ?", (code,)).fetchone()
    if row is None:
        return None
    evs = conn.execute("SELECT e.uuid, o.version FROM events e LEFT JOIN outbox o ON o.event_uuid = e.uuid "
                       "WHERE e.dossier_id = ? ORDER BY e.id", (row[0],)).fetchall()
    versions = {u: v or n for n, (u, v) in enumerate(evs, start=1)}
    return load_records(conn, [row[0]], [u for u, _ in evs], versions).get(row[0])


class OutboxReader:
    """Pending outbox rows with `after < id <= upto`, in id order, as encoded dossier items. A record that
    does not validate against the schema is parked here with the reason in Vietnamese (never sent) and
    reported to `on_invalid`."""

    def __init__(self, desk: Desk, *, after: int = 0, upto: int | None = None, chunk: int = 500,
                 on_invalid: Callable[[Invalid], None] | None = None):
        self.desk = desk
        self.after = after
        self.upto = upto
        self.chunk = chunk
        self.on_invalid = on_invalid or (lambda bad: None)
        # ASCII with \u escapes: both sides spend less time on it than on raw UTF-8 (the server's parse
        # is about 40 % faster), and after gzip the size is almost the same.
        self._encode = json.JSONEncoder(ensure_ascii=True, separators=(",", ":")).encode

    def __iter__(self) -> Iterator[WireItem]:
        conn = self.desk.db.raw_connection()
        try:
            upto = self.upto
            if upto is None:
                upto = conn.execute("SELECT COALESCE(MAX(id), 0) FROM outbox WHERE state = 'pending'").fetchone()[0]
            while True:
                items = self._next_chunk(conn, upto)
                if items is None:
                    return
                yield from items
        finally:
            conn.close()

    def _next_chunk(self, conn: sqlite3.Connection, upto: int) -> list[WireItem] | None:
        conn.execute("BEGIN")  # one snapshot for the chunk
        try:
            rows = conn.execute(_PENDING, (self.after, upto, self.chunk)).fetchall()
            if not rows:
                return None
            records = load_records(conn, sorted({r[2] for r in rows}), [r[1] for r in rows],
                                   {r[1]: r[4] for r in rows})
        finally:
            conn.execute("COMMIT")
        self.after = rows[-1][0]
        groups: dict[int, list[tuple[Any, ...]]] = {}
        for r in rows:
            groups.setdefault(r[2], []).append(r)
        out, invalid = [], []
        for dossier_id, group in groups.items():
            rec = records[dossier_id]
            body = item(rec)
            problems = schema.check_item(body)
            if len(rec.events) != len(group):
                problems.insert(0, schema.Problem("bad_item", "changes", "Thiếu sự kiện của một thay đổi trong nhật ký."))
            if problems:
                invalid.append(Invalid(dossier_id, tuple(r[0] for r in group), problems[0].code,
                                       schema.local_reason(problems[0])))
                continue
            out.append(WireItem(dossier_id, tuple(r[0] for r in group), tuple(r[1] for r in group),
                                self._encode(body).encode("ascii")))
        if invalid:
            self._park(conn, invalid)
        return out

    def _park(self, conn: sqlite3.Connection, invalid: list[Invalid]) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.executemany(_PARK, [(bad.code, bad.message, o) for bad in invalid for o in bad.outbox_ids])
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        for bad in invalid:
            self.on_invalid(bad)
