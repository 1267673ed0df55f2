"""Handing the result back: who collected it (the applicant by default), their ID number, and the
authorisation (giấy ủy quyền) when they collect on the applicant's behalf; then, if the citizen wants to
give one, their satisfaction rating and a comment. The rules are `operations.handback.check`, applied
before the dialog closes. UI thread.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from app.operations.handback import HandBack, check, on_behalf
from app.services.dto import DossierDetail
from app.ui import labels
from app.ui.fields import dialog_body, error_label, set_error, show_errors, with_error


class ReturnDialog(QDialog):
    def __init__(self, d: DossierDetail, parent: QWidget | None = None):
        super().__init__(parent)
        self.d = d
        self.setWindowTitle(self.tr("Trả kết quả hồ sơ {code}").format(code=d.code))
        self.setMinimumWidth(640)
        self.collected_by = QLineEdit(d.applicant_name)
        self.collector_id = QLineEdit(d.applicant_id_number)
        self.collector_id.setPlaceholderText(self.tr("Số định danh trên giấy tờ người nhận xuất trình"))
        self.authorisation = QLineEdit()
        self.authorisation.setPlaceholderText(self.tr("Số, ngày giấy ủy quyền, ví dụ 15/UQ ngày 20/11/2026"))
        self.behalf_note = QLabel(self.tr("Người nhận không phải người nộp: cần giấy ủy quyền."))
        self.behalf_note.setStyleSheet("color:#7a4a00;")
        self.rating = QComboBox()
        self.rating.addItem(self.tr("Công dân không đánh giá"), "")
        for key in labels.RATINGS:
            self.rating.addItem(labels.rating(key), key)
        self.comment = QLineEdit()
        self.comment.setPlaceholderText(self.tr("Góp ý của công dân (không bắt buộc)"))
        self.errors = {k: error_label() for k in ("collector_name", "collector_id", "authorisation")}
        self.error = error_label()
        form = QFormLayout()
        form.addRow(self.tr("Người nhận kết quả"), with_error(self.collected_by, self.errors["collector_name"]))
        form.addRow(self.tr("Số định danh người nhận"), with_error(self.collector_id, self.errors["collector_id"]))
        form.addRow("", self.behalf_note)
        self.authorisation_row = with_error(self.authorisation, self.errors["authorisation"])
        form.addRow(self.tr("Giấy ủy quyền"), self.authorisation_row)
        form.addRow(self.tr("Mức hài lòng"), self.rating)
        form.addRow(self.tr("Góp ý"), self.comment)
        dialog_body(self, [form], self.error,
                    self.tr("Đã trả kết quả"), self.tr("Hủy"), self.check)
        self.collected_by.textChanged.connect(self._collector_changed)
        self._collector_changed(self.collected_by.text())
        self.collected_by.selectAll()

    def _collector_changed(self, name: str) -> None:
        behalf = on_behalf(self.d, name)
        self.behalf_note.setVisible(behalf)
        self.authorisation.setEnabled(behalf)
        if behalf and self.collector_id.text() == self.d.applicant_id_number:
            self.collector_id.clear()  # the applicant's number is not the collector's

    def check(self) -> None:
        errors = check(self.d, self.values())
        show_errors(self.errors, errors)
        if errors:
            set_error(self.error, self.tr("Hãy sửa các ô có thông báo đỏ."))
            return
        self.accept()

    def values(self) -> HandBack:
        return HandBack(collector_name=self.collected_by.text(), collector_id=self.collector_id.text(),
                        authorisation=self.authorisation.text() if self.authorisation.isEnabled() else "",
                        rating=self.rating.currentData(), comment=self.comment.text())
