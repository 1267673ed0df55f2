"""Connection settings of the store: DB-API connections (plain, SQLCipher, read-only), the pragmas every
connection gets (WAL, foreign keys, synchronous=FULL, busy timeout), BEGIN IMMEDIATE for writers, and
how a full disk or a read-only folder is told apart from a damaged file.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path
from typing import cast

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from app.errors import DatabaseError
from app.models.keys import _cipher_missing, cipher_module
from app.paths import disk_words

#: Below this much free space an open or write that fails is taken for a full disk.
LOW_SPACE_BYTES = 256 * 1024

def connect(path: Path, key: bytes | None = None, *, read_only: bool = False) -> sqlite3.Connection:
    """A DB-API connection to `path`: SQLCipher keyed with `key`, or plain sqlite3 when `key` is None.

    `read_only` is for a store in a read-only folder: opened as immutable (nobody can write there, and
    SQLite cannot create its -shm file) unless a -wal file still holds changes, then read-only.
    """
    target: str | Path = path
    if read_only:
        wal = path.with_name(path.name + "-wal")
        mode = "mode=ro" if wal.exists() and wal.stat().st_size else "immutable=1"
        target = f"{path.resolve().as_uri()}?{mode}"
    if key is None:
        return sqlite3.connect(target, check_same_thread=False, uri=read_only)
    module = cipher_module()
    if module is None:
        raise _cipher_missing(path)
    conn = module.connect(str(target), check_same_thread=False, uri=read_only)
    # The key must be the first statement; the raw-key form skips SQLCipher's own PBKDF2 (ours is scrypt).
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return cast(sqlite3.Connection, conn)


def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    # Let SQLAlchemy's "begin" hook emit BEGIN itself (pysqlite's own transaction handling is off).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(path: Path, key: bytes | None = None, *, read_only: bool = False) -> Engine:
    if read_only:
        engine = create_engine("sqlite://", creator=lambda: connect(path, key, read_only=True), poolclass=QueuePool,
                               **({"module": cipher_module()} if key is not None else {}))
    elif key is None:
        engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})
    else:
        module = cipher_module()
        if module is None:
            raise _cipher_missing(path)
        engine = create_engine("sqlite://", creator=lambda: connect(path, key), module=module,
                               poolclass=QueuePool)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def folder_state(folder: Path) -> str | None:
    """"read-only" when nothing can be written in `folder`, "full" when its disk has (almost) no room."""
    try:
        read_only = not os.access(folder, os.W_OK)
        if hasattr(os, "statvfs"):
            read_only = read_only or bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
        if read_only:
            return "read-only"
        if shutil.disk_usage(folder).free < LOW_SPACE_BYTES:
            return "full"
    except OSError:
        return None
    return None


def machine_error(path: Path, exc: BaseException) -> DatabaseError | None:
    """A full disk or a read-only folder said plainly (never "restore from a backup"), else None."""
    words = disk_words(getattr(exc, "orig", None) or exc)
    cannot_open = isinstance(getattr(exc, "orig", None) or exc, sqlite3.OperationalError)
    if words == "ổ đĩa đầy" or (cannot_open and folder_state(path.parent) == "full"):
        return DiskFull(
            f"Ổ đĩa đầy: không ghi được vào cơ sở dữ liệu {path}. Dữ liệu đã lưu vẫn nguyên, đừng khôi phục bản sao "
            f"lưu. Hãy giải phóng chỗ trống trên ổ chứa {path.parent} (xóa tệp tạm, dọn thùng rác, chép bớt bản sao "
            "lưu cũ ra ổ khác) rồi thử lại.")
    if words.startswith("thư mục chỉ đọc"):
        return ReadOnlyStore(
            f"Thư mục dữ liệu chỉ đọc: không ghi được vào {path.parent}. Vẫn tìm và xem hồ sơ được; để ghi, hãy "
            "nhờ bộ phận CNTT cấp quyền ghi cho thư mục này (hoặc chép dữ liệu sang ổ ghi được).")
    return None


class DiskFull(DatabaseError):
    exit_code = 12


class ReadOnlyStore(DatabaseError):
    exit_code = 13
