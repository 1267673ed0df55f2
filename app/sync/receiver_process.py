"""The reference receiver (`python -m app.sync.receiver`) in a process of its own on 127.0.0.1, as the
tests and the bench start it: on a free port (or the `--port` given in `args`), its address read from the
one line it prints on start, its counts read with `--stats`, stopped and reaped. Its log goes to a file
beside its store (`<db>.log`), so a busy receiver never blocks on a full pipe and a failed start says why.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[2]


class ReceiverProcess:
    """`fast=True` runs the store with synchronous=off (tests); the default keeps the receiver's own
    durability (synchronous=normal), which the bench measures."""

    def __init__(self, db: Path, token: str, args: Sequence[str] = (), *, fast: bool = False):
        self.db, self.token = db, token
        self.log = db.parent / (db.name + ".log")
        durability = ["--synchronous", "off"] if fast else []
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "app.sync.receiver", "--host", "127.0.0.1", "--port", "0", "--db", str(db),
                 "--token", token, *durability, *args],
                cwd=ROOT, stdout=subprocess.PIPE, stderr=log, text=True)
        line = self.proc.stdout.readline() if self.proc.stdout else ""
        if not line:
            self.stop()
            raise RuntimeError("the reference receiver did not start: "
                               + self.log.read_text(encoding="utf-8", errors="replace")[-2000:])
        self.port: int = json.loads(line)["port"]
        self.url = f"http://127.0.0.1:{self.port}"

    def stats(self) -> dict[str, Any]:
        """What its store holds (`--stats`): counts of dossiers, events, items, and `files`."""
        out = subprocess.run([sys.executable, "-m", "app.sync.receiver", "--db", str(self.db), "--stats"],
                             cwd=ROOT, capture_output=True, text=True, check=True)
        result: dict[str, Any] = json.loads(out.stdout)
        return result

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        """Rows of its store, read directly (tests check what arrived)."""
        conn = sqlite3.connect(self.db)
        try:
            return conn.execute(sql).fetchall()
        finally:
            conn.close()

    def post_updates(self, updates: list[dict[str, Any]]) -> None:
        """Queue status updates for the desks to pull, as the provincial system would."""
        r = requests.post(self.url + "/api/v1/updates", json={"updates": updates},
                          headers={"Authorization": f"Bearer {self.token}"}, timeout=5)
        r.raise_for_status()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc.stdout:
            self.proc.stdout.close()
