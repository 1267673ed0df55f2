"""The calendar page is reachable from the Quản trị page for administrators, and the intake procedure
picker says "mã nội bộ" beside a procedure whose national code is not confirmed (issue 14)."""

from __future__ import annotations

from app.operations import dossiers
from app.ui.admin_page import AdminPage
from app.ui.calendar_page import CalendarPage
from app.ui.procedure_picker import ProcedurePicker

from .conftest import settle, type_text


def test_administrator_reaches_the_calendar_from_the_admin_page(ui, qtbot):
    page = AdminPage(ui)
    qtbot.addWidget(page)
    page.show()
    titles = [page.tabText(i) for i in range(page.count())]
    assert "Lịch làm việc" in titles
    page.setCurrentIndex(titles.index("Lịch làm việc"))
    assert isinstance(page.currentWidget(), CalendarPage)
    page.page_shown()
    settle(qtbot, ui)
    table = page.calendar.table
    days = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert any("01/01/" in d for d in days), days  # New Year's Day, a day off by law


def test_picker_marks_local_codes(ui, qtbot):
    picker = ProcedurePicker()
    qtbot.addWidget(picker)
    picker.show()
    picker.set_procedures(dossiers.procedures(ui.op))
    type_text(picker.search, "mai táng phí")
    items = [picker.list.item(i).text() for i in range(picker.list.count())]
    assert items and all("NCC-MTP" not in t or "(mã nội bộ)" in t for t in items)
    assert any("(mã nội bộ)" in t for t in items)
    picker.search.clear()
    type_text(picker.search, "kết hôn")
    confirmed = [picker.list.item(i).text() for i in range(picker.list.count())]
    assert any("1.000894" in t and "mã nội bộ" not in t for t in confirmed), confirmed
