"""It fits the screen: saving an intake never grows the window, the message banner floats over the page,
the slip preview and every dialog fit the free area, messages beside fields never squeeze them, and the
selftest's screen check passes at 1366×768 and 1280×720 (and fails on a screen too small)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.ui import screen_check
from app.ui.pdf_preview_dialog import PdfPreviewDialog
from app.ui.selftest import sample_detail

from .conftest import choose, settle, type_text


def test_saving_an_intake_keeps_the_window_and_its_buttons_on_screen(small_screen, ui, qtbot):
    from app.ui.main_window import MainWindow

    window = MainWindow(ui)
    qtbot.addWidget(window)
    window.show()
    settle(qtbot, ui)
    height = window.height()
    assert height <= small_screen.height()
    window.show_page("intake")
    page = window.intake
    choose(page, qtbot, "đăng ký khai sinh")
    type_text(page.applicant.name, "Đặng Thị Ngọc Ánh")
    stack_top = window.stack.mapTo(window, window.stack.rect().topLeft()).y()
    qtbot.keyClick(page.applicant.name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.result.isVisible(), timeout=10_000)
    settle(qtbot, ui)
    # The banner says what was saved, floating over the page: the page did not move down under the mouse.
    assert window.messages.isVisible() and window.messages.text
    assert window.stack.mapTo(window, window.stack.rect().topLeft()).y() == stack_top
    assert window.height() == height and window.minimumSizeHint().height() <= small_screen.height()
    # The save button is inside the visible part of the window.
    save = page.save_button
    bottom = save.mapTo(window, save.rect().bottomLeft()).y()
    assert 0 < bottom <= window.centralWidget().geometry().bottom()
    preview = next(t for t in QApplication.topLevelWidgets() if isinstance(t, PdfPreviewDialog) and t.isVisible())
    assert preview.height() <= small_screen.height() and preview.width() <= small_screen.width()
    preview.close()
    window.close()


def test_a_message_beside_a_field_never_squeezes_it(window, qtbot):
    window.show_page("intake")
    form = window.intake.applicant
    before = form.id_number.width()
    form.id_number.setFocus()
    qtbot.keyClicks(form.id_number, "12345")
    qtbot.keyClick(form.id_number, Qt.Key.Key_Tab)
    assert form.errors["applicant.id_number"].isVisible()
    QApplication.processEvents()
    assert form.id_number.width() == before
    # The pre-fill note wraps in its column instead of widening it.
    assert form.hint.wordWrap()


def test_every_page_and_dialog_fits_both_common_screens(desk, ui, qtbot):
    sample = sample_detail(desk)
    for width, height in ((1366, 768), (1280, 720)):
        report = screen_check.check_screen(desk, width, height, sample)
        assert report["ok"], report["not_fitting"]
        names = {s["name"] for s in report["sizes"]}
        assert {"page:intake+result", "page:reports", "dialog:pdf_preview", "dialog:return"} <= names
    # A screen too small for the desk is reported, not passed.
    small = screen_check.check_screen(desk, 1024, 600, sample)
    assert not small["ok"] and small["not_fitting"]


def test_the_error_summary_never_moves_the_buttons(window, qtbot):
    window.show_page("intake")
    page = window.intake
    QApplication.processEvents()
    before = (page.save_button.geometry(), page.new_button.geometry())
    qtbot.keyClick(page.picker.search, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # nothing chosen
    page.general.setText("Hãy sửa các ô có thông báo đỏ rồi lưu lại (Ctrl+S).")
    page.general.show()
    QApplication.processEvents()
    assert (page.save_button.geometry(), page.new_button.geometry()) == before


def test_report_tables_keep_the_name_readable_with_its_tooltip(qapp):
    from app.ui.reports_page import NAME_WIDTH, _fill, _table

    table = _table(["Thủ tục", "Mã", "Tiếp nhận", "Đã giải quyết", "Đúng hạn", "Quá hạn"], 0)
    name = "Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hàng tháng, hỗ trợ kinh phí chăm sóc"
    _fill(table, [[name, "1.001776", "12", "10", "9", "1"]], 2)
    assert table.columnWidth(0) >= NAME_WIDTH and table.item(0, 0).toolTip() == name


def test_selftest_screen_command(desk, tmp_path):
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root), "QT_QPA_PLATFORM": "offscreen"}
    run = [sys.executable, "-m", "app", "--data-dir", str(desk.paths.data_dir), "selftest", "--json", "--screen"]
    ok = subprocess.run([*run, "1366x768"], capture_output=True, text=True, env=env, cwd=root)
    assert ok.returncode == 0, ok.stderr[-2000:]
    report = json.loads(ok.stdout[ok.stdout.index("{"):])["screen_check"]
    assert report["ok"] and report["free_area"] == "1366x698"
    assert all(s["min_height"] <= 698 for s in report["sizes"])
    small = subprocess.run([*run, "1024x600"], capture_output=True, text=True, env=env, cwd=root)
    assert small.returncode == 1
    assert json.loads(small.stdout[small.stdout.index("{"):])["screen_check"]["not_fitting"]
    wrong = subprocess.run([*run, "big"], capture_output=True, text=True, env=env, cwd=root)
    assert wrong.returncode == 2 and "RỘNGxCAO" in wrong.stdout
