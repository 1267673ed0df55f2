"""The reference receiver's file endpoints: chunked, resumable, verified uploads of attached files.

`GET /api/v1/files/{sha256}` says what the receiver holds of a file (absent, partial with the bytes
acknowledged so far, or complete). `PUT /api/v1/files/{sha256}?offset=N&size=TOTAL` with header
`X-Chunk-SHA256` appends one chunk: the chunk is checked against its hash before a byte is written,
must start exactly where the acknowledged bytes end (else 409 with the offset to resume from), is
written and fsynced before the acknowledged count moves, and the last chunk makes the receiver hash
the whole file (streamed, never whole in memory): a match moves it under its SHA-256, a mismatch
discards it (422). A complete file is never written again: the same upload is answered "complete"
(idempotent on the SHA-256). Files live beside the database (`<db>.files/ab/<sha256>`), counted in
`--stats` under "files". Own SQLite connection and lock: the dossier store is left as it is.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import socket
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import parse_qs, urlsplit

if TYPE_CHECKING:
    from app.sync.receiver import Handler

PREFIX = "/api/v1/files/"
MAX_CHUNK = 8 * 1024 * 1024
MAX_FILE = 200 * 1024 * 1024
_SHA = re.compile(r"^[0-9a-f]{64}$")

SCHEMA = """
CREATE TABLE IF NOT EXISTS received_files (sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL,
    received INTEGER NOT NULL, state TEXT NOT NULL, created_at TEXT, completed_at TEXT);
