"""The status bar's centre indicator: whether the centre's PostgreSQL server answers, checked every second
off the UI thread (each probe waits at most 1 s), so a lost server shows as "Mất kết nối máy chủ Trung tâm"
within 2 s and the recovery as soon as it answers again. UI thread; the probe runs in a worker thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from app.operations import centre as ops
from app.services.desk import Desk


class CentreIndicator(QLabel):
    answered = Signal(bool)

    def __init__(self, probe: Callable[[], bool], parent: QWidget | None = None, interval_ms: int = 1000):
        super().__init__(parent)
        self._probe = probe
        self._busy = threading.Lock()
        self.online: bool | None = None
        self.answered.connect(self._show)
        self._show(True)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)
        self.timer.start()
        self._tick()

    def _tick(self) -> None:
        if self._busy.acquire(blocking=False):
            threading.Thread(target=self._run, name="centre-probe", daemon=True).start()

    def _run(self) -> None:
        try:
            self.answered.emit(self._probe())
        except RuntimeError:
            pass  # the window closed while the probe ran
        finally:
            self._busy.release()

    def _show(self, online: bool) -> None:
        if online == self.online:
            return
        self.online = online
        self.setText(self.tr("● Máy chủ Trung tâm") if online else self.tr("● Mất kết nối máy chủ Trung tâm"))
        self.setStyleSheet("color:#1e6b2e;" if online else "color:#b00020; font-weight:600;")
        self.setToolTip("" if online else self.tr("Chưa ghi gì khi mất kết nối; phiếu đang nhập vẫn giữ nguyên. "
                                                  "Kiểm tra mạng của máy này hoặc báo bộ phận CNTT."))


def indicator(desk: Desk, parent: QWidget | None = None) -> CentreIndicator | None:
    """The indicator for a desk on a centre's server, None for a desk with its own store."""
    url = ops.server_url(desk)
    if url is None:
        return None
    return CentreIndicator(lambda: ops.reachable(url), parent)
