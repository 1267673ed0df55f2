"""Reading dossiers back as plain dataclasses: one row, one full detail, by id or by code."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.errors import NotFoundError
from app.models import Dossier, Event, Reschedule, SupplementRequest
from app.services.calendar import LIMIT_KINDS, fmt_moment
from app.services.dto import Component, DossierDetail, DossierRow, EventView, PersonIn

ROW_COLUMNS = (
    Dossier.id, Dossier.code, Dossier.uuid, Dossier.status, Dossier.procedure_code, Dossier.procedure_name,
    Dossier.applicant_name, Dossier.applicant_id_number, Dossier.applicant_phone, Dossier.applicant_address,
    Dossier.channel, Dossier.received_at, Dossier.due_at, Dossier.finished_at, Dossier.returned_at,
)


def row_from_tuple(t) -> DossierRow:  # type: ignore[no-untyped-def]
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
    explanation = next((e.note for e in events if e.kind == "receive"), "")
    for sr in supplements:
        if sr.received_at and sr.due_after:
            explanation += (f" Chờ bổ sung từ {sr.requested_at:%H:%M %d/%m/%Y} đến {sr.received_at:%H:%M %d/%m/%Y}"
                            f" không tính vào thời hạn: hẹn mới {fmt_moment(sr.due_after)}.")
    for r in reschedules:
        explanation += f" Hẹn lại {fmt_moment(r.new_due_at)} (xin lỗi vì: {r.reason})."
    owner = None
    if d.owner_name:
        owner = PersonIn(d.owner_name, d.owner_id_kind, d.owner_id_number, d.owner_birth_date, d.owner_sex,
                         d.owner_phone, "", d.owner_address)
    return DossierDetail(
        *(getattr(d, c.key) for c in ROW_COLUMNS),
        applicant_id_kind=d.applicant_id_kind, applicant_birth_date=d.applicant_birth_date,
        applicant_sex=d.applicant_sex, applicant_email=d.applicant_email, owner=owner,
        field_name=d.field_name, limit_kind=d.limit_kind, limit_value=d.limit_value,
        limit_text=limit_text(d.limit_kind, d.limit_value), form_set_version=d.form_set_version,
        result_delivery=d.result_delivery, priority_group=d.priority_group, sets_count=d.sets_count,
        fee_amount=d.fee_amount, fee_exempt=d.fee_exempt, summary=d.summary, note=d.note,
        handling_unit=d.handling_unit, register_book=d.register_book, register_seq=d.register_seq,
        original_due_at=d.original_due_at, due_explanation=explanation.strip(), collected_by=d.collected_by,
        supplement_count=d.supplement_count, receiver_name=d.receiver_name, version=d.version,
        rating=d.rating, rating_comment=d.rating_comment,
        components=[Component(c.name, c.originals, c.copies, c.photocopies, c.position) for c in d.components],
        events=[EventView(e.uuid, e.at, e.kind, e.from_status, e.to_status, e.from_party, e.to_party, e.actor,
                          e.actor_title, e.note, e.due_at) for e in events],
        supplements=[{"requested_at": x.requested_at, "received_at": x.received_at, "reason": x.reason,
                      "items": x.items, "due_before": x.due_before, "due_after": x.due_after, "actor": x.actor}
                     for x in supplements],
        reschedules=[{"at": x.at, "old_due_at": x.old_due_at, "new_due_at": x.new_due_at, "reason": x.reason,
                      "actor": x.actor, "approved_by": x.approved_by} for x in reschedules],
    )


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
