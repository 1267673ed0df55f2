"""Shared desks: "Đăng xuất / đổi người dùng" closes one person's window and `run_app` asks the next to
sign in on the same open desk; a first sign-in with a temporary password goes straight to choosing a new
one, without typing the temporary password again."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from app.services import accounts
from app.ui.change_password_dialog import ChangePasswordDialog
from app.ui.main_window import MainWindow
from app.ui.sign_in_dialog import SignInDialog
from tests.ui.conftest import run_app_driven

from .conftest import PASSWORD


def test_sign_out_then_the_next_person_signs_in(desk, admin_user, qtbot, no_modal_hangs):
    no_modal_hangs.stop()  # this test answers the dialogs itself
    accounts.create_user(desk, "moi", "Người Mới", "clerk", "tamthoi12345", admin_user.actor())
    seen: list[str] = []

    def drive() -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, SignInDialog) and modal.isVisible() and modal.ok.isEnabled():
            first = not seen
            modal.username.setText("quantri" if first else "moi")
            modal.password.setText(PASSWORD if first else "tamthoi12345")
            modal.sign_in()
            return
        if isinstance(modal, ChangePasswordDialog) and modal.ok.isEnabled():
            seen.append(f"change:{modal.old.isVisibleTo(modal)}")
            modal.new.setText("riengtoi2026x")
            modal.again.setText("riengtoi2026x")
            modal.save()
            return
        for top in QApplication.topLevelWidgets():
            if isinstance(top, MainWindow) and top.isVisible():
                seen.append(top.ctx.actor.username)
                if len([s for s in seen if not s.startswith("change")]) == 1:
                    top.sign_out()
                else:
                    top.close()
                return

    assert run_app_driven(desk.paths, drive) == 0
    assert seen == ["quantri", "change:False", "moi"]
    assert not accounts.authenticate(desk, "moi", "riengtoi2026x").must_change_password
