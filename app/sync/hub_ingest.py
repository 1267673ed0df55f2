"""What the hub does with a laptop's batch: each change lands in the centre's store exactly once.

A wire item (the national record of one dossier and its changes, app.sync.record) from a home-visit
laptop becomes the same dossier in the centre: its first change (`receive`) inserts the dossier with the
laptop's uuid, code (from the laptop's slot block), dates and papers, and every later change goes
through the workflow like any move (`transition` — supplements included —, `handover`, `reschedule`,
`rating`), keeping the laptop's event id, the papers asked for in a supplement request and the proposer
and approver of an extension or a stop; a note, with the files it attaches, goes to app.sync.hub_files.
Each kind has its handler in `HANDLERS` (a function taking a `Change`); a kind without one is rejected.
A change whose event id the centre already has is a duplicate; anything the workflow refuses is rejected
with its Vietnamese reason; each change has its result. Each change is its own transaction, so a replay
after a lost reply is answered from what was stored. The centre's own outbox gets a row per change,
and its nightly `motcua sync` then pushes everything to the province once.
"""

from __future__ import annotations

import datetime as dt
import uuid as uuidlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import MotCuaError
from app.models import Device, Dossier, DossierComponent, Event
from app.services import workflow
from app.services.catalogue import find_procedure, version_on
from app.services.codes import next_register_number
from app.services.desk import Desk
from app.services.dto import Actor
from app.services.journal import record
from app.services.permissions import SYSTEM
from app.services.status import Status
from app.services.text import clean, fold
from app.sync import hub_files
from app.sync.protocol import ACCEPTED, DUPLICATE, REJECTED, parse_stamp, validate_dossier
from app.sync.record import EXTENSION, LOCAL_PREFIX

CHANNELS = {"1": "home", "2": "online", "3": "postal"}  # a laptop's "in person" is a home visit
_LAPTOPS = uuidlib.UUID("6d6f7463-7561-6875-6200-000000000000")


@dataclass(frozen=True)
class ChangeResult:
    event_id: str
    result: str
    code: str = ""
    message: str = ""

    def to_wire(self) -> dict[str, str]:
        out = {"event_id": self.event_id, "result": self.result}
        return out | ({"code": self.code, "message": self.message} if self.result == REJECTED else {})


@dataclass(frozen=True)
class Change:
    """One change of a laptop's item, as its handler gets it."""

    desk: Desk
    laptop: str
    item: dict[str, Any]  # the whole wire item: HoSo is the dossier as it is now on the laptop
    event_id: str
    kind: str
    progress: dict[str, Any]  # QuaTrinhXuLy
    facts: dict[str, Any]  # the change's own MoRongMotCua ({} when it has none)
    actor: Actor
    at: dt.datetime

    @property
    def code(self) -> str:
        return str((self.item.get("HoSo") or {}).get("MaHoSo") or self.item.get("MaHoSo") or "")

    @property
    def note(self) -> str:
        return str(self.progress.get("NoiDungXuLy", ""))


#: What applies a change of each kind to the centre; raises MotCuaError (or ValueError/KeyError on a
#: malformed item) to reject it with the reason.
Handler = Callable[[Change], None]


def ingest(desk: Desk, laptop: str, items: list[Any], handlers: Mapping[str, Handler] | None = None) -> list[ChangeResult]:
    """Apply every change of every item from the laptop named `laptop`; one result per change. `handlers`
    (default `HANDLERS`) says which kinds the centre takes: a kind with no handler is rejected."""
    results: list[ChangeResult] = []
    for item in items:
        changes = item.get("changes") if isinstance(item, dict) else None
        if not isinstance(changes, list):
            continue
        problem = validate_dossier(item)
        if problem is not None:
            results.extend(ChangeResult(str(ch.get("event_id")), REJECTED, *problem)
                           for ch in changes if isinstance(ch, dict) and ch.get("event_id"))
            continue
        for ch in sorted(changes, key=lambda c: int(c.get("version") or 0)):
            results.append(_one(desk, laptop, item, ch, HANDLERS if handlers is None else handlers))
    return results


