"""The national dossier record (DongBoHoSoMC) built from plain dataclasses: the one place that knows the
national field names, types and code lists (docs/sync-protocol.md has the field-by-field table).

Input is typed (`RecordIn` and the classes below, dates already `yyyyMMddHHmmss` strings in
Asia/Ho_Chi_Minh, '' for "not yet"); output is the wire item: the dossier as the national record
(`HoSo`, every code a string), one progress entry (`QuaTrinhXuLy`) per change, and the desk-only facts
the national record has no place for in one object, `MoRongMotCua`, never mixed into `HoSo`.
Component files and result documents are typed lists (filled from the attached files by `payload`).
No database here: `payload` reads the store into these classes.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from app.services.status import STATUS_LABELS, Status

RECORD_VERSION = "motcua-dongbohoso/2"
#: The flag of an item (and of each change) about a dossier imported from the provincial register.
IMPORTED = "HoSoNhapTuTinh"
EXTENSION = "MoRongMotCua"
LOCAL_PREFIX = "DP-"  # "địa phương": a code of this desk's catalogue, not a national one

#: National procedure codes look like 1.001193 / 2.000815 (CSDL TTHC quốc gia).
NATIONAL_PROCEDURE = re.compile(r"^\d\.\d{6}$")
#: A national field code carries digits (e.g. "G09-TP03"); letters only (HT, CT, BTXH, NCC) is a local
#: abbreviation and goes out marked local.
NATIONAL_FIELD = re.compile(r"^(?=.*\d)[A-Za-z0-9.\-]{2,30}$")

#: Channel of the desk → KenhThucHien (home visits are in person).
CHANNELS = {"counter": "1", "online": "2", "postal": "3", "home": "1"}
#: Where the dossier was lodged: 2 = the provincial one-stop system (not the national portal).
NOI_NOP_MOT_CUA_TINH = "2"
KIND_TEXT = {"receive": "Tiếp nhận hồ sơ", "transition": "Chuyển trạng thái hồ sơ", "handover": "Bàn giao hồ sơ",
             "reschedule": "Gia hạn, hẹn lại ngày trả kết quả (có văn bản xin lỗi)", "rating": "Ghi nhận mức hài lòng",
             "note": "Ghi chú", "supplement": "Bổ sung hồ sơ"}


@dataclass(frozen=True)
class ComponentFile:
    """One file attached to a component (its id, name, and path on the provincial file endpoint)."""

    file_id: str
    name: str
    url: str


@dataclass(frozen=True)
class ComponentIn:
    name: str
    originals: int = 0
    copies: int = 0
    photocopies: int = 0
    code: str = ""  # MaThanhPhanHoSo when the catalogue knows it
    digitised: bool = False  # DuocSoHoa
    reused: bool = False  # DuocTaiSuDung: taken from an earlier result / the citizen's data store
    from_national_store: bool = False  # DuocLayTuKhoDMQG
    replaces_result: str = ""  # MaKetQuaThayThe
    files: tuple[ComponentFile, ...] = ()


@dataclass(frozen=True)
class ResultDoc:
    """A result document handed back (DanhSachGiayToKetQua), from the result files attached."""

    name: str
    code: str
    doc_id: str = ""
    url: str = ""
    component_code: str = ""


@dataclass(frozen=True)
class FeeIn:
    name: str
    amount: int
    exempt: bool = False
    code: str = ""
    online: bool = False


@dataclass(frozen=True)
class SupplementIn:
    number: int  # 1, 2 … within the dossier
    requested_at: str
    received_at: str
    reason: str
    items: tuple[str, ...]
    due_before: str
    due_after: str
    requested_by: str
    received_by: str = ""


@dataclass(frozen=True)
class EventIn:
    event_id: str
    version: int
    kind: str
    at: str
    status: int  # the dossier's status once this step was taken (hand-overs and reschedules keep it)
    actor: str
    actor_title: str = ""
    to_party: str = ""
    note: str = ""
    due_at: str = ""
    source: str = "local"
    proposer: str = ""  # an extension's or a stop's proposer and approver (workflow.step_data)
    approver: str = ""
    approver_title: str = ""
    legal_basis: str = ""  # a stop's
    files: tuple[dict[str, Any], ...] = ()  # what a note attached (files_push.attached_by_events), wire fields


@dataclass(frozen=True)
class PersonIn:
    name: str
    id_kind: str = ""  # cccd | cmnd | other | ""
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


@dataclass(frozen=True)
class RecordIn:
    dossier_uuid: str
    version: int
    code: str
    procedure_code: str
    procedure_name: str
    field_code: str
    field_name: str
    channel: str
    applicant: PersonIn
    owner: PersonIn | None
    applicant_type: int
    summary: str
    note: str
    received_at: str
    legal_due_at: str  # NgayHenTra: the due date the law gives (moved only by supplement pauses)
    original_due_at: str
    promised_due_at: str  # a later date promised with an apology or extension ('' when none)
    status: int
    finished_at: str
    returned_at: str
    result_delivery: str  # counter | post
    handling_unit: str
    collected_by: str
    components: tuple[ComponentIn, ...] = ()
    fees: tuple[FeeIn, ...] = ()
    supplements: tuple[SupplementIn, ...] = ()
    results: tuple[ResultDoc, ...] = ()
    databases: tuple[str, ...] = ()  # DSKetNoiCSDL: national databases consulted (MaCSDL)
    rating: str = ""
    has_digitised: bool = False  # HoSoCoThanhPhanSoHoa: a component digitised or reused (set from files)
    imported_source: str = ""  # imported from the provincial register: only its progress is sent
    events: tuple[EventIn, ...] = field(default=())


@functools.lru_cache(maxsize=4096)  # a few hundred procedures and fields; called four times a record
def national_or_local(code: str, pattern: re.Pattern[str], fallback: str) -> tuple[str, bool]:
    """(code, is_local): a national code as it is, anything else marked local; never ''."""
    code = (code or "").strip()
    if code and pattern.match(code):
        return code, False
    if code.startswith(LOCAL_PREFIX):
        return code, True
    return LOCAL_PREFIX + (re.sub(r"[^A-Za-z0-9.\-]", "", code) or fallback), True


def known(fields: dict[str, Any]) -> dict[str, Any]:
    """The fields that have a value: '' and [] (not known yet) are left out, as the schema allows for
    every optional field (an adapter reads a missing field as empty). Flags "0" are values and stay."""
    return {k: v for k, v in fields.items() if v != "" and v != []}


def _flag(value: bool) -> str:
    return "1" if value else "0"


def _id_kind(person: PersonIn) -> str:
    return "1" if person.id_kind == "cccd" or (not person.id_kind and len(person.id_number) == 12) else "2"


def _documents(components: tuple[ComponentIn, ...]) -> list[dict[str, Any]]:
    out = []
    for c in components:
        base = {"MaThanhPhanHoSo": c.code, "DuocSoHoa": _flag(c.digitised), "DuocTaiSuDung": _flag(c.reused),
                "DuocLayTuKhoDMQG": _flag(c.from_national_store), "MaKetQuaThayThe": c.replaces_result}
        for f in c.files or (ComponentFile("", c.name, ""),):
            out.append(known({"TepDinhKemId": f.file_id, "TenTepDinhKem": f.name or c.name, **base,
                              "DuongDanTaiTepTin": f.url}))
    return out


def hoso(r: RecordIn) -> dict[str, Any]:
    """The dossier as the national record (HoSo)."""
    chu = r.owner or r.applicant
    documents = _documents(r.components)  # always sent, [] included
    number = chu.id_number
    ma_tthc, _ = national_or_local(r.procedure_code, NATIONAL_PROCEDURE, "TTHC")
    ma_linh_vuc, _ = national_or_local(r.field_code, NATIONAL_FIELD, "LINHVUC")
    return known({
        "MaHoSo": r.code, "MaTTHC": ma_tthc, "TenTTHC": r.procedure_name, "MaLinhVuc": ma_linh_vuc,
        "TenLinhVuc": r.field_name, "KenhThucHien": CHANNELS.get(r.channel, "1"), "ChuHoSo": chu.name,
        "SoGiayToChuHoSo": number, "LoaiDoiTuong": str(r.applicant_type or 1),
        "SoDienThoai": chu.phone or r.applicant.phone, "Email": chu.email or r.applicant.email,
        "TrichYeuHoSo": (r.summary or r.procedure_name)[:1000],
        "NgayNopHoSo": r.received_at, "NgayTiepNhan": r.received_at, "NgayHenTra": r.legal_due_at,
        "TrangThaiHoSo": str(r.status), "NgayTra": r.returned_at, "HinhThuc": "1" if r.result_delivery == "post" else "0",
        "NgayKetThucXuLy": r.finished_at, "NgayTuChoi": r.finished_at if r.status == 3 else "",
        "DonViXuLy": r.handling_unit, "GhiChu": r.note,
        "NoiNopHoSo": NOI_NOP_MOT_CUA_TINH,
        "HoSoCoThanhPhanSoHoa": _flag(r.has_digitised or any(c.digitised or c.reused for c in r.components)),
        "DuocThanhToanTrucTuyen": _flag(any(f.online for f in r.fees)),
        "TaiKhoanDuocXacThucVoiVNeID": "0",  # received at the desk: no citizen account signed in
        "DinhDanhCHS": [{"LoaiDinhDanh": _id_kind(chu), "SoDinhDanh": number}] if number else [],
        "TaiLieuNop": documents,
        "DanhSachLePhi": [known({"TenPhiLePhi": f.name, "MaPhiLePhi": f.code, "HinhThucThu": "1",
                                 "Gia": str(0 if f.exempt else f.amount), "LoaiPhiLePhi": "1"}) for f in r.fees],
        "DanhSachHoSoBoSung": [known({
            "HoSoBoSungId": str(x.number), "NguoiYeuCauBoSung": x.requested_by,
            "NoiDungBoSung": x.reason + (" Giấy tờ cần bổ sung: " + "; ".join(x.items) + "." if x.items else ""),
            "NgayBoSung": x.requested_at, "NguoiTiepNhanBoSung": x.received_by, "ThongTinTiepNhan": "",
            "NgayTiepNhanBoSung": x.received_at, "TrangThaiBoSung": _flag(bool(x.received_at)),
            "DanhSachGiayToBoSung": [{"TenGiayTo": paper} for paper in x.items], "DanhSachLePhiBoSung": [],
            "NgayHenTraTruoc": x.due_before, "NgayHenTraMoi": x.due_after}) for x in r.supplements],
        "DanhSachGiayToKetQua": [known({"TenGiayTo": d.name, "MaThanhPhanHoSo": d.component_code, "GiayToId": d.doc_id,
                                        "DuongDanTepTinKetQua": d.url, "MaGiayToKetQua": d.code}) for d in r.results],
        "DSKetNoiCSDL": [{"MaCSDL": m} for m in r.databases],
    }) | {"TaiLieuNop": documents}


def extension(r: RecordIn) -> dict[str, Any]:
    """What the desk knows and the national record has no place for (MoRongMotCua). Only what is known is
    sent (rural links are slow): a fact that is empty, false or the same as in HoSo is left out."""
    _, local_tthc = national_or_local(r.procedure_code, NATIONAL_PROCEDURE, "TTHC")
    _, local_field = national_or_local(r.field_code, NATIONAL_FIELD, "LINHVUC")
    address = r.owner.address if r.owner and r.owner.address else r.applicant.address
    facts = {
        "PhienBan": RECORD_VERSION, "MaTTHCDiaPhuong": local_tthc or None, "MaLinhVucDiaPhuong": local_field or None,
        "NguoiNop": r.applicant.name if r.owner else None, "DiaChiChuHoSo": address,
        "NgayHenTraBanDau": r.original_due_at, "NgayHenTraSauGiaHan": r.promised_due_at,
        "NguoiNhanKetQua": r.collected_by, "DanhGiaHaiLong": r.rating,
        # Paper copies handed in, one entry per component in the order of TaiLieuNop's components.
        "SoBan": [[c.originals, c.copies, c.photocopies] for c in r.components],
    }
    return {k: v for k, v in facts.items() if v not in (None, "", False)}


def _shown(stamp: str) -> str:
    return f"{stamp[8:10]}:{stamp[10:12]} {stamp[6:8]}/{stamp[4:6]}/{stamp[0:4]}" if len(stamp) == 14 else stamp


def _what(e: EventIn) -> str:
    """NoiDungXuLy: what was done, in words (the step's note kept whole)."""
    if e.kind == "reschedule":
        head = f"Hẹn lại ngày trả kết quả đến {_shown(e.due_at)} (có văn bản xin lỗi)"
        return f"{head}: {e.note}" if e.note else head + "."
    if e.kind == "handover" and not e.note:
        return f"Bàn giao hồ sơ cho {e.to_party}."
    if e.kind == "transition" and not e.note and e.status in Status._value2member_map_:
        return STATUS_LABELS[Status(e.status)] + (f": {e.to_party}" if e.to_party else "") + "."
    return e.note or KIND_TEXT.get(e.kind, e.kind)


def progress(code: str, e: EventIn) -> dict[str, Any]:
    """One QuaTrinhXuLy entry; every one carries the dossier's status (TrangThai)."""
    return known({"MaHoSo": code, "NguoiXuLy": e.actor, "ChucDanh": e.actor_title, "ThoiDiemXuLy": e.at,
                  "PhongBanXuLy": e.to_party, "NoiDungXuLy": _what(e),
                  "TrangThai": str(e.status), "NgayBatDau": e.at, "NgayKetThucTheoQuyDinh": e.due_at})


def _change_extension(r: RecordIn, e: EventIn) -> dict[str, Any]:
    facts = {**({"NguonXuLy": e.source} if e.source != "local" else {}), **({IMPORTED: True} if r.imported_source else {}),
             **known({"NguoiDeXuat": e.proposer, "NguoiPheDuyet": e.approver, "ChucDanhNguoiPheDuyet": e.approver_title,
                      "CanCuPhapLy": e.legal_basis}), **({"TepDinhKem": list(e.files)} if e.files else {})}
    return {EXTENSION: facts} if facts else {}


def progress_item(r: RecordIn) -> dict[str, Any]:
    """The wire item of a dossier imported from the provincial register: the province holds its record
    (no HoSo is sent, it is never a new dossier there); the moves made at the desk go as progress on its
    existing code, every one flagged HoSoNhapTuTinh."""
    return {"dossier_uuid": r.dossier_uuid, "version": r.version, "MaHoSo": r.code,
            "changes": [{"event_id": e.event_id, "version": e.version, "kind": e.kind,
                         "QuaTrinhXuLy": progress(r.code, e), **_change_extension(r, e)} for e in r.events],
            EXTENSION: {"PhienBan": RECORD_VERSION, IMPORTED: True, "NguonNhap": r.imported_source[:200]}}


def item(r: RecordIn) -> dict[str, Any]:
    """The wire item: envelope, national HoSo, one change per event, and the desk's extension (for an
    imported dossier, its progress only: `progress_item`)."""
    if r.imported_source:
        return progress_item(r)
    return {"dossier_uuid": r.dossier_uuid, "version": r.version, "HoSo": hoso(r),
            "changes": [{"event_id": e.event_id, "version": e.version, "kind": e.kind,
                         "QuaTrinhXuLy": progress(r.code, e), **_change_extension(r, e)}
                        for e in r.events],
            EXTENSION: extension(r)}
