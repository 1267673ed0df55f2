"""Barcode scanner support: hand scanners "type" the code fast and press Enter. Watching the keystrokes
that reach the main window, a burst of characters that ends in Enter and looks like a dossier code is
taken as a scan: the Enter is swallowed, the characters are taken back out of the field they landed in,
and `scanned(code)` is emitted. Typing by hand is slower than MAX_GAP between keys, so it is left alone.
UI thread.
"""

from __future__ import annotations

import re
import time

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QWidget

#: Any dossier code: unit code, a date of 6 or 8 digits and a sequence number (Circular 01/2018 Art. 19).
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.]*-\d{6}(\d{2})?-\d{3,9}$")
#: Longest pause between two characters of one scan (scanners send a character every few ms).
MAX_GAP = 0.08
MIN_LENGTH = 12


def looks_like_code(text: str) -> bool:
    return bool(CODE.match(text))


class BarcodeScanner(QObject):
    scanned = Signal(str)

    def __init__(self, window: QWidget, clock=time.monotonic):  # type: ignore[no-untyped-def]
        super().__init__(window)
        self.window = window
        self.clock = clock
        self.buffer = ""
        self.last = 0.0

    def install(self) -> None:
        QApplication.instance().installEventFilter(self)

    def remove(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def _mine(self, obj: QObject) -> bool:
        """Only the widget the key is for, and only inside the main window (not a dialog on top)."""
        if not isinstance(obj, QWidget):
            return False
        focus = QApplication.focusWidget()
        if focus is not None and obj is not focus:
            return False
        return obj.window() is self.window

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # Qt override
        if event.type() != QEvent.Type.KeyPress or not self._mine(obj):
            return False
        now = self.clock()
        if now - self.last > MAX_GAP:
            self.buffer = ""
        self.last = now
        key = event.key()  # type: ignore[attr-defined]
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            code, self.buffer = self.buffer.strip(), ""
            if len(code) >= MIN_LENGTH and looks_like_code(code):
                self._take_back(obj, code)
                self.scanned.emit(code.upper())
                return True
            return False
        text = event.text()  # type: ignore[attr-defined]
        if text and text.isprintable():
            self.buffer += text
        elif key not in (Qt.Key.Key_Shift, Qt.Key.Key_CapsLock):
            self.buffer = ""
        return False

    @staticmethod
    def _take_back(obj: QObject, code: str) -> None:
        """Remove the scanned characters from the field they were typed into."""
        if isinstance(obj, QLineEdit) and obj.text().endswith(code) and not obj.isReadOnly():
            obj.setText(obj.text()[: -len(code)])
        elif isinstance(obj, QPlainTextEdit) and obj.toPlainText().endswith(code):
            obj.setPlainText(obj.toPlainText()[: -len(code)])
