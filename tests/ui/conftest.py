"""Fixtures for the desktop app tests: a desk with an administrator, the UI context, the main window,
the one helper that types Vietnamese (QInputMethodEvent commit strings, as an input method sends), and
for the sync widgets a configured desk, its controller and the reference receiver on a port."""

from __future__ import annotations

import socket

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from app.operations import admin
from app.operations.base import OpContext
from app.services import accounts, demo
from app.services.desk import Desk
from app.services.dto import Actor
from app.sync.config import configure
from app.sync.receiver_process import ReceiverProcess
from app.sync.service import SyncService
from app.sync.tokens import TokenStore
from app.ui.context import UiContext
from app.ui.main_window import MainWindow
from app.ui.sync_worker import SyncController
from tests.sync.conftest import TOKEN, reference_receiver
from tests.users import ADMIN

PASSWORD = "matkhau2026x"


def type_text(widget: QWidget, text: str) -> None:
    """Type `text` into `widget` the way a Vietnamese input method (Unikey, ibus-bamboo) commits it.

    qtbot.keyClicks sends key events for ASCII only and aborts on letters such as "Đ" or "ộ"."""
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def settle(qtbot, ctx: UiContext, timeout: int = 10_000) -> None:
    """Wait until every background task has delivered its result."""
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=timeout)


@pytest.fixture(autouse=True)
def no_modal_hangs(qapp):
    """A modal dialog waiting for a person would hang the suite: close it and fail the test instead."""
    seen: list[str] = []

    def check() -> None:
        modal = QApplication.activeModalWidget()
        # exec() makes a dialog application-modal; the app's own dialogs use open() (window-modal).
        if modal is not None and modal.windowModality() == Qt.WindowModality.ApplicationModal:
            seen.append(type(modal).__name__)
            modal.close()

    timer = QTimer()
    timer.timeout.connect(check)
    timer.start(1500)
    yield timer
    timer.stop()
    assert not seen, f"a modal dialog waited for a person: {seen}"


@pytest.fixture
def admin_user(desk) -> accounts.UserInfo:
    return accounts.create_user(desk, "quantri", "Trần Thị Quản Trị", "admin", PASSWORD, "setup",
                                title="Quản trị hệ thống", must_change_password=False)


@pytest.fixture
def ui(desk, admin_user, qtbot):
    ctx = UiContext(desk, admin_user.actor())
    # No printer exists on the test machine: "print straight" then falls back to the preview window,
    # which is what these tests look at (a print dialog would wait for a person).
    admin.store_settings(ctx.op, {"print_direct": True})
    yield ctx
    ctx.tasks.wait()


@pytest.fixture
def window(ui, qtbot):
    w = MainWindow(ui)
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    qtbot.waitExposed(w)
    settle(qtbot, ui)
    yield w
    for top in QApplication.topLevelWidgets():
        if top is not w and top.isVisible():
            top.close()
    w.close()
    ui.tasks.wait()


# --- the sync widgets: a desk with a small backlog configured for a port, and the real reference receiver
# started on that port when a test wants the province to "appear" --------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def port() -> int:
    return free_port()


@pytest.fixture
def service(desk, port, monkeypatch) -> SyncService:
    monkeypatch.setenv("MOTCUA_TOKEN_BACKEND", "file")
    demo.load(desk, 40, pending_outbox=40)
    configure(desk, TokenStore(desk.paths, "file"), ADMIN, url=f"http://127.0.0.1:{port}", token=TOKEN)
    return SyncService(desk)


@pytest.fixture
def controller(service, qtbot):
    c = SyncController(service, interval_ms=150)
    yield c
    c.stop()


@pytest.fixture
def receiver_on(tmp_path):
    started: list[ReceiverProcess] = []

    def _start(port: int, *args: str) -> ReceiverProcess:
        r = reference_receiver(tmp_path / "province.sqlite3", "--port", str(port), *args)
        started.append(r)
        return r

    yield _start
    for r in started:
        r.stop()


@pytest.fixture
def second_counter(desk, clock):
    """`second_counter(actor)`: an OpContext on a second counter of the same store (its own connections),
    for a screen overtaken by what someone did elsewhere."""
    opened: list[Desk] = []

    def _open(actor: Actor) -> OpContext:
        opened.append(Desk.open(desk.paths, clock=clock))
        return OpContext(opened[-1], actor)

    yield _open
    for other in opened:
        other.close()


def run_app_driven(paths, drive) -> int:  # type: ignore[no-untyped-def]
    """`run_app(paths)` (the real entry point, its own event loop) while `drive()` runs every 50 ms to act
    as the person at the desk (answer the dialogs, close the window); returns run_app's exit code."""
    from app.ui.main import run_app

    timer = QTimer()
    timer.timeout.connect(drive)
    timer.start(50)
    try:
        return run_app(paths)
    finally:
        timer.stop()


def shown_pane(ui: UiContext, qtbot, dossier_id: int):  # type: ignore[no-untyped-def]
    """A detail pane on screen with the dossier loaded, as after a click in the list."""
    from app.ui.detail_pane import DetailPane

    pane = DetailPane(ui)
    qtbot.addWidget(pane)
    pane.show()
    pane.load(dossier_id)
    qtbot.waitUntil(lambda: pane.detail is not None)
    return pane
