"""Asks whom a dossier goes to (handling unit or person) and an optional note: used to forward a dossier
for processing and to record a hand-over (one block of Mẫu 05). UI thread.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from app.ui.fields import dialog_body, error_label, set_error


class ForwardDialog(QDialog):
    def __init__(self, title: str, to_party: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.to_party = QLineEdit(to_party)
        self.to_party.setPlaceholderText(self.tr("Ví dụ: Công chức Tư pháp - Hộ tịch, ông Trần Văn Bình"))
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(80)
        self.error = error_label()
        form = QFormLayout()
        form.addRow(self.tr("Giao cho"), self.to_party)
        form.addRow(self.tr("Ghi chú"), self.note)
        dialog_body(self, [form], self.error,
                    self.tr("Xác nhận"), self.tr("Hủy"), self.check)

    def check(self) -> None:
        if not self.to_party.text().strip():
            set_error(self.error, self.tr("Hãy ghi người hoặc bộ phận nhận hồ sơ."))
            self.to_party.setFocus()
            return
        self.accept()

    def values(self) -> dict:
        return {"to_party": self.to_party.text(), "note": self.note.toPlainText()}
