"""The first start of a new PC: keep the data on this machine, or connect to the centre's server."""

from __future__ import annotations

import json
import socket

import psycopg
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from app.operations import admin
from app.paths import AppPaths
from app.services import accounts
from app.services.desk import Desk
from app.ui.first_run_dialog import FirstRunDialog
from app.ui.main_window import MainWindow
from app.ui.sign_in_dialog import SignInDialog
from app.ui.store_choice_dialog import StoreChoiceDialog
from app.ui.tasks import Tasks
from tests.conftest import ADMIN
from tests.ui.conftest import run_app_driven, type_text

PASSWORD = "Trung-tam-2026-an-toan"


def connect(qtbot, dialog: StoreChoiceDialog, url: str, *, password: str = "", admin: str = "",
            admin_password: str = "") -> str:
    """Fill the server's and the administrator's fields, press "Tiếp tục", and return the error shown ("" when
    the PC joined)."""
    for field, text in ((dialog.url, url), (dialog.password, password), (dialog.admin_username, admin),
                        (dialog.admin_password, admin_password)):
        field.clear()
        qtbot.keyClicks(field, text)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.ok.isEnabled() or dialog.joined is not None, timeout=15000)
    return dialog.general.text() if dialog.general.isVisible() else ""


@pytest.fixture
def at_work(centre):
    """The centre's server in use: its first counter has an administrator and a clerk."""
    first = Desk.open(centre.counters(1)[0])
    try:
        accounts.create_user(first, "quantri", "Trần Thị Quản Trị", "admin", PASSWORD, ADMIN, must_change_password=False)
        accounts.create_user(first, "hong.nt", "Nguyễn Thị Hồng", "clerk", PASSWORD, ADMIN, must_change_password=False)
    finally:
        first.close()
    return centre


@pytest.fixture
def dialog(qtbot, tmp_path):
    paths = AppPaths(tmp_path / "new-pc").ensure()
    d = StoreChoiceDialog(paths, Tasks())
    qtbot.addWidget(d)
    d.resize(1366 // 2, 480)
    d.show()
    qtbot.waitExposed(d)
    qtbot.mouseClick(d.centre, Qt.MouseButton.LeftButton, pos=QPoint(8, d.centre.height() // 2))
    assert d.server.isEnabled() and d.admin_box.isEnabled()
    return d


def test_a_new_pc_joins_a_centre_at_work_only_with_its_administrator(qtbot, tmp_path, at_work, dialog):
    config = dialog.paths.data_dir / "centre.json"
    url = at_work.url
    assert "Không ghi mật khẩu trong địa chỉ" in connect(qtbot, dialog, url.replace("postgresql://", "postgresql://x:secret@"))
    said = connect(qtbot, dialog, url)
    assert "đang hoạt động" in said and "tài khoản và mật khẩu của một quản trị hệ thống" in said
    assert not config.exists() and dialog.admin_username.hasFocus()
    said = connect(qtbot, dialog, url, admin="hong.nt", admin_password=PASSWORD)
    assert "hong.nt không phải quản trị" in said and not config.exists() and dialog.admin_password.text() == ""
    said = connect(qtbot, dialog, url, admin="quantri", admin_password="sai-mat-khau-2026")
    assert said.startswith("Sai tên đăng nhập hoặc mật khẩu") and not config.exists()
    type_text(dialog.device_name, "Quầy 5")
    dialog.resize(1366 // 2, dialog.sizeHint().height())
    dialog.grab().save(str(tmp_path / "store-choice.png"))
    assert connect(qtbot, dialog, url, admin="quantri", admin_password=PASSWORD) == ""
    assert dialog.joined.initialised and dialog.result() == 1 and dialog.admin_password.text() == ""
    assert json.loads(config.read_text())["url"] == url
    desk = Desk.open(dialog.paths)
    try:  # a new device of the centre, joined by its administrator; next comes the usual sign-in
        assert desk.device.name == "Quầy 5" and desk.agency.code == "000.17.22.H56"
        assert not admin.needs_first_admin(desk)
    finally:
        desk.close()
    with psycopg.connect(url, autocommit=True) as conn:
        assert conn.execute("SELECT actor FROM audit_log WHERE action = 'device.join' ORDER BY id DESC LIMIT 1"
                            ).fetchone() == ("quantri",)


def test_what_the_server_says_is_told_plainly(qtbot, pg_server, pg_database, dialog):
    config = dialog.paths.data_dir / "centre.json"
    url, _ = pg_database()
    said = connect(qtbot, dialog, url, password="khong-dung-mat-khau")
    assert "từ chối đăng nhập: sai mật khẩu" in said and "Hãy nhập lại mật khẩu của máy chủ" in said
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    said = connect(qtbot, dialog, f"postgresql://motcua_quay@127.0.0.1:{closed}/motcua")
    assert said.startswith("Mất kết nối máy chủ Trung tâm") and "kiểm tra mạng" in said
    other = pg_server.create_database()
    with psycopg.connect(pg_server.url(other), autocommit=True) as conn:
        conn.execute("CREATE TABLE ke_toan (id integer)")
    said = connect(qtbot, dialog, pg_server.url(other))
    assert "không phải của Một Cửa" in said
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_tuong_lai'")
    said = connect(qtbot, dialog, url)
    assert "phiên bản Một Cửa mới hơn" in said and "cập nhật chương trình" in said
    assert not config.exists() and dialog.joined is None
    pg_server.drop_database(other)


def test_this_machine_only_writes_nothing(qtbot, tmp_path):
    paths = AppPaths(tmp_path / "desk").ensure()
    dialog = StoreChoiceDialog(paths, Tasks())
    qtbot.addWidget(dialog)
    assert dialog.local.isChecked() and not dialog.server.isEnabled()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.result() == 1 and not (paths.data_dir / "centre.json").exists()


def test_the_app_on_a_new_pc_joins_then_the_clerk_signs_in_as_herself(qtbot, tmp_path, at_work):
    """The whole first start: the store choice joins with the administrator, then the usual sign-in window
    (not the unit's set-up), where the clerk signs in with her own account."""
    paths = AppPaths(tmp_path / "pc-moi").ensure()
    seen: dict = {}

    def drive() -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, StoreChoiceDialog) and "joining" not in seen:
            seen["joining"] = True
            modal.centre.setChecked(True)
            modal.url.setText(at_work.url)
            modal.admin_username.setText("quantri")
            modal.admin_password.setText(PASSWORD)
            type_text(modal.device_name, "Quầy 6")
            modal.save()
        elif isinstance(modal, SignInDialog) and "signed" not in seen:
            seen["signed"] = True
            modal.username.setText("hong.nt")
            modal.password.setText(PASSWORD)
            modal.sign_in()
        elif isinstance(modal, FirstRunDialog):
            seen["set_up_asked"] = True
            modal.reject()
        for top in QApplication.topLevelWidgets():
            if isinstance(top, MainWindow) and top.isVisible() and "who" not in seen:
                seen["who"] = top.ctx.actor.full_name
                top.close()

    assert run_app_driven(paths, drive) == 0
    assert seen.get("who") == "Nguyễn Thị Hồng" and "set_up_asked" not in seen
