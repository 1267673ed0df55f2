"""The dossier list as a lazy Qt table model: keyset pages from `search.search`, fetched as the view scrolls.

Only the rows scrolled into so far are held (PAGE rows per fetch), so a desk with 1,000,000 dossiers
opens and scrolls like one with a hundred. Pages are read on the task helper's read pool; a newer query
makes older answers stale (a generation number), so fast typing never shows results out of order.
Rows are coloured by due date: overdue, due today, due within two days. UI thread (pages are read on
pool threads and arrive by signal).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from app.operations import dossiers
from app.services.dto import DossierRow
from app.services.due import DUE_SOON, DUE_TODAY, OVERDUE, due_state
from app.services.search import Page, SearchFilter
from app.ui import labels
from app.ui.context import UiContext
from app.ui.tasks import error_text

PAGE = 200

# The columns a clerk needs first come first: a narrow window still shows code, name, status and due date.
COL_CODE, COL_APPLICANT, COL_STATUS, COL_DUE, COL_PROCEDURE, COL_RECEIVED, COL_ID_NUMBER = range(7)
HEADERS = {
    COL_CODE: QT_TRANSLATE_NOOP("DossierTableModel", "Mã hồ sơ"),
    COL_APPLICANT: QT_TRANSLATE_NOOP("DossierTableModel", "Người nộp"),
    COL_STATUS: QT_TRANSLATE_NOOP("DossierTableModel", "Trạng thái"),
    COL_DUE: QT_TRANSLATE_NOOP("DossierTableModel", "Hẹn trả"),
    COL_PROCEDURE: QT_TRANSLATE_NOOP("DossierTableModel", "Thủ tục"),
    COL_RECEIVED: QT_TRANSLATE_NOOP("DossierTableModel", "Tiếp nhận"),
    COL_ID_NUMBER: QT_TRANSLATE_NOOP("DossierTableModel", "Số định danh"),
}

#: Colours of the due-date states (services.due): background, text.
COLOURS = {OVERDUE: ("#fde2e1", "#8a1c1c"), DUE_TODAY: ("#ffe9c7", "#7a4a00"), DUE_SOON: ("#fff8d6", "#5c4a00")}
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
DUE_STATE_ROLE = Qt.ItemDataRole.UserRole + 2


def code_width(widget) -> int:  # type: ignore[no-untyped-def]
    """Pixels a column needs to show a whole dossier code in the widget's font (codes are never cut)."""
    return widget.fontMetrics().horizontalAdvance("000.17.22.H56-261120-0000") + 24


def moment_width(widget) -> int:  # type: ignore[no-untyped-def]
    return widget.fontMetrics().horizontalAdvance("00/00/0000 00:00") + 24


class DossierTableModel(QAbstractTableModel):
    #: A page arrived (or the first page of a new query): how many rows are loaded, and whether more exist.
    loaded = Signal(int, bool)
    failed = Signal(str)

    def __init__(self, ctx: UiContext, parent=None):  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[DossierRow] = []
        self.query = ""
        self.filter = SearchFilter()
        self.mode = "all"
        self.now = ctx.desk.now()
        self._cursor: tuple | None = None
        self._more = False
        self._loading = False
        self._generation = 0

    # --- queries ---------------------------------------------------------------------------------
    def set_query(self, query: str, filt: SearchFilter | None = None) -> None:
        """Start over with a new search; the first page arrives by `loaded`."""
        self.query, self.filter = query, filt or SearchFilter()
        self.reload()

    def reload(self) -> None:
        self._generation += 1
        self.beginResetModel()
        self.rows, self._cursor, self._more = [], None, False
        self.endResetModel()
        self.now = self.ctx.desk.now()
        self._fetch(None)

    def _fetch(self, cursor: tuple | None) -> None:
        self._loading = True
        generation = self._generation
        self.ctx.tasks.run(dossiers.search_page, self.ctx.op, self.query, self.filter, cursor, PAGE, self.now,
                           on_done=lambda page: self._arrived(generation, page),
                           on_error=lambda exc: self._failed(generation, exc))

    def _arrived(self, generation: int, page: Page) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self.mode = page.mode
        if page.rows:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self.rows.extend(page.rows)
            self.endInsertRows()
        self._cursor, self._more = page.next_cursor, page.next_cursor is not None
        self.loaded.emit(len(self.rows), self._more)

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self.failed.emit(error_text(exc))

    @property
    def loading(self) -> bool:
        return self._loading

    # --- Qt model ------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def canFetchMore(self, parent: QModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more and not self._loading

    def fetchMore(self, parent: QModelIndex = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._fetch(self._cursor)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("DossierTableModel", HEADERS[section])
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, col)
        if role == ROW_ROLE:
            return row
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole, DUE_STATE_ROLE):
            state = due_state(row, self.now)
            if role == DUE_STATE_ROLE:
                return state
            if state:
                back, fore = COLOURS[state]
                return QBrush(QColor(back if role == Qt.ItemDataRole.BackgroundRole else fore))
            return None
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_DUE:
            return self._due_tip(row)
        if role == Qt.ItemDataRole.ToolTipRole and col in (COL_PROCEDURE, COL_APPLICANT):
            return self._text(row, col)  # the whole text when the column elides it
        return None

    def _text(self, row: DossierRow, col: int) -> str:
        if col == COL_CODE:
            return row.code
        if col == COL_APPLICANT:
            return row.applicant_name
        if col == COL_ID_NUMBER:
            return row.applicant_id_number
        if col == COL_PROCEDURE:
            return row.procedure_name
        if col == COL_STATUS:
            return labels.status(row.status)
        if col == COL_RECEIVED:
            return f"{row.received_at:%d/%m/%Y %H:%M}"
        return f"{row.due_at:%d/%m/%Y %H:%M}"

    def _due_tip(self, row: DossierRow) -> str:
        state = due_state(row, self.now)
        tips = {OVERDUE: QT_TRANSLATE_NOOP("DossierTableModel", "Quá hạn"),
                DUE_TODAY: QT_TRANSLATE_NOOP("DossierTableModel", "Đến hạn hôm nay"),
                DUE_SOON: QT_TRANSLATE_NOOP("DossierTableModel", "Sắp đến hạn (trong 2 ngày)")}
        return QCoreApplication.translate("DossierTableModel", tips[state]) if state else ""

    def row_at(self, r: int) -> DossierRow:
        return self.rows[r]

    def find_row(self, dossier_id: int) -> int:
        return next((i for i, r in enumerate(self.rows) if r.id == dossier_id), -1)
