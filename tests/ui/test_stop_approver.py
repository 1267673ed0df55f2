"""Stopping a dossier (Mẫu 05) when the unit has no head in its settings: an administrator is asked who
approves and signs the notice; the operation refuses a stop nobody would sign. With a head set, nothing more
is asked and the head signs."""

from __future__ import annotations

import dataclasses

import pytest

from app.errors import ValidationError
from app.operations import dossiers, moves, printing
from app.services import agency_details, intake
from app.services.dto import IntakeRequest, PersonIn
from app.services.status import Status
from app.ui.detail_pane import DetailPane
from app.ui.reason_dialog import ReasonDialog
from tests.pdfs import pdf_text
from tests.users import ADMIN

from .conftest import settle, type_text


def receive(desk, who):  # type: ignore[no-untyped-def]
    req = IntakeRequest(procedure="1.004873", applicant=PersonIn(name="Vũ Thị Hạnh", id_number="036190004321"))
    return intake.receive(desk, req, who)



def open_stop(pane: DetailPane, qtbot, d) -> ReasonDialog:  # type: ignore[no-untyped-def]
    pane.load(d.id)
    qtbot.waitUntil(lambda: pane.detail is not None and pane.detail.id == d.id)
    pane.action_items["stop"].trigger()
    dialog = pane.actions.dialog
    assert isinstance(dialog, ReasonDialog)
    return dialog


def test_an_administrator_names_who_signs_when_the_unit_has_no_head(desk, ui, admin_user, qtbot):
    assert desk.agency.head_name == ""
    d = receive(desk, admin_user.actor())
    pane = DetailPane(ui)
    qtbot.addWidget(pane)
    pane.show()
    dialog = open_stop(pane, qtbot, d)
    assert dialog.approver.isVisibleTo(dialog)
    type_text(dialog.reason, "Công dân đề nghị dừng giải quyết")
    dialog.check()
    assert dialog.isVisible() and "chưa khai báo người đứng đầu" in dialog.error.text()
    assert "Quản trị › Thông tin đơn vị" in dialog.error.text() and dialog.focusWidget() is dialog.approver
    type_text(dialog.approver, "Phạm Thị Lãnh")
    dialog.check()
    qtbot.waitUntil(lambda: pane.detail.status == Status.STOPPED, timeout=10_000)
    settle(qtbot, ui)
    assert pane.detail.stops[-1].approver_name == "Phạm Thị Lãnh"
    assert "Phạm Thị Lãnh" in pdf_text(printing.form_pdf(ui.op, "stop", pane.detail))


def test_the_operation_refuses_a_stop_nobody_would_sign(desk, ui):
    d = receive(desk, ADMIN)
    with pytest.raises(ValidationError, match="chưa khai báo người đứng đầu"):
        moves.make_move(ui.op, d.code, moves.MoveRequest("stop", note="Công dân đề nghị dừng"))
    assert dossiers.detail(ui.op, d.id).status == Status.RECEIVED


def test_with_a_head_set_the_head_signs_and_nothing_more_is_asked(desk, ui, admin_user, qtbot):
    details = agency_details.read(desk)
    agency_details.save(desk, dataclasses.replace(details, head_name="Lê Văn Trưởng", head_title="GIÁM ĐỐC"), ADMIN)
    desk.invalidate()
    d = receive(desk, admin_user.actor())
    pane = DetailPane(ui)
    qtbot.addWidget(pane)
    pane.show()
    dialog = open_stop(pane, qtbot, d)
    assert not dialog.approver.isVisibleTo(dialog)
    type_text(dialog.reason, "Công dân đề nghị dừng giải quyết")
    dialog.check()
    qtbot.waitUntil(lambda: pane.detail.status == Status.STOPPED, timeout=10_000)
    settle(qtbot, ui)
    assert pane.detail.stops[-1].approver_name == "Lê Văn Trưởng"
