"""Smoke test of the desktop app on a centre's PostgreSQL server: sign in, the main window with the
server indicator in its status bar (the data folder was set up by another counter's joining)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from app.services import accounts
from app.services.desk import Desk
from app.ui.main_window import MainWindow
from app.ui.sign_in_dialog import SignInDialog
from tests.conftest import ADMIN
from tests.ui.conftest import run_app_driven

PASSWORD = "Trung-tam-2026-an-toan"


def test_the_app_runs_on_the_centre_server(qtbot, centre):
    first, second = centre.counters(2)
    other = Desk.open(second)
    accounts.create_user(other, "quantri", "Trần Thị Quản Trị", "admin", PASSWORD, ADMIN, must_change_password=False)
    other.close()
    seen: dict = {}

    def drive() -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, SignInDialog) and "signed" not in seen:
            seen["signed"] = True
            modal.username.setText("quantri")
            modal.password.setText(PASSWORD)
            modal.sign_in()
            return
        for top in QApplication.topLevelWidgets():
            if isinstance(top, MainWindow) and top.isVisible() and "title" not in seen:
                indicator = top.centre_indicator
                if indicator is None or indicator.online is not True:
                    return
                seen["title"] = top.windowTitle()
                seen["indicator"] = indicator.text()
                top.close()

    assert run_app_driven(first, drive) == 0
    assert seen["title"].startswith("Một Cửa — Trung tâm Phục vụ hành chính công xã Tân Lập")
    assert seen["indicator"] == "● Máy chủ Trung tâm"
