"""What goes on the official forms: plain dataclasses the builders draw and nothing else.

The desktop app, the command line and tests all print the same thing: `app.printing.convert` fills
these from `AgencyInfo` (desk.agency) and `DossierDetail` (services.queries), NFC-normalising every
text once. Pure Python, any thread.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import quote

from app.services.dto import Component


def nfc(text: object) -> str:
    """NFC text with no control characters: what the PDF text layer and the fonts expect."""
    s = unicodedata.normalize("NFC", "" if text is None else str(text))
    return "".join(ch if ch >= " " or ch == "\n" else " " for ch in s.replace("\r\n", "\n").replace("\t", " "))


@dataclass
class Header:
    """The agency part every form shares; names and signer titles come from the agency settings."""

    parent_name: str  # the governing body (cơ quan chủ quản), e.g. "ỦY BAN NHÂN DÂN XÃ TÂN LẬP"
    unit_name: str  # "Trung tâm Phục vụ hành chính công xã Tân Lập"
    place: str  # địa danh on the date line
    agency_code: str = ""
    lookup_url: str = ""  # empty: the QR code holds the bare code and no look-up address is printed
    hotline: str = ""
    head_title: str = "GIÁM ĐỐC"  # may hold two lines, e.g. "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC"
    head_name: str = ""


@dataclass
class Signer:
    """Who signs: the title in capitals above the signature space, the full name under it."""

    title: str
    name: str = ""


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
    components: list[Component] = field(default_factory=list)
    sets_count: int = 1
    limit_text: str = ""
    delivery: str = "counter"  # counter | post
    register_book: str = ""
    register_seq: int = 0
    qr_data: str = ""  # what the QR code holds: the look-up address with the code, or the bare code
    handling_unit: str = ""
    summary: str = ""
    receiver_name: str = ""  # the desk account that received it (full name)
    procedure_code_local: bool = False  # procedure_code is the desk's own key, not a national code
    imported: bool = False  # received on the provincial system, imported from its register


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
    items: list[Component]
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
class ExtensionLetter:
    """Mẫu 04: apology and the later return date (2018), or apology and request to extend (2025),
    signed by the leader who approved it."""

    header: Header
    dossier: SlipDossier
    original_due_at: dt.datetime
    new_due_at: dt.datetime
    reason: str
    issued_at: dt.datetime
    approver: Signer
    proposer: str = ""
    recipients: list[str] = field(default_factory=list)  # "Nơi nhận"; empty: the form set's list


@dataclass
class StopNotice:
    """Mẫu 05 of the 2025 set: processing of the dossier is stopped, why and on which legal basis."""

    header: Header
    dossier: SlipDossier
    reason: str
    legal_basis: str
    issued_at: dt.datetime
    approver: Signer
    proposer: str = ""
    recipients: list[str] = field(default_factory=list)  # "Nơi nhận"; empty: the form set's list


@dataclass
class HandoverStep:
    giver: str
    receiver: str
    at: dt.datetime | None  # None: a block left blank to fill in by hand
    timeliness: str = ""  # early | on_time | late | "" (not applicable)
    note: str = ""


@dataclass
class ControlSheet:
    """The control sheet (Mẫu 05 of 2018, 06 of 2025): the dossier's hand-overs, desk → processing unit
    → desk, with both signatures on each."""

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
    outcome: str = ""  # how the result went back, or why there is none (refused, stopped, withdrawn)


@dataclass
class RegisterBook:
    """The register (Mẫu 06 of 2018, 07 of 2025): one row per dossier received in [date_from, date_to]."""

    header: Header
    date_from: dt.date
    date_to: dt.date
    rows: list[RegisterRow]


TIMELINESS = {"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn"}


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
