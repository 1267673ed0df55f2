"""Receiving a dossier at the desk (tiếp nhận hồ sơ).

`receive` validates everything first — a ValidationError names every bad field in Vietnamese and
nothing is written — then, in ONE transaction, takes the code from this device's block, computes the
legal return date, and inserts the dossier, its components, its first event, an audit entry and an
outbox row. On a centre's server all of that goes as one message the server runs as one transaction
(services.seal_pg), so the counters wait for each other as briefly as can be. The procedure is read once
per catalogue revision (services.procedure_rules) and the write checks that revision. `receive_visit`
does the same for several procedures filed in one visit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.errors import ConcurrentChange, NotFoundError, ValidationError
from app.models import Dossier, DossierComponent, Event, Procedure, ProcedureComponent
from app.services import permissions, queries
from app.services.calendar import DueDate
from app.services.catalogue import find_procedure
from app.services.clock import to_vn_naive
from app.services.codes import next_numbers
from app.services.desk import Desk
from app.services.dto import Actor, Component, DossierDetail, IntakeRequest, PersonIn
from app.services.ids import uuid7
from app.services.journal import record, step_rows
from app.services.names import capitalise_name
from app.services.procedure_rules import CatalogueChanged
from app.services.seal_pg import ServerSeal
from app.services.status import CHANNELS, DELIVERIES, PRIORITY_GROUPS, Status
from app.services.text import clean, fold
from app.services.validation import check_email, check_identity_document, normalize_phone, parse_citizen_id

LIMITS = {"name": 120, "address": 300, "summary": 1000, "note": 1000, "component": 500}
MAX_COMPONENTS = 100
MAX_COUNT = 999


@dataclass
class CleanPerson:
    name: str
    id_kind: str
    id_number: str
    birth_date: dt.date | None
    sex: str
    phone: str
    email: str
    address: str


@dataclass(frozen=True)
class ProcedureSnapshot:
    """The procedure as it is when the dossier is received (copied onto the dossier)."""

    id: int
    code: str
    name: str
    field: str
    limit_kind: str
    limit_value: int
    fee_amount: int
    code_local: bool  # the procedure has no national code yet: printed as an internal code
    version_from: dt.date | None  # the rule version in force on the day of receipt
    revision: int  # the catalogue's revision of the procedure these values come from


@dataclass
class CleanIntake:
    """One intake request after every check: the values that are written, nothing else."""

    proc: ProcedureSnapshot
    applicant: CleanPerson
    owner: CleanPerson | None
    components: list[Component]
    summary: str
    note: str
    received_at: dt.datetime
    due: DueDate


def check_person(p: PersonIn, prefix: str, label: str, errors: dict[str, str], *,
                 id_required: bool = False, received_on: dt.date | None = None) -> CleanPerson:
    """Clean one person's fields, adding a Vietnamese message per bad field to `errors`."""
    name = capitalise_name(clean(p.name))
    if not name:
        errors[f"{prefix}.name"] = f"Chưa nhập họ tên {label}."
    elif len(name) > LIMITS["name"]:
        errors[f"{prefix}.name"] = f"Họ tên {label} dài quá {LIMITS['name']} ký tự."
    elif any(ch.isdigit() for ch in name):
        errors[f"{prefix}.name"] = f"Họ tên {label} không được có chữ số."
    sex = clean(p.sex).lower()
    if sex not in ("", "m", "f"):
        errors[f"{prefix}.sex"] = f"Giới tính {label} chỉ nhận «m» (nam) hoặc «f» (nữ)."
        sex = ""
    birth = p.birth_date
    if birth is not None and not (dt.date(1900, 1, 1) <= birth <= dt.date.today()):
        errors[f"{prefix}.birth_date"] = f"Ngày sinh {label} không hợp lệ."
        birth = None
    id_kind, id_number = "", ""
    if clean(p.id_number):
        try:
            cid = parse_citizen_id(clean(p.id_number), kind=p.id_kind, birth_date=birth, sex=sex)
            if received_on is not None:
                check_identity_document(cid, received_on)
            id_kind, id_number = cid.kind, cid.number
        except ValueError as exc:
            errors[f"{prefix}.id_number"] = f"Số giấy tờ {label}: {exc}"
    elif id_required:
        errors[f"{prefix}.id_number"] = f"Chưa nhập số định danh {label}."
    phone = ""
    try:
        phone = normalize_phone(clean(p.phone))
    except ValueError as exc:
        errors[f"{prefix}.phone"] = f"Điện thoại {label}: {exc}"
    email = ""
    try:
        email = check_email(clean(p.email))
    except ValueError as exc:
        errors[f"{prefix}.email"] = f"Email {label}: {exc}"
    address = clean(p.address)
    if len(address) > LIMITS["address"]:
        errors[f"{prefix}.address"] = f"Địa chỉ {label} dài quá {LIMITS['address']} ký tự."
    return CleanPerson(name, id_kind, id_number, birth, sex, phone, email, address)


