"""The screen lock: the window's data is hidden until the signed-in user types their password again
(`accounts.unlock_screen`, same lock-out rules as sign-in). Another person signs in by quitting and
starting the app or with "Đăng xuất / đổi người dùng". The message says whether the user locked it (Ctrl+L)
or it locked itself after idle time. UI thread.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.operations import admin
from app.ui.context import UiContext
from app.ui.dialog_keys import submit_on_ctrl_enter
from app.ui.fields import error_label, set_busy, set_error
from app.ui.tasks import error_text


class UnlockDialog(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None, *, by_user: bool = False):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Màn hình đã khóa"))
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self.setMinimumWidth(420)
        why = (self.tr("{name} đã khóa màn hình (Ctrl+L). Hãy nhập mật khẩu của {name} để tiếp tục.") if by_user
               else self.tr("Máy tạm khóa vì lâu không dùng. {name}, hãy nhập mật khẩu để tiếp tục."))
        text = QLabel(why.format(name=ctx.actor.full_name))
        text.setWordWrap(True)
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.error = error_label()
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(self.tr("Mở khóa"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.unlock)
        submit_on_ctrl_enter(self, self.unlock)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.password)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def reject(self) -> None:
        """Escape does not unlock."""

    def unlock(self) -> None:
        set_busy(self.ok, True)
        self.ctx.tasks.run(admin.unlock_screen, self.ctx.op, self.password.text(),
                           write=True, on_done=lambda _: self.accept(), on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        set_busy(self.ok, False)
        self.password.clear()
        set_error(self.error, error_text(exc))
