"""Who may run `motcua restore` when the current store may not open: signing in must not open it.

Signing in with --user normally opens the store and checks the users table there; a damaged store (a bad
page, a bad header) would then block the very restore that repairs it. So the command line's restore
authenticates without touching the current store, in one of two ways:

- `motcua --user NAME restore FILE`: the account is checked **against the backup being restored** (read
  only): the same password hash, active flag and permission «khôi phục dữ liệu» as in the app. Failures
  are counted in `motcua.signin.json` (signin_guard), the same lock-out as a sign-in. On an encrypted
  desk the password first unlocks the store's key from its key wrap, as a sign-in does.
- `motcua restore FILE` without --user: only the operating-system account **that owns the data folder**
  (whoever owns the folder can replace the database file by hand anyway); audited as `os:NAME`.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path
from typing import Any

from app.errors import PermissionDenied
from app.models import db as dbmod
from app.paths import AppPaths
from app.services import crypto_store, permissions, signin_guard
from app.services.accounts import (
    LOCK_MINUTES,
    MAX_FAILURES,
    MAX_PASSWORD,
    SIGN_IN_FAILED,
    AuthError,
    verify_password,
)
from app.services.accounts_store import unlock_counted
from app.services.backup import BackupError, check_backup_file
from app.services.dto import Actor
from app.services.text import clean


def store_key(paths: AppPaths) -> bytes | None:
    """The key of an encrypted desk (unlocked at sign-in, or remembered in the OS keyring), else None. A
    damaged header looks like an encrypted file, so the key wraps, not the header, say whether there is one."""
    return dbmod.key_for(paths.database, crypto_store.keyring_key)


def account_from_backup(paths: AppPaths, source: Path, username: str, password: str, now: dt.datetime) -> Actor:
    """The desk account `username` as the backup `source` knows it, if `password` is right there."""
    username = clean(username).lower()
    if crypto_store.has_wrap(paths, username):  # an encrypted desk: the key wrap lives beside the store
        unlock_counted(paths, username, password, now)
    key = store_key(paths)
    check_backup_file(Path(source), key)  # a file that is not a backup: the same words as in the app
    locked = signin_guard.is_locked(paths, username, now)
    row = _user_row(Path(source), key if dbmod.is_encrypted_file(Path(source)) else None, username)
    right = row is not None and verify_password(password[:MAX_PASSWORD], row[4])
    if row is None:
        verify_password(password[:MAX_PASSWORD], "scrypt$32768$8$1$AAAA$AAAA")  # same cost as a wrong one
    if locked or not right or row is None or not row[5]:
        if not locked:
            signin_guard.failed(paths, username, now, MAX_FAILURES, LOCK_MINUTES)
        raise AuthError(SIGN_IN_FAILED)
    signin_guard.succeeded(paths, username)
    actor = Actor(username=row[0], full_name=row[1], role=row[3], title=row[2])
    permissions.require(actor, "backup.restore")
    return actor


def _user_row(source: Path, key: bytes | None, username: str) -> tuple[Any, ...] | None:
    try:
        conn = dbmod.connect(source, key, read_only=True)
        try:
            row: tuple[Any, ...] | None = conn.execute(
                "SELECT username, full_name, title, role, password_hash, active FROM users "
                "WHERE username = ?", (username,)).fetchone()
            return row
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise BackupError(f"Không đọc được danh sách tài khoản trong {source.name}; hãy chọn bản sao lưu "
                          "khác.") from exc


def require_folder_owner(paths: AppPaths) -> None:
    """Restore without --user: only the OS account that owns the data folder (POSIX; on Windows the
    folder lives in the account's own profile, private to it)."""
    if os.name != "posix" or not paths.data_dir.exists():
        return
    if paths.data_dir.stat().st_uid != os.geteuid():
        raise PermissionDenied(
            f"Chỉ tài khoản máy tính sở hữu thư mục dữ liệu {paths.data_dir} mới khôi phục được khi không đăng "
            "nhập. Hãy chạy bằng tài khoản đó, hoặc: motcua --user QUẢN_TRỊ restore TỆP (mật khẩu được kiểm "
            "tra trong chính bản sao lưu).")
