"""Choosing the procedures of one visit from the catalogue by typing, without the mouse.

Typing filters the catalogue diacritic-insensitively ("khai sinh", "khai sinh", "1.001193" all find
"Đăng ký khai sinh"); ↑/↓ move through the matches and Enter adds the highlighted one to the visit.
Several procedures make several dossiers with one slip. Delete removes the selected one. UI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from app.services.calendar import LIMIT_KINDS
from app.services.catalogue import ProcedureInfo
from app.services.text import fold
from app.ui.fields import error_label

KEY_ROLE = Qt.ItemDataRole.UserRole


def matches(procedures: list[ProcedureInfo], text: str) -> list[ProcedureInfo]:
    """Procedures whose folded code, name or field hold every typed word; name-prefix hits first."""
    words = fold(text).split()
    if not words:
        return list(procedures)
    hits = []
    for p in procedures:
        hay = fold(f"{p.code} {p.key} {p.name} {p.field}")
        if all(w in hay for w in words):
            name = fold(p.name)
            rank = 0 if name.startswith(" ".join(words)) or fold(p.code).startswith(words[0]) else 1
            hits.append((rank, p))
    return [p for _, p in sorted(hits, key=lambda t: t[0])]


def short_limit(p: ProcedureInfo) -> str:
    """The time limit in a few words ("trong ngày", "03 ngày làm việc") for the list of the visit."""
    if p.limit_kind == "same_day":
        return QCoreApplication.translate("ProcedurePicker", "trong ngày")
    return f"{p.limit_value:02d} {LIMIT_KINDS.get(p.limit_kind, p.limit_kind)}"


class ProcedurePicker(QWidget):
    #: The procedures chosen for this visit changed (list of ProcedureInfo).
    chosen_changed = Signal(list)
    #: The procedure whose components are being edited (ProcedureInfo or None).
    current_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.procedures: list[ProcedureInfo] = []
        self.chosen: list[ProcedureInfo] = []
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Gõ tên hoặc mã thủ tục, không cần dấu (↑↓ chọn, Enter thêm)"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.search.installEventFilter(self)
        self.list = QListWidget()
        self.list.setMinimumHeight(100)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.list.itemActivated.connect(lambda item: self.add(item.data(KEY_ROLE)))
        self.chosen_list = QListWidget()
        self.chosen_list.setMaximumHeight(96)
        self.chosen_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.chosen_list.installEventFilter(self)
        self.chosen_list.currentRowChanged.connect(self._current)
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        self.chosen_label = QLabel(self.tr("Thủ tục của lượt tiếp nhận này (Delete để bỏ):"))
        layout.addWidget(self.chosen_label)
        layout.addWidget(self.chosen_list)
        layout.addWidget(self.error)

    def set_procedures(self, procedures: list[ProcedureInfo]) -> None:
        self.procedures = procedures
        self._filter(self.search.text())

    def _filter(self, text: str) -> None:
        self.list.clear()
        for p in matches(self.procedures, text):
            code = self.tr("{code} (mã nội bộ)").format(code=p.code) if p.code_local else p.code
            item = QListWidgetItem(f"{p.name}  ·  {code}")
            item.setData(KEY_ROLE, p.key)
            item.setToolTip(f"{p.field} — {p.limit_text or p.limit_kind}" + (self.tr(
                "\nThủ tục chưa có mã quốc gia được xác nhận: hồ sơ ghi mã nội bộ của đơn vị.") if p.code_local else ""))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def current(self) -> ProcedureInfo | None:
        """The chosen procedure selected in the list (whose papers are being edited)."""
        row = self.chosen_list.currentRow()
        return self.chosen[row] if 0 <= row < len(self.chosen) else None

    def add(self, key: str) -> None:
        proc = next((p for p in self.procedures if p.key == key), None)
        if proc is None:
            return
        if all(c.key != key for c in self.chosen):
            self.chosen.append(proc)
            item = QListWidgetItem(f"{len(self.chosen)}. {proc.name} — {short_limit(proc)}")
            item.setData(KEY_ROLE, proc.key)
            item.setToolTip(proc.limit_text)
            self.chosen_list.addItem(item)
            self.chosen_changed.emit(list(self.chosen))
        self.chosen_list.setCurrentRow(next(i for i, c in enumerate(self.chosen) if c.key == key))
        self.error.hide()
        self.search.clear()

    def remove_current(self) -> None:
        row = self.chosen_list.currentRow()
        if row < 0:
            return
        self.chosen.pop(row)
        self.chosen_list.takeItem(row)
        for i in range(self.chosen_list.count()):
            item = self.chosen_list.item(i)
            item.setText(f"{i + 1}. {item.text().split('. ', 1)[1]}")
        self.chosen_changed.emit(list(self.chosen))
        self._current(self.chosen_list.currentRow())

    def clear(self) -> None:
        self.chosen = []
        self.chosen_list.clear()
        self.search.clear()
        self.error.hide()
        self.chosen_changed.emit([])
        self.current_changed.emit(None)

    def _current(self, row: int) -> None:
        self.current_changed.emit(self.chosen[row] if 0 <= row < len(self.chosen) else None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if event.type() != QEvent.Type.KeyPress:
            return False
        key = event.key()  # type: ignore[attr-defined]
        if watched is self.search:
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 5, Qt.Key.Key_PageUp: -5}[key]
                row = min(max(self.list.currentRow() + step, 0), self.list.count() - 1)
                self.list.setCurrentRow(row)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.search.text().strip():
                item = self.list.currentItem()
                if item is not None:
                    self.add(item.data(KEY_ROLE))
                return True
        if watched is self.chosen_list and key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.remove_current()
            return True
        return False
