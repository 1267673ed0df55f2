"""What goes on the official forms: plain dataclasses, and converters from the services' dataclasses.

The builders in `app.printing` draw these and nothing else, so the desktop app, the command line and
tests all print the same thing. Converters take `AgencyInfo` (desk.agency) and `DossierDetail`
(services.queries) and never touch the database; every text is NFC-normalised here, once.
Pure Python, any thread.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:  # annotations only: importing the desk would pull the database layer into printing
    from app.services.desk import AgencyInfo
    from app.services.dto import DossierDetail, DossierRow, EventView, PersonIn


def nfc(text: object) -> str:
    """NFC text with no control characters: what the PDF text layer and the fonts expect."""
    s = unicodedata.normalize("NFC", "" if text is None else str(text))
    return "".join(ch if ch >= " " or ch == "\n" else " " for ch in s.replace("\r\n", "\n").replace("\t", " "))


@dataclass
class Header:
    """The agency part every form shares; names and signer titles come from the agency settings."""

    parent_name: str  # cơ quan cấp trên, e.g. "ỦY BAN NHÂN DÂN XÃ TÂN LẬP"
    unit_name: str  # "Trung tâm Phục vụ hành chính công xã Tân Lập"
    place: str  # địa danh on the date line
    agency_code: str = ""
    lookup_url: str = ""
    hotline: str = ""
    head_title: str = "GIÁM ĐỐC"  # may hold two lines, e.g. "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC"
    head_name: str = ""
    form_set_version: str = ""


@dataclass
class ComponentLine:
    name: str
    originals: int = 0
    copies: int = 0
    photocopies: int = 0


@dataclass
class Person:
    name: str
    id_number: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass
class SlipDossier:
    """One dossier as printed: its code, procedure, papers and dates."""

    code: str
    procedure_name: str
    received_at: dt.datetime
    due_at: dt.datetime
    applicant: Person
    owner: Person | None = None  # chủ hồ sơ, only when different from the applicant
    procedure_code: str = ""
    components: list[ComponentLine] = field(default_factory=list)
    sets_count: int = 1
    limit_text: str = ""
    delivery: str = "counter"  # counter | post
    register_book: str = ""
    register_seq: int = 0
    form_set_version: str = ""
    lookup_url: str = ""  # what the QR code holds: the look-up address with the code, nothing personal
    handling_unit: str = ""
    summary: str = ""


@dataclass
class ReceiptSlip:
    """Mẫu 01: one applicant, one or more dossiers received in the same visit."""

    header: Header
    dossiers: list[SlipDossier]
    receiver_name: str = ""


@dataclass
class SupplementNotice:
    """Mẫu 02: everything missing, listed in one go."""

    header: Header
    dossier: SlipDossier
    items: list[ComponentLine]
    reason: str
    requested_at: dt.datetime
    guide_name: str = ""


@dataclass
class RefusalNotice:
    """Mẫu 03: the concrete reason for refusing to accept the dossier."""

    header: Header
    dossier: SlipDossier
    reason: str
    refused_at: dt.datetime
    receiver_name: str = ""


@dataclass
class ApologyLetter:
    """Mẫu 04: apology and new return date, signed by the head of the agency."""

    header: Header
    dossier: SlipDossier
    original_due_at: dt.datetime
    new_due_at: dt.datetime
    reason: str
    issued_at: dt.datetime


@dataclass
class HandoverStep:
    giver: str
    receiver: str
    at: dt.datetime
    timeliness: str = ""  # early | on_time | late | "" (not applicable)
    note: str = ""


@dataclass
class ControlSheet:
    """Mẫu 05: the dossier's hand-over log."""

    header: Header
    dossier: SlipDossier
    steps: list[HandoverStep]
    handling_unit: str = ""
    cooperating_units: str = ""


