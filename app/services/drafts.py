"""Where a desk account's unfinished intake is kept between keystrokes and across a crash or power cut:
a file in the data folder's `drafts/` folder, one per account, holding the form as text (JSON made by the
UI). Writes are atomic and flushed to the disk (a power cut leaves the old draft or the new one).

The draft holds the applicant's personal data, so on an encrypted store it is encrypted the same way:
a small SQLCipher file keyed with the store's key (`drafts/intake-<user>.db`), never a clear file beside
the encrypted database. Any thread (one writer at a time: the UI's writer lane)."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from app.models.db import connect
from app.paths import write_private
from app.services.desk import Desk

log = logging.getLogger(__name__)


class DraftStore:
    def __init__(self, desk: Desk, username: str):
        safe = re.sub(r"[^A-Za-z0-9_.-]", "_", username) or "user"
        self.key: bytes | None = getattr(desk.db, "key", None)
        folder = desk.paths.data_dir / "drafts"
        self.path: Path = folder / (f"intake-{safe}.db" if self.key else f"intake-{safe}.json")

    def load(self) -> str | None:
        if not self.path.exists():
            return None
        if self.key is None:
            return self.path.read_text(encoding="utf-8")
        conn = connect(self.path, self.key)
        try:
            row = conn.execute("SELECT body FROM draft WHERE id = 1").fetchone()
        finally:
            conn.close()
        return row[0] if row else None

    def save(self, body: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.key is None:
            write_private(self.path, body)
            return
        conn = connect(self.path, self.key)
        try:
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("CREATE TABLE IF NOT EXISTS draft (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
            conn.execute("INSERT OR REPLACE INTO draft (id, body) VALUES (1, ?)", (body,))
            conn.commit()
        finally:
            conn.close()

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)
