"""Sync fixtures: the real reference receiver as a subprocess on 127.0.0.1 (a free port, through
app.sync.receiver_process), backlogs made with the bulk loader, and a fast-retrying runner configuration. The token store is forced to the file
backend so tests never touch the developer's keyring."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from app.services import demo
from app.services.desk import Desk
from app.sync.config import SyncConfig
from app.sync.receiver_process import ReceiverProcess
from app.sync.runner import RunOptions

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "t0ken-Reference_123"
os.environ["MOTCUA_TOKEN_BACKEND"] = "file"


def reference_receiver(db: Path, *args: str) -> ReceiverProcess:
    """The reference receiver as the tests run it: the test token, its store unsynced (fast)."""
    return ReceiverProcess(db, TOKEN, args, fast=True)


@pytest.fixture
def start_receiver(tmp_path):
    started: list[ReceiverProcess] = []

    def _start(*args: str, db: Path | None = None) -> ReceiverProcess:
        r = reference_receiver(db or tmp_path / f"receiver-{len(started)}.sqlite3", *args)
        started.append(r)
        return r

    yield _start
    for r in started:
        r.stop()


def fast_options(**kw) -> RunOptions:
    """Short waits so fault scenarios finish in seconds; the logic is the production one."""
    base = {"until_empty": True, "backoff_base": 0.02, "backoff_cap": 0.2, "max_failures": None,
            "deadline_seconds": 90.0, "read_timeout": 5.0, "connect_timeout": 2.0}
    base.update(kw)
    return RunOptions(**base)


def config_for(receiver: ReceiverProcess, token: str = TOKEN) -> SyncConfig:
    return SyncConfig(receiver.url, "", token, 60)


def load_backlog(desk: Desk, n: int) -> None:
    demo.load(desk, n, pending_outbox=n)


def outbox(desk: Desk) -> dict[str, tuple]:
    """event_uuid -> (state, result, error_code, error_message) for every outbox row."""
    with desk.db.read() as s:
        from sqlalchemy import text

        return {r[0]: tuple(r[1:]) for r in s.execute(text(
            "SELECT event_uuid, state, result, error_code, error_message FROM outbox"))}


def wait_for(predicate, timeout: float = 20.0, step: float = 0.05):  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise AssertionError("condition not met in time")
