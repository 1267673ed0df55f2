"""The checklist of papers handed in for one procedure, pre-filled from the catalogue, counts adjustable.

Required papers start ticked with the catalogue's counts; the clerk unticks what is missing (Space),
changes counts (type a number), and adds other papers by name. Each procedure of the visit keeps its
own list. Tab leaves the table (arrows move inside it) so the form stays quick with the keyboard.
UI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QSpinBox,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.catalogue import ProcedureInfo
from app.services.dto import Component
from app.services.intake import MAX_COUNT
from app.ui.fields import error_label

COL_NAME, COL_ORIGINALS, COL_COPIES, COL_PHOTOCOPIES = range(4)
HEADERS = [QT_TRANSLATE_NOOP("ComponentsTable", "Thành phần hồ sơ"),
           QT_TRANSLATE_NOOP("ComponentsTable", "Bản chính"),
           QT_TRANSLATE_NOOP("ComponentsTable", "Bản sao"),
           QT_TRANSLATE_NOOP("ComponentsTable", "Bản photo")]


class _CountDelegate(QStyledItemDelegate):
    def createEditor(self, parent, option, index):  # type: ignore[no-untyped-def]
        box = QSpinBox(parent)
        box.setRange(0, MAX_COUNT)
        return box


class ComponentsTable(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([QCoreApplication.translate("ComponentsTable", h) for h in HEADERS])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        for col in (COL_ORIGINALS, COL_COPIES, COL_PHOTOCOPIES):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
            self.table.setItemDelegateForColumn(col, _CountDelegate(self.table))
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                                   | QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setWordWrap(True)
        self.extra = QLineEdit()
        self.extra.setPlaceholderText(self.tr("Thêm giấy tờ khác: gõ tên rồi Enter (Space trong bảng: có/không)"))
        self.extra.returnPressed.connect(self._add_extra)
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.extra)
        layout.addWidget(self.error)
        self._lists: dict[str, list[tuple[bool, Component]]] = {}
        self._key: str | None = None

    # --- one list per procedure ------------------------------------------------------------------
    def show_procedure(self, proc: ProcedureInfo | None) -> None:
        self._store()
        self._key = proc.key if proc else None
        if proc is not None and proc.key not in self._lists:
            self._lists[proc.key] = [(c.required, Component(c.name, c.originals, c.copies, c.photocopies))
                                     for c in proc.components]
        self._load(self._lists.get(self._key, []) if self._key else [])
        self.setEnabled(proc is not None)

    def keep_only(self, keys: set[str]) -> None:
        for key in list(self._lists):
            if key not in keys:
                del self._lists[key]

    def reset(self) -> None:
        self._lists.clear()
        self._key = None
        self._load([])
        self.error.hide()

    def components_for(self, key: str) -> list[Component]:
        """The ticked papers of one procedure, with their counts (what goes on the slip)."""
        self._store()
        return [c for ticked, c in self._lists.get(key, []) if ticked]

    def lists(self) -> dict[str, list[tuple[bool, Component]]]:
        """Every procedure's papers as ticked and counted so far (for the intake draft)."""
        self._store()
        return {k: list(v) for k, v in self._lists.items()}

    def restore_lists(self, lists: dict[str, list[tuple[bool, Component]]]) -> None:
        self._lists.update(lists)
        self._load(self._lists.get(self._key, []) if self._key else [])

    # --- table <-> list --------------------------------------------------------------------------
    def _load(self, items: list[tuple[bool, Component]]) -> None:
        self.table.setRowCount(0)
        for ticked, c in items:
            self._append(ticked, c)
        if items:
            self.table.setCurrentCell(0, COL_NAME)

    def _append(self, ticked: bool, c: Component) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        name = QTableWidgetItem(c.name)
        name.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
        name.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        self.table.setItem(row, COL_NAME, name)
        for col, value in ((COL_ORIGINALS, c.originals), (COL_COPIES, c.copies), (COL_PHOTOCOPIES, c.photocopies)):
            item = QTableWidgetItem()
            item.setData(Qt.ItemDataRole.EditRole, int(value))
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.table.setItem(row, col, item)
        self.table.resizeRowToContents(row)

    def _store(self) -> None:
        if self._key is None:
            return
        items = []
        for row in range(self.table.rowCount()):
            name = self.table.item(row, COL_NAME)
            counts = [int(self.table.item(row, col).data(Qt.ItemDataRole.EditRole) or 0)
                      for col in (COL_ORIGINALS, COL_COPIES, COL_PHOTOCOPIES)]
            items.append((name.checkState() == Qt.CheckState.Checked, Component(name.text(), *counts)))
        self._lists[self._key] = items

    def _add_extra(self) -> None:
        name = self.extra.text().strip()
        if not name or self._key is None:
            return
        self._append(True, Component(name, 1, 0, 0))
        self._store()
        self.extra.clear()
