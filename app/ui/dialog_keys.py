"""Keyboard promises every dialog keeps: Ctrl+Enter (either Enter key) submits, from any field, even a
multi-line one where plain Enter starts a new line. UI thread.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog

SUBMIT_KEYS = ("Ctrl+Return", "Ctrl+Enter")


def submit_on_ctrl_enter(dialog: QDialog, submit: Callable[[], None]) -> None:
    for seq in SUBMIT_KEYS:
        QShortcut(QKeySequence(seq), dialog, submit, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