def _check_components(items: list[Component], errors: dict[str, str]) -> list[Component]:
    if len(items) > MAX_COMPONENTS:
        errors["components"] = f"Tối đa {MAX_COMPONENTS} thành phần hồ sơ."
        return []
    out = []
    for i, c in enumerate(items, 1):
        name = clean(c.name)
        counts = (c.originals, c.copies, c.photocopies)
        if not name or len(name) > LIMITS["component"]:
            errors[f"components[{i}].name"] = f"Thành phần hồ sơ thứ {i}: thiếu tên hoặc tên quá dài."
        elif not all(isinstance(n, int) and 0 <= n <= MAX_COUNT for n in counts):
            errors[f"components[{i}].count"] = f"Thành phần «{name}»: số bản phải từ 0 đến {MAX_COUNT}."
        else:
            out.append(Component(name, *counts))
    return out


def _unencodable(obj: object, path: str = "") -> list[str]:
    """Names of text fields holding lone surrogates (undecodable bytes): SQLite cannot store them."""
    if isinstance(obj, str):
        try:
            obj.encode("utf-8")
        except UnicodeEncodeError:
            return [path or "value"]
        return []
    if isinstance(obj, list):
        return [f for i, x in enumerate(obj) for f in _unencodable(x, f"{path}[{i + 1}]")]
    if hasattr(obj, "__dataclass_fields__"):
        return [f for k in obj.__dataclass_fields__ for f in _unencodable(getattr(obj, k), f"{path}.{k}".strip("."))]
    return []


def _validate(desk: Desk, req: IntakeRequest, errors: dict[str, str], prefix: str = "") -> CleanIntake | None:
    """Everything checked before a single write; the cleaned values, or None when `errors` got entries."""
    bad = _unencodable(req)
    if bad:
        for f in bad:
            errors[f"{prefix}{f}"] = "Có ký tự không đọc được (không phải Unicode hợp lệ); hãy gõ lại trường này."
        return None
    try:
        proc = desk.procedures.get(desk.db, req.procedure)
        if not proc.active:  # refused on the catalogue as it is now, never on a cached read
            proc = desk.procedures.get(desk.db, req.procedure, fresh=True)
        if not proc.active:
            errors[f"{prefix}procedure"] = f"Thủ tục «{proc.name}» đã ngừng áp dụng."
        default_components = list(proc.required)
        received_day = (to_vn_naive(req.received_at) if req.received_at else desk.now()).date()
        rule = proc.rule_on(received_day)
        proc_snapshot: ProcedureSnapshot | None = ProcedureSnapshot(
            proc.id, proc.national_code or proc.key, proc.name, proc.field, rule.limit_kind, rule.limit_value,
            rule.fee_amount, not proc.national_code, rule.effective_from, proc.revision)
    except NotFoundError as exc:
        errors[f"{prefix}procedure"] = str(exc)
        default_components, proc_snapshot = [], None
    received_at = to_vn_naive(req.received_at) if req.received_at else desk.now()
    applicant = check_person(req.applicant, f"{prefix}applicant", "người nộp", errors,
                             received_on=received_at.date())
    owner = None
    if req.owner is not None and clean(req.owner.name):
        # The holder may be someone who cannot renew a document (a deceased person): no date rule here.
        owner = check_person(req.owner, f"{prefix}owner", "chủ hồ sơ", errors)
    if req.channel not in CHANNELS:
        errors[f"{prefix}channel"] = "Kênh nộp phải là: counter (tại quầy), online, postal (bưu chính), home (tại nhà)."
    if req.result_delivery not in DELIVERIES:
        errors[f"{prefix}result_delivery"] = "Nơi nhận kết quả phải là counter (tại Trung tâm) hoặc post (bưu chính)."
    if req.priority_group not in PRIORITY_GROUPS:
        errors[f"{prefix}priority_group"] = "Nhóm ưu tiên không có trong danh sách."
    if not isinstance(req.sets_count, int) or not 1 <= req.sets_count <= 99:
        errors[f"{prefix}sets_count"] = "Số bộ hồ sơ phải từ 1 đến 99."
    if req.applicant_type not in (1, 2, 3, 4):
        errors[f"{prefix}applicant_type"] = "Loại đối tượng phải là 1 (công dân), 2 (doanh nghiệp), 3 (cơ quan nhà nước) hoặc 4 (khác)."
    summary, note = clean(req.summary, multiline=True), clean(req.note, multiline=True)
    if len(summary) > LIMITS["summary"]:
        errors[f"{prefix}summary"] = f"Trích yếu dài quá {LIMITS['summary']} ký tự."
    if len(note) > LIMITS["note"]:
        errors[f"{prefix}note"] = f"Ghi chú dài quá {LIMITS['note']} ký tự."
    components = _check_components(req.components if req.components is not None else default_components, errors)
    if received_at > desk.now() + dt.timedelta(minutes=5):
        errors[f"{prefix}received_at"] = "Thời điểm tiếp nhận không được ở tương lai."
    due: DueDate | None = None
    if proc_snapshot is not None:
        try:
            due = desk.calendar.due_date_for(proc_snapshot.limit_kind, proc_snapshot.limit_value, received_at)
        except ValueError as exc:
            errors[f"{prefix}procedure"] = str(exc)
    if proc_snapshot is None or due is None:
        return None
    return CleanIntake(proc_snapshot, applicant, owner, components, summary, note, received_at, due)


