"""Each role has its queue: "Giao cho" offers the desk's officers, the officer's start page lists "Hồ sơ
của tôi" by due date, the clerk's lists results waiting to be handed back and dossiers waiting for
papers; the return dialog records the collector, their ID number and an authorisation when on behalf."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt

from app.operations.base import OpContext
from app.operations.queues import start_queues
from app.services import accounts, intake, workflow
from app.services.dto import IntakeRequest, PersonIn
from app.services.status import Status
from app.ui.context import UiContext
from app.ui.detail_pane import DetailPane
from app.ui.forward_dialog import ForwardDialog
from app.ui.return_dialog import ReturnDialog
from app.ui.today_page import TodayPage

from .conftest import PASSWORD, settle, type_text


@pytest.fixture
def people(desk, admin_user):
    officer = accounts.create_user(desk, "canbo1", "Lê Văn Xử", "officer", PASSWORD, admin_user.actor(),
                                   title="Công chức Tư pháp", must_change_password=False)
    other = accounts.create_user(desk, "canbo2", "Đỗ Thị Lý", "officer", PASSWORD, admin_user.actor(),
                                 must_change_password=False)
    clerk = accounts.create_user(desk, "tiepnhan", "Ngô Thị Nhận", "clerk", PASSWORD, admin_user.actor(),
                                 must_change_password=False)
    return officer, other, clerk


def receive(desk, actor, name: str, clock=None, days: int = 0):
    if clock is not None:
        clock.advance(days=days)
    return intake.receive(desk, IntakeRequest(procedure="1.004873", applicant=PersonIn(name=name),
                                              channel="counter"), actor)


def test_forward_offers_the_desks_officers_and_the_officer_sees_it_as_mine(desk, ui, people, qtbot, clock):
    officer, other, clerk = people
    first = receive(desk, clerk.actor(), "Phan Văn Một")
    second = receive(desk, clerk.actor(), "Phan Văn Hai", clock, days=1)
    pane = DetailPane(UiContext(desk, clerk.actor(), ui.tasks, ui.bus))
    qtbot.addWidget(pane)
    pane.show()
    for d, who in ((second, officer), (first, officer)):
        pane.load(d.id)
        qtbot.waitUntil(lambda d=d: pane.detail is not None and pane.detail.id == d.id)
        pane.action_buttons["forward"].click()
        dialog = pane.actions.dialog
        assert isinstance(dialog, ForwardDialog)
        qtbot.waitUntil(lambda dialog=dialog: dialog.officer.count() == 2)
        assert {dialog.officer.itemText(i) for i in range(2)} == {"Lê Văn Xử", "Đỗ Thị Lý"}
        dialog.officer.setCurrentIndex(dialog.officer.findText(who.full_name))
        dialog.check()
        qtbot.waitUntil(lambda d=d: pane.detail.id == d.id and pane.detail.status == Status.PROCESSING, timeout=5000)
    # Free text still works for a unit outside the desk.
    third = receive(desk, clerk.actor(), "Phan Văn Ba")
    workflow.transition(desk, third.code, Status.PROCESSING, clerk.actor(), to_party="Phòng Tư pháp huyện")

    # The officer's start page: "Hồ sơ của tôi", soonest due first; the other officer has none.
    officer_ctx = UiContext(desk, officer.actor(), ui.tasks, ui.bus)
    page = TodayPage(officer_ctx)
    qtbot.addWidget(page)
    settle(qtbot, ui)
    table = page.lists.tables["mine"]
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == [first.code, second.code]
    assert "Hồ sơ của tôi (2)" in [page.lists.tabText(i) for i in range(page.lists.count())]
    assert start_queues(OpContext(desk, other.actor()))[0].rows == []
    # Enter opens the selected dossier.
    opened = []
    page.open_code.connect(opened.append)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert opened == [first.code]


def test_the_clerks_start_page_lists_results_to_hand_back_and_papers_awaited(desk, ui, people, qtbot):
    officer, _, clerk = people
    ready = receive(desk, clerk.actor(), "Trịnh Văn Xong")
    workflow.transition(desk, ready.code, Status.PROCESSING, clerk.actor(), to_party=officer.full_name)
    workflow.transition(desk, ready.code, Status.RESULT_READY, officer.actor())
    waiting = receive(desk, clerk.actor(), "Trịnh Thị Chờ")
    workflow.request_supplement(desk, waiting.code, "Thiếu bản sao giấy khai sinh", ["Bản sao giấy khai sinh"],
                                clerk.actor())
    receive(desk, clerk.actor(), "Trịnh Văn Mới")
    page = TodayPage(UiContext(desk, clerk.actor(), ui.tasks, ui.bus))
    qtbot.addWidget(page)
    settle(qtbot, ui)
    assert set(page.lists.tables) == {"ready", "supplement"}
    codes = {k: [t.item(r, 0).text() for r in range(t.rowCount())] for k, t in page.lists.tables.items()}
    assert codes == {"ready": [ready.code], "supplement": [waiting.code]}
    # A clerk may not start the apology (Mẫu 04): told who does instead of a missing button.
    assert page.apology_button.isHidden() and not page.apology_note.isHidden()


def test_the_return_dialog_records_who_collected_on_whose_behalf(desk, ui, people, qtbot):
    officer, _, clerk = people
    d = receive(desk, clerk.actor(), "Trịnh Văn Xong")
    workflow.transition(desk, d.code, Status.PROCESSING, clerk.actor(), to_party=officer.full_name)
    workflow.transition(desk, d.code, Status.RESULT_READY, officer.actor())
    pane = DetailPane(UiContext(desk, clerk.actor(), ui.tasks, ui.bus))
    qtbot.addWidget(pane)
    pane.show()
    pane.load(d.id)
    qtbot.waitUntil(lambda: pane.detail is not None and pane.detail.status == Status.RESULT_READY)
    pane.action_buttons["return"].click()
    dialog = pane.actions.dialog
    assert isinstance(dialog, ReturnDialog)
    dialog.collected_by.clear()
    type_text(dialog.collected_by, "Trịnh Thị Vợ")
    assert not dialog.behalf_note.isHidden() and dialog.authorisation.isEnabled()
    dialog.check()
    assert dialog.isVisible()
    assert "số định danh" in dialog.errors["collector_id"].text()
    assert "giấy ủy quyền" in dialog.errors["authorisation"].text()
    dialog.collector_id.setText("001190012345")
    type_text(dialog.authorisation, "15/UQ ngày 20/11/2026")
    dialog.check()
    qtbot.waitUntil(lambda: pane.detail.status == Status.RETURNED, timeout=5000)
    assert pane.detail.collected_by == "Trịnh Thị Vợ"
    with sqlite3.connect(desk.paths.database) as conn:
        (note,) = conn.execute("SELECT note FROM events WHERE dossier_id = ? AND to_status = ?",
                               (d.id, int(Status.RETURNED))).fetchone()
    assert "001190012345" in note and "15/UQ ngày 20/11/2026" in note
