"""The sync indicator at the right of the status bar: a coloured dot and one line — offline, sending
x of y, all sent, or needs attention — with the number waiting and the time of the last successful send.

Built from a `SyncController` (app.ui.sync_worker), which probes the province on a timer off the UI
thread; this widget only paints what the controller reports. Clicking it asks for the Sync page
(`open_requested`). `create_status_widget(ctx, parent)` is the hook app.ui.pages calls. UI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from app.services.text import thousands
from app.ui.sync_worker import (
    ALL_SENT,
    ATTENTION,
    OFFLINE,
    SENDING,
    SyncController,
    SyncSnapshot,
    controller_for,
)

COLOURS = {OFFLINE: "#9ca3af", SENDING: "#2563eb", ALL_SENT: "#16a34a", ATTENTION: "#dc2626"}






def describe(s: SyncSnapshot) -> str:
    """The indicator's line for a snapshot."""
    if s.mode == SENDING and s.total:
        return QCoreApplication.translate("SyncStatus", "Đang gửi {done}/{total}").format(done=thousands(s.done), total=thousands(s.total))
    if s.mode == SENDING:
        return QCoreApplication.translate("SyncStatus", "Chờ gửi {n}").format(n=thousands(s.pending))
    if s.mode == ALL_SENT:
        return QCoreApplication.translate("SyncStatus", "Đã gửi hết")
    if s.mode == ATTENTION and s.parked:
        return QCoreApplication.translate("SyncStatus", "Cần xử lý: {n} hồ sơ bị từ chối").format(n=thousands(s.parked))
    if s.mode == ATTENTION:
        return QCoreApplication.translate("SyncStatus", "Cần xử lý: kiểm tra cấu hình đồng bộ")
    if not s.configured:
        return QCoreApplication.translate("SyncStatus", "Chưa cấu hình đồng bộ")
    if s.pending:
        return QCoreApplication.translate("SyncStatus", "Mất kết nối tỉnh · chờ gửi {n}").format(n=thousands(s.pending))
    return QCoreApplication.translate("SyncStatus", "Mất kết nối tỉnh")


class SyncStatusIndicator(QWidget):
    open_requested = Signal()

    def __init__(self, controller: SyncController, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.dot = QLabel(self)
        self.dot.setFixedSize(10, 10)
        self.label = QLabel(self)
        self.last = QLabel(self)
        self.last.setStyleSheet("color:#6b7280;")
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 0, 6, 0)
        row.setSpacing(6)
        row.addWidget(self.dot)
        row.addWidget(self.label)
        row.addWidget(self.last)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        controller.snapshot_changed.connect(self.show_snapshot)
        self.show_snapshot(controller.snapshot)

    @property
    def mode(self) -> str:
        return self.controller.snapshot.mode

    def show_snapshot(self, s: SyncSnapshot) -> None:
        self.dot.setStyleSheet(f"background:{COLOURS.get(s.mode, '#9ca3af')}; border-radius:5px;")
        self.label.setText(describe(s))
        if s.last_success:
            self.last.setText(QCoreApplication.translate("SyncStatus", "gửi được lúc {t}").format(t=f"{s.last_success:%H:%M %d/%m}"))
        else:
            self.last.setText(QCoreApplication.translate("SyncStatus", "chưa gửi được lần nào"))
        tip = [describe(s)]
        if s.message:
            tip.append(s.message)
        tip.append(QCoreApplication.translate("SyncStatus", "Bấm để mở trang Đồng bộ."))
        self.setToolTip("\n".join(tip))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # Qt override
        if event.button() == Qt.MouseButton.LeftButton:
            self.open_requested.emit()
        super().mouseReleaseEvent(event)


def create_status_widget(ctx, parent: QWidget | None = None) -> SyncStatusIndicator:  # type: ignore[no-untyped-def]
    """Hook for app.ui.pages: the indicator over the context's shared sync controller."""
    return SyncStatusIndicator(controller_for(ctx), parent)