def _one(desk: Desk, laptop: str, item: dict[str, Any], ch: dict[str, Any], handlers: Mapping[str, Handler]) -> ChangeResult:
    eid = str(ch["event_id"])
    with desk.db.read() as s:
        if s.scalar(select(Event.id).where(Event.uuid == eid)) is not None:
            return ChangeResult(eid, DUPLICATE)
    handler = handlers.get(ch["kind"])
    if handler is None:
        return ChangeResult(eid, REJECTED, "unsupported_kind",
                            f"Máy chủ Trung tâm chưa nhận loại thay đổi «{ch['kind']}» từ máy lưu động; hãy "
                            "làm bước này trên máy của Trung tâm.")
    p = ch["QuaTrinhXuLy"]
    actor = Actor(username=f"hub:{laptop}", full_name=clean(p.get("NguoiXuLy") or laptop), role=SYSTEM,
                  title=clean(p.get("ChucDanh") or ""))
    try:
        handler(Change(desk, laptop, item, eid, ch["kind"], p, ch.get(EXTENSION) or {}, actor,
                       parse_stamp(p["ThoiDiemXuLy"])))
    except (MotCuaError, ValueError, KeyError) as exc:
        return ChangeResult(eid, REJECTED, "bad_item", str(exc)[:500])
    return ChangeResult(eid, ACCEPTED)


def _transition(c: Change) -> None:
    """A move; a supplement request keeps the papers asked for, a stop its proposer, approver and basis."""
    target = Status(int(c.progress["TrangThai"]))
    items = _papers_asked(c) if target is Status.SUPPLEMENT_REQUESTED else None
    data = None
    if target is Status.STOPPED and c.facts.get("NguoiPheDuyet"):
        data = workflow.step_data(c.note, clean(c.facts.get("NguoiDeXuat", "")) or c.actor.full_name,
                                  (clean(c.facts["NguoiPheDuyet"]), clean(c.facts.get("ChucDanhNguoiPheDuyet", ""))),
                                  legal_basis=clean(c.facts.get("CanCuPhapLy", ""), multiline=True))
    # A hand-back names who collected the result (the record's extension), not the applicant by default.
    collector = clean((c.item.get(EXTENSION) or {}).get("NguoiNhanKetQua", "")) if target is Status.RETURNED else ""
    workflow.transition(c.desk, c.code, target, c.actor, at=c.at, to_party=c.progress.get("PhongBanXuLy", ""),
                        note=c.note, items=items, data=data, collected_by=collector, event_uuid=c.event_id)


def _papers_asked(c: Change) -> list[str]:
    """The papers of the supplement request made at this step (HoSo's DanhSachHoSoBoSung, by its date)."""
    stamp = c.progress["ThoiDiemXuLy"]
    for request in (c.item.get("HoSo") or {}).get("DanhSachHoSoBoSung") or []:
        if request.get("NgayBoSung") == stamp:
            return [str(paper["TenGiayTo"]) for paper in request.get("DanhSachGiayToBoSung") or []]
    return []


def _handover(c: Change) -> None:
    workflow.handover(c.desk, c.code, c.progress.get("PhongBanXuLy") or "?", c.actor, at=c.at, note=c.note,
                      event_uuid=c.event_id)


def _reschedule(c: Change) -> None:
    """An extension: the promised date is the step's date on the wire; proposer and approver as the laptop
    recorded them (the centre's own head of unit only for a laptop too old to send them)."""
    note = c.note
    workflow.extend(c.desk, c.code, parse_stamp(c.progress["NgayKetThucTheoQuyDinh"]),
                    note.split("): ", 1)[1] if "): " in note else note, c.actor, at=c.at,
                    proposer=c.facts.get("NguoiDeXuat", ""), approver_name=c.facts.get("NguoiPheDuyet", ""),
                    approver_title=c.facts.get("ChucDanhNguoiPheDuyet", ""), event_uuid=c.event_id)


def _note(c: Change) -> None:
    hub_files.note(c.desk, c.laptop, c.item, c.event_id, c.actor, c.at, c.note, c.facts.get("TepDinhKem"))


def _rating(c: Change) -> None:
    workflow.record_rating(c.desk, c.code, (c.item.get(EXTENSION) or {}).get("DanhGiaHaiLong", ""), c.actor,
                           event_uuid=c.event_id)


def _device(s: Session, laptop: str, slot: int) -> int:
    """The centre's row for a laptop (made on its first dossier)."""
    uid = str(uuidlib.uuid5(_LAPTOPS, laptop))
    found = s.scalar(select(Device.id).where(Device.uuid == uid))
    if found is None:
        device = Device(uuid=uid, slot=slot, name=f"Máy lưu động {laptop}", is_current=False)
        s.add(device)
        s.flush()
        found = device.id
    return int(found)


