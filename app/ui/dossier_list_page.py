"""The dossier list page (Hồ sơ): instant search, filters, the lazy table and the detail pane side by side.

Typing searches after a short pause (code, ID number, phone, name or address, without diacritics);
Enter or ↓ in the search box goes into the list (Enter on a code opens it), and Enter on a row starts the
selected dossier's main move. The table fetches keyset pages as it scrolls. Changes announced on the bus
update the rows shown; dossiers added elsewhere appear the next time the list is searched or shown.
UI thread.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.operations import exports
from app.services.dto import DossierDetail
from app.services.text import thousands
from app.ui.context import UiContext
from app.ui.detail_pane import DetailPane
from app.ui.dossier_model import (
    COL_APPLICANT,
    COL_CODE,
    COL_DUE,
    COL_ID_NUMBER,
    COL_PROCEDURE,
    COL_RECEIVED,
    COL_STATUS,
    DossierTableModel,
    code_width,
    moment_width,
)
from app.ui.list_filters import ListFilters
from app.ui.progress_dialog import run_with_progress
from app.ui.save_path import ask_save_path

SEARCH_DELAY_MS = 250
WIDTHS = {COL_APPLICANT: 165, COL_STATUS: 150, COL_PROCEDURE: 260, COL_ID_NUMBER: 110}


class DossierListPage(QWidget):
    #: A dossier was opened in the detail pane (its DossierDetail).
    opened = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.stale = False
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Tìm theo mã hồ sơ, số định danh, điện thoại, họ tên, địa chỉ "
                                               "(không cần dấu) — Ctrl+F"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _: self._debounce.start())
        self.search.returnPressed.connect(self._search_now_and_open)
        # ↓ from the search box goes into the list; Enter in the list starts the dossier's main move.
        self.search.installEventFilter(self)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.run_search)
        self.filters = ListFilters(ctx)
        self.filters.changed.connect(lambda _: self.run_search())
        self.model = DossierTableModel(ctx, self)
        self.model.loaded.connect(self._loaded)
        self.model.failed.connect(lambda text: ctx.say(text, "error"))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        # Fixed row heights: the view never measures rows, so scrolling stays smooth however many are loaded.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in {COL_CODE: code_width(self.table), COL_DUE: moment_width(self.table),
                           COL_RECEIVED: moment_width(self.table), **WIDTHS}.items():
            header.resizeSection(col, width)
        # Every column keeps a readable width (the table scrolls sideways rather than squeezing a column to
        # "Th…"); a long applicant or procedure name shows whole in its tooltip.
        header.setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.installEventFilter(self)
        self.detail = DetailPane(ctx)
        self.detail.shown.connect(self._shown)
        self.count = QLabel()
        self.count.setStyleSheet("color:#555;")
        export = QPushButton(self.tr("Xuất Excel…"))
        export.clicked.connect(self.export)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([860, 420])
        splitter.setCollapsible(0, False)
        self.table.setMinimumWidth(420)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(export)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.filters)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_search,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        ctx.bus.changed.connect(self._changed)
        self._open_when_loaded = ""
        self.run_search()

    # --- searching --------------------------------------------------------------------------------
    def run_search(self) -> None:
        self._debounce.stop()
        self.stale = False
        self.count.setText(self.tr("Đang tìm…"))
        self.model.set_query(self.search.text(), self.filters.current())

    def _search_now_and_open(self) -> None:
        self._open_when_loaded = self.search.text().strip()
        self.run_search()

    def _loaded(self, rows: int, more: bool) -> None:
        if rows == 0:
            self.count.setText(self.tr("Không có hồ sơ nào khớp. Hãy thử bớt chữ hoặc bỏ lọc."))
        elif more:
            self.count.setText(self.tr("Đang hiện {rows} hồ sơ mới nhất — cuộn xuống để xem thêm.").format(
                rows=thousands(rows)))
        else:
            self.count.setText(self.tr("{rows} hồ sơ.").format(rows=thousands(rows)))
        wanted, self._open_when_loaded = self._open_when_loaded, ""
        if wanted and rows:
            self.enter_list()

    def enter_list(self) -> None:
        """Into the list from the search box: the selected row (the first when none) gets the focus."""
        if self.model.rowCount() == 0:
            return
        if not self.table.selectionModel().hasSelection():
            self.select_row(0)
        self.table.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if watched is self.search and key == Qt.Key.Key_Down:
                self.enter_list()
                return True
            if watched is self.table and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.detail.start_main_action()
                return True
        return super().eventFilter(watched, event)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def filter_preset(self, **kw: bool) -> None:
        """Open one of the start page's lists (overdue, due today, due soon, received today)."""
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.filters.preset(**kw)

    # --- opening -----------------------------------------------------------------------------------
    def open_code(self, code: str) -> None:
        """Show the dossier with this code (from the scanner or the intake result), or say it is unknown."""
        self.search.blockSignals(True)
        self.search.setText(code)
        self.search.blockSignals(False)
        self.run_search()
        self.detail.load(code=code)

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)

    def _row_changed(self, current, _previous) -> None:  # type: ignore[no-untyped-def]
        if current.isValid():
            self.detail.load(self.model.row_at(current.row()).id)

    def _shown(self, d: DossierDetail) -> None:
        row = self.model.find_row(d.id)
        if row >= 0:
            self.model.rows[row] = d
            self.model.dataChanged.emit(self.model.index(row, 0), self.model.index(row, self.model.columnCount() - 1))
        self.opened.emit(d)

    def _changed(self, kind: str, ids: list) -> None:
        if kind == "dossier" and any(self.model.find_row(i) < 0 for i in ids):
            self.stale = True

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if self.stale:
            self.run_search()

    # --- export ------------------------------------------------------------------------------------
    def export(self) -> None:
        path = ask_save_path(self, self.tr("Xuất danh sách hồ sơ"), "danh-sach-ho-so.xlsx",
                             self.tr("Tệp Excel (*.xlsx)"))
        if path:
            self.export_to(str(path))

    def export_to(self, path: str):  # type: ignore[no-untyped-def]
        return run_with_progress(
            self.ctx, self, self.tr("Đang xuất danh sách hồ sơ…"), exports.export_list, self.ctx.op,
            self.search.text(), self.filters.current(), Path(path), True,  # ask_save_path asked "Ghi đè?"
            describe=lambda done, _total: self.tr("Đã xuất {rows} hồ sơ…").format(rows=thousands(done)),
            on_done=lambda result: self.ctx.say(self.tr("Đã xuất {rows} hồ sơ vào {path}.").format(
                rows=thousands(result.rows), path=path), "ok"))