def _new_dossier(desk: Desk, req: IntakeRequest, v: CleanIntake, actor: Actor) -> Dossier:
    """The dossier as received, with its components, not written and not numbered yet."""
    agency, device = desk.agency, desk.device
    p, a, o, received_at = v.proc, v.applicant, v.owner, v.received_at
    d = Dossier(
        uuid=uuid7(), procedure_id=p.id, procedure_code=p.code,
        procedure_name=p.name, procedure_code_local=p.code_local, procedure_version_from=p.version_from,
        field_name=p.field, limit_kind=p.limit_kind, limit_value=p.limit_value,
        form_set_version=agency.form_set_version,
        applicant_name=a.name, applicant_id_kind=a.id_kind, applicant_id_number=a.id_number,
        applicant_birth_date=a.birth_date, applicant_sex=a.sex, applicant_phone=a.phone,
        applicant_email=a.email, applicant_address=a.address, applicant_type=req.applicant_type,
        owner_name=o.name if o else "", owner_id_kind=o.id_kind if o else "",
        owner_id_number=o.id_number if o else "", owner_birth_date=o.birth_date if o else None,
        owner_sex=o.sex if o else "", owner_phone=o.phone if o else "", owner_address=o.address if o else "",
        channel=req.channel, result_delivery=req.result_delivery, priority_group=req.priority_group,
        sets_count=req.sets_count, fee_amount=0 if req.fee_exempt else p.fee_amount, fee_exempt=req.fee_exempt,
        summary=v.summary or p.name, note=v.note, handling_unit=clean(req.handling_unit),
        received_at=received_at, due_at=v.due.at, original_due_at=v.due.at,
        status=int(Status.RECEIVED), receiver_user_id=actor.user_id, receiver_name=actor.full_name,
        device_id=device.id, version=0, updated_at=received_at,
        search_name=fold(" ".join(x for x in (a.name, o.name if o else "") if x)),
        search_address=fold(" ".join(x for x in (a.address, o.address if o else "") if x)),
    )
    # Assigned, even when empty: the detail built after the commit reads this list, never a lazy load.
    d.components = [DossierComponent(position=pos, name=c.name, originals=c.originals, copies=c.copies,
                                     photocopies=c.photocopies) for pos, c in enumerate(v.components, 1)]
    return d


def _receive_step(v: CleanIntake, actor: Actor) -> dict[str, Any]:
    """The receive step's facts, for journal.record or journal.step_rows."""
    return {"kind": "receive", "actor": actor, "at": v.received_at, "to_status": int(Status.RECEIVED),
            "to_party": actor.full_name, "note": v.due.explanation,
            "audit_summary": {"procedure": v.proc.code, "due_at": v.due.at.isoformat(sep=" ")}}


