"""Opening the store: refuse a lost one, take the store lock, read the schema once, migrate through Alembic.

Opening refuses a folder on a network share, refuses to create a new store where a desk has lived
(backups, key file or logs but no database), holds the shared store lock while open, reads the schema
once (a damaged or wrongly keyed file fails here, not half-way through a write), upgrades it to the
newest schema through Alembic, taking an online backup first when it already holds data, and refuses a
database written by a newer version. A read-only folder opens the store read-only.
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect
from sqlalchemy import exc as sa_exc

from app.errors import DatabaseError
from app.models.connection import ReadOnlyStore, connect, folder_state, machine_error, make_engine
from app.models.database import Database
from app.models.keys import KeyLookup, is_encrypted_file, key_for
from app.models.netshare import refuse_network_share
from app.models.store_lock import StoreLock, lock_path
from app.paths import disk_words, restrict_file

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


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


def backup_to(engine_path: Path, target: Path, key: bytes | None = None) -> Path:
    """Copy a live database with SQLite's online backup API (never a raw file copy).

    An encrypted database is copied page by page under the same key, so the copy stays encrypted.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    src = connect(engine_path, key)
    try:
        dst = connect(target, key)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


def lived_here(path: Path) -> list[str]:
    """Traces of a store that lived in this folder: backups, the key file, the store lock, logs that
    record a store (its creation by Alembic, a sync). A log of a command that failed before any store
    existed is not a trace."""
    folder, found = path.parent, []
    copies = len(list((folder / "backups").glob("*.sqlite3")))
    if copies:
        found.append(f"{copies} bản sao lưu trong backups")
    for name, words in (("motcua.keys.json", "tệp khóa motcua.keys.json"),
                        (lock_path(path).name, f"tệp khóa dùng chung {lock_path(path).name}")):
        if (folder / name).exists():
            found.append(words)
    if any(_records_a_store(f) for f in (folder / "logs").glob("*.log*") if f.is_file()):
        found.append("nhật ký trong logs")
    return found


def _records_a_store(log_file: Path) -> bool:
    if log_file.name.startswith("sync.log"):
        return log_file.stat().st_size > 0
    try:
        with open(log_file, encoding="utf-8", errors="replace") as fh:
            return any("Running upgrade" in line or " app.sync" in line for line in fh)
    except OSError:
        return False


def refuse_recreating(path: Path) -> None:
    """A missing or empty database where a desk has lived is a loss to restore, not a new desk to start."""
    try:
        empty = path.stat().st_size == 0
    except FileNotFoundError:
        empty = True
    if not empty:
        return
    traces = lived_here(path)
    if traces:
        state = "bị cắt còn 0 byte" if path.exists() else "không còn"
        raise DatabaseError(
            f"Cơ sở dữ liệu {path} {state}, nhưng thư mục này đã có dữ liệu của Một Cửa ({', '.join(traces)}). "
            "Một Cửa không tạo cơ sở dữ liệu trống thay thế để không che mất hồ sơ. Hãy khôi phục bản sao lưu "
            f"gần nhất: motcua restore {path.parent / 'backups'}/TÊN_TỆP.sqlite3 (hoặc báo bộ phận CNTT)."
        )


def open_database(path: Path, backup_dir: Path | None = None, migrate: bool = True,
                  key: bytes | None = None, keys: KeyLookup | None = None) -> Database:
    """Open (creating if needed) and bring the schema to head. Raises DatabaseError for a newer schema.

    The store lock is held (shared) until the Database is closed. `keys` finds the key of an encrypted
    store (the OS keyring, passed in by app.services.crypto_store) when none was registered at sign-in.
    """
    refuse_network_share(path)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(f"Không tạo được thư mục dữ liệu {path.parent} ({disk_words(exc)}). Hãy chọn thư "
                            "mục khác bằng --data-dir hoặc nhờ bộ phận CNTT cấp quyền ghi.") from exc
    refuse_recreating(path)
    if folder_state(path.parent) == "read-only":
        if not path.exists():
            raise machine_error(path, PermissionError(errno.EROFS, "read-only")) or DatabaseError(str(path))
        return _open_read_only(path, key, keys)
    lock = StoreLock.shared(path)
    try:
        return _open_locked(path, backup_dir, migrate, key, keys, lock)
    except BaseException:
        lock.release()
        raise


def _open_locked(path: Path, backup_dir: Path | None, migrate: bool, key: bytes | None,
                 keys: KeyLookup | None, lock: StoreLock) -> Database:
    if key is None and is_encrypted_file(path):
        key = key_for(path, keys)
        if key is None:
            raise DatabaseError(
                f"Cơ sở dữ liệu {path} đã được mã hóa (hoặc không phải tệp SQLite). Hãy mở ứng dụng và đăng nhập "
                "để mở khóa; với lệnh "
                "motcua, hãy chạy một lần «motcua encrypt remember-key» để lưu khóa vào kho khóa của hệ điều hành."
            )
    engine = make_engine(path, key)
    try:
        _read_schema(engine, path, key)
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
                backup_to(path, dest, key)
                log.info("backed up %s to %s before migrating", path, dest)
            with engine.begin() as conn:
                command.upgrade(_alembic_config(conn), "head")
    except DatabaseError:
        engine.dispose()
        raise
    except (sqlite3.DatabaseError, sa_exc.DatabaseError, OSError) as exc:  # damaged file, full or read-only disk
        engine.dispose()
        raise machine_error(path, exc) or DatabaseError(
            f"Không mở được cơ sở dữ liệu {path}: {exc}. Hãy khôi phục từ bản sao lưu (motcua restore TỆP).") from exc
    restrict_file(path)
    restrict_file(lock_path(path))
    return Database(path, engine, key, lock)


def _open_read_only(path: Path, key: bytes | None, keys: KeyLookup | None) -> Database:
    """A store in a read-only folder: find and show keep working; every write says the folder is read-only."""
    if key is None and is_encrypted_file(path):
        key = key_for(path, keys)
    engine = make_engine(path, key, read_only=True)
    _read_schema(engine, path, key)
    if current_revision(engine) != head_revision():
        engine.dispose()
        raise ReadOnlyStore(f"Thư mục dữ liệu chỉ đọc ({path.parent}) và cơ sở dữ liệu cần nâng cấp lên phiên bản "
                            "này, nên chưa mở được. Hãy nhờ bộ phận CNTT cấp quyền ghi cho thư mục rồi mở lại.")
    log.warning("data folder %s is read-only: reads only", path.parent)
    return Database(path, engine, key)


def _read_schema(engine: Engine, path: Path, key: bytes | None) -> None:
    """Read the schema once: a damaged file or a wrong key fails here with a clear message."""
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
    except (sqlite3.DatabaseError, sa_exc.DatabaseError) as exc:
        engine.dispose()
        machine = machine_error(path, exc)
        if machine is not None:
            raise machine from exc
        if key is not None:
            raise DatabaseError(f"Không mở khóa được cơ sở dữ liệu {path}: khóa không đúng hoặc tệp đã hỏng. "
                                "Hãy đăng nhập lại; nếu vẫn lỗi, khôi phục từ bản sao lưu.") from exc
        raise DatabaseError(f"Tệp {path} không đọc được như cơ sở dữ liệu ({exc}). Hãy khôi phục từ bản sao "
                            "lưu (motcua restore TỆP).") from exc
