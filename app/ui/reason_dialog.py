"""Asks for the reason of a move (refuse, withdraw, stop, waiting for payment); required where the law
wants it written down (refusal, stop). A stop on a unit with no head in its settings, by someone who is no
leader, also asks who approves it and signs the notice (Mẫu 05). UI thread.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QPlainTextEdit, QWidget

from app.services.status import Status
from app.services.workflow import NEEDS_REASON, missing_reason
from app.ui.fields import dialog_body, error_label, set_error


class ReasonDialog(QDialog):
    def __init__(self, title: str, target: Status, parent: QWidget | None = None,
                 ask_approver: Callable[[str], str | None] | None = None):
        super().__init__(parent)
        self.target = target
        required = target in NEEDS_REASON
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        prompt = self.tr("Lý do (bắt buộc, in trên phiếu):") if required else self.tr("Lý do hoặc ghi chú (không bắt buộc):")
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.error = error_label()
        #: `ask_approver(name)`: the workflow's message while nobody would sign (workflow.missing_approver).
        self.ask_approver = ask_approver
        self.approver = QLineEdit(placeholderText=self.tr("họ và tên, ví dụ: Phạm Thị Lãnh"))
        rows: list[QWidget] = [QLabel(title), QLabel(prompt), self.reason]
        if ask_approver is not None:
            note = QLabel(self.tr("Đơn vị chưa khai báo người đứng đầu. Lãnh đạo phê duyệt việc dừng, người ký "
                                  "Thông báo dừng (Mẫu 05) (bắt buộc):"))
            note.setWordWrap(True)
            rows += [note, self.approver]
        dialog_body(self, rows, self.error, self.tr("Xác nhận"), self.tr("Hủy"), self.check)

    def check(self) -> None:
        if problem := missing_reason(self.target, self.reason.toPlainText()):  # the workflow's own rule
            set_error(self.error, problem)
            self.reason.setFocus()
            return
        if self.ask_approver is not None and (problem := self.ask_approver(self.approver.text())):
            set_error(self.error, problem)
            self.approver.setFocus()
            return
        self.accept()

    def values(self) -> dict:
        return {"reason": self.reason.toPlainText(), "approved_by": self.approver.text()}
