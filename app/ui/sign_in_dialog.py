"""Sign-in: user name and password checked by `accounts.authenticate` on the write worker (it counts
failures and locks the account after repeated mistakes). On an encrypted store there is no open desk yet:
the password also unlocks the database (`accounts_store.open_signed_in`) and the dialog hands back the desk.
The result is the signed-in UserInfo (and `desk`). UI thread.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.operations import admin
from app.paths import AppPaths
from app.services import accounts
from app.services.desk import Desk
from app.ui.dialog_keys import submit_on_ctrl_enter
from app.ui.fields import button_box, error_label, set_busy, set_error
from app.ui.tasks import Tasks, error_text


class SignInDialog(QDialog):
    def __init__(self, desk: Desk | None, tasks: Tasks, parent: QWidget | None = None, username: str = "",
                 paths: AppPaths | None = None):
        super().__init__(parent)
        self.desk, self.tasks, self.paths = desk, tasks, paths
        self.user: accounts.UserInfo | None = None
        self.setWindowTitle(self.tr("Đăng nhập — Một Cửa"))
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        heading = QLabel(f"<b>{desk.agency.name}</b>" if desk is not None
                         else self.tr("Dữ liệu trên máy này được mã hóa; mật khẩu của bạn sẽ mở khóa."))
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.username = QLineEdit(username)
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("Tên đăng nhập"), self.username)
        form.addRow(self.tr("Mật khẩu"), self.password)
        layout.addLayout(form)
        self.error = error_label()
        layout.addWidget(self.error)
        buttons, self.ok = button_box(self.tr("Đăng nhập"), self.tr("Thoát"))
        buttons.accepted.connect(self.sign_in)
        submit_on_ctrl_enter(self, self.sign_in)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        (self.password if username else self.username).setFocus()

    def sign_in(self) -> None:
        if not self.username.text().strip() or not self.password.text():
            set_error(self.error, self.tr("Hãy nhập tên đăng nhập và mật khẩu."))
            return
        set_busy(self.ok, True)
        set_error(self.error, "")
        if self.desk is None:
            self.tasks.run(admin.open_signed_in, self.paths, self.username.text(), self.password.text(),
                           write=True, on_done=self._opened, on_error=self._failed)
            return
        self.tasks.run(admin.sign_in, self.desk, self.username.text(), self.password.text(), write=True,
                       on_done=self._signed_in, on_error=self._failed)

    def _opened(self, result: tuple[Desk, accounts.UserInfo]) -> None:
        self.desk = result[0]
        self._signed_in(result[1])

    def _signed_in(self, user: accounts.UserInfo) -> None:
        self.user = user
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        set_busy(self.ok, False)
        self.password.clear()
        self.password.setFocus()
        set_error(self.error, error_text(exc))
