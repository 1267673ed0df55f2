"""Restore the store from a backup: works when the current store will not open, and never re-issues a code.

The order, all under the exclusive store lock (refused while the app or a sync has the store open):
1. the offered file is checked (integrity, and the exact schema of its Alembic revision: an unknown
   trigger or view, a missing column refuse it) — nothing has changed yet;
2. it is copied into a temporary file beside the store (encrypted on the way in when the store is),
   migrated to this version's schema, and its code and register counters are moved past every number
   found in the current store (when it can still be read) and past the highest code of this device
   the province has acknowledged (`issued_codes`, kept outside the database); the restore is audited;
3. the current store (with its -wal/-shm) is renamed aside into backups/, untouched and never opened
   through SQLite first (a damaged page, a bad header or a wrong key do not block the restore), and the
   prepared file is renamed into place;
4. the attached files its records name and the data folder lacks come back from `files/` beside the
   backup (files_admin.restore_files); what is still missing is said in the report's notes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import text

from app.errors import MotCuaError
from app.models import db as dbmod
from app.models.store_lock import StoreLock, notes_dir
from app.paths import AppPaths, disk_words, restrict_file
from app.services import issued_codes, permissions
from app.services.backup import BEFORE_RESTORE_PREFIX, BackupError, RestoreReport, _unique, check_backup_file
from app.services.clock import now_vn
from app.services.desk import Desk
from app.services.dto import Actor
from app.services.journal import audit

_WAL_SUFFIXES = ("-wal", "-shm", "-journal")


def restore(desk: Desk, source: Path, actor: Actor) -> RestoreReport:
    """The app's restore: the desk stays usable afterwards (same lock, same key, fresh connections)."""
    permissions.require(actor, "backup.restore")
    _refuse_live_file(source, desk.paths)
    with desk.db.exclusive("khôi phục", keep=True):
        desk.db.engine.dispose()
        report = _replace(desk.paths, Path(source), actor, desk.db.key, desk.now())
        desk.db.engine.dispose()
    desk.invalidate()
    _files_back(desk, Path(source), report)
    return report


def _files_back(desk: Desk, source: Path, report: RestoreReport) -> None:
    """The attached files the restored records name, from the `files/` folder beside the backup."""
    from app.services import files_admin

    try:
        got = files_admin.restore_files(desk, source.resolve().parent)
    except OSError as exc:
        report.notes.append(f"Chưa chép lại được tệp đính kèm từ thư mục của bản sao lưu ({disk_words(exc)}). "
                            "Hãy giải phóng chỗ trống rồi chạy motcua check để xem tệp nào còn thiếu.")
        return
    if got.copied:
        report.notes.append(f"Đã chép lại {got.copied} tệp đính kèm từ thư mục của bản sao lưu.")
    missing = files_admin.check_files(desk)
    if not missing.ok:
        report.notes.append(missing.summary)


def restore_store(paths: AppPaths, source: Path, actor: Actor, *, key: bytes | None = None,
                  now: dt.datetime | None = None) -> RestoreReport:
    """The command line's restore: the current store is never opened, so a damaged one cannot block it
    (the restored one is, afterwards, to bring back its attached files)."""
    permissions.require(actor, "backup.restore")
    _refuse_live_file(source, paths)
    paths.ensure()
    if key is None and dbmod.is_encrypted_file(paths.database):
        from app.services.crypto_store import keyring_key

        key = dbmod.key_for(paths.database, keyring_key)
    lock = StoreLock.exclusive_now(paths.database, "khôi phục")
    try:
        report = _replace(paths, Path(source), actor, key, now or now_vn())
    finally:
        lock.release()
    try:  # the restored store, opened once the restore is done, takes its attached files back
        desk = Desk.open(paths)
    except MotCuaError as exc:
        report.notes.append(f"Chưa chép lại tệp đính kèm: {exc.message} Hãy mở ứng dụng rồi chạy motcua check.")
        return report
    try:
        _files_back(desk, Path(source), report)
    finally:
        desk.close()
    return report


def _refuse_live_file(source: Path, paths: AppPaths) -> None:
    if Path(source).resolve() == paths.database.resolve():
        raise BackupError("Không khôi phục từ chính cơ sở dữ liệu đang dùng; hãy chọn một tệp sao lưu.")


