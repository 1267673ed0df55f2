"""Every change leaves three traces in the same transaction: an event, an audit entry, an outbox row.

The audit log is chained: each entry's hash covers its content and the previous entry's hash, so
editing, deleting or reordering past entries is detected by `verify_audit_chain`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.errors import ConcurrentChange
from app.models import AuditEntry, Dossier, Event, OutboxRow
from app.services.calendar import fmt_moment
from app.services.dto import Actor
from app.services.ids import uuid7
from app.services.status import Status

GENESIS = "0" * 64
#: pg_advisory_xact_lock key serialising audit appends on a centre's server (held until commit).
AUDIT_LOCK = 0x4D43_0002


def _last_hash(session: Session) -> str:
    """The newest entry's hash; on PostgreSQL first wait for the chain's lock, so that many counters
    append one line (SQLite writers are already one at a time)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": AUDIT_LOCK})
    return session.execute(text("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1")).scalar() or GENESIS


def entry_body(prev: str, at: dt.datetime, actor: str, action: str, entity: str, entity_id: str,
               summary: str) -> str:
    """The text an entry's hash is the SHA-256 of (UTF-8)."""
    return json.dumps([prev, at.isoformat(sep=" "), actor, action, entity, entity_id, summary],
                      ensure_ascii=False, separators=(",", ":"))


def _entry_hash(prev: str, at: dt.datetime, actor: str, action: str, entity: str, entity_id: str,
                summary: str) -> str:
    return hashlib.sha256(entry_body(prev, at, actor, action, entity, entity_id, summary).encode("utf-8")).hexdigest()


def summary_text(summary: dict[str, Any] | None) -> str:
    """An entry's summary as stored (and hashed): JSON with sorted keys."""
    return json.dumps(summary or {}, ensure_ascii=False, sort_keys=True, default=str)


def audit(session: Session, actor: Actor | str, action: str, entity: str, entity_id: str,
          summary: dict[str, Any] | None = None, at: dt.datetime | None = None) -> AuditEntry:
    """Append one chained audit entry inside the caller's write transaction."""
    name = actor.username if isinstance(actor, Actor) else actor
    at = (at or dt.datetime.now()).replace(microsecond=0)
    body = summary_text(summary)
    prev = _last_hash(session)
    entry = AuditEntry(at=at, actor=name, action=action, entity=entity, entity_id=str(entity_id),
                       summary=body, prev_hash=prev,
                       hash=_entry_hash(prev, at, name, action, entity, str(entity_id), body))
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True)
class AuditIn:
    """One audit entry to append in bulk (`audit_many`)."""

    actor: str
    action: str
    entity: str
    entity_id: str
    summary: dict[str, Any]
    at: dt.datetime


def audit_many(session: Session, entries: list[AuditIn]) -> None:
    """Append many chained entries in one statement (bulk imports): the same chain as `audit`, without a
    query and a flush per entry."""
    if not entries:
        return
    prev = _last_hash(session)
    rows = []
    for e in entries:
        at = e.at.replace(microsecond=0)
        body = summary_text(e.summary)
        digest = _entry_hash(prev, at, e.actor, e.action, e.entity, e.entity_id, body)
        rows.append({"at": at, "actor": e.actor, "action": e.action, "entity": e.entity, "entity_id": e.entity_id,
                     "summary": body, "prev_hash": prev, "hash": digest})
        prev = digest
    session.execute(insert(AuditEntry), rows)


@dataclass
class ChainReport:
    ok: bool
    checked: int
    broken_id: int | None = None
    reason: str = ""
    entry: str = ""  # the first broken entry as a person reads it: "#12 2026-11-20 09:00 clerk1 dossier.receive …"


