"""Backups and restore of the desk's database, always through SQLite's online backup API.

`backup_now` copies the live database page by page (writers may go on; the copy is one consistent
snapshot) and checks the copy. `daily_backup` is called by the app at start and by `motcua backup
--auto`: at most one automatic copy a day, then `prune` keeps 7 daily, 4 weekly and 12 monthly copies.
Copies taken before a migration or a restore, and manual ones, are never pruned. `restore` checks the
file's integrity and schema first, sets the current database aside as a backup, copies the file into the
live database, brings its schema up to date and appends an audit entry. An encrypted store's copies are
encrypted under the same key; a clear backup restored into an encrypted store is encrypted on the way.
The attached files go with every copy into `files/` beside it (files_admin), and come back after a restore.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from alembic.script import ScriptDirectory

from app.errors import MotCuaError
from app.models import db as dbmod
from app.models import schema
from app.paths import disk_words, restrict_file
from app.services import permissions
from app.services.desk import Desk
from app.services.dto import Actor
from app.services.journal import audit
from app.services.outputs import check_target

log = logging.getLogger(__name__)

AUTO_PREFIX = "tu-dong-"
MANUAL_PREFIX = "thu-cong-"
BEFORE_RESTORE_PREFIX = "truoc-khoi-phuc-"
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
_AUTO_NAME = re.compile(rf"^{AUTO_PREFIX}(\d{{8}})-(\d{{6}})\.sqlite3$")
REQUIRED_TABLES = {"agency", "dossiers", "events", "outbox", "audit_log", "users", "alembic_version"}


class BackupError(MotCuaError):
    exit_code = 7


@dataclass
class RestoreReport:
    restored_from: Path
    set_aside: Path | None  # None when there was no store to set aside (it had been deleted)
    dossiers: int
    schema: str
    notes: list[str] = field(default_factory=list)
    counters_moved: int = 0


def _stamp(moment: dt.datetime) -> str:
    return moment.strftime("%Y%m%d-%H%M%S")


def _unique(path: Path) -> Path:
    n = 1
    candidate = path
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate


def _copy(desk: Desk, target: Path, *, replace: bool = False) -> Path:
    """Online backup into a temporary file beside `target`, a quick check of it, fsync, then rename."""
    if target.exists() and not replace:
        raise BackupError(f"Tệp {target} đã có; hãy chọn tên khác để không ghi đè bản sao lưu cũ.")
    tmp = target.with_name(f".{target.name}.partial")
    try:
        tmp.unlink(missing_ok=True)
        dbmod.backup_to(desk.db.path, tmp, desk.db.key)
        _check_file(tmp, desk.db.key, quick=True)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        tmp.replace(target)
        restrict_file(target)
        _copy_files(desk, target.parent)
    except (OSError, sqlite3.Error) as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise BackupError(f"Không sao lưu được vào {target}: {disk_words(exc)}. Hãy kiểm tra chỗ trống và quyền "
                          "ghi của thư mục rồi thử lại.") from exc
    except Exception:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise
    return target


@dataclass
class BackupResult:
    path: Path
    encrypted: bool
    warnings: list[str] = field(default_factory=list)


def _copy_files(desk: Desk, folder: Path) -> None:
    """The attached files go with every backup, into `folder/files/` (as stored: encrypted stays
    encrypted; only files not there yet are copied, since a stored file never changes)."""
    from app.services import files_admin

    copied = files_admin.backup_files(desk, folder)
    if copied.copied:
        log.info("backup: %d attached files copied (%d bytes), %d already there", copied.copied, copied.bytes,
                 copied.present)


def backup_now(desk: Desk, actor: Actor, out: Path | None = None, *, force: bool = False) -> Path:
    """A manual backup (administrator): to `out` (outside the data folder), or to the backups folder."""
    return backup_copy(desk, actor, out, force=force).path


def backup_copy(desk: Desk, actor: Actor, out: Path | None = None, *, force: bool = False) -> BackupResult:
    """`backup_now` with what the person must know: a copy outside backups/ is never converted later."""
    permissions.require(actor, "backup.run")
    warnings = []
    managed = out is not None and Path(out).resolve().parent == desk.paths.backups.resolve()
    if out and managed:  # a new name in backups/ (the app's dialog starts there): never over an existing copy
        target = Path(out).resolve()
        force = False
    elif out:
        target = check_target(Path(out), desk.paths.data_dir, force=force)
        warnings.append(
            f"Bản sao {target} nằm ngoài thư mục backups: " + (
                "nó được mã hóa bằng khóa hiện tại; nếu sau này tắt mã hóa, bản này vẫn cần khóa đó để mở."
                if desk.db.encrypted else
                "nó KHÔNG được mã hóa (họ tên, số định danh đọc được) và sẽ vẫn ở dạng rõ kể cả khi bật mã hóa "
                "sau này. Hãy cất nó ở nơi an toàn hoặc xóa khi không cần; motcua check sẽ nhắc các bản rõ như vậy."))
    else:
        target = _unique(desk.paths.backups / f"{MANUAL_PREFIX}{_stamp(desk.now())}.sqlite3")
    target.parent.mkdir(parents=True, exist_ok=True)
    _copy(desk, target, replace=force)
    with desk.db.write() as s:
        audit(s, actor, "store.backup", "store", target.name,
              {"path": str(target), "encrypted": desk.db.encrypted}, at=desk.now())
    return BackupResult(target, desk.db.encrypted, warnings)


def daily_backup(desk: Desk) -> Path | None:
    """The automatic backup: once per calendar day, then retention. Returns the new file, or None."""
    if getattr(desk.db, "url", None):  # a centre's server: its nightly pg_dump is IT's job (docs/centre.md)
        return None
    today = desk.now().date()
    folder = desk.paths.backups
    folder.mkdir(parents=True, exist_ok=True)
    if any(d == today for d, _ in _auto_backups(folder)):
        prune(folder, today)
        return None
    target = _copy(desk, _unique(folder / f"{AUTO_PREFIX}{_stamp(desk.now())}.sqlite3"))
    removed = prune(folder, today)
    log.info("daily backup %s; pruned %d old copies", target.name, len(removed))
    return target


def _auto_backups(folder: Path) -> list[tuple[dt.date, Path]]:
    out = []
    for p in folder.glob(f"{AUTO_PREFIX}*.sqlite3"):
        m = _AUTO_NAME.match(p.name)
        if m:
            out.append((dt.datetime.strptime(m.group(1) + m.group(2), "%Y%m%d%H%M%S"), p))
    return [(moment.date(), p) for moment, p in sorted(out, reverse=True)]


def keep_set(dates_paths: list[tuple[dt.date, Path]], today: dt.date) -> set[Path]:
    """Grandfather-father-son: the newest copy of each of the last 7 days, 4 ISO weeks, 12 months."""
    keep: set[Path] = set()
    days: set[dt.date] = set()
    weeks: set[tuple[int, int]] = set()
    months: set[tuple[int, int]] = set()
    for day, path in sorted(dates_paths, key=lambda x: (x[0], x[1].name), reverse=True):
        if day > today:
            keep.add(path)  # clock moved back: never delete what we cannot place
            continue
        if day not in days and len(days) < KEEP_DAILY:
            days.add(day)
            keep.add(path)
        week = day.isocalendar()[:2]
        if week not in weeks and len(weeks) < KEEP_WEEKLY:
            weeks.add(week)
            keep.add(path)
        month = (day.year, day.month)
        if month not in months and len(months) < KEEP_MONTHLY:
            months.add(month)
            keep.add(path)
    return keep


def prune(folder: Path, today: dt.date) -> list[Path]:
    """Delete automatic copies outside the retention; other copies are left alone."""
    autos = _auto_backups(folder)
    keep = keep_set(autos, today)
    removed = []
    for _, p in autos:
        if p not in keep:
            p.unlink(missing_ok=True)
            removed.append(p)
    return removed


def _check_file(path: Path, key: bytes | None, *, quick: bool = False) -> str:
    """Integrity and schema of a database file; returns its schema revision or raises BackupError."""
    conn = dbmod.connect(path, key)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        result = [r[0] for r in conn.execute("PRAGMA quick_check" if quick else "PRAGMA integrity_check")]
        if result != ["ok"]:
            raise BackupError(f"Tệp {path.name} bị hỏng ({'; '.join(result[:3])}). Hãy chọn bản sao lưu khác.")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        missing = REQUIRED_TABLES - tables
        if missing:
            raise BackupError(f"Tệp {path.name} không phải bản sao lưu của Một Cửa (thiếu bảng "
                              f"{', '.join(sorted(missing))}). Hãy chọn đúng tệp sao lưu.")
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        if revision is None:
            raise BackupError(f"Tệp {path.name} không ghi phiên bản lược đồ; hãy chọn bản sao lưu khác.")
        _known_revision(path, str(revision[0]))
        diff = schema.compare(conn, str(revision[0]))
        if not diff.ok:
            raise BackupError(f"Tệp {path.name} không đúng cấu trúc của Một Cửa (lược đồ {revision[0]}): "
                              f"{diff.words()}. Tệp có thể đã bị sửa ngoài phần mềm; không khôi phục từ tệp này. "
                              "Hãy chọn bản sao lưu khác (bản tự động nằm trong thư mục backups).")
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"Tệp {path.name} không đọc được như cơ sở dữ liệu ({exc}): tệp hỏng hoặc không phải "
                          "bản sao lưu. Hãy chọn bản sao lưu khác (bản tự động nằm trong thư mục backups).") from exc
    except _cipher_errors() as exc:
        raise BackupError(f"Tệp {path.name} không mở được bằng khóa của cơ sở dữ liệu này ({exc}). Hãy chọn "
                          "bản sao lưu của chính máy này.") from exc
    finally:
        conn.close()
    return str(revision[0])


def _known_revision(path: Path, revision: str) -> None:
    script = ScriptDirectory.from_config(dbmod._alembic_config())
    try:
        script.get_revision(revision)
    except Exception as exc:  # alembic raises several kinds for an unknown revision
        raise BackupError(f"Tệp {path.name} được tạo bởi phiên bản Một Cửa mới hơn (lược đồ {revision}). "
                          "Hãy cập nhật chương trình trước khi khôi phục.") from exc


def _cipher_errors() -> tuple[type[BaseException], ...]:
    module = dbmod.cipher_module()
    return (module.DatabaseError,) if module is not None else ()


def check_backup_file(path: Path, key: bytes | None) -> str:
    """Public check used by restore and by the app before offering a file: returns the schema revision."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"Không có tệp {path}. Hãy chọn lại tệp sao lưu.")
    encrypted = dbmod.is_encrypted_file(path)
    if encrypted and key is None:
        raise BackupError(f"Tệp {path.name} không phải cơ sở dữ liệu SQLite thường: hoặc là bản sao lưu đã mã hóa "
                          "(khi đó hãy khôi phục trên máy có khóa của nó), hoặc tệp hỏng. Hãy chọn bản sao lưu khác.")
    return _check_file(path, key if encrypted else None)


def restore(desk: Desk, source: Path, actor: Actor) -> RestoreReport:
    """Replace the live store with `source` (see app.services.restore: checked, counters moved, aside)."""
    from app.services import restore as restoring

    return restoring.restore(desk, source, actor)
