"""The keyboard-first promise and the wording: ↓/Enter from the search box into the list, Enter on a row
starts its main move, Ctrl+Enter submits dialogs, Enter in the apology's leader field submits, the one-click
moves ask first, the desk's own Vietnamese print dialog where Qt has no Vietnamese, and the sync page
before configuration (no endless "Đang đồng bộ…", "Kiểm tra kết nối" tests what was typed)."""

from __future__ import annotations

import os
import socket

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from app.services import intake, workflow
from app.services.dto import IntakeRequest, PersonIn
from app.services.status import Status
from app.sync.service import SyncService
from app.sync.tokens import TokenStore
from app.ui.applicant_form import beside_field
from app.ui.forward_dialog import ForwardDialog
from app.ui.i18n import qt_translation_loaded
from app.ui.print_dialog import VnPrintDialog, print_dialog
from app.ui.reason_dialog import ReasonDialog
from app.ui.reschedule_dialog import RescheduleDialog
from app.ui.supplement_dialog import SupplementDialog
from app.ui.sync_page import SyncPage
from app.ui.sync_worker import SyncController

from .conftest import settle, type_text


@pytest.fixture
def received(desk, admin_user):
    return [intake.receive(desk, IntakeRequest(procedure="1.004873", applicant=PersonIn(name=n),
                                               channel="counter"), admin_user.actor())
            for n in ("Bùi Văn Một", "Bùi Văn Hai")]


def active(qtbot, dialog) -> None:
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)


def test_from_the_search_box_into_the_list_and_enter_starts_the_main_move(received, window, ui, qtbot):
    window.show_page("dossiers")
    page = window.dossiers
    settle(qtbot, ui)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    page.focus_search()
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert page.table.hasFocus() and page.table.currentIndex().row() == 0
    # Enter after typing: search now, then into the list.
    page.focus_search()
    qtbot.keyClicks(page.search, "bui van hai")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.table.hasFocus() and page.model.rowCount() == 1, timeout=5000)
    qtbot.waitUntil(lambda: page.detail.detail is not None and page.detail.detail.applicant_name == "Bùi Văn Hai")
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert isinstance(page.detail.actions.dialog, ForwardDialog)  # the main move of a received dossier
    page.detail.actions.dialog.reject()


def test_ctrl_enter_submits_the_dialogs_and_enter_in_the_leader_field_too(ui, desk, received, qtbot):
    d = received[0]
    supplement = SupplementDialog(d)
    qtbot.addWidget(supplement)
    supplement.show()
    active(qtbot, supplement)
    with qtbot.waitSignal(supplement.finished, timeout=2000, raising=False) as nothing:
        qtbot.keyClick(supplement.reason, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not nothing.signal_triggered  # checked first: no reason yet
    type_text(supplement.others, "Bản sao giấy khai sinh")
    type_text(supplement.reason, "Thiếu bản sao giấy khai sinh")
    with qtbot.waitSignal(supplement.accepted, timeout=2000):
        qtbot.keyClick(supplement.reason, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    reason = ReasonDialog("Từ chối", True)
    qtbot.addWidget(reason)
    reason.show()
    active(qtbot, reason)
    type_text(reason.reason, "Không thuộc thẩm quyền")
    with qtbot.waitSignal(reason.accepted, timeout=2000):
        qtbot.keyClick(reason.reason, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    apology = RescheduleDialog(ui, d)
    qtbot.addWidget(apology)
    apology.show()
    active(qtbot, apology)
    type_text(apology.reason, "Chờ xác minh của huyện")
    apology.approved_by.setFocus()
    with qtbot.waitSignal(apology.accepted, timeout=2000):
        qtbot.keyClick(apology.approved_by, Qt.Key.Key_Return)


def test_one_click_moves_ask_first(window, ui, desk, received, admin_user, qtbot):
    d = received[0]
    workflow.transition(desk, d.code, Status.PROCESSING, admin_user.actor(), to_party="Lê Văn Xử")
    pane = window.dossiers.detail
    window.show_page("dossiers")
    pane.load(d.id)
    qtbot.waitUntil(lambda: pane.detail is not None and pane.detail.status == Status.PROCESSING)
    pane.action_buttons["result_ready"].click()
    box = pane.actions.dialog
    assert "đã xử lý xong" in box.text()
    box.escapeButton().click()  # Hủy
    settle(qtbot, ui)
    assert pane.detail.status == Status.PROCESSING
    pane.action_buttons["result_ready"].click()
    box = pane.actions.dialog
    next(b for b in box.buttons() if b is not box.escapeButton()).click()
    qtbot.waitUntil(lambda: pane.detail.status == Status.RESULT_READY, timeout=5000)
    # One name per status: the button says what the status will say.
    assert pane.detail and "Đã xử lý xong" == Status.RESULT_READY.label


def test_messages_beside_a_field_do_not_repeat_its_name():
    assert beside_field("Số giấy tờ người nộp: Số định danh cá nhân phải có 12 chữ số.") == \
        "Số định danh cá nhân phải có 12 chữ số."
    assert beside_field("Chưa nhập họ tên người nộp.") == "Chưa nhập họ tên người nộp."


def test_the_print_dialog_is_vietnamese(qapp):
    dialog = print_dialog(QPrinter())
    if qt_translation_loaded():
        assert dialog.windowTitle() != "Print"
    else:  # Qt ships no qtbase_vi: the desk's own dialog
        assert isinstance(dialog, VnPrintDialog) and dialog.windowTitle() == "In"
        dialog.check()
        if dialog.printers.count() == 0:
            assert "chưa cài máy in" in dialog.error.text()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_sync_page_before_configuration(desk, admin_user, qtbot, tmp_path):
    os.environ["MOTCUA_TOKEN_BACKEND"] = "file"
    from tests.sync.conftest import TOKEN, reference_receiver

    service = SyncService(desk, TokenStore(desk.paths, "file"))
    controller = SyncController(service, interval_ms=60_000)
    try:
        page = SyncPage(controller, admin_user.actor())
        qtbot.addWidget(page)
        page.sync_now()
        qtbot.waitUntil(lambda: "Đang đồng bộ" not in page.notice.text(), timeout=10_000)
        assert "Chưa cấu hình đồng bộ" in page.notice.text()
        # "Kiểm tra kết nối" tests what is typed, before saving it.
        port = free_port()
        receiver = reference_receiver(tmp_path / "province.sqlite3", "--port", str(port))
        try:
            dialog = page.open_config()
            dialog.url.setText(f"http://127.0.0.1:{port}")
            dialog.token.setText(TOKEN)
            dialog.test_connection()
            qtbot.waitUntil(lambda: "Kết nối được" in dialog.result.text(), timeout=10_000)
            assert not service.config().complete  # nothing was saved by testing
            dialog.reject()
        finally:
            receiver.stop()
    finally:
        controller.stop()
