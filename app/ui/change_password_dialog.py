"""Choosing a new password: forced after the first sign-in with a password an administrator set, and
available from the account menu. After the sign-in the temporary password just typed is passed in and
not asked again. Checked and stored by `accounts.change_password` on the write worker.
UI thread.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.errors import ValidationError
from app.operations import admin
from app.services.desk import Desk
from app.ui.dialog_keys import submit_on_ctrl_enter
from app.ui.fields import button_box, error_label, set_busy, set_error
from app.ui.tasks import Tasks, error_text


class ChangePasswordDialog(QDialog):
    def __init__(self, desk: Desk, tasks: Tasks, username: str, *, forced: bool = False,
                 current_password: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.desk, self.tasks, self.username = desk, tasks, username
        self.setWindowTitle(self.tr("Đổi mật khẩu"))
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        if forced:
            note = QLabel(self.tr("Đây là lần đăng nhập đầu tiên với mật khẩu do quản trị đặt. "
                                  "Hãy chọn mật khẩu riêng của bạn để tiếp tục."))
            note.setWordWrap(True)
            layout.addWidget(note)
        self.old = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.new = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.again = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        form = QFormLayout()
        # Right after signing in with the temporary password, it is not asked again.
        self.old.setText(current_password)
        if not current_password:
            form.addRow(self.tr("Mật khẩu hiện tại"), self.old)
        form.addRow(self.tr("Mật khẩu mới (ít nhất 10 ký tự, có chữ và số)"), self.new)
        form.addRow(self.tr("Nhập lại mật khẩu mới"), self.again)
        layout.addLayout(form)
        self.error = error_label()
        layout.addWidget(self.error)
        buttons, self.ok = button_box(self.tr("Đổi mật khẩu"), self.tr("Thoát") if forced else self.tr("Hủy"))
        buttons.accepted.connect(self.save)
        submit_on_ctrl_enter(self, self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        if self.new.text() != self.again.text():
            set_error(self.error, self.tr("Hai lần nhập mật khẩu mới không giống nhau; hãy nhập lại."))
            return
        set_busy(self.ok, True)
        self.tasks.run(admin.change_password, self.desk, self.username, self.old.text(), self.new.text(),
                       write=True, on_done=lambda _: self.accept(), on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        set_busy(self.ok, False)
        if isinstance(exc, ValidationError):
            set_error(self.error, "\n".join(exc.fields.values()))
        else:
            set_error(self.error, error_text(exc))
