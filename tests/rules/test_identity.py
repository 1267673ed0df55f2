"""From 1/1/2025 the 9-digit CMND is refused as the applicant's identity number of a new intake, with a
Vietnamese message pointing to the 12-digit personal number; older dossiers keep theirs, a holder on
the dossier (a deceased person) may still carry one, and the old card can be listed as a paper handed in."""

from __future__ import annotations

import datetime as dt

import pytest

from app.errors import ValidationError
from app.services.dto import Component, IntakeRequest, PersonIn
from app.services.intake import receive
from app.services.validation import CMND_INVALID_FROM, check_identity_document, parse_citizen_id
from tests.rules.conftest import CLERK


def test_cmnd_refused_for_a_new_intake_with_a_clear_message(desk, clock):
    req = IntakeRequest(procedure="1.004873", applicant=PersonIn(name="Lê Văn Cũ", id_number="123456789"))
    with pytest.raises(ValidationError) as exc:
        receive(desk, req, CLERK)
    msg = exc.value.fields["applicant.id_number"]
    assert "01/01/2025" in msg and "12 chữ số" in msg and "VNeID" in msg
    with pytest.raises(ValidationError):  # chosen explicitly as a CMND: same answer
        receive(desk, IntakeRequest(procedure="1.004873", applicant=PersonIn(
            name="Lê Văn Cũ", id_kind="cmnd", id_number="123 456 789")), CLERK)
    ok = receive(desk, IntakeRequest(procedure="1.004873", applicant=PersonIn(
        name="Lê Văn Cũ", id_number="001090012345")), CLERK)
    assert ok.applicant_id_kind == "cccd"


def test_older_dossiers_holders_and_papers_keep_the_cmnd(desk, clock):
    old = receive(desk, IntakeRequest(procedure="1.004873", received_at=dt.datetime(2024, 12, 31, 9, 0),
                                      applicant=PersonIn(name="Lê Văn Cũ", id_number="123456789")), CLERK)
    assert (old.applicant_id_kind, old.applicant_id_number) == ("cmnd", "123456789")
    death = receive(desk, IntakeRequest(
        procedure="1.000656", applicant=PersonIn(name="Lê Thị Con", id_number="001190012345"),
        owner=PersonIn(name="Lê Văn Mất", id_number="123456789"),
        components=[Component("Giấy báo tử", originals=1),
                    Component("Chứng minh nhân dân (9 số) của người chết", photocopies=1)]), CLERK)
    assert death.owner is not None and death.owner.id_kind == "cmnd"
    assert [c.name for c in death.components][1].startswith("Chứng minh nhân dân")


def test_the_rule_itself():
    cid = parse_citizen_id("123456789")
    check_identity_document(cid, CMND_INVALID_FROM - dt.timedelta(days=1))
    with pytest.raises(ValueError, match="12 chữ số"):
        check_identity_document(cid, CMND_INVALID_FROM)
    check_identity_document(parse_citizen_id("001190012345"), dt.date(2026, 11, 20))