def verify_audit_chain(session: Session) -> ChainReport:
    """Walk the chain in id order from raw rows (a hand-edited value must not crash the check)."""
    prev = GENESIS
    n = 0
    rows = session.execute(text("SELECT id, at, actor, action, entity, entity_id, summary, prev_hash, hash "
                                "FROM audit_log ORDER BY id"))
    for row in rows:
        n += 1
        eid, at_raw, actor, action, entity, entity_id, summary, prev_hash, digest = row
        label = f"#{eid} {at_raw} {actor} {action} {entity} {entity_id}"
        if prev_hash != prev:
            return ChainReport(False, n, eid, "mục trước nó đã bị xóa, chèn hoặc đổi thứ tự", label)
        try:
            at = dt.datetime.fromisoformat(str(at_raw))
            expected = _entry_hash(prev, at, str(actor), str(action), str(entity), str(entity_id), str(summary))
        except (TypeError, ValueError):
            return ChainReport(False, n, eid, "thời điểm của mục đã bị sửa thành giá trị không hợp lệ", label)
        if digest != expected:
            return ChainReport(False, n, eid, "nội dung mục đã bị sửa", label)
        prev = digest
    return ChainReport(True, n)


@dataclass(frozen=True)
class DossierAudit:
    """A dossier's audit entry held back until its code is known: a centre's intake numbers its dossiers in
    the batch that writes them (app.services.seal_pg), which appends this entry there too."""

    actor: str
    action: str
    summary: dict[str, Any]  # without the fingerprint, which covers the code
    at: dt.datetime
    name: str
    id_number: str
    due_at: dt.datetime | None
    status: int | None

    def texts(self, code: str, fp: str, prev: str) -> tuple[str, str, str]:
        """(fingerprint body, summary, hashed body) of this entry for a code, its fingerprint and the
        previous entry's hash: the very texts `audit` would store and hash."""
        summary = summary_text({**self.summary, "fp": fp})
        return (fingerprint_body(code, self.name, self.id_number, self.due_at, self.status), summary,
                entry_body(prev, self.at, self.actor, self.action, "dossier", code, summary))


def record(session: Session, dossier: Dossier, *, kind: str, actor: Actor, at: dt.datetime,
           from_status: int | None = None, to_status: int | None = None, from_party: str = "",
           to_party: str = "", note: str = "", audit_summary: dict[str, Any] | None = None,
           source: str = "local", data: dict[str, Any] | None = None, event_uuid: str | None = None) -> Event:
    """Append an event, bump the dossier version, queue an outbox row and an audit entry. `data` holds
    the step's own facts (an extension's or a stop's reason, proposer, approver…) as JSON on the event.
    `event_uuid` keeps the id a change already has (a laptop's, arriving through the hub: app.sync.hub)."""
    event, outbox, entry = step_rows(dossier, kind=kind, actor=actor, at=at, from_status=from_status,
                                     to_status=to_status, from_party=from_party, to_party=to_party, note=note,
                                     audit_summary=audit_summary, source=source, data=data, event_uuid=event_uuid)
    event.dossier = dossier
    session.add(event)
    dossier_id, code = dossier.id, dossier.code
    try:
        session.flush()
    except StaleDataError as exc:
        raise _overtaken(session, dossier_id, code) from exc
    outbox.dossier_id = dossier.id
    session.add(outbox)
    audit(session, actor, entry.action, "dossier", dossier.code, {**entry.summary, "fp": fingerprint(
        dossier.code, dossier.applicant_name, dossier.applicant_id_number, dossier.due_at, dossier.status)}, at=at)
    return event


