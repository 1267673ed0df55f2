"""The Reports page: built from a UiContext, loads the figures off the UI thread, draws charts, exports."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from PySide6.QtGui import QColor

from app.services.reports import month_period, range_period
from app.ui import pages
from app.ui.context import UiContext
from app.ui.reports_page import ReportsPage, create_page
from tests.reports.conftest import HONG, LEADER


@pytest.fixture
def page(qtbot, scenario):
    ctx = UiContext(desk=scenario.desk, actor=LEADER)
    p = create_page(ctx)
    qtbot.addWidget(p)
    p.resize(1300, 900)
    yield p
    ctx.tasks.wait()


def test_page_defaults_to_this_month_and_loads_off_the_ui_thread(qtbot, page):
    assert page.period() == month_period(2026, 11)  # the desk's clock says 27/11/2026
    assert not page.export_buttons["xlsx"].isEnabled()
    with qtbot.waitSignal(page.report_ready, timeout=10_000) as got:
        page.page_shown()
    data = got.args[0]
    assert data["received"] == 16
    assert page.values["received"].text() == "16"
    assert page.values["on_time_rate"].text() == "72,2 %"  # (9 + 4) / (12 + 6), Decision 766
    assert page.values["finished_on_time_rate"].text() == "75,0 %"
    assert "98,0 %" in page.rate_note.text() and "chưa đạt" in page.rate_note.text()
    assert "Quyết định 766" in page.rate_note.text()
    assert page.values["avg_processing_working_days"].text() == "2,82"
    assert page.values["satisfied_rate"].text() == "83,3 %"
    assert page.heading.text() == "Báo cáo Tháng 11/2026 (01/11/2026 – 30/11/2026)"
    procs = page.tables["by_procedure"]
    assert procs.rowCount() == 4 and procs.item(0, 1).text() == "1.004873" and procs.item(0, 2).text() == "8"
    assert page.tables["overdue_list"].rowCount() == 2
    assert page.tabs.tabText(page.tabs.indexOf(page.tables["late_list"])) == "Trễ hạn trong kỳ (3)"
    assert page.export_buttons["xlsx"].isEnabled()
    # The charts hold the figures and are painted (a green "early" bar on white).
    assert [v for _label, v, _c in page.results_chart.bars] == [5, 4, 3, 4, 2]
    image = page.results_chart.grab().toImage()
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 3)
               for y in range(0, image.height(), 3)}
    assert QColor("#2e7d32").name() in colours


def test_period_picker_range_and_reversed_range(qtbot, page):
    page.set_period(range_period(dt.date(2026, 11, 10), dt.date(2026, 11, 10)))
    assert page.date_from.isVisibleTo(page) and not page.part.isVisibleTo(page)
    with qtbot.waitSignal(page.report_ready, timeout=10_000) as got:
        page.refresh()
    assert got.args[0]["received"] == 2
    page.date_to.setDate(dt.date(2026, 11, 1))
    with qtbot.waitSignal(page.failed, timeout=2_000) as failed:
        page.refresh()
    assert "Ngày kết thúc phải bằng hoặc sau ngày bắt đầu" in failed.args[0]
    page.set_period(month_period(2026, 10))
    assert (page.kind.currentData(), page.part.currentIndex(), page.year.value()) == ("month", 9, 2026)


def test_export_excel_from_the_page(qtbot, page, tmp_path):
    with qtbot.waitSignal(page.report_ready, timeout=10_000):
        page.refresh()
    target = tmp_path / "bao-cao.xlsx"
    with qtbot.waitSignal(page.exported, timeout=10_000):
        page.export("xlsx", target)
    ws = openpyxl.load_workbook(target)["Tổng hợp"]
    figures = {row[2]: row[1] for row in ws.iter_rows(min_row=4, values_only=True) if row[2]}
    assert figures["received"] == 16 and figures["finished_late"] == 3
    assert "Đã lưu báo cáo vào" in page.status.text()
    with qtbot.waitSignal(page.failed, timeout=10_000) as failed:
        page.export("pdf", page.ctx.desk.paths.backups / "x.pdf")  # never into the data folder
    assert "Không ghi tệp" in failed.args[0] and "thư mục dữ liệu" in failed.args[0]


def test_a_clerk_cannot_read_reports(qtbot, scenario):
    ctx = UiContext(desk=scenario.desk, actor=HONG)
    assert [spec.key for spec, _w in pages.optional_pages(ctx) if spec.key == "reports"] == []
    p = ReportsPage(ctx)
    qtbot.addWidget(p)
    with qtbot.waitSignal(p.failed, timeout=10_000) as failed:
        p.refresh()
    assert "không có quyền xem báo cáo" in failed.args[0]
    ctx.tasks.wait()


def test_page_registry_builds_the_reports_page_for_a_leader(qtbot, scenario):
    ctx = UiContext(desk=scenario.desk, actor=LEADER)
    built = dict((spec.key, w) for spec, w in pages.optional_pages(ctx))
    assert isinstance(built["reports"].ensure_built(), ReportsPage)  # pages are built on first show
    for w in built.values():
        qtbot.addWidget(w)
