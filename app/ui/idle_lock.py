"""Screen lock after idle time: any key or mouse activity in the app restarts a timer; when it runs out
(`idle_lock_minutes`, 0 = never) `idle` fires and the main window covers the data and asks for the
password again. UI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel}


class IdleLock(QObject):
    idle = Signal()

    def __init__(self, seconds: int, parent: QObject | None = None):
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self.set_seconds(seconds)

    def set_seconds(self, seconds: int) -> None:
        self.seconds = seconds
        if seconds > 0:
            self.timer.start(seconds * 1000)
        else:
            self.timer.stop()

    def install(self) -> None:
        QApplication.instance().installEventFilter(self)

    def remove(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # Qt override
        if self.seconds > 0 and event.type() in ACTIVITY and self.timer.isActive():
            self.timer.start(self.seconds * 1000)
        return False

    def restart(self) -> None:
        self.set_seconds(self.seconds)