def step_rows(dossier: Dossier, *, kind: str, actor: Actor, at: dt.datetime, from_status: int | None = None,
              to_status: int | None = None, from_party: str = "", to_party: str = "", note: str = "",
              audit_summary: dict[str, Any] | None = None, source: str = "local",
              data: dict[str, Any] | None = None, event_uuid: str | None = None
              ) -> tuple[Event, OutboxRow, DossierAudit]:
    """A step's rows before they are written (`record` writes them; a centre's intake sends them in one
    batch, app.services.seal_pg): the event, the outbox row (its dossier_id left to the writer) and the
    audit entry, held back until the dossier's code is known. Bumps the dossier's version."""
    dossier.version = (dossier.version or 0) + 1
    dossier.updated_at = at
    event = Event(uuid=event_uuid or uuid7(), at=at, kind=kind, from_status=from_status,
                  to_status=to_status, from_party=from_party, to_party=to_party, actor=actor.full_name,
                  actor_title=actor.title, note=note, due_at=dossier.due_at, source=source,
                  data=json.dumps(data, ensure_ascii=False, sort_keys=True, default=str) if data else "")
    outbox = OutboxRow(event_uuid=event.uuid, dossier_uuid=dossier.uuid, version=dossier.version, kind=kind,
                       created_at=at)
    summary = {"from": from_status, "to": to_status, **(data or {}), **(audit_summary or {})}
    entry = DossierAudit(actor.username, f"dossier.{kind}", summary, at.replace(microsecond=0),
                         dossier.applicant_name, dossier.applicant_id_number, dossier.due_at, dossier.status)
    return event, outbox, entry


def check_version(session: Session, dossier: Dossier, expected: int | None) -> None:
    """`expected` is the version the person was looking at: if the dossier has moved on since, nothing is
    written and they are told its new state (ConcurrentChange). None: no view to compare with."""
    if expected is not None and dossier.version != expected:
        raise _overtaken(session, dossier.id, dossier.code)


def _overtaken(session: Session, dossier_id: int, code: str) -> ConcurrentChange:
    """The message for the second of two people who moved one dossier at once, with its state now
    (read on a fresh connection: this transaction is lost and will be rolled back). The fresh read begins
    DEFERRED: on SQLite the writer's IMMEDIATE would wait on this very transaction's lock."""
    with Session(session.get_bind().execution_options(sqlite_begin="DEFERRED")) as fresh:
        row = fresh.execute(select(Dossier.status, Dossier.extended_due_at, Event.kind, Event.actor, Event.at)
                            .join(Event, Event.dossier_id == Dossier.id)
                            .where(Dossier.id == dossier_id).order_by(Event.id.desc()).limit(1)).first()
    if row is None:
        return ConcurrentChange(f"Hồ sơ {code} vừa được người khác thay đổi; thao tác của bạn chưa được ghi. "
                                "Hãy mở lại hồ sơ để xem rồi làm lại nếu vẫn cần.")
    # An extension leaves the status as it was: the new promised date is what changed.
    promised = f", hẹn trả mới {fmt_moment(row.extended_due_at)}" if row.kind == "reschedule" and row.extended_due_at else ""
    return ConcurrentChange(
        f"Hồ sơ {code} vừa được {row.actor} xử lý lúc {row.at:%H:%M %d/%m/%Y}, nay đang ở trạng thái "
        f"«{Status(row.status).label}»{promised}. Thao tác của bạn chưa được ghi; hãy xem lại hồ sơ rồi làm lại "
        "nếu vẫn cần.")


def fingerprint(code: str, name: str | None, id_number: str | None, due_at: dt.datetime | None,
                status: int | None) -> str:
    """A digest of a dossier's identifying fields after a change, kept in its audit entry: `motcua check`
    recomputes it from the dossier row, so a direct edit of the name, ID number, due date or status in
    the file shows (see docs/security.md for what this can and cannot catch)."""
    return hashlib.sha256(fingerprint_body(code, name, id_number, due_at, status).encode("utf-8")).hexdigest()[:32]


def fingerprint_body(code: str, name: str | None, id_number: str | None, due_at: dt.datetime | None,
                     status: int | None) -> str:
    """The text a fingerprint is the first 32 hex digits of the SHA-256 of (UTF-8)."""
    due = due_at.replace(tzinfo=None).isoformat(sep=" ", timespec="seconds") if due_at else ""
    return json.dumps([code, name or "", id_number or "", due, int(status or 0)], ensure_ascii=False)
