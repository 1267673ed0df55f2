"""Engine and session setup for the local SQLite store, and schema migration on open.

Every connection gets WAL, foreign keys, synchronous=FULL and a busy timeout. Write sessions start with
BEGIN IMMEDIATE so two writers queue on the lock instead of failing half-way. Opening a database
upgrades it to the newest schema through Alembic, taking an online backup first when it already holds
data, and refuses a database written by a newer version of the program.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.orm import Session

from app.errors import DatabaseError

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


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


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


class Database:
    """One SQLite store. `read()` and `write()` give short-lived sessions; sessions never leave a service."""

    def __init__(self, path: Path, engine: Engine):
        self.path = path
        self.engine = engine
        self._write_engine = engine.execution_options(sqlite_begin="IMMEDIATE")

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as s:
            yield s

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """A session inside one IMMEDIATE transaction: committed on success, rolled back on any error."""
        with Session(self._write_engine, expire_on_commit=False) as s, s.begin():
            yield s

    def raw_connection(self) -> sqlite3.Connection:
        """A plain sqlite3 connection with the same pragmas, for bulk loads and the backup API."""
        conn = sqlite3.connect(self.path, check_same_thread=False)
        _on_connect(conn, None)
        return conn

    def close(self) -> None:
        self.engine.dispose()


def _alembic_config(connection=None) -> Config:  # type: ignore[no-untyped-def]
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def backup_to(engine_path: Path, target: Path) -> Path:
    """Copy a live database with SQLite's online backup API (never a raw file copy)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(engine_path)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


def open_database(path: Path, backup_dir: Path | None = None, migrate: bool = True) -> Database:
    """Open (creating if needed) and bring the schema to head. Raises DatabaseError for a newer schema."""
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(path)
    try:
        script = ScriptDirectory.from_config(_alembic_config())
        head = script.get_current_head()
        current = current_revision(engine)
        if current is not None:
            try:
                script.get_revision(current)
            except Exception:
                current_is_known = False
            else:
                current_is_known = True
            if not current_is_known:
                raise DatabaseError(
                    f"Cơ sở dữ liệu {path} được tạo bởi phiên bản Một Cửa mới hơn (lược đồ {current}). "
                    "Hãy cập nhật chương trình lên phiên bản mới nhất; dữ liệu không bị thay đổi."
                )
        elif inspect(engine).get_table_names():
            raise DatabaseError(
                f"Tệp {path} không phải cơ sở dữ liệu của Một Cửa. Hãy chọn thư mục dữ liệu khác."
            )
        if current != head and migrate:
            if current is not None:
                stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
                dest = (backup_dir or path.parent / "backups") / f"truoc-nang-cap-{current}-{stamp}.sqlite3"
                backup_to(path, dest)
                log.info("backed up %s to %s before migrating", path, dest)
            with engine.begin() as conn:
                command.upgrade(_alembic_config(conn), "head")
    except DatabaseError:
        engine.dispose()
        raise
    except sqlite3.DatabaseError as exc:  # pragma: no cover - damaged file
        engine.dispose()
        raise DatabaseError(f"Không mở được cơ sở dữ liệu {path}: {exc}. Hãy khôi phục từ bản sao lưu.") from exc
    return Database(path, engine)
