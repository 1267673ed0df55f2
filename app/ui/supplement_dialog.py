"""Requesting a supplement (Mẫu 02): every missing or incomplete paper in one go — tick the papers of
the dossier that must be redone, add others line by line — and the reason. UI thread.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QWidget,
)

from app.services.dto import DossierDetail
from app.services.status import Status
from app.services.workflow import missing_reason
from app.ui.fields import dialog_body, error_label, set_error


class SupplementDialog(QDialog):
    def __init__(self, d: DossierDetail, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Yêu cầu bổ sung hồ sơ {code}").format(code=d.code))
        self.setMinimumWidth(520)
        self.papers = QListWidget()
        for c in d.components:
            item = QListWidgetItem(c.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.papers.addItem(item)
        self.others = QPlainTextEdit()
        self.others.setTabChangesFocus(True)
        self.others.setPlaceholderText(self.tr("Giấy tờ khác cần bổ sung, mỗi dòng một loại"))
        self.others.setMaximumHeight(80)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText(self.tr("Ví dụ: Tờ khai thiếu chữ ký người đi khai; bản sao chưa chứng thực"))
        self.reason.setMaximumHeight(80)
        self.error = error_label()
        dialog_body(self, [QLabel(self.tr("Giấy tờ phải làm lại hoặc bổ sung (Space để đánh dấu):")), self.papers, self.others, QLabel(self.tr("Lý do, hướng dẫn hoàn thiện (bắt buộc):")), self.reason], self.error,
                    self.tr("Lập phiếu yêu cầu bổ sung"), self.tr("Hủy"), self.check)

    def items(self) -> list[str]:
        ticked = [self.papers.item(i).text() for i in range(self.papers.count())
                  if self.papers.item(i).checkState() == Qt.CheckState.Checked]
        return ticked + [line.strip() for line in self.others.toPlainText().splitlines() if line.strip()]

    def check(self) -> None:
        if not self.items():
            set_error(self.error, self.tr("Hãy đánh dấu hoặc ghi ít nhất một giấy tờ cần bổ sung."))
            return
        if problem := missing_reason(Status.SUPPLEMENT_REQUESTED, self.reason.toPlainText()):
            set_error(self.error, problem)
            self.reason.setFocus()
            return
        self.accept()

    def values(self) -> dict:
        return {"reason": self.reason.toPlainText(), "items": self.items()}
