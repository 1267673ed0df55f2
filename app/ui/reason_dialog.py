"""Asks for the reason of a move (refuse, withdraw, stop, waiting for payment); required where the law
wants it written down (refusal, stop). UI thread.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QPlainTextEdit, QWidget

from app.services.status import Status
from app.services.workflow import NEEDS_REASON, missing_reason
from app.ui.fields import dialog_body, error_label, set_error


class ReasonDialog(QDialog):
    def __init__(self, title: str, target: Status, parent: QWidget | None = None):
        super().__init__(parent)
        self.target = target
        required = target in NEEDS_REASON
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        prompt = self.tr("Lý do (bắt buộc, in trên phiếu):") if required else self.tr("Lý do hoặc ghi chú (không bắt buộc):")
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.error = error_label()
        dialog_body(self, [QLabel(title), QLabel(prompt), self.reason], self.error,
                    self.tr("Xác nhận"), self.tr("Hủy"), self.check)

    def check(self) -> None:
        if problem := missing_reason(self.target, self.reason.toPlainText()):  # the workflow's own rule
            set_error(self.error, problem)
            self.reason.setFocus()
            return
        self.accept()

    def values(self) -> dict:
        return {"reason": self.reason.toPlainText()}
