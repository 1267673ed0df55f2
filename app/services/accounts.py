"""User accounts: creation, sign-in with lock-out, password changes. Passwords are hashed with scrypt.

Hash format: `scrypt$n$r$p$salt_b64$hash_b64` with a per-user random salt; verification is constant
time. After MAX_FAILURES wrong passwords an account is locked for LOCK_MINUTES. Roles: clerk (tiếp
nhận/trả kết quả), officer (cán bộ xử lý), leader (lãnh đạo), admin (quản trị).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import os
import re
from dataclasses import dataclass

from sqlalchemy import func, select

from app.errors import MotCuaError, NotFoundError, PermissionDenied, ValidationError
from app.models import User
from app.services.desk import Desk
from app.services.dto import Actor
from app.services.journal import audit
from app.services.text import clean

ROLES = {"clerk": "Công chức tiếp nhận và trả kết quả", "officer": "Cán bộ xử lý", "leader": "Lãnh đạo",
         "admin": "Quản trị hệ thống"}
MIN_PASSWORD = 10
MAX_FAILURES = 5
LOCK_MINUTES = 15
_N, _R, _P = 2**14, 8, 1
_USERNAME = re.compile(r"^[a-z0-9._-]{3,60}$")


class AuthError(MotCuaError):
    exit_code = 9


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

    def actor(self) -> Actor:
        return Actor(self.username, self.full_name, self.role, self.title, self.id)


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${_N}${_R}${_P}${b64(salt).decode()}${b64(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        want = base64.b64decode(digest)
        got = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r),
                             p=int(p), dklen=len(want))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, want)


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValidationError({"password": f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự."})
    if password.isdigit() or password.isalpha():
        raise ValidationError({"password": "Mật khẩu phải có cả chữ và số."})


def _info(u: User) -> UserInfo:
    return UserInfo(u.id, u.username, u.full_name, u.title, u.role, u.active, u.must_change_password,
                    u.locked_until)


def has_users(desk: Desk) -> bool:
    with desk.db.read() as s:
        return bool(s.scalar(select(func.count(User.id))))


def create_user(desk: Desk, username: str, full_name: str, role: str, password: str, actor: Actor | str, *,
                title: str = "", must_change_password: bool = True) -> UserInfo:
    username, full_name = clean(username).lower(), clean(full_name)
    errors = {}
    if not _USERNAME.match(username):
        errors["username"] = "Tên đăng nhập 3–60 ký tự, chỉ gồm chữ thường không dấu, số, dấu chấm, gạch."
    if not full_name or len(full_name) > 120:
        errors["full_name"] = "Hãy nhập họ tên (tối đa 120 ký tự)."
    if role not in ROLES:
        errors["role"] = "Vai trò phải là: " + ", ".join(f"{k} ({v})" for k, v in ROLES.items())
    try:
        check_password_rules(password)
    except ValidationError as exc:
        errors.update(exc.fields)
    if errors:
        raise ValidationError(errors)
    now = desk.now()
    with desk.db.write() as s:
        if s.scalar(select(User.id).where(User.username == username)):
            raise ValidationError({"username": f"Tên đăng nhập «{username}» đã có người dùng."})
        u = User(username=username, full_name=full_name, title=clean(title), role=role,
                 password_hash=hash_password(password), active=True,
                 must_change_password=must_change_password, failed_attempts=0, created_at=now)
        s.add(u)
        s.flush()
        audit(s, actor, "user.create", "user", username, {"role": role, "full_name": full_name}, at=now)
        return _info(u)


def authenticate(desk: Desk, username: str, password: str) -> UserInfo:
    """Check a sign-in; counts failures and locks the account after MAX_FAILURES."""
    username = clean(username).lower()
    now = desk.now()
    with desk.db.write() as s:
        u = s.scalar(select(User).where(User.username == username))
        if u is None or not u.active:
            hash_password(password)  # same cost whether or not the user exists
            raise AuthError("Sai tên đăng nhập hoặc mật khẩu.")
        if u.locked_until and u.locked_until > now:
            raise AuthError(f"Tài khoản tạm khóa do nhập sai nhiều lần; thử lại sau {u.locked_until:%H:%M}.")
        if not verify_password(password, u.password_hash):
            u.failed_attempts += 1
            if u.failed_attempts >= MAX_FAILURES:
                u.locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
                u.failed_attempts = 0
                audit(s, username, "user.locked", "user", username, {}, at=now)
            failed = True
        else:
            u.failed_attempts = 0
            u.locked_until = None
            audit(s, username, "user.sign_in", "user", username, {}, at=now)
            failed = False
        info = _info(u)
    if failed:
        raise AuthError("Sai tên đăng nhập hoặc mật khẩu.")
    return info


def change_password(desk: Desk, username: str, old: str, new: str) -> None:
    info = authenticate(desk, username, old)
    check_password_rules(new)
    if new == old:
        raise ValidationError({"password": "Mật khẩu mới phải khác mật khẩu cũ."})
    with desk.db.write() as s:
        u = s.get(User, info.id)
        assert u is not None
        u.password_hash = hash_password(new)
        u.must_change_password = False
        audit(s, username, "user.change_password", "user", username, {}, at=desk.now())


def list_users(desk: Desk) -> list[UserInfo]:
    with desk.db.read() as s:
        return [_info(u) for u in s.scalars(select(User).order_by(User.username))]


def get_user(desk: Desk, username: str) -> UserInfo:
    with desk.db.read() as s:
        u = s.scalar(select(User).where(User.username == clean(username).lower()))
        if u is None:
            raise NotFoundError(f"Không có người dùng «{username}».")
        return _info(u)


def require_role(actor: Actor, *roles: str) -> None:
    if actor.role not in roles and actor.role != "admin":
        names = ", ".join(ROLES[r] for r in roles)
        raise PermissionDenied(f"Thao tác này cần vai trò: {names}. Hãy nhờ người có quyền thực hiện.")
