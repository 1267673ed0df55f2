"""How big the desk's windows may be: the screen's free area (or a simulated one, for `motcua selftest
--screen`), the main window opened inside it, dialogs sized to it, and the check that a widget fits.

Commune PCs are mostly 1366×768 with a taskbar; a window taller than the free area puts its save button
off-screen. The window manager's title bar is counted as TITLE_BAR pixels above the client area. UI thread.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

#: Height of a Windows/Linux taskbar, taken off a simulated screen (a real screen reports its own).
TASKBAR = 40
#: A window manager's title bar above the client area.
TITLE_BAR = 30

_simulated: QRect | None = None


def simulate_screen(width: int, height: int) -> None:
    """Pretend the screen is `width`×`height` with a taskbar (selftest and tests); 0×0 goes back to real."""
    global _simulated
    _simulated = QRect(0, 0, width, height - TASKBAR) if width and height else None


def available() -> QRect:
    """The free area of the screen (without the taskbar)."""
    if _simulated is not None:
        return QRect(_simulated)
    screen = QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 768 - TASKBAR)


def client_area() -> QSize:
    """The largest client area a window can have on this screen (title bar taken off)."""
    free = available()
    return QSize(free.width(), free.height() - TITLE_BAR)


def fit(widget: QWidget, width: int, height: int) -> None:
    """Resize to the preferred size, never beyond the free area (dialogs and the main window)."""
    area = client_area()
    widget.resize(min(width, area.width()), min(height, area.height()))


def fit_dialog(dialog: QWidget, width: int = 0, height: int = 0) -> None:
    """A dialog at its preferred size (or `width`×`height` when given), clamped to the free area, with the
    free area as its maximum so it never grows past the screen."""
    area = client_area()
    hint = dialog.sizeHint().expandedTo(dialog.minimumSizeHint())
    dialog.setMaximumSize(area)
    dialog.resize(min(max(width, hint.width()), area.width()), min(max(height, hint.height()), area.height()))


@dataclass(frozen=True)
class Fit:
    """One widget measured against a screen: its smallest possible size and whether it fits."""

    name: str
    min_width: int
    min_height: int
    width: int
    height: int
    ok: bool


def measure(name: str, widget: QWidget, area: QSize | None = None) -> Fit:
    area = area or client_area()
    least = widget.minimumSizeHint().expandedTo(widget.minimumSize())
    size = widget.size()
    ok = least.width() <= area.width() and least.height() <= area.height() \
        and size.width() <= area.width() and size.height() <= area.height()
    return Fit(name, least.width(), least.height(), size.width(), size.height(), ok)