def _when(value: str) -> dt.datetime | None:
    return parse_stamp(value) if value else None


def _receive(c: Change) -> None:
    """The laptop's receipt: the dossier inserted with its uuid, code, dates and papers."""
    desk, laptop, item, actor, at = c.desk, c.laptop, c.item, c.actor, c.at
    hs, ext = item["HoSo"], item.get(EXTENSION) or {}
    code = hs["MaHoSo"]
    procedure_ref = hs["MaTTHC"].removeprefix(LOCAL_PREFIX)
    template = desk.code_template
    slot = int(code.removeprefix(template.day_parts(desk.agency.code, at.date())[0])[:template.digits]
               or 0) // template.block_size
    with desk.db.write() as s:
        if s.scalar(select(Dossier.id).where(Dossier.uuid == item["dossier_uuid"])) is not None:
            raise MotCuaError(f"Hồ sơ {code} đã có trên máy chủ Trung tâm.")
        if s.scalar(select(Dossier.id).where(Dossier.code == code)) is not None:
            raise MotCuaError(f"Mã hồ sơ {code} đã được dùng cho hồ sơ khác trong Trung tâm: máy lưu động phải "
                              "dùng khe thiết bị riêng (1–9), khác các quầy (khe 0).")
        proc = find_procedure(s, procedure_ref)
        rule = version_on(proc, at.date())
        holder = clean(hs.get("ChuHoSo", ""))
        lodger = clean(ext.get("NguoiNop", "")) or holder
        address = clean(ext.get("DiaChiChuHoSo", ""))
        owner = holder if ext.get("NguoiNop") else ""
        number = hs.get("SoGiayToChuHoSo", "")
        book, seq = next_register_number(s, slot, at.year)
        # The item carries the dossier as it is now; at its receipt the due date was the first one (later
        # supplement pauses move it again as their steps arrive).
        due = _when(ext.get("NgayHenTraBanDau", "")) or parse_stamp(hs["NgayHenTra"])
        d = Dossier(
            uuid=item["dossier_uuid"], code=code, procedure_id=proc.id, procedure_code=proc.national_code or proc.key,
            procedure_name=proc.name, procedure_code_local=not proc.national_code,
            procedure_version_from=rule.effective_from, field_name=proc.field, limit_kind=rule.limit_kind,
            limit_value=rule.limit_value, form_set_version=desk.agency.form_set_version,
            applicant_name=lodger, applicant_id_number="" if owner else number,
            applicant_phone=hs.get("SoDienThoai", ""), applicant_email=hs.get("Email", ""),
            applicant_address="" if owner else address, applicant_type=int(hs.get("LoaiDoiTuong") or 1),
            owner_name=owner, owner_id_number=number if owner else "", owner_address=address if owner else "",
            channel=CHANNELS.get(hs.get("KenhThucHien", "1"), "home"), summary=clean(hs.get("TrichYeuHoSo", "")),
            note=clean(hs.get("GhiChu", "")), register_book=book, register_seq=seq, received_at=at, due_at=due,
            original_due_at=due, status=int(Status.RECEIVED),
            receiver_name=actor.full_name, device_id=_device(s, laptop, slot), version=0, updated_at=at,
            search_name=fold(" ".join(x for x in (lodger, owner) if x)), search_address=fold(address))
        counts = ext.get("SoBan") or []
        for pos, doc in enumerate(hs.get("TaiLieuNop") or [], 1):
            n = counts[pos - 1] if pos - 1 < len(counts) else [0, 0, 0]
            d.components.append(DossierComponent(position=pos, name=clean(doc.get("TenTepDinhKem", "")) or "?",
                                                 originals=n[0], copies=n[1], photocopies=n[2]))
        s.add(d)
        s.flush()
        record(s, d, kind="receive", actor=actor, at=at, to_status=int(Status.RECEIVED), to_party=actor.full_name,
               note=clean(c.note), event_uuid=c.event_id,
               audit_summary={"hub": laptop, "procedure": d.procedure_code})


HANDLERS: dict[str, Handler] = {"receive": _receive, "transition": _transition, "handover": _handover,
                                "reschedule": _reschedule, "note": _note, "rating": _rating}
