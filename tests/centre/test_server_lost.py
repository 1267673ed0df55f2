"""The centre's server goes down while a clerk is typing an intake: the status bar says so, Save says so in
Vietnamese, the form keeps everything typed and nothing reaches the server; when the server is back, the
same Save receives the dossier once (one dossier, one code). The server is this test's own (tests/pg.py),
stopped with pg_ctl -m immediate, so the suite's shared server is not disturbed."""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.models.centre import CentreConfig, write_config
from app.operations import admin
from app.paths import AppPaths
from app.services import accounts
from app.services.desk import Desk
from app.services.setup import initialise
from app.ui.context import UiContext
from app.ui.main_window import MainWindow
from tests.conftest import ADMIN, AGENCY, FakeClock
from tests.pg import PgServer
from tests.ui.conftest import settle, type_text

PASSWORD = "Trung-tam-2026-an-toan"


@pytest.fixture
def own_server():
    server = PgServer.start()
    yield server
    server.stop()


@pytest.fixture
def counter(own_server, tmp_path, clock):
    name = own_server.create_database()
    paths = AppPaths(tmp_path / "quay1").ensure()
    write_config(paths.data_dir, CentreConfig(own_server.url(name), "0b4f7a34-9a55-4f1e-9d8e-6c1f1f7c0a01"))
    setup = Desk.open(paths, clock=FakeClock(dt.datetime(2026, 11, 1, 8, 0)))
    initialise(setup, agency_code=AGENCY, agency_name="Trung tâm Phục vụ hành chính công xã Tân Lập",
               parent_name="ỦY BAN NHÂN DÂN XÃ TÂN LẬP", place="Tân Lập", actor=ADMIN)
    setup.close()
    desk = Desk.open(paths, clock=clock)
    user = accounts.create_user(desk, "hong.nt", "Nguyễn Thị Hồng", "clerk", PASSWORD, ADMIN,
                                must_change_password=False)
    ctx = UiContext(desk, user.actor())
    admin.store_settings(UiContext(desk, ADMIN).op, {"print_direct": True})
    yield ctx, own_server.url(name)
    ctx.tasks.wait()
    desk.close()


def on_server(url: str) -> list[tuple]:
    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute("SELECT code, applicant_name FROM dossiers").fetchall()


def save(qtbot, page) -> None:
    """Ctrl+S in the phone field, as the clerk presses it, then wait for its outcome (saved, or said why not).
    The shortcut answers where the keyboard focus is, so the focus is put in the form first."""
    page.window().activateWindow()
    page.applicant.phone.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.applicant.phone, timeout=5_000)
    qtbot.keyClick(page.applicant.phone, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert page.saving, "Ctrl+S did not start a save"
    qtbot.waitUntil(lambda: not page.saving, timeout=30_000)


def test_intake_survives_the_server_going_down(qtbot, own_server, counter, tmp_path):
    ctx, url = counter
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    settle(qtbot, ctx)
    indicator = window.centre_indicator
    assert indicator is not None
    qtbot.waitUntil(lambda: indicator.online is True, timeout=10_000)
    window.show_page("intake")
    page = window.intake
    settle(qtbot, ctx)
    type_text(page.picker.search, "đăng ký khai sinh")
    qtbot.keyClick(page.picker.search, Qt.Key.Key_Return)
    qtbot.keyClicks(page.applicant.id_number, "036190004321")
    type_text(page.applicant.name, "Đặng Thị Ngọc Ánh")
    type_text(page.applicant.address, "Thôn Đồng Tâm, xã Tân Lập, tỉnh Phú Thọ")
    qtbot.keyClicks(page.applicant.phone, "0912 345 678")
    type_text(page.note, "Công dân nộp kèm bản sao giấy chứng sinh")
    typed = page.requests()
    assert typed[0].components and typed[0].applicant.name == "Đặng Thị Ngọc Ánh"

    own_server.crash()
    qtbot.waitUntil(lambda: indicator.online is False, timeout=10_000)
    assert indicator.text() == "● Mất kết nối máy chủ Trung tâm"
    save(qtbot, page)
    settle(qtbot, ctx)
    assert page.general.text().startswith("Mất kết nối máy chủ Trung tâm")
    assert page.requests() == typed and page.save_button.isEnabled() and not page.result.isVisible()
    window.grab().save(str(tmp_path / "server-lost.png"))

    own_server.resume()
    assert on_server(url) == []
    qtbot.waitUntil(lambda: indicator.online is True, timeout=10_000)
    save(qtbot, page)
    assert page.result.isVisible(), page.general.text()
    settle(qtbot, ctx)
    saved = on_server(url)
    assert saved == [(page.last.details[0].code, "Đặng Thị Ngọc Ánh")]
    assert saved[0][0].endswith("-0001")  # the Save lost with the server took no number of the day
    for top in QApplication.topLevelWidgets():
        if top is not window and top.isVisible():
            top.close()
    window.close()
