"""Starting the desktop app: `run_app(paths)` opens the desk, runs the first-run dialog on a new database
or the sign-in dialog otherwise (an encrypted store is opened by the sign-in itself), forces a new
password when an administrator set it, then shows the main window until it closes. UI thread.
"""

from __future__ import annotations

import gc
import logging
import sys
from dataclasses import dataclass

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from app.errors import MotCuaError
from app.logging_setup import configure
from app.operations import admin, store
from app.operations import centre as centre_ops
from app.paths import AppPaths, resources_dir
from app.services import accounts, crypto_store
from app.services.desk import Desk
from app.ui import theme
from app.ui.change_password_dialog import ChangePasswordDialog
from app.ui.context import UiContext
from app.ui.first_run_dialog import FirstRunDialog
from app.ui.i18n import install_language
from app.ui.main_window import MainWindow
from app.ui.sign_in_dialog import SignInDialog
from app.ui.store_choice_dialog import StoreChoiceDialog
from app.ui.tasks import Tasks

log = logging.getLogger(__name__)


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Một Cửa")
    app.setOrganizationName("MotCuaDesk")
    icon = resources_dir() / "icons" / "motcua.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    theme.apply(app)
    return app  # type: ignore[return-value]


@dataclass
class SignedIn:
    """Who signed in on which desk, and the password just typed (for the forced first change)."""

    desk: Desk
    user: accounts.UserInfo
    password: str = ""


def sign_in(paths: AppPaths, tasks: Tasks) -> SignedIn | None:
    """The desk and the signed-in user, or None when the user gave up."""
    if crypto_store.is_encrypted(paths):
        dialog = SignInDialog(None, tasks, paths=paths)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        assert dialog.desk is not None and dialog.user is not None
        return SignedIn(dialog.desk, dialog.user, dialog.password.text())
    if not centre_ops.has_store(paths):  # a new PC: its own store, or the centre's server
        choice = StoreChoiceDialog(paths, tasks)
        if choice.exec() != QDialog.DialogCode.Accepted:
            return None
    desk = Desk.open(paths)
    install_language(QApplication.instance(), desk.setting("language"))
    if admin.needs_first_admin(desk):
        first: QDialog = FirstRunDialog(desk, tasks)
    else:
        first = SignInDialog(desk, tasks)
    if first.exec() != QDialog.DialogCode.Accepted:
        desk.close()
        return None
    typed = first.password.text() if isinstance(first, SignInDialog) else ""
    return SignedIn(desk, first.user, typed)  # type: ignore[attr-defined]


def sign_in_again(desk: Desk, tasks: Tasks) -> SignedIn | None:
    """After "Đăng xuất / đổi người dùng": the next person signs in on the same open desk."""
    dialog = SignInDialog(desk, tasks)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.user is None:
        return None
    return SignedIn(desk, dialog.user, dialog.password.text())


def run_app(paths: AppPaths) -> int:
    paths.ensure()
    configure(paths.logs)
    app = application()
    tasks = Tasks()
    try:
        signed = sign_in(paths, tasks)
    except MotCuaError as exc:
        QMessageBox.critical(None, "Một Cửa", exc.message)
        return 1
    if signed is None:
        return 0
    desk = signed.desk
    install_language(app, desk.setting("language"))
    # Once a day, a verified copy of the database with retention (7 daily, 4 weekly, 12 monthly), off the
    # UI thread; the online backup API lets the clerk keep working meanwhile.
    tasks.run(store.daily_backup, desk)
    code = 0
    try:
        while signed is not None:
            user = signed.user
            if user.must_change_password:
                forced = ChangePasswordDialog(desk, tasks, user.username, forced=True,
                                              current_password=signed.password)
                if forced.exec() != QDialog.DialogCode.Accepted:
                    return 0
            window = MainWindow(UiContext(desk, user.actor(), tasks))
            window.show()
            # Everything built so far (Qt wrappers, SQLAlchemy, the catalogue…) lives as long as the app:
            # keeping it out of the cyclic collector turns its ~150 ms full passes while scrolling into ~3 ms.
            gc.freeze()
            code = app.exec()
            # "Đăng xuất / đổi người dùng" on a shared desk: the next person signs in on the same desk.
            signed = sign_in_again(desk, tasks) if window.signed_out else None
        return code
    finally:
        tasks.wait()
        desk.close()
