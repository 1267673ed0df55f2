"""Reading dossiers back as plain dataclasses: one row, one full detail, by id or by code.

The detail carries what the forms print: supplement requests (Mẫu 02), later return dates with who
proposed and approved them (Mẫu 04) and stops with their legal basis (Mẫu 05 of the 2025 set). Who
proposed and approved comes from the workflow step's event data when the event has any.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.errors import NotFoundError
from app.models import Dossier, Event, Reschedule, SupplementRequest
from app.services.calendar import LIMIT_KINDS, fmt_moment
from app.services.dto import (
    Component,
    DossierDetail,
    DossierRow,
    EventView,
    PersonIn,
    RescheduleView,
    StopView,
    SupplementView,
)
from app.services.status import Status

ROW_COLUMNS = (
    Dossier.id, Dossier.code, Dossier.uuid, Dossier.status, Dossier.procedure_code, Dossier.procedure_name,
    Dossier.applicant_name, Dossier.applicant_id_number, Dossier.applicant_phone, Dossier.applicant_address,
    Dossier.channel, Dossier.received_at, Dossier.due_at, Dossier.finished_at, Dossier.returned_at,
    Dossier.extended_due_at,
)


def row_from_tuple(t: Sequence[Any]) -> DossierRow:
    return DossierRow(*t)


def limit_text(kind: str, value: int) -> str:
    if kind == "same_day":
        return LIMITS_SAME_DAY
    return f"{value:02d} {LIMIT_KINDS.get(kind, kind)}"


LIMITS_SAME_DAY = "Trong ngày (nhận sau 15 giờ trả vào ngày làm việc tiếp theo)"


def _detail(s: Session, d: Dossier) -> DossierDetail:
    events = list(s.execute(select(Event).where(Event.dossier_id == d.id).order_by(Event.id)).scalars())
    supplements = list(s.execute(select(SupplementRequest).where(SupplementRequest.dossier_id == d.id)
                                 .order_by(SupplementRequest.id)).scalars())
    reschedules = list(s.execute(select(Reschedule).where(Reschedule.dossier_id == d.id)
                                 .order_by(Reschedule.id)).scalars())
    return detail_of(d, events, supplements, reschedules)


def detail_of(d: Dossier, events: list[Event], supplements: list[SupplementRequest],
              reschedules: list[Reschedule]) -> DossierDetail:
    """The detail of a loaded dossier (its components too) with its events, supplement requests and
    reschedules in id order (intake passes the ones it has just written instead of reading them back)."""
    explanation = next((e.note for e in events if e.kind == "receive"), "")
    for sr in supplements:
        if sr.received_at and sr.due_after:
            explanation += (f" Chờ bổ sung từ {sr.requested_at:%H:%M %d/%m/%Y} đến {sr.received_at:%H:%M %d/%m/%Y}"
                            f" không tính vào thời hạn: hẹn mới {fmt_moment(sr.due_after)}.")
    for r in reschedules:
        explanation += (f" Xin lỗi và gia hạn: hẹn mới {fmt_moment(r.new_due_at)} (lý do: {r.reason}); "
                        f"hạn giải quyết theo quy định vẫn là {fmt_moment(d.due_at)}.")
    owner = None
    if d.owner_name:
        owner = PersonIn(d.owner_name, d.owner_id_kind, d.owner_id_number, d.owner_birth_date, d.owner_sex,
                         d.owner_phone, "", d.owner_address)
    return DossierDetail(  # type: ignore[misc]
        *(getattr(d, c.key) for c in ROW_COLUMNS),
        applicant_id_kind=d.applicant_id_kind, applicant_birth_date=d.applicant_birth_date,
        applicant_sex=d.applicant_sex, applicant_email=d.applicant_email, owner=owner,
        field_name=d.field_name, limit_kind=d.limit_kind, limit_value=d.limit_value,
        limit_text=limit_text(d.limit_kind, d.limit_value), form_set_version=d.form_set_version,
        result_delivery=d.result_delivery, priority_group=d.priority_group, sets_count=d.sets_count,
        fee_amount=d.fee_amount, fee_exempt=d.fee_exempt, summary=d.summary, note=d.note,
        handling_unit=d.handling_unit, register_book=d.register_book, register_seq=d.register_seq,
        original_due_at=d.original_due_at, procedure_code_local=d.procedure_code_local,
        due_explanation=explanation.strip(), collected_by=d.collected_by,
        supplement_count=d.supplement_count, receiver_name=d.receiver_name, version=d.version,
        rating=d.rating, rating_comment=d.rating_comment, imported_source=d.imported_source,
        components=[Component(c.name, c.originals, c.copies, c.photocopies, c.position) for c in d.components],
        events=[EventView(e.uuid, e.at, e.kind, e.from_status, e.to_status, e.from_party, e.to_party, e.actor,
                          e.actor_title, e.note, e.due_at, event_data(e)) for e in events],
        supplements=[SupplementView(x.requested_at, x.received_at, x.reason, supplement_items(x.items),
                                    x.due_before, x.due_after, x.actor) for x in supplements],
        reschedules=_reschedules(reschedules, events),
        stops=[_stop(e) for e in events if e.to_status == Status.STOPPED],
    )


def supplement_items(raw: str) -> list[Component]:
    """The stored JSON list (names, or objects with name and counts); text that is not JSON is one item."""
    try:
        items = json.loads(raw) if raw and raw.strip() else []
    except ValueError:
        items = [raw]
    out = []
    for it in items if isinstance(items, list) else [items]:
        if isinstance(it, dict):
            out.append(Component(str(it.get("name", "")), _int(it.get("originals")), _int(it.get("copies")),
                                   _int(it.get("photocopies"))))
        elif str(it).strip():
            out.append(Component(str(it).strip()))
    return out


def _int(v: object) -> int:
    try:
        return max(0, int(str(v or 0).strip() or 0))
    except ValueError:
        return 0


def event_data(e: Event) -> dict[str, Any]:
    """The event's structured data (reason, proposer, approver, new_due_at, legal_basis) when the workflow
    step stored any; an event without it, or with data that does not parse, gives {}."""
    raw = getattr(e, "data", None)
    if isinstance(raw, str):
        try:
            raw = json.loads(raw) if raw.strip() else {}
        except ValueError:
            return {}
    return raw if isinstance(raw, dict) else {}


def _text(data: dict[str, Any], *keys: str) -> str:
    for k in keys:
        v = data.get(k)
        if isinstance(v, str) and v.strip():
            return v.strip()
    return ""


def _approver(data: dict[str, Any]) -> tuple[str, str]:
    nested = data.get("approver")
    if isinstance(nested, dict):
        return _text(nested, "name", "full_name"), _text(nested, "title")
    return _text(data, "approver_name", "approver", "approved_by"), _text(data, "approver_title")


def _moment(v: object) -> dt.datetime | None:
    if isinstance(v, dt.datetime):
        return v
    try:
        t = dt.datetime.fromisoformat(str(v))
    except ValueError:
        return None
    return t.replace(tzinfo=None) if t.tzinfo else t


def _reschedules(rows: list[Reschedule], events: list[Event]) -> list[RescheduleView]:
    """Reschedule rows, completed with the proposer and approver of the matching extension event."""
    out = [RescheduleView(r.at, r.old_due_at, r.new_due_at, r.reason, r.actor, proposer=r.proposer or "",
                          approver_name=r.approved_by, approver_title=r.approver_title or "")
           for r in rows]
    for e in events:
        data = event_data(e)
        new_due = _moment(data.get("new_due_at")) if "new_due_at" in data else None
        if new_due is None:
            continue
        name, title = _approver(data)
        view = next((v for v in out if v.new_due_at == new_due), None)
        if view is None:
            view = RescheduleView(e.at, _moment(data.get("old_due_at")) or e.due_at or new_due, new_due,
                                  _text(data, "reason") or e.note, e.actor)
            out.append(view)
        view.proposer = _text(data, "proposer", "proposed_by") or view.proposer
        view.approver_name = name or view.approver_name
        view.approver_title = title or view.approver_title
    return sorted(out, key=lambda v: v.at)


def _stop(e: Event) -> StopView:
    data = event_data(e)
    name, title = _approver(data)
    return StopView(e.at, _text(data, "reason") or e.note, _text(data, "legal_basis"),
                    _text(data, "proposer", "proposed_by"), name, title, e.actor)


def detail_by_id(s: Session, dossier_id: int) -> DossierDetail:
    d = s.get(Dossier, dossier_id, options=[selectinload(Dossier.components)])
    if d is None:
        raise NotFoundError(f"Không tìm thấy hồ sơ số {dossier_id}.")
    return _detail(s, d)


def dossier_by_code(s: Session, code: str) -> Dossier:
    """Exact code, else the same code in upper case (codes typed by hand in lower case)."""
    code = code.strip()
    d = s.execute(select(Dossier).where(Dossier.code.in_({code, code.upper()}))).scalar()
    if d is None:
        raise NotFoundError(f"Không tìm thấy hồ sơ mã «{code}». Hãy kiểm tra lại mã trên phiếu hẹn.")
    return d


def detail_by_code(s: Session, code: str) -> DossierDetail:
    return _detail(s, dossier_by_code(s, code))
