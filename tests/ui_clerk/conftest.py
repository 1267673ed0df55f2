"""Fixtures for the clerk-day tests (copied from tests/ui/conftest.py, plus a small screen): a desk with an administrator, the UI context, the main window,
and the one helper that types Vietnamese (QInputMethodEvent commit strings, as an input method sends)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from app.operations import admin
from app.services import accounts
from app.ui.context import UiContext
from app.ui.main_window import MainWindow

PASSWORD = "matkhau2026x"


def type_text(widget: QWidget, text: str) -> None:
    """Type `text` into `widget` the way a Vietnamese input method (Unikey, ibus-bamboo) commits it.

    qtbot.keyClicks sends key events for ASCII only and aborts on letters such as "Đ" or "ộ"."""
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def settle(qtbot, ctx: UiContext, timeout: int = 10_000) -> None:
    """Wait until every background task has delivered its result."""
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=timeout)


@pytest.fixture(autouse=True)
def no_modal_hangs(qapp):
    """A modal dialog waiting for a person would hang the suite: close it and fail the test instead."""
    seen: list[str] = []

    def check() -> None:
        modal = QApplication.activeModalWidget()
        # exec() makes a dialog application-modal; the app's own dialogs use open() (window-modal).
        if modal is not None and modal.windowModality() == Qt.WindowModality.ApplicationModal:
            seen.append(type(modal).__name__)
            modal.close()

    timer = QTimer()
    timer.timeout.connect(check)
    timer.start(1500)
    yield timer
    timer.stop()
    assert not seen, f"a modal dialog waited for a person: {seen}"


@pytest.fixture
def admin_user(desk) -> accounts.UserInfo:
    return accounts.create_user(desk, "quantri", "Trần Thị Quản Trị", "admin", PASSWORD, "setup",
                                title="Quản trị hệ thống", must_change_password=False)


@pytest.fixture
def ui(desk, admin_user, qtbot):
    ctx = UiContext(desk, admin_user.actor())
    # No printer exists on the test machine: "print straight" then falls back to the preview window,
    # which is what these tests look at (a print dialog would wait for a person).
    admin.store_settings(ctx.op, {"print_direct": True})
    yield ctx
    ctx.tasks.wait()


@pytest.fixture
def window(ui, qtbot):
    w = MainWindow(ui)
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    qtbot.waitExposed(w)
    settle(qtbot, ui)
    yield w
    for top in QApplication.topLevelWidgets():
        if top is not w and top.isVisible():
            top.close()
    w.close()
    ui.tasks.wait()


@pytest.fixture
def small_screen():
    """A 1366×768 screen with a taskbar, as at most commune desks."""
    from app.ui import screen_fit

    screen_fit.simulate_screen(1366, 768)
    yield screen_fit.client_area()
    screen_fit.simulate_screen(0, 0)


def choose(page, qtbot, typed: str) -> None:
    type_text(page.picker.search, typed)
    qtbot.keyClick(page.picker.search, Qt.Key.Key_Return)
