"""Accounts and the encrypted store: signing in opens it, an administrator turns its encryption on or off.

On an encrypted store (see crypto_store) each account's password unlocks the database key. Signing in
(`open_signed_in`) first unlocks the key, counting failures in a file beside the key file since the
store is not open yet (`unlock_counted`: the same lock-out, message and scrypt cost as a clear store's
sign-in in accounts), then opens the desk and signs in as usual. `enable_encryption` and
`disable_encryption` convert the store and its backups while nothing else has it open, audit what was
converted (only that) and make the attached files follow the store's new key (files_admin).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.errors import MotCuaError
from app.models import db as dbmod
from app.paths import AppPaths, disk_words
from app.services import crypto_store, signin_guard
from app.services.accounts import (
    LOCK_MINUTES,
    MAX_FAILURES,
    MAX_PASSWORD,
    SIGN_IN_FAILED,
    AuthError,
    UserInfo,
    authenticate,
)
from app.services.clock import now_vn
from app.services.desk import Desk
from app.services.dto import Actor
from app.services.journal import audit
from app.services.permissions import require
from app.services.text import clean


def open_signed_in(paths: AppPaths, username: str, password: str,
                   clock: Callable[[], dt.datetime] = now_vn) -> tuple[Desk, UserInfo]:
    """Sign in and open the desk: on an encrypted store the password first unlocks the database key.

    A user without a key wrap yet (the store was encrypted after the account was made) can still sign in
    when the key is remembered in the OS keyring; the wrap is then added for the next time.
    """
    encrypted = crypto_store.is_encrypted(paths)
    username = clean(username).lower()
    if encrypted:
        unlock_counted(paths, username, password, clock())
    desk = Desk.open(paths, clock=clock)
    try:
        info = authenticate(desk, username, password)
    except Exception:
        desk.close()
        raise
    if encrypted:
        signin_guard.succeeded(paths, username)
        if not crypto_store.has_wrap(paths, username):
            crypto_store.add_wrap(paths, username, password, desk.db.key)  # type: ignore[arg-type]
    return desk, info


def unlock_counted(paths: AppPaths, username: str, password: str, now: dt.datetime) -> None:
    """Unlock an encrypted store's key, counting failures in a file beside the key file (the store is not
    open yet, so it cannot count them): the same lock-out, message and scrypt cost as a clear store."""
    crypto_store.require_available()
    locked = signin_guard.is_locked(paths, username, now)
    key = crypto_store.unlock(paths, username, password[:MAX_PASSWORD])  # the work is done even when locked
    if locked:
        if key is not None:
            dbmod.forget_key(paths.database)
        raise AuthError(SIGN_IN_FAILED)
    if key is None and (crypto_store.has_wrap(paths, username)
                        or dbmod.key_for(paths.database, crypto_store.keyring_key) is None):
        signin_guard.failed(paths, username, now, MAX_FAILURES, LOCK_MINUTES)
        raise AuthError(SIGN_IN_FAILED)


def enable_encryption(desk: Desk, actor: Actor, username: str, password: str) -> list[Path]:
    """Encrypt the store and its backups; `username`'s password unlocks it. Closes `desk`: open it again.

    Refused (nothing changed) while any other process has the store open. When it fails half-way (a full
    disk), the temporary files and the new key wrap are removed and only what was converted is audited.
    """
    require(actor, "store.encrypt")
    crypto_store.require_available()
    if desk.db.key is not None:
        raise MotCuaError("Cơ sở dữ liệu đã được mã hóa rồi.")
    info = authenticate(desk, username, password)
    key = crypto_store.new_key()
    paths, clock = desk.paths, desk.clock
    with desk.db.exclusive("bật mã hóa"):
        desk.close()
        saved = crypto_store.key_file_snapshot(paths)
        try:
            crypto_store.add_wrap(paths, info.username, password, key)
        except OSError as exc:
            crypto_store.restore_key_file(paths, saved)
            raise crypto_store.conversion_failed(paths, exc) from exc
        result = crypto_store.set_encryption(paths, None, key)
        if paths.database not in result.done:
            crypto_store.restore_key_file(paths, saved)
    return _audit_conversion(paths, clock, actor, "store.encrypt", {"unlock_user": info.username}, result, None)


def disable_encryption(desk: Desk, actor: Actor, username: str, password: str) -> list[Path]:
    """Back to a clear store (and clear backups). Closes `desk`: open it again. Refused while in use."""
    require(actor, "store.encrypt")
    if desk.db.key is None:
        raise MotCuaError("Cơ sở dữ liệu đang không mã hóa.")
    authenticate(desk, username, password)
    paths, key, clock = desk.paths, desk.db.key, desk.clock
    with desk.db.exclusive("tắt mã hóa"):
        desk.close()
        result = crypto_store.set_encryption(paths, key, None)
    return _audit_conversion(paths, clock, actor, "store.decrypt", {"by_user": username}, result, key)


def _files_follow(desk: Desk, old_key: bytes | None, result: crypto_store.Conversion) -> None:
    from app.services import files_admin

    try:
        files_admin.follow_store_key(desk, old_key)
    except (OSError, MotCuaError) as exc:
        why = exc.message if isinstance(exc, MotCuaError) else disk_words(exc)
        result.error = result.error or MotCuaError(
            f"Cơ sở dữ liệu đã được chuyển đổi nhưng các tệp đính kèm chưa chuyển hết ({why}). "
            "Hãy giải phóng chỗ trống rồi báo bộ phận CNTT; motcua check sẽ chỉ ra tệp nào cần xử lý.")


def _audit_conversion(paths: AppPaths, clock: Callable[[], dt.datetime], actor: Actor, action: str,
                      detail: dict[str, Any], result: crypto_store.Conversion, old_key: bytes | None) -> list[Path]:
    """Audit what was converted (only that), and make the attached files follow the store's new key
    (files_admin.follow_store_key); then raise the failure if there was one."""
    if paths.database in result.done:
        try:
            desk = Desk.open(paths, clock=clock)
        except MotCuaError:
            if result.error is None:
                raise
        else:
            try:
                with desk.db.write() as s:
                    audit(s, actor, action, "store", "database",
                          {**detail, "files": [f.name for f in result.done],
                           "not_converted": [f.name for f in result.failed]}, at=desk.now())
                _files_follow(desk, old_key, result)
            finally:
                desk.close()
    if result.error is not None:
        raise result.error
    return result.done
