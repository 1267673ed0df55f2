"""The lazy dossier table model, tested without a view: keyset pages, fetchMore, filters, colours."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, Qt

from app.services import demo
from app.services.due import DUE_SOON, DUE_TODAY, OVERDUE, due_state
from app.services.search import SearchFilter
from app.services.status import RUNNING
from app.ui import labels
from app.ui.context import UiContext
from app.ui.dossier_model import (
    COL_APPLICANT,
    COL_CODE,
    COL_DUE,
    COL_STATUS,
    DUE_STATE_ROLE,
    PAGE,
    DossierTableModel,
)
from app.ui.tasks import Tasks
from tests.ui.pools import HeldPool, SyncPool


def wait_loaded(qtbot, model: DossierTableModel) -> None:
    qtbot.waitUntil(lambda: not model.loading, timeout=10_000)


def test_pages_arrive_as_the_view_would_ask(desk, clerk, qtbot):
    demo.load(desk, 450, seed=3)
    model = DossierTableModel(UiContext(desk, clerk))
    model.set_query("")
    wait_loaded(qtbot, model)
    assert model.rowCount() == PAGE and model.columnCount() == 7
    assert model.canFetchMore(QModelIndex())
    seen = [model.row_at(i).received_at for i in range(model.rowCount())]
    assert seen == sorted(seen, reverse=True)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
        assert not model.canFetchMore(QModelIndex())  # one page at a time
        wait_loaded(qtbot, model)
    assert model.rowCount() == 450
    assert len({r.id for r in model.rows}) == 450
    assert model.headerData(COL_CODE, Qt.Orientation.Horizontal) == "Mã hồ sơ"
    first = model.rows[0]
    assert model.data(model.index(0, COL_CODE)) == first.code
    assert model.data(model.index(0, COL_APPLICANT)) == first.applicant_name
    assert model.data(model.index(0, COL_STATUS)) == labels.status(first.status)
    assert model.rowCount(model.index(0, 0)) == 0  # a table: no children


def test_filters_and_due_colours(desk, clerk, qtbot, clock):
    demo.load(desk, 300, seed=5, recent=True)
    model = DossierTableModel(UiContext(desk, clerk))
    model.set_query("", SearchFilter(overdue=True))
    wait_loaded(qtbot, model)
    assert model.rowCount() > 0
    running = {int(s) for s in RUNNING}
    for r in range(model.rowCount()):
        row = model.row_at(r)
        assert row.status in running and row.due_at < clock.now
        assert model.data(model.index(r, COL_DUE), DUE_STATE_ROLE) == OVERDUE
        assert model.data(model.index(r, COL_DUE), Qt.ItemDataRole.BackgroundRole) is not None
    model.set_query("", SearchFilter(statuses=[10]))
    wait_loaded(qtbot, model)
    assert model.rowCount() > 0
    assert all(model.data(model.index(r, 0), Qt.ItemDataRole.BackgroundRole) is None for r in range(model.rowCount()))


def test_due_states(desk, clerk):
    from app.services.dto import DossierRow

    now = dt.datetime(2026, 11, 20, 9, 0)

    def row(due: dt.datetime, status: int = 4) -> DossierRow:
        return DossierRow(1, "X", "u", status, "p", "P", "A", "", "", "", "counter", now, due, None, None)

    assert due_state(row(now - dt.timedelta(minutes=1)), now) == OVERDUE
    assert due_state(row(now.replace(hour=16)), now) == DUE_TODAY
    assert due_state(row(now + dt.timedelta(days=1, hours=2)), now) == DUE_SOON
    assert due_state(row(now + dt.timedelta(days=5)), now) == ""
    assert due_state(row(now - dt.timedelta(days=3), status=9), now) == ""


def test_a_newer_query_wins_over_a_slower_older_one(desk, clerk):
    """The older query's page arrives last (the pool is held and released in that order): it is dropped."""
    demo.load(desk, 120, seed=9)
    reads = HeldPool()
    model = DossierTableModel(UiContext(desk, clerk, tasks=Tasks(reads=reads, writes=SyncPool(), network=SyncPool())))
    loaded: list[int] = []
    model.loaded.connect(lambda rows, _more: loaded.append(rows))
    model.set_query("nguyen")
    model.set_query("zzzz khong co ai")
    assert len(reads.held) == 2
    reads.release(1)  # the newer query answers first: nobody is called "zzzz"
    assert model.rowCount() == 0 and loaded == [0] and not model.loading
    reads.release(0)  # then the slow older one, with rows
    assert model.query == "zzzz khong co ai" and model.rowCount() == 0 and loaded == [0]