@dataclass
class RegisterRow:
    code: str
    procedure_name: str
    applicant_name: str
    address: str
    phone: str
    handling_unit: str
    received_at: dt.datetime
    due_at: dt.datetime
    returned_at: dt.datetime | None = None
    how_returned: str = ""


@dataclass
class RegisterBook:
    """Mẫu 06: one row per dossier received in [date_from, date_to]."""

    header: Header
    date_from: dt.date
    date_to: dt.date
    rows: list[RegisterRow]


TIMELINESS = {"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn"}
DELIVERY_TEXT = {"counter": "Tại Trung tâm Phục vụ hành chính công", "post": "Qua dịch vụ bưu chính công ích"}


# --- converters ------------------------------------------------------------------------------------

def header_from(agency: AgencyInfo) -> Header:
    return Header(parent_name=nfc(agency.parent_name), unit_name=nfc(agency.name), place=nfc(agency.place),
                  agency_code=nfc(agency.code), lookup_url=nfc(agency.lookup_url), hotline=nfc(agency.hotline),
                  head_title=nfc(agency.head_title) or "GIÁM ĐỐC", head_name=nfc(agency.head_name),
                  form_set_version=nfc(agency.form_set_version))


def lookup_link(url: str, code: str) -> str:
    """The look-up address for one code: `{code}` in the URL is replaced, else `?ma=` is appended.

    Only the code goes in; names and ID numbers never do (public look-up asks for code + ID together).
    """
    url = url.strip()
    if not url:
        return code
    if "{code}" in url:
        return url.replace("{code}", quote(code, safe=""))
    return f"{url}{'&' if '?' in url else '?'}ma={quote(code, safe='')}"


def _person(p: PersonIn) -> Person:
    return Person(nfc(p.name), nfc(p.id_number), nfc(p.address), nfc(p.phone), nfc(p.email))


def dossier_from(agency: AgencyInfo, d: DossierDetail) -> SlipDossier:
    owner = _person(d.owner) if d.owner is not None and d.owner.name.strip() else None
    if owner is not None and owner.name == nfc(d.applicant_name) and owner.id_number in ("", d.applicant_id_number):
        owner = None
    return SlipDossier(
        code=d.code, procedure_name=nfc(d.procedure_name), received_at=d.received_at, due_at=d.due_at,
        applicant=Person(nfc(d.applicant_name), nfc(d.applicant_id_number), nfc(d.applicant_address),
                         nfc(d.applicant_phone), nfc(d.applicant_email)),
        owner=owner, procedure_code=nfc(d.procedure_code),
        components=[ComponentLine(nfc(c.name), c.originals, c.copies, c.photocopies) for c in d.components],
        sets_count=d.sets_count, limit_text=nfc(d.limit_text), delivery=d.result_delivery,
        register_book=nfc(d.register_book), register_seq=d.register_seq,
        form_set_version=nfc(d.form_set_version or agency.form_set_version),
        lookup_url=lookup_link(agency.lookup_url, d.code), handling_unit=nfc(d.handling_unit),
        summary=nfc(d.summary),
    )


def slip_from_details(agency: AgencyInfo, details: list[DossierDetail], receiver_name: str = "") -> ReceiptSlip:
    """Mẫu 01 for the dossiers of one visit (one detail for the usual single-procedure slip)."""
    if not details:
        raise ValueError("Cần ít nhất một hồ sơ để in phiếu hẹn.")
    return ReceiptSlip(header_from(agency), [dossier_from(agency, d) for d in details],
                       nfc(receiver_name or details[0].receiver_name))


def _items(raw: object) -> list[ComponentLine]:
    if isinstance(raw, str):
        try:
            raw = json.loads(raw) if raw.strip() else []
        except ValueError:
            raw = [raw]
    out = []
    for it in raw or []:
        if isinstance(it, dict):
            out.append(ComponentLine(nfc(it.get("name", "")), int(it.get("originals", 0) or 0),
                                     int(it.get("copies", 0) or 0), int(it.get("photocopies", 0) or 0)))
        elif str(it).strip():
            out.append(ComponentLine(nfc(it)))
    return out