def _replace(paths: AppPaths, source: Path, actor: Actor, key: bytes | None, now: dt.datetime) -> RestoreReport:
    source = source.resolve()
    revision = check_backup_file(source, key)
    notes: list[str] = []
    tmp = paths.database.with_name(paths.database.name + ".restore-tmp")
    _remove(tmp)
    try:
        try:
            _copy_in(source, tmp, key, notes)
        except (OSError, sqlite3.Error) as exc:
            raise BackupError(f"Không chép được bản sao lưu vào thư mục dữ liệu ({disk_words(exc)}). Hãy giải phóng "
                              "chỗ trống rồi thử lại; cơ sở dữ liệu hiện tại chưa bị thay đổi.") from exc
        issued = _already_issued(paths, key, notes)
        aside = _aside_name(paths, now)
        report = _prepare(paths, tmp, key, revision, issued, actor, source, aside, now, notes)
        _set_aside(paths, aside)
        os.replace(tmp, paths.database)
        restrict_file(paths.database)
    finally:
        _remove(tmp)
    return report


def _copy_in(source: Path, tmp: Path, key: bytes | None, notes: list[str]) -> None:
    if key is not None and not dbmod.is_encrypted_file(source):
        from app.services import crypto_store

        crypto_store.export(source, None, tmp, key)  # a clear backup is encrypted on the way in
        notes.append("Bản sao lưu không mã hóa đã được mã hóa khi khôi phục.")
        return
    src_key = key if dbmod.is_encrypted_file(source) else None
    dbmod.backup_to(source, tmp, src_key)
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())


def _already_issued(paths: AppPaths, key: bytes | None, notes: list[str]) -> issued_codes.Issued:
    """Numbers given out beyond the backup: from the current store (if readable) and the sync record."""
    found = issued_codes.read_acknowledged(paths)
    current = paths.database
    if not current.exists() or current.stat().st_size == 0:
        return found
    try:
        # Read-only (immutable when no WAL holds changes): the store set aside stays byte for byte as it was.
        conn = dbmod.connect(current, key if dbmod.is_encrypted_file(current) else None, read_only=True)
        try:
            agency = issued_codes.agency_of(conn)
            if agency is not None:
                found.merge(issued_codes.read_store(conn, *agency))
        finally:
            conn.close()
    except Exception:
        notes.append("Không đọc được cơ sở dữ liệu hiện tại; số thứ tự mã hồ sơ được nâng theo nhật ký đồng bộ.")
    return found


def _prepare(paths: AppPaths, tmp: Path, key: bytes | None, revision: str, issued: issued_codes.Issued,
             actor: Actor, source: Path, aside: Path | None, now: dt.datetime, notes: list[str]) -> RestoreReport:
    """Migrate the copy, move its counters past `issued`, audit the restore in it."""
    if revision != dbmod.head_revision():
        notes.append(f"Lược đồ đã được nâng cấp từ {revision}.")
    try:
        db = dbmod.open_database(tmp, paths.backups, key=key)
    except MotCuaError as exc:
        raise BackupError(f"Không chuẩn bị được bản khôi phục: {exc.message}") from exc
    try:
        with db.write() as s:
            raw: Any = s.connection().connection.driver_connection
            moved = issued_codes.advance_counters(raw, issued)
            audit(s, actor, "store.restore", "store", source.name,
                  {"from": str(source), "set_aside": str(aside) if aside else None, "schema": revision,
                   "counters_moved": moved}, at=now)
            dossiers = int(s.execute(text("SELECT count(*) FROM dossiers")).scalar() or 0)
        db.engine.dispose()
        conn = db.raw_connection()
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("PRAGMA journal_mode=DELETE")  # one self-contained file to rename into place
        finally:
            conn.close()
    finally:
        db.close()
        _remove(tmp.with_name(tmp.name + ".lock"))
        with contextlib.suppress(OSError):
            notes_dir(tmp).rmdir()
    if moved:
        notes.append("Số thứ tự mã hồ sơ và sổ theo dõi đã được nâng qua các số đã cấp sau ngày sao lưu, "
                     "để không cấp trùng mã.")
    return RestoreReport(source, aside, dossiers, revision, notes, moved)


def _aside_name(paths: AppPaths, now: dt.datetime) -> Path | None:
    if not paths.database.exists():
        return None
    return _unique(paths.backups / f"{BEFORE_RESTORE_PREFIX}{now:%Y%m%d-%H%M%S}.sqlite3")


def _set_aside(paths: AppPaths, aside: Path | None) -> None:
    """Rename the current store (and its -wal/-shm) into backups/, untouched and unread."""
    current = paths.database
    if aside is None or not current.exists():
        return
    paths.backups.mkdir(parents=True, exist_ok=True)
    for suffix in _WAL_SUFFIXES:
        side = current.with_name(current.name + suffix)
        if side.exists():
            os.replace(side, aside.with_name(aside.name + suffix))
    os.replace(current, aside)
    restrict_file(aside)


def _remove(path: Path) -> None:
    for p in (path, *(path.with_name(path.name + sfx) for sfx in _WAL_SUFFIXES)):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()
