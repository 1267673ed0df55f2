"""The start page's work lists for the signed-in role, one tab each: "Hồ sơ của tôi" for officers
(assigned to them, soonest due first), "Đã xử lý xong – chờ trả" and "Chờ bổ sung giấy tờ" for clerks — after the
overdue list the start page already has. Enter or a double click opens the dossier. Lists are read by
`operations.queues.start_queues` on the read pool whenever the start page refreshes. UI thread.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QWidget,
)

from app.operations.queues import MINE, Queue, start_queues
from app.services.dto import DossierRow
from app.ui import labels
from app.ui.context import UiContext
from app.ui.dossier_model import code_width, moment_width


class QueueTable(QTableWidget):
    """One list; Enter opens the selected dossier (the table keeps Enter from the dialog default)."""

    open_code = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(0, 5, parent)
        self.setHorizontalHeaderLabels([self.tr("Mã hồ sơ"), self.tr("Người nộp"), self.tr("Thủ tục"),
                                        self.tr("Trạng thái"), self.tr("Hẹn trả")])
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, code_width(self)), (1, 190), (3, 150), (4, moment_width(self))):
            self.setColumnWidth(col, width)
        self.doubleClicked.connect(lambda _: self.emit_current())

    def show_rows(self, rows: list[DossierRow]) -> None:
        self.setRowCount(len(rows))
        for r, row in enumerate(rows):
            cells = [row.code, row.applicant_name, row.procedure_name, labels.status(row.status),
                     f"{row.due_at:%d/%m/%Y %H:%M}"]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.setItem(r, c, item)
        if rows and self.currentRow() < 0:
            self.selectRow(0)

    def emit_current(self) -> None:
        row = self.currentRow()
        if row >= 0 and self.item(row, 0):
            self.open_code.emit(self.item(row, 0).text())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.emit_current()
            return
        super().keyPressEvent(event)


class QueuesPanel(QTabWidget):
    open_code = Signal(str)
    #: The lists were read (the Queue records), for tests and the window.
    loaded = Signal(list)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.tables: dict[str, QueueTable] = {}
        self.titles: dict[str, str] = {}

    def refresh(self) -> None:
        self.ctx.tasks.run(start_queues, self.ctx.op, on_done=self._show)

    def _show(self, queues: list[Queue]) -> None:
        for q in queues:
            table = self.tables.get(q.key)
            if table is None:
                table = QueueTable()
                table.setObjectName(f"queue_{q.key}")
                table.open_code.connect(self.open_code)
                self.tables[q.key] = table
                self.titles[q.key] = self.tr(q.title)
                self.addTab(table, "")
                if q.key == MINE and q.rows:
                    self.setCurrentWidget(table)  # one's own list comes first when it holds work
            table.show_rows(q.rows)
            self.setTabText(self.indexOf(table), f"{self.titles[q.key]} ({len(q.rows)})")
        self.loaded.emit(queues)
