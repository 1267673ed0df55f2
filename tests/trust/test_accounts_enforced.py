"""Accounts enforced on every path: roles and the active flag re-read at every permission check, failed
sign-ins counted on an encrypted store, one answer and one scrypt cost for unknown, wrong and locked,
and a data folder only its owner can read (POSIX)."""

from __future__ import annotations

import hashlib
import os
import stat

import pytest
from trust_support import ADMIN, run_cli

from app.errors import PermissionDenied
from app.models import db as dbmod
from app.services import accounts, accounts_store, backup, permissions, signin_guard

PASSWORD = "Mat-khau-2026"


@pytest.fixture
def two_admins(desk):
    accounts.create_user(desk, "boss", "Trần Văn Quyền", "admin", PASSWORD, ADMIN, must_change_password=False)
    accounts.create_user(desk, "second", "Lê Thị Hai", "admin", PASSWORD, ADMIN, must_change_password=False)
    return desk


def _user(desk, username: str) -> accounts.UserInfo:
    return next(u for u in accounts.list_users(desk) if u.username == username)


def test_a_demoted_and_disabled_session_cannot_give_itself_back_its_rights(two_admins, clock):
    desk = two_admins
    boss = accounts.authenticate(desk, "boss", PASSWORD).actor()  # the session signed in as admin
    second = accounts.authenticate(desk, "second", PASSWORD).actor()
    accounts.set_role(desk, "boss", "clerk", second)
    with pytest.raises(PermissionDenied):
        accounts.set_role(desk, "boss", "admin", boss)
    assert not permissions.allowed(boss, "user.manage")
    accounts.set_active(desk, "boss", False, second)
    with pytest.raises(PermissionDenied, match="vô hiệu hóa"):
        accounts.set_active(desk, "boss", True, boss)
    with pytest.raises(PermissionDenied):
        backup.backup_now(desk, boss)
    info = _user(desk, "boss")
    assert (info.role, info.active) == ("clerk", False)
    with pytest.raises(accounts.AuthError, match="vô hiệu hóa"):
        accounts.unlock_screen(desk, "boss", PASSWORD)  # the idle lock does not let it back in either


def test_the_idle_lock_unlock_sees_the_new_role(two_admins):
    desk = two_admins
    boss = accounts.authenticate(desk, "boss", PASSWORD).actor()
    accounts.set_role(desk, "boss", "leader", accounts.authenticate(desk, "second", PASSWORD).actor())
    unlocked = accounts.unlock_screen(desk, "boss", PASSWORD)
    assert unlocked.role == "leader" and unlocked.actor().role == "leader"
    assert permissions.allowed(boss, "report.read") and not permissions.allowed(boss, "settings.change")


class _ScryptCount:
    def __init__(self, monkeypatch):
        self.calls = 0
        real = hashlib.scrypt

        def counted(*a, **kw):  # the real work, counted
            self.calls += 1
            return real(*a, **kw)

        monkeypatch.setattr(hashlib, "scrypt", counted)

    def during(self, fn) -> tuple[int, str]:
        before = self.calls
        try:
            fn()
        except accounts.AuthError as exc:
            return self.calls - before, exc.message
        raise AssertionError("sign-in should have failed")


def test_unknown_wrong_and_locked_accounts_get_the_same_answer_and_cost(two_admins, monkeypatch):
    desk = two_admins
    for _ in range(accounts.MAX_FAILURES):
        with pytest.raises(accounts.AuthError):
            accounts.authenticate(desk, "second", "sai-mat-khau-1")
    scrypt = _ScryptCount(monkeypatch)
    unknown = scrypt.during(lambda: accounts.authenticate(desk, "khong.co.ai", "sai-mat-khau-1"))
    wrong = scrypt.during(lambda: accounts.authenticate(desk, "boss", "sai-mat-khau-1"))
    locked = scrypt.during(lambda: accounts.authenticate(desk, "second", PASSWORD))
    assert unknown == wrong == locked
    assert unknown[0] == 1 and "tạm khóa" in unknown[1] and "Sai tên đăng nhập" in unknown[1]


@pytest.fixture
def laptop(two_admins, clock):
    desk = two_admins
    paths = desk.paths
    accounts_store.enable_encryption(desk, ADMIN, "boss", PASSWORD)
    dbmod.forget_key(paths.database)
    yield paths
    dbmod.forget_key(paths.database)


def test_failed_sign_ins_on_an_encrypted_store_are_counted_with_the_same_lock_out(laptop, clock, monkeypatch):
    paths = laptop
    for i in range(12):
        with pytest.raises(accounts.AuthError):
            accounts_store.open_signed_in(paths, "boss", f"doan-sai-{i}", clock=clock)
    with pytest.raises(accounts.AuthError, match="tạm khóa"):
        accounts_store.open_signed_in(paths, "boss", PASSWORD, clock=clock)  # the right one, but locked now
    counter = paths.data_dir / signin_guard.FILE
    assert stat.S_IMODE(counter.stat().st_mode) == 0o600
    assert b"doan-sai" not in counter.read_bytes()
    scrypt = _ScryptCount(monkeypatch)
    unknown = scrypt.during(lambda: accounts_store.open_signed_in(paths, "khong.co.ai", PASSWORD, clock=clock))
    locked = scrypt.during(lambda: accounts_store.open_signed_in(paths, "boss", PASSWORD, clock=clock))
    assert unknown == locked
    clock.advance(minutes=accounts.LOCK_MINUTES + 1)
    desk, info = accounts_store.open_signed_in(paths, "boss", PASSWORD, clock=clock)
    assert info.username == "boss" and desk.db.encrypted
    desk.close()


def _modes(folder) -> dict[str, int]:
    out = {}
    for root, _dirs, files in os.walk(folder):
        for name in [root, *(os.path.join(root, f) for f in files)]:
            out[os.path.relpath(name, folder)] = stat.S_IMODE(os.lstat(name).st_mode)
    return out


def test_the_data_folder_is_owner_only_and_older_folders_are_repaired(tmp_path):
    data = tmp_path / "du-lieu"
    assert run_cli(["--data-dir", str(data), "init", "--parent-name", "ỦY BAN NHÂN DÂN XÃ TÂN LẬP", "--agency-code", "000.17.22.H56", "--agency-name",
                    "Trung tâm Phục vụ hành chính công xã Tân Lập", "--admin", "quantri", "--admin-name",
                    "Trần Thị Quản Trị", "--password-stdin"], stdin=PASSWORD + "\n").code == 0
    assert run_cli(["--data-dir", str(data), "backup"]).code == 0
    modes = _modes(data)
    assert any(n.startswith("backups/") for n in modes) and "logs/motcua.log" in modes
    assert {n: m for n, m in modes.items() if m != (0o700 if os.path.isdir(data / n) else 0o600)} == {}
    for name in modes:  # as an older version left it
        os.chmod(data / name, 0o755 if os.path.isdir(data / name) else 0o644)
    assert run_cli(["--data-dir", str(data), "find", "x"]).code == 0
    again = _modes(data)
    assert {n: m for n, m in again.items() if m != (0o700 if os.path.isdir(data / n) else 0o600)} == {}
