"""Fixtures for the clerk-day tests: the desktop-app fixtures of tests/ui (a desk with an administrator, the UI
context, the main window, the helper that types Vietnamese) plus a small screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.conftest import (  # noqa: F401 - fixtures and helpers shared with tests/ui
    PASSWORD,
    admin_user,
    no_modal_hangs,
    settle,
    type_text,
    ui,
    window,
)


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
