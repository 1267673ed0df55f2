"""The filter row above the dossier list: status, procedure, channel, received-date range, overdue, due soon.

Emits `changed` with a ready `SearchFilter` whenever a filter moves; the start page sets filters here
to open "overdue", "due today" and friends in one click. UI thread.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QLabel, QPushButton, QWidget

from app.operations import dossiers
from app.services.catalogue import ProcedureInfo
from app.services.due import DUE_SOON_DAYS, days_until_midnight
from app.services.search import SearchFilter
from app.services.status import OPEN, RUNNING, Status
from app.ui import labels
from app.ui.context import UiContext

#: Status filter choices beyond single statuses.
OPEN_KEY, RUNNING_KEY = "open", "running"
NO_DATE = QDate(2000, 1, 1)


def _combo(chars: int) -> QComboBox:
    """A combo box that may shrink below its longest entry (the list opens wide enough to read it)."""
    box = QComboBox()
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(chars)
    box.view().setMinimumWidth(320)
    return box


def _date_edit() -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText("—")
    edit.setDate(NO_DATE)
    return edit


class ListFilters(QWidget):
    changed = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._quiet = False
        self.due_today_only = False
        self.status = _combo(9)
        self.status.addItem(self.tr("Mọi trạng thái"), "")
        self.status.addItem(self.tr("Đang mở (chưa kết thúc)"), OPEN_KEY)
        self.status.addItem(self.tr("Đang tính thời hạn"), RUNNING_KEY)
        for s in Status:
            self.status.addItem(labels.status(s), int(s))
        self.procedure = _combo(10)
        self.procedure.addItem(self.tr("Mọi thủ tục"), "")
        self.channel = _combo(11)
        self.channel.addItem(self.tr("Mọi hình thức nộp"), "")
        for key in labels.CHANNELS:
            self.channel.addItem(labels.channel(key), key)
        self.date_from, self.date_to = _date_edit(), _date_edit()
        self.overdue = QCheckBox(self.tr("Quá hạn"))
        self.due_soon = QCheckBox(self.tr("Sắp đến hạn"))
        self.due_soon.setToolTip(self.tr("Còn hạn, nhưng đến hạn trong 2 ngày tới"))
        clear = QPushButton(self.tr("Bỏ lọc"))
        clear.clicked.connect(self.clear)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.status, 1)
        row.addWidget(self.procedure, 2)
        row.addWidget(self.channel, 1)
        row.addWidget(QLabel(self.tr("Nhận từ")))
        row.addWidget(self.date_from)
        row.addWidget(QLabel(self.tr("đến")))
        row.addWidget(self.date_to)
        row.addWidget(self.overdue)
        row.addWidget(self.due_soon)
        row.addWidget(clear)
        for box in (self.status, self.procedure, self.channel):
            box.currentIndexChanged.connect(self._emit)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self._emit)
        self.overdue.toggled.connect(self._overdue_toggled)
        self.due_soon.toggled.connect(self._due_soon_toggled)
        ctx.tasks.run(dossiers.procedures, ctx.op, on_done=self._set_procedures)

    def _set_procedures(self, procs: list[ProcedureInfo]) -> None:
        for p in procs:
            self.procedure.addItem(f"{p.name} ({p.code})", p.code)

    def _overdue_toggled(self, on: bool) -> None:
        if on:
            self.due_soon.setChecked(False)
        self._emit()

    def _due_soon_toggled(self, on: bool) -> None:
        if on:
            self.overdue.setChecked(False)
        self._emit()

    def current(self) -> SearchFilter:
        f = SearchFilter()
        status = self.status.currentData()
        if status == OPEN_KEY:
            f.statuses = [int(s) for s in OPEN]
        elif status == RUNNING_KEY:
            f.statuses = [int(s) for s in RUNNING]
        elif status:
            f.statuses = [int(status)]
        f.procedure_code = self.procedure.currentData() or ""
        f.channel = self.channel.currentData() or ""
        f.received_from = self._day(self.date_from)
        f.received_to = self._day(self.date_to)
        f.overdue = self.overdue.isChecked()
        if self.due_today_only:
            f.due_within_days = days_until_midnight(self.ctx.desk.now())
        elif self.due_soon.isChecked():
            f.due_within_days = DUE_SOON_DAYS
        return f

    @staticmethod
    def _day(edit: QDateEdit) -> dt.date | None:
        d = edit.date()
        return None if d == NO_DATE else dt.date(d.year(), d.month(), d.day())

    def _emit(self) -> None:
        # Only a person moves a filter outside preset(): the start page's "due today" list then ends.
        if not self._quiet:
            self.due_today_only = False
            self.changed.emit(self.current())

    def clear(self) -> None:
        self.preset()

    def preset(self, *, overdue: bool = False, due_today: bool = False, due_soon: bool = False,
               received_today: bool = False) -> None:
        """Set the filters for one of the start page's lists (all others cleared), then emit once."""
        self._quiet = True
        self.status.setCurrentIndex(0)
        self.procedure.setCurrentIndex(0)
        self.channel.setCurrentIndex(0)
        today = QDate.fromString(self.ctx.desk.now().date().isoformat(), "yyyy-MM-dd")
        self.date_from.setDate(today if received_today else NO_DATE)
        self.date_to.setDate(today if received_today else NO_DATE)
        self.overdue.setChecked(overdue)
        self.due_soon.setChecked(due_soon)
        self.due_today_only = due_today
        self._quiet = False
        self.changed.emit(self.current())

    def describe(self) -> str:
        """A few words for the status line when a start-page list is showing."""
        if self.due_today_only:
            return self.tr("đến hạn hôm nay")
        return ""