def _write_here(desk: Desk, reqs: list[IntakeRequest], cleaned: list[CleanIntake],
                actor: Actor) -> list[tuple[Dossier, Event]]:
    """SQLite: the session writes the dossiers; its writers take turns for the whole transaction, so the
    numbers are taken last, once each dossier is built."""
    written = []
    with desk.db.write() as s:
        for r, v in zip(reqs, cleaned, strict=True):
            d = _new_dossier(desk, r, v, actor)
            # The catalogue read now is the one this transaction commits against.
            if s.scalar(select(Procedure.revision).where(Procedure.id == v.proc.id)) != v.proc.revision:
                raise CatalogueChanged
            numbers = next_numbers(s, desk.code_template, desk.agency.code, desk.device.slot,
                                   v.received_at.date())
            d.code, d.register_book, d.register_seq = numbers.code, numbers.register_book, numbers.register_seq
            s.add(d)
            # No flush here: the event's flush inserts the dossier (at its first version), its components
            # and the event together, instead of an INSERT then an UPDATE of the version.
            written.append((d, record(s, d, **_receive_step(v, actor))))
    return written


def _write_on_server(desk: Desk, reqs: list[IntakeRequest], cleaned: list[CleanIntake],
                     actor: Actor) -> list[tuple[Dossier, Event]]:
    """A centre's server: every row of the visit in one batch (services.seal_pg), numbered on the server."""
    seal = ServerSeal(desk.code_template, desk.agency.code, desk.device.slot)
    written = []
    for r, v in zip(reqs, cleaned, strict=True):
        d = _new_dossier(desk, r, v, actor)
        event, outbox, entry = step_rows(d, **_receive_step(v, actor))
        seal.hold(d, v.received_at.date(), v.proc.revision, event, outbox, entry)
        written.append((d, event))
    seal.write(desk.db)
    return written


def receive(desk: Desk, req: IntakeRequest, actor: Actor) -> DossierDetail:
    return receive_visit(desk, [req], actor)[0]


def receive_visit(desk: Desk, reqs: list[IntakeRequest], actor: Actor) -> list[DossierDetail]:
    """Receive one or more procedures for the same applicant in one visit, all or nothing."""
    permissions.require(actor, "dossier.receive")
    if not reqs:
        raise ValidationError({"procedure": "Hãy chọn ít nhất một thủ tục."})
    _ = desk.agency, desk.device  # an uninitialised database says how to set it up, before anything else
    try:
        written = _receive(desk, reqs, actor)
    except CatalogueChanged:
        # A procedure changed since the desk last read it: nothing was written; check again on the fresh
        # catalogue (a procedure stopped meanwhile is refused, a new rule applied).
        desk.procedures.forget()
        try:
            written = _receive(desk, reqs, actor)
        except CatalogueChanged:
            raise ConcurrentChange("Danh mục thủ tục vừa được cập nhật trong lúc lưu; hồ sơ chưa được ghi. "
                                   "Hãy bấm Lưu lại.") from None
    # What was written is all there is of a new dossier (one event, no supplement or reschedule): no read back.
    return [queries.detail_of(d, [e], [], []) for d, e in written]


def _receive(desk: Desk, reqs: list[IntakeRequest], actor: Actor) -> list[tuple[Dossier, Event]]:
    errors: dict[str, str] = {}
    cleaned = [_validate(desk, r, errors, prefix="" if len(reqs) == 1 else f"[{i}].")
               for i, r in enumerate(reqs, 1)]
    if errors:
        raise ValidationError(errors)
    done = [v for v in cleaned if v is not None]  # no errors: every request was cleaned
    write = _write_on_server if desk.db.engine.dialect.name == "postgresql" else _write_here
    return write(desk, reqs, done, actor)


def last_applicant(desk: Desk, id_number: str) -> PersonIn | None:
    """The applicant as recorded on the latest dossier with this ID number (to pre-fill intake)."""
    number = "".join(ch for ch in id_number if ch.isdigit())
    if not number:
        return None
    with desk.db.read() as s:
        d = s.execute(select(Dossier).where(Dossier.applicant_id_number == number)
                      .order_by(Dossier.id.desc()).limit(1)).scalar()
        if d is None:
            return None
        return PersonIn(d.applicant_name, d.applicant_id_kind, d.applicant_id_number, d.applicant_birth_date,
                        d.applicant_sex, d.applicant_phone, d.applicant_email, d.applicant_address)


def components_for(desk: Desk, procedure: str) -> list[Component]:
    with desk.db.read() as s:
        p = find_procedure(s, procedure)
        rows = s.execute(select(ProcedureComponent).where(ProcedureComponent.procedure_id == p.id)
                         .order_by(ProcedureComponent.position)).scalars()
        return [Component(c.name, c.originals, c.copies, c.photocopies) for c in rows]

