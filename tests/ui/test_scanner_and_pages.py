"""Barcode scans anywhere in the window, unknown codes, hand typing left alone; start page lists;
the optional page registry."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from app.operations import OpContext, dossiers
from app.services import demo
from app.services.search import SearchFilter
from app.ui import pages
from app.ui.context import UiContext
from app.ui.scanner import BarcodeScanner, looks_like_code
from tests.conftest import ADMIN

from .conftest import settle


def test_unknown_code_says_so_clearly(window, ui, qtbot):
    window.show_page("intake")
    field = window.intake.picker.search
    field.setFocus()
    qtbot.keyClicks(field, "000.17.22.H56-261120-0999")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.messages.level == "error", timeout=5000)
    assert "Không tìm thấy hồ sơ mã «000.17.22.H56-261120-0999»" in window.messages.text
    assert field.text() == ""  # the scanned characters were taken back out of the field
    assert window.stack.currentWidget() is window.dossiers


def test_typing_by_hand_is_not_a_scan(window, ui, qtbot):
    ticks = iter(x * 0.3 for x in range(1000))
    window.scanner.clock = lambda: next(ticks)  # 300 ms between keys: a person, not a scanner
    scans = []
    window.scanner.scanned.connect(scans.append)
    window.show_page("dossiers")
    search = window.dossiers.search
    search.setFocus()
    qtbot.keyClicks(search, "000.17.22.H56-261120-0001")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert scans == [] and search.text() == "000.17.22.H56-261120-0001"


def test_code_shapes():
    assert looks_like_code("000.17.22.H56-261120-0001")
    assert looks_like_code("H21.65-20261120-1000001")
    assert not looks_like_code("nguyen van an")
    assert not looks_like_code("0912345678")
    assert BarcodeScanner  # imported for the window; the class itself is exercised above


def test_start_page_counts_and_one_click_lists(desk, ui, qtbot, clock):
    demo.load(desk, 400, seed=11, recent=True)
    ctx = ui
    from app.ui.main_window import MainWindow

    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    settle(qtbot, ctx)
    f = w.today.figures
    assert f is not None and f.at == clock.now
    with desk.db.read() as s:
        from app.services import search

        assert f.overdue == search.overdue_count(s, clock.now)
        day = dt.datetime.combine(clock.now.date(), dt.time.min)
        assert f.received_today == search.received_count(s, day, day + dt.timedelta(days=1))
    assert w.today.cards["overdue"].number.text().replace(".", "") == str(f.overdue)
    qtbot.mouseClick(w.today.cards["overdue"], Qt.MouseButton.LeftButton)
    settle(qtbot, ctx)
    assert w.stack.currentWidget() is w.dossiers and w.dossiers.filters.overdue.isChecked()
    model = w.dossiers.model
    assert model.rowCount() == min(f.overdue, 200)
    qtbot.mouseClick(w.today.cards["due_today"], Qt.MouseButton.LeftButton)
    settle(qtbot, ctx)
    expected = dossiers.search_page(OpContext(desk, ADMIN), "", dossiers.due_today_filter(clock.now), None, 500,
                                    clock.now).rows
    assert [r.id for r in model.rows] == [r.id for r in expected][:200]
    assert len(expected) == f.due_today
    w.close()


def test_apology_from_the_overdue_list(desk, ui, qtbot, clock):
    demo.load(desk, 300, seed=12, recent=True)
    ctx = ui
    from app.ui.main_window import MainWindow
    from app.ui.reschedule_dialog import RescheduleDialog

    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    settle(qtbot, ctx)
    assert w.today.table.rowCount() > 0
    code = w.today.table.item(0, 0).text()
    qtbot.mouseClick(w.today.apology_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(w.dossiers.detail.actions.dialog, RescheduleDialog), timeout=5000)
    dialog = w.dossiers.detail.actions.dialog
    assert dialog.detail.code == code
    dialog.reason.setPlainText("Hồ sơ cần xác minh thêm tại UBND xã nơi cư trú trước đây.")
    dialog.check()
    pane = w.dossiers.detail
    qtbot.waitUntil(lambda: pane.detail is not None and len(pane.detail.reschedules) == 1, timeout=5000)
    settle(qtbot, ctx)
    preview = pane.actions.last_preview
    assert preview is not None and preview.pdf.startswith(b"%PDF")
    w.close()


def test_lazy_pages_are_built_on_first_show_and_broken_ones_do_not_break_the_window(ui, qtbot, monkeypatch):
    from PySide6.QtWidgets import QLabel

    def fake(ctx, parent):
        return QLabel("Trang thử: " + ctx.actor.full_name, parent)

    def broken(ctx, parent):
        raise RuntimeError("hỏng")

    monkeypatch.setattr(pages, "LAZY_PAGES", [
        pages.LazyPageSpec("fake", "Đồng bộ", fake),
        pages.LazyPageSpec("broken", "Báo cáo", broken),
        pages.LazyPageSpec("secret", "Báo cáo", fake, "no.such.permission.for.clerks"),
    ])
    monkeypatch.setattr(UiContext, "can", lambda self, action: action != "no.such.permission.for.clerks")
    found = pages.optional_pages(ui)
    assert [spec.key for spec, _ in found] == ["fake", "broken"]
    assert all(holder.page is None for _, holder in found)  # nothing built until shown
    assert found[0][1].ensure_built().text() == "Trang thử: Trần Thị Quản Trị"
    assert "chưa mở được (RuntimeError)" in found[1][1].ensure_built().text()
    monkeypatch.setattr(pages, "STATUS_WIDGET", broken)
    assert pages.status_widget(ui) is None  # the status bar works without the sync indicator


def test_overdue_filter_matches_search_service(ui, desk, qtbot):
    demo.load(desk, 150, seed=2, recent=True)
    got = dossiers.search_page(OpContext(desk, ADMIN), "", SearchFilter(overdue=True), None, 500, desk.now()).rows
    assert all(r.due_at < desk.now() for r in got)


def test_the_sync_indicator_opens_the_sync_page(window, qtbot):
    assert window.sync_widget is not None and "sync" in window.page_keys
    window.sync_widget.open_requested.emit()
    assert window.page_keys[window.nav.currentRow()] == "sync"
