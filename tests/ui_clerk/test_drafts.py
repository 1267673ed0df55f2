"""Nothing typed is lost: a half-typed intake survives the process being killed and comes back on the
next start; Ctrl+N and Ctrl+Q ask before discarding; names are capitalised before saving; a changed ID
number takes back what was pre-filled from someone else's dossier."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from app.services import intake
from app.services.dto import IntakeRequest, PersonIn
from app.services.names import capitalise_name
from app.ui.main_window import MainWindow

from .conftest import PASSWORD, choose, settle, type_text

ROOT = Path(__file__).resolve().parents[2]


def question() -> QMessageBox:
    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())


def test_a_draft_survives_a_killed_process_and_comes_back(desk, ui, qtbot):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen([sys.executable, "-m", "tests.ui_clerk.draft_child", str(desk.paths.data_dir)],
                             cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert child.stdout.readline().strip() == "READY"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert child.returncode == -signal.SIGKILL

    window = MainWindow(ui)
    qtbot.addWidget(window)
    window.show()
    settle(qtbot, ui)
    page = window.intake
    qtbot.waitUntil(lambda: page.applicant.name.text() == "Hoàng Thị Lụa", timeout=10_000)
    assert page.applicant.phone.text() == "0987654321"
    assert page.applicant.address.text() == "Xóm Đồi, xã Tân Lập"
    assert page.note.toPlainText() == "Còn thiếu bản sao giấy chứng sinh"
    assert len(page.picker.chosen) == 1
    assert "Đã khôi phục lượt tiếp nhận đang nhập dở" in window.messages.text
    # Saving it clears the draft: the next start is a clean form.
    window.show_page("intake")
    qtbot.keyClick(page.applicant.name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.result.isVisible(), timeout=10_000)
    assert not page.drafts.file.path.exists()
    window.close()


def test_ctrl_n_asks_before_throwing_a_visit_away(window, qtbot):
    window.show_page("intake")
    page = window.intake
    type_text(page.applicant.name, "Lê Văn Tám")
    qtbot.keyClick(page.applicant.name, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    box = question()
    assert "chưa được lưu" in box.text()
    box.escapeButton().click()  # "Quay lại nhập tiếp"
    assert page.applicant.name.text() == "Lê Văn Tám"
    qtbot.keyClick(page.applicant.name, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    box = question()
    next(b for b in box.buttons() if b is not box.escapeButton()).click()
    assert page.applicant.name.text() == ""
    # An empty form starts over without a question.
    qtbot.keyClick(page.applicant.name, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert not any(isinstance(w, QMessageBox) and w.isVisible() for w in QApplication.topLevelWidgets())


def test_ctrl_q_asks_and_keeps_the_draft(window, qtbot):
    window.show_page("intake")
    page = window.intake
    type_text(page.applicant.name, "Lê Văn Tám")
    qtbot.keyClick(page.applicant.name, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    box = question()
    assert "bản nháp" in box.text()
    box.escapeButton().click()
    assert window.isVisible()
    qtbot.keyClick(page.applicant.name, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    next(b for b in question().buttons() if b is not question().escapeButton()).click()
    qtbot.waitUntil(lambda: not window.isVisible())
    assert "Lê Văn Tám" in page.drafts.file.path.read_text("utf-8")


def test_names_are_capitalised_vietnamese_aware():
    assert capitalise_name("nguyễn thị lan") == "Nguyễn Thị Lan"
    assert capitalise_name("ĐẶNG  văn   ánh") == "Đặng Văn Ánh"
    # Typed with combining marks (NFD): composed first, so no capital appears after a mark.
    assert capitalise_name("nguye\u0302\u0303n đức") == "Nguyễn Đức"
    assert capitalise_name("h'hen niê") == "H'Hen Niê"


def test_the_name_shows_capitalised_before_saving_and_is_saved_so(window, ui, qtbot, desk):
    window.show_page("intake")
    page = window.intake
    choose(page, qtbot, "đăng ký khai sinh")
    type_text(page.applicant.name, "nguyễn thị lan")
    qtbot.keyClick(page.applicant.name, Qt.Key.Key_Tab)
    assert page.applicant.name.text() == "Nguyễn Thị Lan"
    # The service capitalises too (the command line and imports go through it).
    d = intake.receive(desk, IntakeRequest(procedure="1.001193", applicant=PersonIn(name="trần văn an"),
                                           channel="counter"), ui.actor)
    assert d.applicant_name == "Trần Văn An"


def test_a_new_id_number_takes_back_the_previous_persons_details(window, ui, qtbot, desk):
    intake.receive(desk, IntakeRequest(procedure="1.001193", applicant=PersonIn(
        name="Phạm Thị Hoa", id_number="001190012345", phone="0912345678", address="Thôn Đông"),
        channel="counter"), ui.actor)
    window.show_page("intake")
    form = window.intake.applicant
    form.id_number.setFocus()
    qtbot.keyClicks(form.id_number, "001190012345")
    qtbot.waitUntil(lambda: form.phone.text() == "0912345678", timeout=10_000)
    assert form.hint.isVisible() and "Phạm Thị Hoa" in form.hint.text()
    form.address.setText("Thôn Tây")  # the clerk corrected this one: it stays
    qtbot.keyClick(form.id_number, Qt.Key.Key_Backspace)
    assert form.phone.text() == "" and form.name.text() == "" and not form.hint.isVisible()
    assert form.address.text() == "Thôn Tây"


def test_on_an_encrypted_desk_the_draft_is_encrypted_too(desk, admin_user):
    from app.services import accounts_store
    from app.services.drafts import DraftStore

    paths = desk.paths
    accounts_store.enable_encryption(desk, admin_user.actor(), admin_user.username, PASSWORD)
    secured, _ = accounts_store.open_signed_in(paths, admin_user.username, PASSWORD)
    try:
        store = DraftStore(secured, admin_user.username)
        store.save('{"applicant": {"name": "Hoàng Thị Lụa", "phone": "0987654321"}}')
        raw = store.path.read_bytes()
        assert b"0987654321" not in raw and "Lụa".encode() not in raw
        assert not list(paths.data_dir.glob("drafts/*.json"))
        assert "Hoàng Thị Lụa" in DraftStore(secured, admin_user.username).load()
    finally:
        secured.close()
