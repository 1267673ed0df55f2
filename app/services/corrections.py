"""Correcting a saved dossier's applicant: name, phone, address, ID number ("Sửa thông tin").

A typo at the counter must not be permanent, yet a dossier's code, dates and status never change after
intake. A correction needs the `dossier.correct` permission and a reason; the values are checked by the
same rules as intake (`intake.check_person`, names capitalised); the old and new values go into the event
history (the event's note) and the audit log, and the outbox row sends the dossier upstream again as a
change. Nothing is written when a value is wrong or nothing changed. A dossier imported from the
provincial register is read-only except for its moves: its correction is refused (the province holds it).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.errors import ValidationError
from app.services import intake, permissions, queries
from app.services.desk import Desk
from app.services.dto import Actor, DossierDetail, PersonIn
from app.services.journal import check_version, record
from app.services.status import OPEN, Status
from app.services.text import clean, fold

#: Field of the dossier → how a person names it.
FIELDS = {"applicant_name": "Họ tên", "applicant_id_number": "Số định danh", "applicant_phone": "Điện thoại",
          "applicant_address": "Địa chỉ"}
REASON_LIMIT = 500
EVENT_KIND = "correct"
#: Statuses in which the applicant may still be corrected (before the result is handed back).
CORRECTABLE = {*OPEN, Status.RESULT_READY}


@dataclass(frozen=True)
class CorrectionIn:
    """The applicant's details as they should be, and why they are being changed."""

    name: str
    id_number: str
    phone: str
    address: str
    reason: str


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class Corrected:
    detail: DossierDetail
    changes: list[FieldChange]


def describe(changes: list[FieldChange]) -> str:
    """"Họ tên: «Nguyễn Thi Lan» → «Nguyễn Thị Lan»; …" for the event history."""
    return "; ".join(f"{c.label}: «{c.before}» → «{c.after}»" for c in changes)


IMPORTED_REFUSAL = (
    "Hồ sơ {code} được nhập từ sổ theo dõi của hệ thống một cửa tỉnh: hệ thống tỉnh giữ bản gốc của hồ sơ, nên "
    "thông tin người nộp không sửa tại quầy. Hãy sửa trên hệ thống một cửa của tỉnh; tại đây chỉ tiếp tục các "
    "bước xử lý (có kết quả, trả kết quả, bổ sung, gia hạn…).")


def correct_applicant(desk: Desk, code: str, new: CorrectionIn, actor: Actor, *,
                      expected_version: int | None = None) -> Corrected:
    permissions.require(actor, "dossier.correct")
    reason = clean(new.reason, multiline=True)
    errors: dict[str, str] = {}
    if not reason:
        errors["reason"] = "Hãy ghi lý do sửa (ví dụ: gõ nhầm tên khi tiếp nhận)."
    elif len(reason) > REASON_LIMIT:
        errors["reason"] = f"Lý do sửa dài quá {REASON_LIMIT} ký tự."
    with desk.db.write() as s:
        d = queries.dossier_by_code(s, code)
        check_version(s, d, expected_version)  # corrected from a screen another counter has overtaken
        if d.imported_source:
            raise ValidationError({"form": IMPORTED_REFUSAL.format(code=d.code)})
        if Status(d.status) not in CORRECTABLE:
            raise ValidationError({"form": f"Hồ sơ {d.code} đã kết thúc («{Status(d.status).label}»); thông tin "
                                           "người nộp chỉ sửa được trước khi trả kết quả."})
        person = intake.check_person(
            PersonIn(name=new.name, id_number=new.id_number, birth_date=d.applicant_birth_date, sex=d.applicant_sex,
                     phone=new.phone, address=new.address), "applicant", "người nộp", errors)
        if not person.name:
            errors.setdefault("applicant.name", "Chưa nhập họ tên người nộp.")
        after = {"applicant_name": person.name, "applicant_id_number": person.id_number,
                 "applicant_phone": person.phone, "applicant_address": person.address}
        changes = [FieldChange(f, FIELDS[f], getattr(d, f) or "", after[f]) for f in FIELDS
                   if (getattr(d, f) or "") != after[f]]
        if not changes and not errors:
            errors["form"] = "Chưa có thông tin nào thay đổi; sửa ô cần sửa rồi lưu lại."
        if errors:
            raise ValidationError(errors)
        for c in changes:
            setattr(d, c.field, c.after)
        if any(c.field == "applicant_id_number" for c in changes):
            d.applicant_id_kind = person.id_kind
        d.search_name = fold(" ".join(x for x in (d.applicant_name, d.owner_name) if x))
        d.search_address = fold(" ".join(x for x in (d.applicant_address, d.owner_address) if x))
        record(s, d, kind=EVENT_KIND, actor=actor, at=desk.now(), from_status=d.status, to_status=None,
               from_party=actor.full_name, note=f"{describe(changes)}. Lý do: {reason}",
               audit_summary={"reason": reason, "changes": {c.field: [c.before, c.after] for c in changes}})
        dossier_id = d.id
    with desk.db.read() as s:
        return Corrected(queries.detail_by_id(s, dossier_id), changes)