def supplement_from_detail(agency: AgencyInfo, d: DossierDetail, guide_name: str = "") -> SupplementNotice:
    """Mẫu 02 from the dossier's latest supplement request (or an empty list to fill in by hand)."""
    last = d.supplements[-1] if d.supplements else {}
    return SupplementNotice(header_from(agency), dossier_from(agency, d), _items(last.get("items")),
                            nfc(last.get("reason", "")), last.get("requested_at") or d.received_at,
                            nfc(guide_name or last.get("actor", "") or d.receiver_name))


def _last_event(d: DossierDetail, to_status: int) -> EventView | None:
    return next((e for e in reversed(d.events) if e.to_status == to_status), None)


def refusal_from_detail(agency: AgencyInfo, d: DossierDetail, receiver_name: str = "",
                        reason: str = "") -> RefusalNotice:
    """Mẫu 03 from the refusal event (status 3), or from the reason given when printing before saving."""
    e = _last_event(d, 3)
    return RefusalNotice(header_from(agency), dossier_from(agency, d), nfc(reason or (e.note if e else "")),
                         e.at if e else d.received_at, nfc(receiver_name or (e.actor if e else d.receiver_name)))


def apology_from_detail(agency: AgencyInfo, d: DossierDetail, issued_at: dt.datetime | None = None
                        ) -> ApologyLetter:
    """Mẫu 04 from the latest reschedule of the dossier."""
    r = d.reschedules[-1] if d.reschedules else {}
    original = r.get("old_due_at") or d.original_due_at or d.due_at
    return ApologyLetter(header_from(agency), dossier_from(agency, d), original, r.get("new_due_at") or d.due_at,
                         nfc(r.get("reason", "")), issued_at or r.get("at") or d.received_at)


def timeliness(at: dt.datetime, due: dt.datetime | None) -> str:
    if due is None:
        return ""
    if at.date() < due.date():
        return "early"
    return "on_time" if at <= due else "late"


def control_from_detail(agency: AgencyInfo, d: DossierDetail, cooperating_units: str = "") -> ControlSheet:
    """Mẫu 05: one block per hand-over in the event log (receipt, forwarding, hand-over, return)."""
    steps = []
    for e in d.events:
        if e.kind == "receive":
            steps.append(HandoverStep(nfc(d.applicant_name), nfc(e.actor), e.at, "", "Tiếp nhận hồ sơ"))
        elif e.kind == "handover" or (e.kind == "transition" and e.to_party):
            steps.append(HandoverStep(nfc(e.from_party or e.actor), nfc(e.to_party), e.at,
                                      timeliness(e.at, e.due_at or d.due_at), nfc(e.note)))
    return ControlSheet(header_from(agency), dossier_from(agency, d), steps, nfc(d.handling_unit),
                        nfc(cooperating_units))


def register_from_rows(agency: AgencyInfo, rows: list[DossierRow], date_from: dt.date, date_to: dt.date
                       ) -> RegisterBook:
    """Mẫu 06 from list rows or full details, in the order received."""
    out = []
    for r in sorted(rows, key=lambda r: (r.received_at, r.code)):
        delivery = getattr(r, "result_delivery", "")
        how = ""
        if r.returned_at is not None:
            how = "Bưu chính" if delivery == "post" else "Tại Trung tâm"
            who = getattr(r, "collected_by", "")
            if who:
                how += f" ({nfc(who)})"
        phone = nfc(r.applicant_phone)
        out.append(RegisterRow(r.code, nfc(r.procedure_name), nfc(r.applicant_name), nfc(r.applicant_address),
                               phone, nfc(getattr(r, "handling_unit", "")), r.received_at, r.due_at,
                               r.returned_at, how))
    return RegisterBook(header_from(agency), date_from, date_to, out)
