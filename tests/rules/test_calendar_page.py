"""The administrator's calendar page: lists the year, sets a day, refuses a day that decided a finished
dossier with the reason, imports the province's file and recomputes the open dossiers."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtCore import QDate

from app.services import workflow
from app.ui.calendar_page import create_page
from app.ui.context import UiContext
from tests.rules.conftest import ADMIN, CLERK, OFFICER, at, intake


@pytest.fixture
def page(qtbot, desk, clock):  # type: ignore[no-untyped-def]
    at(clock, dt.datetime(2027, 2, 1, 9, 30))
    ctx = UiContext(desk=desk, actor=ADMIN)
    p = create_page(ctx)
    qtbot.addWidget(p)
    p.resize(1366, 768)
    yield p
    ctx.tasks.wait()


def _rows(p) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [[p.table.item(r, c).text() for c in range(4)] for r in range(p.table.rowCount())]


def test_page_lists_sets_refuses_imports_and_recomputes(qtbot, page, desk, clock, tmp_path):
    x = intake(desk, clock, dt.datetime(2027, 2, 1, 9, 0), "1.004873", "Xa Văn Xuân")  # due Thu 11/02 09:00
    done = intake(desk, clock, dt.datetime(2027, 1, 26, 9, 0), "1.004873", "Đỗ Thị Xong")
    at(clock, dt.datetime(2027, 1, 27, 9, 0))
    workflow.transition(desk, done, "result_ready", OFFICER)
    at(clock, dt.datetime(2027, 2, 1, 9, 30))
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.page_shown()
    assert ["thứ Hai 08/02/2027", "Ngày nghỉ", "Nghỉ lễ theo luật"] in [r[:3] for r in _rows(page)]
    page.day.setDate(QDate(2027, 2, 12))
    page.kind.setCurrentIndex(0)
    page.note.setText("Nghỉ Tết theo thông báo của tỉnh")
    with qtbot.waitSignal(page.done, timeout=10_000) as got:
        page.set_day()
    assert "Đã ghi ngày 12/02/2027" in got.args[0]
    qtbot.waitUntil(lambda: ["thứ Sáu 12/02/2027", "Ngày nghỉ", "Đơn vị nhập", "Nghỉ Tết theo thông báo của tỉnh"]
                    in _rows(page), timeout=10_000)
    page.day.setDate(QDate(2027, 1, 26))
    with qtbot.waitSignal(page.failed, timeout=10_000) as failed:
        page.set_day()
    assert "Không sửa được ngày đã qua" in failed.args[0] and done in failed.args[0]
    f = tmp_path / "tet.json"
    f.write_text(json.dumps([{"day": "2027-02-11", "kind": "off", "note": "Nghỉ Tết"}]), encoding="utf-8")
    with qtbot.waitSignal(page.done, timeout=10_000) as got:
        page.import_file(f)
    assert "Đã nhập 1 ngày" in got.args[0] and "1 hồ sơ đang giải quyết sẽ đổi hạn trả" in got.args[0]
    with qtbot.waitSignal(page.done, timeout=10_000) as got:
        page.recompute(apply=True)
    assert "Đã tính lại hạn trả của 1 hồ sơ" in got.args[0] and x in page.moved.text()
    page.grab().save(str(tmp_path / "calendar-page.png"))


def test_a_clerk_reads_but_cannot_change(qtbot, desk):
    p = create_page(UiContext(desk=desk, actor=CLERK))
    qtbot.addWidget(p)
    assert not p.set_button.isEnabled() and not p.import_button.isEnabled() and p.check_button.isEnabled()
