"""Fixtures for the sync widgets: a desk with a small backlog configured for a receiver port, and the
real reference receiver started on that port when a test wants the province to "appear"."""

from __future__ import annotations

import os
import socket

import pytest

from app.services import demo
from app.services.dto import Actor
from app.sync.config import configure
from app.sync.service import SyncService
from app.sync.tokens import TokenStore
from app.ui.sync_worker import SyncController
from tests.sync.conftest import TOKEN, Receiver

os.environ["MOTCUA_TOKEN_BACKEND"] = "file"
ADMIN = Actor("quantri", "Trần Thị Quản Trị", "admin", "Quản trị hệ thống")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def port() -> int:
    return free_port()


@pytest.fixture
def service(desk, port) -> SyncService:
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
    started: list[Receiver] = []

    def _start(port: int, *args: str) -> Receiver:
        r = Receiver(tmp_path / "province.sqlite3", ["--port", str(port), *args])
        started.append(r)
        return r

    yield _start
    for r in started:
        r.stop()
