"""Asks whom a dossier goes to and an optional note: used to forward a dossier for processing and to
record a hand-over (one block of Mẫu 05). "Giao cho" lists the desk's officers and leaders (read by
`operations.queues.assignees`); typing any other name or unit remains possible for units outside the
desk. A dossier forwarded to an account's full name shows in that account's "Hồ sơ của tôi". UI thread.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QPlainTextEdit,
    QWidget,
)

from app.operations.queues import Assignee, assignees
from app.services.workflow import missing_recipient
from app.ui.context import UiContext
from app.ui.fields import dialog_body, error_label, set_error


class ForwardDialog(QDialog):
    def __init__(self, title: str, to_party: str = "", parent: QWidget | None = None,
                 ctx: UiContext | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.officer = QComboBox()
        self.officer.setEditable(True)
        self.officer.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.to_party = self.officer.lineEdit()
        self.to_party.setText(to_party)
        self.to_party.setPlaceholderText(self.tr("Chọn cán bộ, hoặc gõ tên bộ phận bên ngoài"))
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(80)
        self.error = error_label()
        form = QFormLayout()
        form.addRow(self.tr("Giao cho"), self.officer)
        form.addRow(self.tr("Ghi chú"), self.note)
        dialog_body(self, [form], self.error,
                    self.tr("Xác nhận"), self.tr("Hủy"), self.check)
        if ctx is not None:
            ctx.tasks.run(assignees, ctx.op, on_done=self._fill)

    def _fill(self, people: list[Assignee]) -> None:
        typed = self.to_party.text()
        for p in people:
            self.officer.addItem(p.full_name, p.username)
            self.officer.setItemData(self.officer.count() - 1, p.label, Qt.ItemDataRole.ToolTipRole)
        self.to_party.setText(typed)

    def check(self) -> None:
        if problem := missing_recipient(self.to_party.text()):  # the workflow's own rule
            set_error(self.error, problem)
            self.to_party.setFocus()
            return
        self.accept()

    def values(self) -> dict:
        return {"to_party": self.to_party.text(), "note": self.note.toPlainText()}
