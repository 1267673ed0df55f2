"""Accounts: slow salted hashes, password rules, forced first change, lock-out, disable, reset, audit."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from app.errors import PermissionDenied, ValidationError
from app.models import AuditEntry, User
from app.services import accounts


def _hash(desk, username: str) -> str:
    with desk.db.read() as s:
        return s.scalar(select(User.password_hash).where(User.username == username))


def test_password_is_stored_as_salted_scrypt(desk, admin):
    accounts.create_user(desk, "hong.nt", "Nguyễn Thị Hồng", "clerk", "Hoa-sen-2026", admin)
    accounts.create_user(desk, "lan.pt", "Phạm Thị Lan", "clerk", "Hoa-sen-2026", admin)
    a, b = _hash(desk, "hong.nt"), _hash(desk, "lan.pt")
    kind, n, r, p, salt_a, _ = a.split("$")
    assert (kind, int(n), int(r), int(p)) == ("scrypt", 2**15, 8, 1)
    assert salt_a != b.split("$")[4] and a != b  # same password, different salt and hash
    assert "Hoa-sen-2026" not in a
    with desk.db.read() as s:
        summaries = [e.summary for e in s.scalars(select(AuditEntry).where(AuditEntry.entity == "user"))]
    assert summaries and all("scrypt" not in x and "Hoa-sen" not in x for x in summaries)


@pytest.mark.parametrize(("password", "word"), [("ngan1", "ít nhất 10"), ("chichucaithoi", "cả chữ và số"),
                                                ("1234567890123", "cả chữ và số"),
                                                ("x" * 300 + "1", "tối đa"), ("hong.nt12345", "tên đăng nhập")])
def test_weak_passwords_are_refused(desk, admin, password, word):
    with pytest.raises(ValidationError) as exc:
        accounts.create_user(desk, "hong.nt", "Nguyễn Thị Hồng", "clerk", password, admin)
    assert word in exc.value.fields["password"]
    assert not accounts.has_users(desk)


def test_first_password_must_be_changed(desk, admin):
    accounts.create_user(desk, "hong.nt", "Nguyễn Thị Hồng", "clerk", "Tam-thoi-2026", admin)
    info = accounts.authenticate(desk, "hong.nt", "Tam-thoi-2026")
    assert info.must_change_password
    with pytest.raises(ValidationError):
        accounts.change_password(desk, "hong.nt", "Tam-thoi-2026", "Tam-thoi-2026")
    accounts.change_password(desk, "hong.nt", "Tam-thoi-2026", "Rieng-toi-2027")
    assert not accounts.authenticate(desk, "hong.nt", "Rieng-toi-2027").must_change_password


def test_lock_out_after_five_failures_then_unlocks_with_time(desk, admin, clock):
    accounts.create_user(desk, "hong.nt", "Nguyễn Thị Hồng", "clerk", "Dung-roi-2026", admin)
    for _ in range(accounts.MAX_FAILURES):
        with pytest.raises(accounts.AuthError, match="Sai tên đăng nhập"):
            accounts.authenticate(desk, "hong.nt", "sai-mat-khau-1")
    with pytest.raises(accounts.AuthError, match="tạm khóa"):
        accounts.authenticate(desk, "hong.nt", "Dung-roi-2026")  # even the right password waits
    clock.advance(minutes=accounts.LOCK_MINUTES + 1)
    assert accounts.authenticate(desk, "hong.nt", "Dung-roi-2026").username == "hong.nt"
    with desk.db.read() as s:
        assert s.scalar(select(AuditEntry.action).where(AuditEntry.action == "user.locked")) == "user.locked"


def test_unknown_user_and_wrong_password_look_the_same(desk, admin):
    accounts.create_user(desk, "hong.nt", "Nguyễn Thị Hồng", "clerk", "Dung-roi-2026", admin)
    with pytest.raises(accounts.AuthError) as a:
        accounts.authenticate(desk, "khong.co", "Dung-roi-2026")
    with pytest.raises(accounts.AuthError) as b:
        accounts.authenticate(desk, "hong.nt", "Sai-roi-2026")
    assert a.value.message == b.value.message


def test_disable_reset_and_roles_are_audited_and_admin_only(desk, admin, clerk, clock):
    accounts.create_user(desk, "boss", "Lê Quản Trị", "admin", "Quan-tri-2026", admin)
    accounts.create_user(desk, "hong.nt", "Nguyễn Thị Hồng", "clerk", "Dung-roi-2026", admin)
    with pytest.raises(PermissionDenied):
        accounts.set_active(desk, "boss", False, clerk)
    with pytest.raises(PermissionDenied):
        accounts.create_user(desk, "lan.pt", "Phạm Thị Lan", "admin", "Khong-duoc-2026", clerk)
    accounts.set_active(desk, "hong.nt", False, admin)
    with pytest.raises(accounts.AuthError, match="vô hiệu hóa"):
        accounts.authenticate(desk, "hong.nt", "Dung-roi-2026")
    accounts.set_active(desk, "hong.nt", True, admin)
    info = accounts.reset_password(desk, "hong.nt", "Moi-tam-2026", admin)
    assert info.must_change_password
    accounts.set_role(desk, "hong.nt", "officer", admin)
    assert accounts.authenticate(desk, "hong.nt", "Moi-tam-2026").role == "officer"
    with pytest.raises(ValidationError, match="quản trị cuối cùng"):
        accounts.set_active(desk, "boss", False, admin)
    with desk.db.read() as s:
        rows = {e.action: json.loads(e.summary) for e in s.scalars(select(AuditEntry)
                                                                  .where(AuditEntry.entity_id == "hong.nt"))}
    assert rows["user.disable"]["before"]["active"] is True and rows["user.disable"]["after"]["active"] is False
    assert rows["user.set_role"]["before"]["role"] == "clerk" and rows["user.set_role"]["after"]["role"] == "officer"
    assert "user.reset_password" in rows and "user.enable" in rows


def test_first_account_needs_no_administrator_then_one_is_needed(desk):
    accounts.create_user(desk, "boss", "Lê Quản Trị", "admin", "Quan-tri-2026", "first-run")
    with pytest.raises(PermissionDenied):
        accounts.create_user(desk, "lan.pt", "Phạm Thị Lan", "clerk", "Khong-duoc-2026", "first-run")


def test_idle_lock_reads_the_setting(desk):
    assert accounts.idle_lock_seconds(desk) == 600
