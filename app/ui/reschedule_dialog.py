"""Rescheduling with an apology (Mẫu 04): the new return date (a working day after the current one,
checked against the working calendar as it is typed), the reason for the delay, and the leader who
approves and signs. UI thread.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from app.services.calendar import fmt_moment
from app.services.dto import DossierDetail
from app.ui.context import UiContext
from app.ui.fields import dialog_body, error_label, set_error

#: The date proposed at first: this many working days after the current return date (or now).
PROPOSED_WORKING_DAYS = 2


def _qt(t: dt.datetime) -> QDateTime:
    return QDateTime(t.year, t.month, t.day, t.hour, t.minute, 0)


def _py(q: QDateTime) -> dt.datetime:
    d, t = q.date(), q.time()
    return dt.datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())


class RescheduleDialog(QDialog):
    def __init__(self, ctx: UiContext, d: DossierDetail, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.detail = ctx, d
        self.setWindowTitle(self.tr("Hẹn lại ngày trả và xin lỗi — {code}").format(code=d.code))
        self.setMinimumWidth(520)
        cal = ctx.desk.calendar
        start = max(d.due_at, ctx.desk.now())
        proposed = cal.add_working_minutes(start, PROPOSED_WORKING_DAYS * cal.hours.minutes_per_day)
        self.new_due = QDateTimeEdit(_qt(proposed))
        self.new_due.setDisplayFormat("HH:mm dd/MM/yyyy")
        self.new_due.setCalendarPopup(True)
        self.new_due.dateTimeChanged.connect(self._check_day)
        self.day_note = QLabel()
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText(self.tr("Lý do chậm trả kết quả (in trên phiếu xin lỗi)"))
        self.approved_by = QLineEdit(ctx.desk.agency.head_name)
        self.approved_by.setPlaceholderText(self.tr("Họ tên lãnh đạo duyệt và ký phiếu"))
        self.error = error_label()
        form = QFormLayout()
        form.addRow(self.tr("Hẹn trả hiện tại"), QLabel(fmt_moment(d.due_at)))
        form.addRow(self.tr("Hẹn trả mới"), self.new_due)
        form.addRow("", self.day_note)
        form.addRow(self.tr("Lý do"), self.reason)
        form.addRow(self.tr("Lãnh đạo duyệt"), self.approved_by)
        dialog_body(self, [form], self.error,
                    self.tr("Lập phiếu xin lỗi"), self.tr("Hủy"), self.check)
        self._check_day()

    def _check_day(self) -> None:
        day = _py(self.new_due.dateTime()).date()
        reason = self.ctx.desk.calendar.day_off_reason(day)
        if reason:
            self.day_note.setText(self.tr("Ngày nghỉ: {reason}. Hãy chọn ngày làm việc.").format(reason=reason))
            self.day_note.setStyleSheet("color:#b3261e;")
        else:
            self.day_note.setText(self.tr("Ngày làm việc."))
            self.day_note.setStyleSheet("color:#555;")

    def check(self) -> None:
        if not self.reason.toPlainText().strip():
            set_error(self.error, self.tr("Hãy ghi rõ lý do chậm trả kết quả."))
            self.reason.setFocus()
            return
        self.accept()

    def values(self) -> dict:
        return {"new_due_at": _py(self.new_due.dateTime()), "reason": self.reason.toPlainText(),
                "approved_by": self.approved_by.text()}
