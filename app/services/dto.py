"""Plain dataclasses that services take and return; no session or mapped object ever leaves a service."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.services.status import Status

VN_OFFSET = "+07:00"


def iso(t: dt.datetime | dt.date | None) -> str | None:
    """ISO 8601 with the Vietnam offset for datetimes (stored as naive local wall time)."""
    if t is None:
        return None
    if isinstance(t, dt.datetime):
        return t.replace(microsecond=0).isoformat() + VN_OFFSET
    return t.isoformat()


@dataclass
class Component:
    """One paper of a dossier (handed in at intake, listed on the slip): originals, certified copies and
    photocopies; `position` is its place on the dossier (0 until saved)."""

    name: str
    originals: int = 0
    copies: int = 0
    photocopies: int = 0
    position: int = 0


@dataclass
class PersonIn:
    name: str = ""
    id_kind: str = ""  # "" (guess from length) | cccd | cmnd | other
    id_number: str = ""
    birth_date: dt.date | None = None
    sex: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


@dataclass
class IntakeRequest:
    procedure: str  # catalogue key or national code
    applicant: PersonIn
    owner: PersonIn | None = None
    channel: str = "counter"
    result_delivery: str = "counter"
    priority_group: str = ""
    sets_count: int = 1
    components: list[Component] | None = None  # None: the procedure's required components
    summary: str = ""
    note: str = ""
    applicant_type: int = 1
    fee_exempt: bool = False
    handling_unit: str = ""
    received_at: dt.datetime | None = None


@dataclass(frozen=True)
class Actor:
    username: str
    full_name: str
    role: str = "clerk"
    title: str = ""
    user_id: int | None = None
    #: Re-reads this account from the store (role, active): every permission check asks it, so a session
    #: that was demoted or disabled loses its rights at once. None for the system and OS actors.
    live: Callable[[], Actor | None] | None = field(default=None, compare=False, repr=False)


@dataclass
class EventView:
    uuid: str
    at: dt.datetime
    kind: str
    from_status: int | None
    to_status: int | None
    from_party: str
    to_party: str
    actor: str
    actor_title: str
    note: str
    due_at: dt.datetime | None
    data: dict[str, Any] = field(default_factory=dict)  # an extension's / a stop's facts (workflow.STEP_KEYS)


@dataclass
class SupplementView:
    """One request to complete the dossier (Mẫu 02): everything missing, listed in one go."""

    requested_at: dt.datetime
    received_at: dt.datetime | None
    reason: str
    items: list[Component]
    due_before: dt.datetime
    due_after: dt.datetime | None
    actor: str


@dataclass
class RescheduleView:
    """One later return date with its apology (Mẫu 04): why, who proposed it, which leader approved it."""

    at: dt.datetime
    old_due_at: dt.datetime
    new_due_at: dt.datetime
    reason: str
    actor: str
    proposer: str = ""
    approver_name: str = ""
    approver_title: str = ""


@dataclass
class StopView:
    """Processing stopped (Mẫu 05 of the 2025 set): the reason, its legal basis and who decided."""

    at: dt.datetime
    reason: str
    legal_basis: str = ""
    proposer: str = ""
    approver_name: str = ""
    approver_title: str = ""
    actor: str = ""


@dataclass
class DossierRow:
    """One line of the dossier list or of search results."""

    id: int
    code: str
    uuid: str
    status: int
    procedure_code: str
    procedure_name: str
    applicant_name: str
    applicant_id_number: str
    applicant_phone: str
    applicant_address: str
    channel: str
    received_at: dt.datetime
    due_at: dt.datetime
    finished_at: dt.datetime | None
    returned_at: dt.datetime | None
    #: The later date promised in an apology/extension letter; due_at stays the legal due date.
    extended_due_at: dt.datetime | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code, "uuid": self.uuid, "status": Status(self.status).slug,
            "status_code": self.status, "status_label": Status(self.status).label,
            "procedure_code": self.procedure_code, "procedure_name": self.procedure_name,
            "applicant_name": self.applicant_name, "applicant_id_number": self.applicant_id_number,
            "applicant_phone": self.applicant_phone, "applicant_address": self.applicant_address,
            "channel": self.channel, "received_at": iso(self.received_at), "due_at": iso(self.due_at),
            "finished_at": iso(self.finished_at), "returned_at": iso(self.returned_at),
            "extended_due_at": iso(self.extended_due_at),
        }


@dataclass
class DossierDetail(DossierRow):
    applicant_id_kind: str = ""
    applicant_birth_date: dt.date | None = None
    applicant_sex: str = ""
    applicant_email: str = ""
    owner: PersonIn | None = None
    field_name: str = ""
    limit_kind: str = ""
    limit_value: int = 0
    limit_text: str = ""
    form_set_version: str = ""
    result_delivery: str = "counter"
    priority_group: str = ""
    sets_count: int = 1
    fee_amount: int = 0
    fee_exempt: bool = False
    summary: str = ""
    note: str = ""
    handling_unit: str = ""
    register_book: str = ""
    register_seq: int = 0
    original_due_at: dt.datetime | None = None
    procedure_code_local: bool = False  # procedure_code is the desk's key, not a confirmed national code
    due_explanation: str = ""
    collected_by: str = ""
    supplement_count: int = 0
    receiver_name: str = ""
    version: int = 1
    rating: str = ""
    rating_comment: str = ""
    imported_source: str = ""  # "provincial_register": received on the provincial system, imported here
    components: list[Component] = field(default_factory=list)
    events: list[EventView] = field(default_factory=list)
    supplements: list[SupplementView] = field(default_factory=list)
    reschedules: list[RescheduleView] = field(default_factory=list)
    stops: list[StopView] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        out = super().to_json()
        out.update({
            "applicant": {"name": self.applicant_name, "id_kind": self.applicant_id_kind,
                          "id_number": self.applicant_id_number, "birth_date": iso(self.applicant_birth_date),
                          "sex": self.applicant_sex, "phone": self.applicant_phone,
                          "email": self.applicant_email, "address": self.applicant_address},
            "owner": None if self.owner is None else {
                "name": self.owner.name, "id_kind": self.owner.id_kind, "id_number": self.owner.id_number,
                "birth_date": iso(self.owner.birth_date), "sex": self.owner.sex, "phone": self.owner.phone,
                "address": self.owner.address},
            "field": self.field_name, "limit_kind": self.limit_kind, "limit_value": self.limit_value,
            "form_set_version": self.form_set_version, "result_delivery": self.result_delivery,
            "priority_group": self.priority_group, "sets_count": self.sets_count,
            "fee_amount": self.fee_amount, "summary": self.summary, "note": self.note,
            "register_book": self.register_book, "register_seq": self.register_seq,
            "original_due_at": iso(self.original_due_at),
            "procedure_code_local": self.procedure_code_local, "due_explanation": self.due_explanation,
            "collected_by": self.collected_by, "supplement_count": self.supplement_count,
            "receiver_name": self.receiver_name, "version": self.version, "imported_source": self.imported_source,
            "components": [vars(c) for c in self.components],
            "events": [{**vars(e), "at": iso(e.at), "due_at": iso(e.due_at)} for e in self.events],
        })
        return out
