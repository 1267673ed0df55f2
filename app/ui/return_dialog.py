"""Handing the result back: who collected it (the applicant by default) and, if the citizen wants to
give one, their satisfaction rating and a comment. UI thread.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from app.services.dto import DossierDetail
from app.ui import labels
from app.ui.fields import dialog_body, error_label, set_error


class ReturnDialog(QDialog):
    def __init__(self, d: DossierDetail, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Trả kết quả hồ sơ {code}").format(code=d.code))
        self.setMinimumWidth(460)
        self.collected_by = QLineEdit(d.applicant_name)
        self.rating = QComboBox()
        self.rating.addItem(self.tr("Công dân không đánh giá"), "")
        for key in labels.RATINGS:
            self.rating.addItem(labels.rating(key), key)
        self.comment = QLineEdit()
        self.comment.setPlaceholderText(self.tr("Góp ý của công dân (không bắt buộc)"))
        self.error = error_label()
        form = QFormLayout()
        form.addRow(self.tr("Người nhận kết quả"), self.collected_by)
        form.addRow(self.tr("Mức hài lòng"), self.rating)
        form.addRow(self.tr("Góp ý"), self.comment)
        dialog_body(self, [form], self.error,
                    self.tr("Đã trả kết quả"), self.tr("Hủy"), self.check)
        self.collected_by.selectAll()

    def check(self) -> None:
        if not self.collected_by.text().strip():
            set_error(self.error, self.tr("Hãy ghi họ tên người nhận kết quả."))
            return
        self.accept()

    def values(self) -> dict:
        return {"collected_by": self.collected_by.text(), "rating": self.rating.currentData(),
                "comment": self.comment.text()}
