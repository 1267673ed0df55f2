"""The "Sửa thông tin" dialog: the applicant's name, ID number, phone and address of a saved dossier,
pre-filled, with the reason for the change (required). The name is shown as it will be saved
("nguyễn thị lan" → "Nguyễn Thị Lan"). The change runs `operations.corrections.correct_applicant` on the
write worker; the service's messages go beside their fields and the dialog stays open. Afterwards the
slip can be printed again with the new details (the code and dates are unchanged). UI thread.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from app.errors import ConcurrentChange, ValidationError
from app.operations.base import Changes
from app.operations.corrections import CorrectionIn, CorrectionResult, correct_applicant
from app.services.dto import DossierDetail
from app.services.names import capitalise_name
from app.ui import screen_fit
from app.ui.context import UiContext
from app.ui.fields import dialog_body, error_label, set_busy, set_error, show_errors, with_error
from app.ui.tasks import error_text


class CorrectionDialog(QDialog):
    #: The correction was saved (its CorrectionResult).
    corrected = Signal(object)

    def __init__(self, ctx: UiContext, d: DossierDetail, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.code, self.seen = ctx, d.code, d  # the dossier as the clerk saw it
        self.result: CorrectionResult | None = None
        self.setWindowTitle(self.tr("Sửa thông tin người nộp — {code}").format(code=d.code))
        self.setMinimumWidth(640)
        self.name = QLineEdit(d.applicant_name)
        self.id_number = QLineEdit(d.applicant_id_number)
        self.phone = QLineEdit(d.applicant_phone)
        self.address = QLineEdit(d.applicant_address)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(70)
        self.reason.setPlaceholderText(self.tr("Bắt buộc: vì sao sửa, ví dụ «gõ nhầm tên khi tiếp nhận»"))
        self.preview = QLabel()
        self.preview.setStyleSheet("color:#155724;")
        self.errors = {k: error_label() for k in ("applicant.name", "applicant.id_number", "applicant.phone",
                                                   "applicant.address", "reason")}
        note = QLabel(self.tr("Mã hồ sơ, ngày tiếp nhận và ngày hẹn trả không đổi. Giá trị cũ và mới được ghi "
                              "vào quá trình xử lý và nhật ký."))
        note.setWordWrap(True)
        note.setStyleSheet("color:#555;")
        form = QFormLayout()
        form.addRow(self.tr("Họ và tên"), with_error(self.name, self.errors["applicant.name"]))
        form.addRow("", self.preview)
        form.addRow(self.tr("Số định danh"), with_error(self.id_number, self.errors["applicant.id_number"]))
        form.addRow(self.tr("Điện thoại"), with_error(self.phone, self.errors["applicant.phone"]))
        form.addRow(self.tr("Địa chỉ"), with_error(self.address, self.errors["applicant.address"]))
        form.addRow(self.tr("Lý do sửa"), with_error(self.reason, self.errors["reason"]))
        self.error = error_label()
        self.ok = dialog_body(self, [note, form], self.error, self.tr("Lưu thay đổi"), self.tr("Hủy"), self.save)
        self.name.textChanged.connect(self._show_name)
        self._show_name(self.name.text())
        screen_fit.fit_dialog(self)

    def _show_name(self, text: str) -> None:
        proper = capitalise_name(text)
        self.preview.setText(self.tr("Sẽ lưu là: {name}").format(name=proper) if proper != text.strip() else "")

    def values(self) -> CorrectionIn:
        return CorrectionIn(name=self.name.text(), id_number=self.id_number.text(), phone=self.phone.text(),
                            address=self.address.text(), reason=self.reason.toPlainText())

    def save(self) -> None:
        show_errors(self.errors, {})
        set_error(self.error, "")
        set_busy(self.ok, True)
        self.ctx.tasks.run(correct_applicant, self.ctx.op, self.code, self.values(), self.seen.version,
                           write=True, on_done=self._saved, on_error=self._failed)

    def _saved(self, result: CorrectionResult) -> None:
        set_busy(self.ok, False)
        self.result = result
        self.corrected.emit(result)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        set_busy(self.ok, False)
        if isinstance(exc, ValidationError):
            rest = show_errors(self.errors, exc.fields)
            set_error(self.error, "\n".join(rest))
        else:
            set_error(self.error, error_text(exc))
        if isinstance(exc, ConcurrentChange):  # another counter moved it: the views show its new state
            self.ctx.announce(Changes.of("dossier", self.seen.id))
