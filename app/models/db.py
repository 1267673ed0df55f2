"""Engine and session setup for the local SQLite store, and schema migration on open.

Every connection gets WAL, foreign keys, synchronous=FULL and a busy timeout. Write sessions start with
BEGIN IMMEDIATE so two writers queue on the lock instead of failing half-way. Opening a database
refuses a folder on a network share (SQLite's locking is not reliable there), reads the schema once
(a damaged or wrongly keyed file fails here, not half-way through a write), upgrades it to the newest
schema through Alembic, taking an online backup first when it already holds data, and refuses a
database written by a newer version of the program. An encrypted store (SQLCipher) is opened with the
raw key registered for its path by `register_key` (after sign-in) or found by `key_lookup` (the OS
keyring, set up by app.services.crypto_store).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import logging
import os
import shutil
import sqlite3
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session
from sqlalchemy.pool import QueuePool

from app.errors import DatabaseError
from app.models.store_lock import StoreLock, lock_path
from app.paths import disk_words, restrict_file

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_HEADER = b"SQLite format 3\x00"
#: File systems on which SQLite must not live (locks and fsync are not trustworthy over the network).
NETWORK_FS = {"nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "afs", "ceph", "glusterfs", "9p",
              "fuse.sshfs", "sshfs", "davfs", "fuse.davfs2", "fuse.rclone", "fuse.s3fs", "ncpfs", "coda",
              "fuse.glusterfs", "lustre", "gpfs", "beegfs", "fuse.cifs"}

#: Below this much free space an open or write that fails is taken for a full disk.
LOW_SPACE_BYTES = 256 * 1024
_KEYS: dict[Path, bytes] = {}
#: Finds a remembered key (the OS keyring) for an encrypted database; passed to open_database.
KeyLookup = Callable[[Path], bytes | None]


def register_key(path: Path, key: bytes) -> None:
    """Remember, in this process only, the raw key that unlocks the encrypted database at `path`."""
    _KEYS[Path(path).resolve()] = key


def forget_key(path: Path) -> None:
    _KEYS.pop(Path(path).resolve(), None)


def key_for(path: Path, keys: KeyLookup | None = None) -> bytes | None:
    """The key registered at sign-in for `path`, else what `keys` (the OS keyring) finds."""
    key = _KEYS.get(Path(path).resolve())
    if key is None and keys is not None:
        key = keys(Path(path))
    return key


def is_encrypted_file(path: Path) -> bool:
    """True when the file exists, is not empty and is not a plain SQLite file (so SQLCipher or garbage)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except FileNotFoundError:
        return False
    return bool(head) and head != SQLITE_HEADER


def cipher_module():  # type: ignore[no-untyped-def]
    """The SQLCipher DB-API module, or None when the package is not installed on this platform."""
    try:
        from sqlcipher3 import dbapi2  # type: ignore[import-not-found]
    except ImportError:
        return None
    return dbapi2


def _cipher_missing(path: Path) -> DatabaseError:
    return DatabaseError(
        f"Cơ sở dữ liệu {path} được mã hóa nhưng máy này chưa có gói SQLCipher (sqlcipher3). "
        "Hãy cài lại Một Cửa bản đầy đủ; dữ liệu vẫn nguyên vẹn và không bị mở ở dạng rõ."
    )


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
    return conn


def network_filesystem(path: Path, mounts: str | None = None) -> str | None:
    """The network file-system type `path` lives on (e.g. "cifs", "nfs4", "UNC"), or None if local.

    `mounts` is the text of /proc/self/mounts (read from the system when None).
    """
    raw = str(path)
    if raw.startswith(("\\\\", "//")) and not raw.startswith("\\\\?\\"):
        return "UNC"
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import ctypes

        drive = os.path.splitdrive(os.path.abspath(raw))[0]
        if drive and ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == 4:  # DRIVE_REMOTE
            return "ổ mạng " + drive
        return None
    if mounts is None:
        try:
            mounts = Path("/proc/self/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    target = os.path.abspath(raw)
    best, best_type = "", None
    for line in mounts.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point = parts[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, best_type = point, parts[2]
    return best_type if best_type in NETWORK_FS else None


def refuse_network_share(path: Path) -> None:
    kind = network_filesystem(path)
    if kind:
        raise DatabaseError(
            f"Thư mục dữ liệu {path.parent} nằm trên ổ mạng ({kind}). SQLite trên ổ mạng có thể hỏng dữ liệu "
            "khi mất mạng hoặc khi hai máy cùng ghi, nên Một Cửa không lưu ở đó. Hãy chọn một thư mục trên ổ "
            "đĩa của chính máy này (mặc định) bằng --data-dir hoặc MOTCUA_HOME; sao lưu thì có thể chép ra ổ mạng."
        )


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


class Database:
    """One SQLite store. `read()` and `write()` give short-lived sessions; sessions never leave a service."""

    def __init__(self, path: Path, engine: Engine, key: bytes | None = None, lock: StoreLock | None = None):
        self.path = path
        self.engine = engine
        self.key = key  # raw SQLCipher key, None for a plain store
        self.lock = lock  # the shared store lock held while this is open
        self._write_engine = engine.execution_options(sqlite_begin="IMMEDIATE")

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as s:
            yield s

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """A session inside one IMMEDIATE transaction: committed on success, rolled back on any error.
        A full disk or a read-only folder is said plainly (DiskFull, ReadOnlyStore), never as a traceback."""
        try:
            with Session(self._write_engine, expire_on_commit=False) as s, s.begin():
                yield s
        except (sa_exc.OperationalError, sqlite3.OperationalError, OSError) as exc:
            machine = machine_error(self.path, exc)
            if machine is None:
                raise
            raise machine from exc

    def raw_connection(self) -> sqlite3.Connection:
        """A plain sqlite3 connection with the same pragmas, for bulk loads and the backup API."""
        conn = connect(self.path, self.key)
        _on_connect(conn, None)
        return conn

    @property
    def encrypted(self) -> bool:
        return self.key is not None

    def close(self) -> None:
        self.engine.dispose()
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    @contextlib.contextmanager
    def exclusive(self, doing: str, *, keep: bool = False) -> Iterator[None]:
        """Hold the store alone (refused, naming the holders, if anything else has it open). The hold
        outlives `close()` so the file can be converted or replaced after the engine is gone; with `keep`
        it goes back to shared at the end and stays with this Database."""
        lock = self.lock if self.lock is not None else StoreLock.exclusive_now(self.path, doing)
        if lock is self.lock:
            lock.upgrade(doing)
            self.lock = None
        try:
            yield
        finally:
            if keep and lock.exclusive:
                lock.downgrade()
                self.lock = lock
            else:
                lock.release()


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
    """Traces of a desk that used this folder (backups, key file, logs with content), for a missing store."""
    folder = path.parent
    found = [f"{len(list((folder / 'backups').glob('*.sqlite3')))} bản sao lưu trong backups"]
    if found[0].startswith("0 "):
        found = []
    if (folder / "motcua.keys.json").exists():
        found.append("tệp khóa motcua.keys.json")
    if any(f.stat().st_size > 0 for f in (folder / "logs").glob("*.log*") if f.is_file()):
        found.append("nhật ký trong logs")
    return found


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
