"""From the services' dataclasses (`AgencyInfo`, `DossierDetail`, `DossierRow`) to what the forms print.

Never touches the database: callers read the detail and pass it in. Signers are real people: the
desk account that received the dossier (Mẫu 01, the control sheet), the guide who asked for papers
(02), the clerk who refused (03), the leader who approved the extension or the stop (04, 05; the
agency's head from settings when the workflow step names nobody). Pure Python, any thread.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from app.printing.slip import (
    ControlSheet,
    ExtensionLetter,
    HandoverStep,
    Header,
    Person,
    ReceiptSlip,
    RefusalNotice,
    RegisterBook,
    RegisterRow,
    Signer,
    SlipDossier,
    StopNotice,
    SupplementNotice,
    lookup_link,
    nfc,
)
from app.services.dto import Component

if TYPE_CHECKING:  # annotations only: importing the desk would pull the database layer into printing
    from app.services.desk import AgencyInfo
    from app.services.dto import DossierDetail, DossierRow, EventView, PersonIn

REFUSED, WITHDRAWN, STOPPED = 3, 7, 8  # app.services.status codes (kept as numbers: no services import)
DESK = "Bộ phận tiếp nhận và trả kết quả"
_LOGIN = re.compile(r"^(os:)?[a-z0-9._-]+$")


def real_name(name: str) -> str:
    """A person's full name, or "" when the text is an operating-system login ("root", "os:clerk"):
    a form then leaves the line blank to sign and write by hand rather than print a login."""
    name = nfc(name).strip()
    return "" if _LOGIN.match(name) else name


def header_from(agency: AgencyInfo) -> Header:
    return Header(parent_name=nfc(agency.parent_name), unit_name=nfc(agency.name), place=nfc(agency.place),
                  agency_code=nfc(agency.code), lookup_url=nfc(agency.lookup_url), hotline=nfc(agency.hotline),
                  head_title=nfc(agency.head_title) or "GIÁM ĐỐC", head_name=real_name(agency.head_name))


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
        components=[Component(nfc(c.name), c.originals, c.copies, c.photocopies) for c in d.components],
        sets_count=d.sets_count, limit_text=nfc(d.limit_text), delivery=d.result_delivery,
        register_book=nfc(d.register_book), register_seq=d.register_seq,
        qr_data=lookup_link(agency.lookup_url, d.code), handling_unit=nfc(d.handling_unit),
        summary=nfc(d.summary), receiver_name=real_name(d.receiver_name),
        procedure_code_local=d.procedure_code_local, imported=bool(d.imported_source),
    )


def slip_from_details(agency: AgencyInfo, details: list[DossierDetail], receiver_name: str = "") -> ReceiptSlip:
    """Mẫu 01 for the dossiers of one visit (one detail for the usual single-procedure slip)."""
    if not details:
        raise ValueError("Cần ít nhất một hồ sơ để in phiếu hẹn.")
    return ReceiptSlip(header_from(agency), [dossier_from(agency, d) for d in details],
                       real_name(receiver_name or details[0].receiver_name))


def supplement_from_detail(agency: AgencyInfo, d: DossierDetail, guide_name: str = "") -> SupplementNotice:
    """Mẫu 02 from the dossier's latest supplement request (or an empty list to fill in by hand)."""
    last = d.supplements[-1] if d.supplements else None
    items = [Component(nfc(c.name), c.originals, c.copies, c.photocopies) for c in last.items] if last else []
    return SupplementNotice(header_from(agency), dossier_from(agency, d), items, nfc(last.reason if last else ""),
                            last.requested_at if last else d.received_at,
                            real_name(guide_name or (last.actor if last else "") or d.receiver_name))


def _last_event(d: DossierDetail, to_status: int) -> EventView | None:
    return next((e for e in reversed(d.events) if e.to_status == to_status), None)


def refusal_from_detail(agency: AgencyInfo, d: DossierDetail, receiver_name: str = "",
                        reason: str = "") -> RefusalNotice:
    """Mẫu 03 from the refusal event, or from the reason given when printing before saving."""
    e = _last_event(d, REFUSED)
    return RefusalNotice(header_from(agency), dossier_from(agency, d), nfc(reason or (e.note if e else "")),
                         e.at if e else d.received_at,
                         real_name(receiver_name or (e.actor if e else d.receiver_name)))


def _leader(h: Header, name: str, title: str) -> Signer:
    """The approving leader; the agency's head from settings when the workflow step names nobody."""
    name = real_name(name)
    if not name:
        return Signer(h.head_title, h.head_name)
    return Signer(nfc(title) or h.head_title, name)


