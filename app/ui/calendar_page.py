"""The administrator's calendar page: the year's days off and worked Saturdays, with set, unset, import
from the province's file, and recomputing the legal due dates of open dossiers under the new calendar.

Every action calls app.operations.calendar on a background task and reports in one Vietnamese line; a
refused change (a past day that already decided a finished dossier's timeliness) shows its reason.
Administrators only change; everyone else reads.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import MotCuaError
from app.operations import calendar as ops
from app.services.calendar import fmt_day
from app.ui.context import UiContext

KINDS = {"off": "Ngày nghỉ", "work": "Ngày làm việc (làm bù)"}
SOURCES = {"override": "Đơn vị nhập", "holiday": "Nghỉ lễ theo luật"}


class CalendarPage(QWidget):
    # Emitted after a list is shown (tests and the window wait on it).
    loaded = Signal()
    # A Vietnamese line saying what happened (also shown in the page).
    done = Signal(str)
    failed = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.op = ctx.op
        can_edit = ctx.can("settings.change")
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(ctx.desk.now().year)
        self.year.valueChanged.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Năm:")))
        top.addWidget(self.year)
        top.addStretch(1)

        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("Ngày"), self.tr("Loại"), self.tr("Nguồn"), self.tr("Ghi chú")])
        header = self.table.horizontalHeader()
        for c in range(3):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.itemSelectionChanged.connect(self._pick_row)

        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd/MM/yyyy")
        today = ctx.desk.now().date()
        self.day.setDate(QDate(today.year, today.month, today.day))
        self.kind = QComboBox()
        for key, label in KINDS.items():
            self.kind.addItem(self.tr(label), key)
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("Lý do, văn bản quyết định (bắt buộc)"))
        self.note.setMaxLength(200)
        self.set_button = QPushButton(self.tr("Ghi ngày"))
        self.unset_button = QPushButton(self.tr("Bỏ ngày"))
        self.import_button = QPushButton(self.tr("Nhập tệp của tỉnh…"))
        self.check_button = QPushButton(self.tr("Xem hồ sơ đổi hạn"))
        self.apply_button = QPushButton(self.tr("Tính lại hạn trả"))
        self.set_button.clicked.connect(self.set_day)
        self.unset_button.clicked.connect(self.unset_day)
        self.import_button.clicked.connect(self._ask_import)
        self.check_button.clicked.connect(lambda: self.recompute(apply=False))
        self.apply_button.clicked.connect(lambda: self.recompute(apply=True))
        edit = QHBoxLayout()
        for w in (self.day, self.kind, self.note, self.set_button, self.unset_button):
            edit.addWidget(w)
        edit.setStretch(2, 1)
        actions = QHBoxLayout()
        for w in (self.import_button, self.check_button, self.apply_button):
            actions.addWidget(w)
        actions.addStretch(1)
        for w in (self.day, self.kind, self.note, self.set_button, self.unset_button, self.import_button,
                  self.apply_button):
            w.setEnabled(can_edit)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.moved = QLabel()
        self.moved.setWordWrap(True)
        self.moved.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        hint = QLabel(self.tr("Ngày nghỉ lễ theo Bộ luật Lao động được tính sẵn; ở đây ghi các ngày nghỉ, ngày làm bù "
                              "do Thủ tướng hoặc tỉnh quyết định. Sau khi đổi lịch, bấm «Tính lại hạn trả» để cập "
                              "nhật hồ sơ đang giải quyết và in lại phiếu hẹn."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color:#555;")
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(edit)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        layout.addWidget(self.moved)

    # --- reading -----------------------------------------------------------------------------------
    def page_shown(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        self.ctx.tasks.run(ops.list_calendar, self.op, self.year.value(), on_done=self._show, on_error=self._fail)

    def _show(self, result: ops.CalendarList) -> None:
        self.table.setRowCount(len(result.days))
        for r, d in enumerate(result.days):
            cells = [fmt_day(d.day), self.tr(KINDS[d.kind]), self.tr(SOURCES[d.source]), d.note]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, d.day.isoformat())
                self.table.setItem(r, c, item)
        self.loaded.emit()

    def _pick_row(self) -> None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        if item is None:
            return
        day = dt.date.fromisoformat(item.data(Qt.ItemDataRole.UserRole))
        self.day.setDate(QDate(day.year, day.month, day.day))

    # --- changing ----------------------------------------------------------------------------------
    def _picked_day(self) -> dt.date:
        q = self.day.date()
        return dt.date(q.year(), q.month(), q.day())

    def set_day(self) -> None:
        day = self._picked_day()
        self.ctx.tasks.run(ops.set_calendar_day, self.op, day, self.kind.currentData(), self.note.text(),
                           write=True, on_done=lambda r: self._changed(
                               self.tr("Đã ghi ngày {day}.").format(day=f"{day:%d/%m/%Y}"), r),
                           on_error=self._fail)

    def unset_day(self) -> None:
        day = self._picked_day()
        self.ctx.tasks.run(ops.unset_calendar_day, self.op, day, write=True, on_done=lambda r: self._changed(
            self.tr("Đã bỏ ngày {day} khỏi bảng của đơn vị.").format(day=f"{day:%d/%m/%Y}"), r), on_error=self._fail)

    def _ask_import(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Chọn tệp lịch (JSON)"), "", self.tr("Tệp JSON (*.json)"))
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> None:
        self.ctx.tasks.run(ops.import_calendar, self.op, path, write=True, on_done=lambda r: self._changed(
            self.tr("Đã nhập {n} ngày từ tệp {name}.").format(n=len(r.days), name=path.name), r), on_error=self._fail)

    def recompute(self, *, apply: bool) -> None:
        self.ctx.tasks.run(ops.recompute_due_dates, self.op, apply=apply, write=apply,
                           on_done=self._recomputed, on_error=self._fail)

    def _changed(self, text: str, result: ops.CalendarChange) -> None:
        self.ctx.notify_changed("calendar", list(result.changes.ids))
        if result.pending:
            text += " " + self.tr("{n} hồ sơ đang giải quyết sẽ đổi hạn trả: bấm «Tính lại hạn trả».").format(
                n=len(result.pending))
        self._say(text)
        self.refresh()

    def _recomputed(self, result: ops.Recompute) -> None:
        lines = [f"{m.code}: {m.old_due_at:%H:%M %d/%m/%Y} → {m.new_due_at:%H:%M %d/%m/%Y}" for m in result.moved]
        self.moved.setText("\n".join(lines[:50]))
        if not result.moved:
            self._say(self.tr("Không hồ sơ đang giải quyết nào đổi hạn trả theo lịch hiện tại."))
        elif result.applied:
            self.ctx.notify_changed("dossier", list(result.changes.ids))
            self._say(self.tr("Đã tính lại hạn trả của {n} hồ sơ; cần in lại phiếu hẹn của các hồ sơ dưới đây.")
                      .format(n=len(result.moved)))
        else:
            self._say(self.tr("{n} hồ sơ sẽ đổi hạn trả (chưa ghi): bấm «Tính lại hạn trả» để ghi.")
                      .format(n=len(result.moved)))

    def _say(self, text: str) -> None:
        self.status.setStyleSheet("color:#1b5e20;")
        self.status.setText(text)
        self.done.emit(text)

    def _fail(self, exc: BaseException) -> None:
        text = exc.message if isinstance(exc, MotCuaError) else self.tr(
            "Lỗi không mong đợi ({name}); hãy thử lại hoặc báo bộ phận CNTT.").format(name=type(exc).__name__)
        self.status.setStyleSheet("color:#b71c1c;")
        self.status.setText(text)
        self.failed.emit(text)


def create_page(ctx: UiContext, parent: QWidget | None = None) -> CalendarPage:
    return CalendarPage(ctx, parent)
