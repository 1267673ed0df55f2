"""A saved dossier's applicant can be corrected ("Sửa thông tin"): through the detail pane's dialog, with a
required reason; the old and new values show in the history, the chained audit log and the outbox (sent
upstream as a change); the code and dates never change; the slip is offered again with the new details.
Roles that may not correct do not see it, and the service refuses them."""

from __future__ import annotations

import json
import sqlite3

import pytest
from PySide6.QtCore import Qt

from app.errors import PermissionDenied, ValidationError
from app.operations.base import OpContext
from app.operations.corrections import CorrectionIn, correct_applicant
from app.services import intake
from app.services.dto import Actor, IntakeRequest, PersonIn
from app.ui.correction_dialog import CorrectionDialog
from app.ui.detail_pane import DetailPane
from app.ui.pdf_preview_dialog import PdfPreviewDialog
from tests.pdfs import pdf_text

from .conftest import settle, type_text


@pytest.fixture
def dossier(desk, admin_user):
    req = IntakeRequest(procedure="1.004873", applicant=PersonIn(name="Vũ Thị Hanh", id_number="036190004321",
                                                                 phone="0912000111", address="Xóm Chùa"))
    return intake.receive(desk, req, admin_user.actor())


def rows(desk, sql: str) -> list[tuple]:
    with sqlite3.connect(desk.paths.database) as conn:
        return conn.execute(sql).fetchall()



def test_a_correction_shows_in_history_audit_and_outbox(ui, desk, dossier, qtbot):
    pane = DetailPane(ui)
    qtbot.addWidget(pane)
    pane.show()
    pane.load(dossier.id)
    qtbot.waitUntil(lambda: pane.detail is not None)
    pane.action_items["correct"].trigger()
    dialog = pane.actions.dialog
    assert isinstance(dialog, CorrectionDialog) and dialog.name.text() == "Vũ Thị Hanh"
    dialog.name.clear()
    type_text(dialog.name, "vũ thị hạnh")
    assert dialog.preview.text() == "Sẽ lưu là: Vũ Thị Hạnh"
    dialog.address.setText("Xóm Chùa, xã Tân Lập")
    # No reason: the dialog stays open with the message beside the field, nothing is written.
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog.address, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.errors["reason"].isVisible())
    assert dialog.isVisible() and "lý do" in dialog.errors["reason"].text()
    assert not rows(desk, "SELECT id FROM events WHERE kind = 'correct'")
    type_text(dialog.reason, "Gõ nhầm dấu tên khi tiếp nhận")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Enter submits
    qtbot.waitUntil(lambda: pane.detail.applicant_name == "Vũ Thị Hạnh", timeout=5000)
    d = pane.detail
    assert (d.code, d.received_at, d.due_at, d.status) == (dossier.code, dossier.received_at, dossier.due_at,
                                                            dossier.status)
    assert d.applicant_address == "Xóm Chùa, xã Tân Lập"
    # History: the event with old and new values and the reason.
    html = pane.body.toHtml()
    assert "Sửa thông tin người nộp" in html and "«Vũ Thị Hanh» → «Vũ Thị Hạnh»" in html
    assert "Gõ nhầm dấu tên khi tiếp nhận" in html
    # Audit log: old and new values, in the chain.
    (summary,) = rows(desk, "SELECT summary FROM audit_log WHERE action = 'dossier.correct'")[0]
    changes = json.loads(summary)["changes"]
    assert changes == {"applicant_name": ["Vũ Thị Hanh", "Vũ Thị Hạnh"],
                       "applicant_address": ["Xóm Chùa", "Xóm Chùa, xã Tân Lập"]}
    # Outbox: the dossier goes upstream again as a change.
    assert rows(desk, f"SELECT kind FROM outbox WHERE dossier_id = {d.id} ORDER BY id")[-1] == ("correct",)
    # The slip is offered again, with the new name on it.
    box = pane.actions.dialog
    assert "In lại phiếu hẹn" in box.text() or "In lại phiếu hẹn" in box.windowTitle()
    next(b for b in box.buttons() if b is not box.escapeButton()).click()
    qtbot.waitUntil(lambda: isinstance(pane.actions.last_preview, PdfPreviewDialog), timeout=10_000)
    text = pdf_text(pane.actions.last_preview.pdf)
    assert "Vũ Thị Hạnh" in text and dossier.code in text
    pane.actions.last_preview.close()
    settle(qtbot, ui)


def test_the_rules_of_a_correction(desk, dossier, admin_user):
    ctx = OpContext(desk, admin_user.actor())
    same = CorrectionIn("Vũ Thị Hanh", "036190004321", "0912000111", "Xóm Chùa", "không đổi gì")
    with pytest.raises(ValidationError) as nothing:
        correct_applicant(ctx, dossier.code, same)
    assert "Chưa có thông tin nào thay đổi" in nothing.value.fields["form"]
    bad = CorrectionIn("Vũ Thị Hạnh", "12345", "0912000111", "Xóm Chùa", "sai số")
    with pytest.raises(ValidationError) as wrong:
        correct_applicant(ctx, dossier.code, bad)
    assert "applicant.id_number" in wrong.value.fields
    officer = Actor(username="canbo", full_name="Lê Cán Bộ", role="officer")
    with pytest.raises(PermissionDenied):
        correct_applicant(OpContext(desk, officer), dossier.code, bad)
    assert not rows(desk, "SELECT id FROM events WHERE kind = 'correct'")
    done = correct_applicant(ctx, dossier.code, CorrectionIn("Vũ Thị Hạnh", "036190004322", "0912000111",
                                                             "Xóm Chùa", "Sai một số"))
    assert [c.field for c in done.changes] == ["applicant_name", "applicant_id_number"]
    assert done.changed.ids == (dossier.id,)