def extension_from_detail(agency: AgencyInfo, d: DossierDetail, issued_at: dt.datetime | None = None
                          ) -> ExtensionLetter:
    """Mẫu 04 from the latest later return date of the dossier, signed by the leader who approved it."""
    h = header_from(agency)
    r = d.reschedules[-1] if d.reschedules else None
    original = r.old_due_at if r else (d.original_due_at or d.due_at)
    return ExtensionLetter(h, dossier_from(agency, d), original, r.new_due_at if r else d.due_at,
                           nfc(r.reason if r else ""), issued_at or (r.at if r else d.received_at),
                           _leader(h, r.approver_name if r else "", r.approver_title if r else ""),
                           real_name(r.proposer) if r else "")


def stop_from_detail(agency: AgencyInfo, d: DossierDetail, issued_at: dt.datetime | None = None,
                     reason: str = "", legal_basis: str = "") -> StopNotice:
    """Mẫu 05 (2025) from the stop step; reason and legal basis given here win over the stored ones."""
    h = header_from(agency)
    s = d.stops[-1] if d.stops else None
    return StopNotice(h, dossier_from(agency, d), nfc(reason or (s.reason if s else "")),
                      nfc(legal_basis or (s.legal_basis if s else "")), issued_at or (s.at if s else d.received_at),
                      _leader(h, s.approver_name if s else "", s.approver_title if s else ""),
                      real_name(s.proposer) if s else "")


def timeliness(at: dt.datetime, due: dt.datetime | None) -> str:
    if due is None:
        return ""
    if at.date() < due.date():
        return "early"
    return "on_time" if at <= due else "late"


CONTROL_MIN_BLOCKS = 6


def _desk(person: str) -> str:
    name = real_name(person)
    return f"{DESK} ({name})" if name else DESK


def control_from_detail(agency: AgencyInfo, d: DossierDetail, cooperating_units: str = "") -> ControlSheet:
    """The control sheet: one block per hand-over in the event log, starting desk → processing unit;
    blank blocks follow, to be filled in by hand as the dossier moves on."""
    steps: list[HandoverStep] = []
    for e in d.events:
        if e.kind == "handover" or (e.kind == "transition" and e.to_party):
            if not steps and nfc(e.from_party) in ("", nfc(e.actor)):  # the desk forwards it: block 1
                giver = _desk(e.actor)
            else:
                giver = nfc(e.from_party) or real_name(e.actor) or "……"
            steps.append(HandoverStep(giver, nfc(e.to_party), e.at, timeliness(e.at, e.due_at or d.due_at),
                                      nfc(e.note)))
    if not steps:
        steps.append(HandoverStep(_desk(d.receiver_name), nfc(d.handling_unit) or "……", None))
    while len(steps) < CONTROL_MIN_BLOCKS:
        steps.append(HandoverStep("", "", None))
    return ControlSheet(header_from(agency), dossier_from(agency, d), steps, nfc(d.handling_unit),
                        nfc(cooperating_units))


def outcome(r: DossierRow) -> str:
    """The register's last columns: how the result went back, or why there is none."""
    ended = f" ({r.finished_at:%d/%m/%Y})" if r.finished_at else ""
    if r.status == REFUSED:
        return "Từ chối tiếp nhận" + ended
    if r.status == STOPPED:
        return "Dừng giải quyết" + ended
    if r.status == WITHDRAWN:
        return "Công dân rút hồ sơ" + ended
    if r.returned_at is None:
        return ""
    how = "Bưu chính" if getattr(r, "result_delivery", "") == "post" else "Tại Trung tâm"
    who = getattr(r, "collected_by", "")
    return how + (f" ({nfc(who)})" if who else "")


def register_from_rows(agency: AgencyInfo, rows: list[DossierRow], date_from: dt.date, date_to: dt.date
                       ) -> RegisterBook:
    """The register from list rows or full details, in the order received."""
    out = []
    for r in sorted(rows, key=lambda r: (r.received_at, r.code)):
        out.append(RegisterRow(r.code, nfc(r.procedure_name), nfc(r.applicant_name), nfc(r.applicant_address),
                               nfc(r.applicant_phone), nfc(getattr(r, "handling_unit", "")), r.received_at,
                               r.due_at, r.returned_at, outcome(r)))
    return RegisterBook(header_from(agency), date_from, date_to, out)
