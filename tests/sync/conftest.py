"""Sync fixtures: the real reference receiver as a subprocess on 127.0.0.1 (a free port), backlogs made
with the bulk loader, and a fast-retrying runner configuration. The token store is forced to the file
backend so tests never touch the developer's keyring."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from app.services import demo
from app.services.desk import Desk
from app.sync.config import SyncConfig
from app.sync.runner import RunOptions

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "t0ken-Reference_123"
os.environ["MOTCUA_TOKEN_BACKEND"] = "file"


class Receiver:
    def __init__(self, db: Path, args: list[str]):
        self.db = db
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "app.sync.receiver", "--host", "127.0.0.1", "--port", "0", "--db", str(db),
             "--token", TOKEN, "--synchronous", "off", *args],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("receiver did not start: " + self.proc.stderr.read())
        self.port = json.loads(line)["port"]
        self.url = f"http://127.0.0.1:{self.port}"

    def stats(self) -> dict:
        out = subprocess.run([sys.executable, "-m", "app.sync.receiver", "--db", str(self.db), "--stats"],
                             cwd=ROOT, capture_output=True, text=True, check=True)
        return json.loads(out.stdout)

    def query(self, sql: str) -> list[tuple]:
        import sqlite3

        conn = sqlite3.connect(self.db)
        try:
            return conn.execute(sql).fetchall()
        finally:
            conn.close()

    def post_updates(self, updates: list[dict]) -> None:
        r = requests.post(self.url + "/api/v1/updates", json={"updates": updates},
                          headers={"Authorization": f"Bearer {TOKEN}"}, timeout=5)
        r.raise_for_status()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()
        self.proc.stderr.close()


@pytest.fixture
def start_receiver(tmp_path):
    started: list[Receiver] = []

    def _start(*args: str, db: Path | None = None) -> Receiver:
        r = Receiver(db or tmp_path / f"receiver-{len(started)}.sqlite3", list(args))
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


def config_for(receiver: Receiver, token: str = TOKEN) -> SyncConfig:
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
