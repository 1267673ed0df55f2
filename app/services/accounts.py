"""User accounts: creation, sign-in with lock-out, password changes. Passwords are hashed with scrypt.

Hash format: `scrypt$n$r$p$salt_b64$hash_b64` with a per-user random salt; verification is constant
time. Passwords: at least MIN_PASSWORD characters with letters and digits; a new account (or a reset)
must change its password at first sign-in. After MAX_FAILURES wrong passwords an account is locked for
LOCK_MINUTES. Every change to an account is audited (never the hash). On an encrypted store each
password also unlocks the database key (see crypto_store); signing in to such a store and turning its
encryption on or off: accounts_store. Roles and permissions: `permissions`.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import MotCuaError, NotFoundError, PermissionDenied, ValidationError
from app.models import User
from app.services import crypto_store
from app.services.desk import Desk
from app.services.dto import Actor
from app.services.journal import audit
from app.services.permissions import ROLE_LABELS, require
from app.services.text import clean

ROLES = ROLE_LABELS
MIN_PASSWORD = 10
MAX_FAILURES = 5
LOCK_MINUTES = 15
# scrypt cost: N=2**15, r=8 needs 32 MiB and ~0.1 s per try on a desk PC; stored in each hash, so raising
# it later re-hashes a password at its next successful sign-in.
_N, _R, _P = 2**15, 8, 1
_MAXMEM = 64 * 1024 * 1024
_USERNAME = re.compile(r"^[a-z0-9._-]{3,60}$")


class AuthError(MotCuaError):
    exit_code = 9


#: One answer for an unknown account, a wrong password and a locked account (after the same scrypt work),
#: so a sign-in screen tells nobody which accounts exist or are locked.
SIGN_IN_FAILED = (f"Sai tên đăng nhập hoặc mật khẩu, hoặc tài khoản đang tạm khóa vì nhập sai nhiều lần. Hãy kiểm "
                  f"tra lại; nếu vẫn không được, chờ {LOCK_MINUTES} phút hoặc nhờ quản trị đặt lại mật khẩu.")


@dataclass
class UserInfo:
    id: int
    username: str
    full_name: str
    title: str
    role: str
    active: bool
    must_change_password: bool
    locked_until: dt.datetime | None
    desk: Desk | None = field(default=None, compare=False, repr=False)  # set at sign-in: the actor stays live

    def actor(self) -> Actor:
        live = _live(self.desk, self.id) if self.desk is not None else None
        return Actor(self.username, self.full_name, self.role, self.title, self.id, live=live)


def _live(desk: Desk, user_id: int) -> Callable[[], Actor | None]:
    """Re-read the account at every permission check: None once it is disabled or removed."""
    def read() -> Actor | None:
        with desk.db.read() as s:
            u = s.get(User, user_id)
            if u is None or not u.active:
                return None
            return Actor(u.username, u.full_name, u.role, u.title, u.id)
    return read


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=32, maxmem=_MAXMEM)
    b64 = base64.b64encode
    return f"scrypt${_N}${_R}${_P}${b64(salt).decode()}${b64(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        want = base64.b64decode(digest)
        got = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r),
                             p=int(p), dklen=len(want), maxmem=_MAXMEM)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, want)


MAX_PASSWORD = 256


def check_password_rules(password: str, username: str = "") -> None:
    if len(password) < MIN_PASSWORD:
        raise ValidationError({"password": f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự."})
    if len(password) > MAX_PASSWORD:
        raise ValidationError({"password": f"Mật khẩu dài tối đa {MAX_PASSWORD} ký tự."})
    if not any(ch.isdigit() for ch in password) or not any(ch.isalpha() for ch in password):
        raise ValidationError({"password": "Mật khẩu phải có cả chữ và số."})
    if username and username.lower() in password.lower():
        raise ValidationError({"password": "Mật khẩu không được chứa tên đăng nhập."})


def _info(u: User) -> UserInfo:
    return UserInfo(u.id, u.username, u.full_name, u.title, u.role, u.active, u.must_change_password,
                    u.locked_until)


def _public(u: User) -> dict[str, Any]:
    """What the audit log keeps about an account: never the hash."""
    return {"full_name": u.full_name, "title": u.title, "role": u.role, "active": u.active}


def _store_key(desk: Desk) -> bytes | None:
    return getattr(desk.db, "key", None)


def _wrap_new_password(desk: Desk, username: str, password: str) -> None:
    """On an encrypted store, let this password unlock the database key too (old wrap kept until commit)."""
    key = _store_key(desk)
    if key is not None:
        crypto_store.add_wrap(desk.paths, username, password, key)


def _drop_old_wraps(desk: Desk, username: str) -> None:
    if _store_key(desk) is not None:
        crypto_store.keep_newest_wrap(desk.paths, username)


def has_users(desk: Desk) -> bool:
    with desk.db.read() as s:
        return bool(s.scalar(select(func.count(User.id))))


def _check_manager(s: Session, actor: Actor | str) -> None:
    """Only an administrator manages accounts, except the very first account of a new desk."""
    if not s.scalar(select(func.count(User.id))):
        return
    if not isinstance(actor, Actor):
        raise PermissionDenied("Chỉ quản trị hệ thống được quản lý tài khoản. Hãy đăng nhập bằng tài khoản quản trị.")
    require(actor, "user.manage")


def create_user(desk: Desk, username: str, full_name: str, role: str, password: str, actor: Actor | str, *,
                title: str = "", must_change_password: bool = True) -> UserInfo:
    username, full_name = clean(username).lower(), clean(full_name)
    errors = {}
    if not _USERNAME.match(username):
        errors["username"] = "Tên đăng nhập 3–60 ký tự, chỉ gồm chữ thường không dấu, số, dấu chấm, gạch."
    if not full_name or len(full_name) > 120:
        errors["full_name"] = "Hãy nhập họ tên (tối đa 120 ký tự)."
    if len(clean(title)) > 120:
        errors["title"] = "Chức danh dài tối đa 120 ký tự."
    if role not in ROLES:
        errors["role"] = "Vai trò phải là: " + ", ".join(f"{k} ({v})" for k, v in ROLES.items())
    try:
        check_password_rules(password, username)
    except ValidationError as exc:
        errors.update(exc.fields)
    if errors:
        raise ValidationError(errors)
    now = desk.now()
    with desk.db.write() as s:
        _check_manager(s, actor)
        if s.scalar(select(User.id).where(User.username == username)):
            raise ValidationError({"username": f"Tên đăng nhập «{username}» đã có người dùng."})
        u = User(username=username, full_name=full_name, title=clean(title), role=role,
                 password_hash=hash_password(password), active=True,
                 must_change_password=must_change_password, failed_attempts=0, created_at=now)
        s.add(u)
        s.flush()
        audit(s, actor, "user.create", "user", username, {"after": _public(u)}, at=now)
        _wrap_new_password(desk, username, password)
        info = _info(u)
    _drop_old_wraps(desk, username)
    return info


def authenticate(desk: Desk, username: str, password: str, *, purpose: str = "sign_in") -> UserInfo:
    """Check a sign-in; counts failures and locks the account for LOCK_MINUTES after MAX_FAILURES.

    `purpose` only names the audit entry: "sign_in" or "unlock" (the idle screen lock).
    """
    username = clean(username).lower()
    now = desk.now()
    failed = disabled = False
    with desk.db.write() as s:
        u = s.scalar(select(User).where(User.username == username))
        if u is None or len(password) > MAX_PASSWORD:
            hash_password(password[:MAX_PASSWORD])  # same cost whether or not the user exists
            raise AuthError(SIGN_IN_FAILED)
        if u.locked_until and u.locked_until > now:
            verify_password(password, u.password_hash)  # same cost and same answer as a wrong password
            raise AuthError(SIGN_IN_FAILED)
        if not verify_password(password, u.password_hash):
            u.failed_attempts += 1
            if u.failed_attempts >= MAX_FAILURES:
                u.locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
                u.failed_attempts = 0
                audit(s, username, "user.locked", "user", username, {"minutes": LOCK_MINUTES}, at=now)
            failed = True
        elif not u.active:
            disabled = True
        else:
            u.failed_attempts = 0
            u.locked_until = None
            if _weaker_than_now(u.password_hash):
                u.password_hash = hash_password(password)
            audit(s, username, f"user.{purpose}", "user", username, {}, at=now)
        info = _info(u)
    if disabled:
        raise AuthError("Tài khoản này đã bị vô hiệu hóa. Hãy liên hệ quản trị hệ thống.")
    if failed:
        raise AuthError(SIGN_IN_FAILED)
    info.desk = desk
    return info


def _weaker_than_now(stored: str) -> bool:
    try:
        _, n, r, p, _, _ = stored.split("$")
        return (int(n), int(r), int(p)) < (_N, _R, _P)
    except ValueError:
        return False


def unlock_screen(desk: Desk, username: str, password: str) -> UserInfo:
    """The idle screen lock: the same user types the password again (same lock-out rules)."""
    return authenticate(desk, username, password, purpose="unlock")


def idle_lock_seconds(desk: Desk) -> int:
    """How long the app may stay idle before the screen locks (setting `idle_lock_minutes`; 0 = never)."""
    return max(0, int(desk.setting("idle_lock_minutes"))) * 60


def change_password(desk: Desk, username: str, old: str, new: str) -> None:
    info = authenticate(desk, username, old)
    check_password_rules(new, info.username)
    if new == old:
        raise ValidationError({"password": "Mật khẩu mới phải khác mật khẩu cũ."})
    with desk.db.write() as s:
        u = s.get(User, info.id)
        assert u is not None
        u.password_hash = hash_password(new)
        u.must_change_password = False
        audit(s, info.username, "user.change_password", "user", info.username, {}, at=desk.now())
        _wrap_new_password(desk, info.username, new)
    _drop_old_wraps(desk, info.username)


def _user_for_update(s: Session, username: str) -> User:
    u = s.scalar(select(User).where(User.username == clean(username).lower()))
    if u is None:
        raise NotFoundError(f"Không có người dùng «{username}». Hãy kiểm tra lại tên đăng nhập (danh sách người dùng "
                            "trên dòng lệnh: motcua --user QUẢN_TRỊ user list).")
    return u


def _active_admins(s: Session) -> int:
    return s.scalar(select(func.count(User.id)).where(User.role == "admin", User.active.is_(True))) or 0


def reset_password(desk: Desk, username: str, new_password: str, actor: Actor) -> UserInfo:
    """An administrator sets a temporary password; the user must change it at the next sign-in."""
    require(actor, "user.manage")
    check_password_rules(new_password, clean(username).lower())
    with desk.db.write() as s:
        u = _user_for_update(s, username)
        u.password_hash = hash_password(new_password)
        u.must_change_password = True
        u.failed_attempts = 0
        u.locked_until = None
        audit(s, actor, "user.reset_password", "user", u.username, {"must_change_password": True}, at=desk.now())
        _wrap_new_password(desk, u.username, new_password)
        info = _info(u)
    _drop_old_wraps(desk, info.username)
    return info


def set_active(desk: Desk, username: str, active: bool, actor: Actor) -> UserInfo:
    """Disable or re-enable an account; the last active administrator cannot be disabled."""
    require(actor, "user.manage")
    with desk.db.write() as s:
        u = _user_for_update(s, username)
        before = _public(u)
        if not active and u.role == "admin" and u.active and _active_admins(s) <= 1:
            raise ValidationError({"username": "Không vô hiệu hóa được quản trị cuối cùng; hãy tạo quản trị khác trước."})
        u.active = active
        audit(s, actor, "user.enable" if active else "user.disable", "user", u.username,
              {"before": before, "after": _public(u)}, at=desk.now())
        info = _info(u)
    if not active and _store_key(desk) is not None:
        # A disabled account must not be able to unlock an encrypted store offline either.
        crypto_store.remove_wraps(desk.paths, info.username)
    return info


def set_role(desk: Desk, username: str, role: str, actor: Actor) -> UserInfo:
    require(actor, "user.manage")
    if role not in ROLES:
        raise ValidationError({"role": "Vai trò phải là: " + ", ".join(f"{k} ({v})" for k, v in ROLES.items())})
    with desk.db.write() as s:
        u = _user_for_update(s, username)
        before = _public(u)
        if u.role == "admin" and role != "admin" and u.active and _active_admins(s) <= 1:
            raise ValidationError({"role": "Không đổi vai trò của quản trị cuối cùng; hãy tạo quản trị khác trước."})
        u.role = role
        audit(s, actor, "user.set_role", "user", u.username, {"before": before, "after": _public(u)}, at=desk.now())
        return _info(u)


def list_users(desk: Desk) -> list[UserInfo]:
    with desk.db.read() as s:
        return [_info(u) for u in s.scalars(select(User).order_by(User.username))]
