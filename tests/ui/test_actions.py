"""Moves from the detail pane with their dialogs and forms: forward, hand-over, supplement (Mẫu 02) and
its return, refusal (Mẫu 03), reprint; buttons follow the allowed moves and the signed-in role."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.printing import printable as printable_forms
from app.services import intake
from app.services.dto import IntakeRequest, PersonIn
from app.services.status import Status
from app.ui.context import UiContext
from app.ui.detail_pane import DetailPane
from app.ui.forward_dialog import ForwardDialog
from app.ui.reason_dialog import ReasonDialog
from app.ui.supplement_dialog import SupplementDialog

from .conftest import settle, shown_pane, type_text


@pytest.fixture
def dossier(desk, admin_user):
    req = IntakeRequest(procedure="1.004873", applicant=PersonIn(name="Vũ Thị Hạnh", id_number="036190004321",
                                                                 address="Xóm Chùa, xã Tân Lập"))
    return intake.receive(desk, req, admin_user.actor())


@pytest.fixture
def pane(ui, dossier, qtbot):
    return shown_pane(ui, qtbot, dossier.id)


def click(qtbot, pane, key: str) -> None:
    """The button for a main move, or the entry of the "Việc khác…" menu for the others."""
    if key in pane.action_buttons:
        qtbot.mouseClick(pane.action_buttons[key], Qt.MouseButton.LeftButton)
    else:
        pane.action_items[key].trigger()


def test_forward_then_handover_logs_both(pane, ui, qtbot):
    assert {"forward", "supplement", "result_ready"} <= set(pane.action_buttons)
    assert {"refuse", "reschedule", "handover", "withdraw", "stop", "payment"} <= set(pane.action_items)
    click(qtbot, pane, "forward")
    dialog = pane.actions.dialog
    assert isinstance(dialog, ForwardDialog)
    dialog.check()
    assert dialog.isVisible() and "Hãy ghi người" in dialog.error.text()
    type_text(dialog.to_party, "Công chức Tư pháp - Hộ tịch")
    dialog.check()
    qtbot.waitUntil(lambda: pane.detail.status == Status.PROCESSING, timeout=5000)
    assert pane.detail.handling_unit == "Công chức Tư pháp - Hộ tịch"
    assert "forward" not in pane.action_buttons
    click(qtbot, pane, "handover")
    type_text(pane.actions.dialog.to_party, "Ông Trần Văn Bình, Phó Chủ tịch")
    pane.actions.dialog.check()
    qtbot.waitUntil(lambda: pane.detail.events[-1].kind == "handover", timeout=5000)
    assert "Bàn giao" in pane.body.toPlainText()


def test_supplement_prints_form_02_and_its_return_moves_the_due_date(pane, ui, qtbot, clock):
    click(qtbot, pane, "supplement")
    dialog = pane.actions.dialog
    assert isinstance(dialog, SupplementDialog)
    dialog.papers.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.others.setPlainText("Giấy xác nhận cư trú")
    type_text(dialog.reason, "Tờ khai chưa ghi nơi cư trú trước đây.")
    dialog.check()
    qtbot.waitUntil(lambda: pane.detail.status == Status.SUPPLEMENT_REQUESTED, timeout=5000)
    settle(qtbot, ui)
    preview = pane.actions.last_preview
    assert preview is not None and preview.pdf.startswith(b"%PDF")
    assert set(pane.action_items) >= {"receive_supplement", "withdraw"}
    due_before = pane.detail.due_at
    clock.advance(days=3)
    click(qtbot, pane, "receive_supplement")
    box = pane.actions.dialog  # a one-click move asks once
    next(b for b in box.buttons() if b is not box.escapeButton()).click()
    qtbot.waitUntil(lambda: pane.detail.status == Status.PROCESSING, timeout=5000)
    assert pane.detail.due_at > due_before
    assert "supplement" in printable_forms(pane.detail)


def test_refusal_needs_a_reason_and_prints_form_03(pane, ui, qtbot):
    click(qtbot, pane, "refuse")
    dialog = pane.actions.dialog
    assert isinstance(dialog, ReasonDialog)
    dialog.check()
    assert "lý do" in dialog.error.text()
    type_text(dialog.reason, "Thủ tục không thuộc thẩm quyền của xã.")
    dialog.check()
    qtbot.waitUntil(lambda: pane.detail.status == Status.REFUSED, timeout=5000)
    settle(qtbot, ui)
    assert pane.actions.last_preview is not None
    assert pane.action_items == {} and pane.other.isHidden()
    assert "refusal" in printable_forms(pane.detail)


def test_reprint_any_form_opens_its_preview(pane, ui, qtbot):
    for form in ("receipt", "control"):
        pane.actions.reprint(form, pane.detail)
        settle(qtbot, ui)
        preview = pane.actions.last_preview
        assert preview.pdf.startswith(b"%PDF")
        qtbot.waitUntil(lambda p=preview: p.rendered >= 1, timeout=5000)
        preview.close()


def test_buttons_follow_the_role(desk, dossier, qtbot):
    from app.services.dto import Actor

    clerk = UiContext(desk, Actor("clerk1", "Nguyễn Thị Hồng", "clerk"))
    p = DetailPane(clerk)
    qtbot.addWidget(p)
    p.show_detail(dossier)
    # A clerk forwards, asks for papers and refuses, but neither marks results ready nor approves apologies.
    assert {"forward", "supplement", "refuse", "withdraw"} <= set(p.action_items)
    assert not {"result_ready", "reschedule", "stop", "payment"} & set(p.action_items)
    clerk.tasks.wait()


@pytest.mark.parametrize(("start", "expected"), [("2026-01-01", "03/2025/TT-VPCP"), ("2027-01-01", "01/2018/TT-VPCP")])
def test_preview_uses_the_form_set_in_force_on_the_received_day(pane, ui, desk, qtbot, start, expected):
    import pypdfium2 as pdfium

    from app.services import settings

    with desk.db.write() as s:
        settings.put(s, "forms_2025_from", start)
    pane.actions.reprint("receipt", pane.detail)
    settle(qtbot, ui)
    preview = pane.actions.last_preview
    pdf = pdfium.PdfDocument(preview.pdf)
    try:
        text = " ".join(" ".join(page.get_textpage().get_text_range() for page in pdf).split())
    finally:
        pdf.close()
    assert expected in text and "Vũ Thị Hạnh" in text
    preview.close()