CREATE TABLE IF NOT EXISTS file_counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
"""


@dataclass(frozen=True)
class Reply:
    code: int
    body: dict[str, Any]


def _now() -> str:
    return dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")


class FileStore:
    def __init__(self, db: Path | str):
        self.root = Path(str(db) + ".files")
        self.conn = sqlite3.connect(str(db), check_same_thread=False, isolation_level=None)
        self.conn.execute("PRAGMA busy_timeout=10000")
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.executescript(SCHEMA)
        self.lock = threading.Lock()

    def close(self) -> None:
        self.conn.close()

    def final_path(self, sha: str) -> Path:
        return self.root / sha[:2] / sha

    def _partial(self, sha: str) -> Path:
        return self.root / "partial" / f"{sha}.part"

    def _bump(self, name: str, n: int = 1) -> None:
        self.conn.execute("INSERT INTO file_counters VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = value + ?",
                          (name, n, n))

    def _row(self, sha: str) -> tuple[int, int, str] | None:
        return cast(tuple[int, int, str] | None,
                    self.conn.execute("SELECT size, received, state FROM received_files WHERE sha256 = ?",
                                      (sha,)).fetchone())

    def status(self, sha: str) -> Reply:
        if not _SHA.match(sha):
            return Reply(400, {"error": "bad_sha256", "message": "Mã SHA-256 của tệp không hợp lệ."})
        with self.lock:
            row = self._row(sha)
        if row is None:
            return Reply(200, {"sha256": sha, "state": "absent", "received": 0})
        return Reply(200, {"sha256": sha, "state": row[2], "received": row[1], "size": row[0]})

    def put_chunk(self, sha: str, offset: int, size: int, chunk_sha: str, chunk: bytes) -> Reply:
        if not _SHA.match(sha) or not _SHA.match(chunk_sha):
            return Reply(400, {"error": "bad_sha256", "message": "Mã SHA-256 của tệp hoặc của đoạn không hợp lệ."})
        if not 0 < size <= MAX_FILE or offset < 0 or offset + len(chunk) > size or not chunk:
            return Reply(400, {"error": "bad_range", "message": "Vị trí hoặc kích thước đoạn tệp không hợp lệ."})
        if hashlib.sha256(chunk).hexdigest() != chunk_sha:
            with self.lock:
                self._bump("chunk_rejects")
            return Reply(422, {"error": "chunk_hash_mismatch", "message": "Đoạn tệp nhận được khác mã SHA-256 "
                                                                          "kèm theo; hãy gửi lại đoạn này."})
        with self.lock:
            row = self._row(sha)
            if row is not None and row[2] == "complete":
                self._bump("replays")
                return Reply(200, {"sha256": sha, "state": "complete", "received": row[1]})
            if row is not None and row[0] != size:
                return Reply(409, {"error": "size_mismatch", "received": 0,
                                   "message": "Kích thước tệp khác lần gửi trước."})
            received = row[1] if row else 0
            if offset != received:
                return Reply(409, {"error": "offset_mismatch", "received": received,
                                   "message": f"Hãy gửi tiếp từ byte {received}."})
            part = self._partial(sha)
            part.parent.mkdir(parents=True, exist_ok=True)
            with open(part, "r+b" if part.exists() else "wb") as fh:
                fh.truncate(offset)
                fh.seek(offset)
                fh.write(chunk)
                fh.flush()
                os.fsync(fh.fileno())
            received = offset + len(chunk)
            self.conn.execute("INSERT INTO received_files VALUES (?, ?, ?, 'partial', ?, NULL) ON CONFLICT(sha256) "
                              "DO UPDATE SET received = excluded.received", (sha, size, received, _now()))
            self._bump("chunks")
            if received < size:
                return Reply(200, {"sha256": sha, "state": "partial", "received": received})
            return self._complete(sha, size, part)

    def _complete(self, sha: str, size: int, part: Path) -> Reply:
        h = hashlib.sha256()
        with open(part, "rb") as fh:
            while piece := fh.read(1 << 20):
                h.update(piece)
        if h.hexdigest() != sha:
            part.unlink()
            self.conn.execute("DELETE FROM received_files WHERE sha256 = ?", (sha,))
            self._bump("file_rejects")
            return Reply(422, {"error": "file_hash_mismatch", "received": 0,
                               "message": "Tệp ghép lại khác mã SHA-256; đã hủy phần đã nhận, hãy gửi lại từ đầu."})
        final = self.final_path(sha)
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(part, final)
        with contextlib.suppress(OSError):
            fd = os.open(final.parent, os.O_RDONLY)
            os.fsync(fd)
            os.close(fd)
        self.conn.execute("UPDATE received_files SET state = 'complete', completed_at = ? WHERE sha256 = ?",
                          (_now(), sha))
        self._bump("completed")
        return Reply(200, {"sha256": sha, "state": "complete", "received": size})

    def forget(self, sha: str) -> None:
        """Drop what is held of a file, partial or whole (the hub, once the centre's store holds it)."""
        with self.lock:
            self.conn.execute("DELETE FROM received_files WHERE sha256 = ?", (sha,))
            for path in (self.final_path(sha), self._partial(sha)):
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()

    def stats(self) -> dict[str, Any]:
        with self.lock:
            c = self.conn
            counters = dict(c.execute("SELECT name, value FROM file_counters"))
            complete, size = c.execute("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM received_files "
                                       "WHERE state = 'complete'").fetchone()
            partial = c.execute("SELECT COUNT(*) FROM received_files WHERE state = 'partial'").fetchone()[0]
        return {"files": complete, "bytes": size, "partial": partial, "completed": counters.get("completed", 0),
                "chunks": counters.get("chunks", 0), "replays": counters.get("replays", 0),
                "chunk_rejects": counters.get("chunk_rejects", 0), "file_rejects": counters.get("file_rejects", 0)}


def _query_int(query: dict[str, str], name: str) -> int | None:
    value = query.get(name, "")
    return int(value) if value.isdigit() else None


def handle_get(store: FileStore, path: str) -> Reply:
    return store.status(path[len(PREFIX):])


def handle_put(store: FileStore, path: str, query: dict[str, str], chunk_sha: str, chunk: bytes) -> Reply:
    offset, size = _query_int(query, "offset"), _query_int(query, "size")
    if offset is None or size is None:
        return Reply(400, {"error": "bad_range", "message": "Thiếu offset hoặc size."})
    return store.put_chunk(path[len(PREFIX):], offset, size, chunk_sha.strip().lower(), chunk)


# --- HTTP glue (called by receiver.Handler; `handler.files` is the FileStore) ---------------------------
def serve_get(handler: Handler, path: str) -> None:
    if handler._authorised():
        reply = handle_get(handler.files, path)
        handler._json(reply.code, reply.body)


def serve_put(handler: Handler) -> None:
    """One chunk: bounded read, the receiver's fault options, the token, then the store; with
    `--drop-rate` a stored chunk's reply may be lost (the client then asks where to resume)."""
    url = urlsplit(handler.path)
    length = int(handler.headers.get("Content-Length") or 0)
    if not url.path.startswith(PREFIX) or length > MAX_CHUNK:
        handler.close_connection = True  # the body is not read: the connection cannot be reused
        handler._error(404 if not url.path.startswith(PREFIX) else 413, "bad_request",
                       f"Không có đường dẫn {url.path} hoặc đoạn tệp lớn hơn {MAX_CHUNK} byte.")
        return
    chunk = handler.rfile.read(length) if length > 0 else b""
    if handler._faulted() or not handler._authorised():
        return
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    reply = handle_put(handler.files, url.path, query, handler.headers.get("X-Chunk-SHA256", ""), chunk)
    if reply.code == 200 and handler.faults.roll(handler.args.drop_rate):
        handler.store.count_fault("drop")
        handler.close_connection = True
        with contextlib.suppress(OSError):
            handler.connection.shutdown(socket.SHUT_RDWR)
        return
    handler._json(reply.code, reply.body)
