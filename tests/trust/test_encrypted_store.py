"""Encrypted store (SQLCipher): nothing readable at rest, unlocked by a password at sign-in, encrypted
backups, the key for unattended sync only in the OS keyring, and a clear refusal without SQLCipher."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from trust_support import ADMIN, ROOT, run_cli

from app.errors import DatabaseError
from app.models import db as dbmod
from app.paths import AppPaths
from app.services import accounts, accounts_store, backup, checks, crypto_store
from app.services.desk import Desk
from app.services.dto import IntakeRequest, PersonIn
from app.services.intake import receive

SECRET_NAME = "Trịnh Thị Bảo Mật"
SECRET_ID = "001190012345"
PASSWORD = "Khoa-may-2026"
SECRETS = [SECRET_NAME.encode(), b"trinh thi bao mat", SECRET_ID.encode(), "Xóm Kín".encode(), b"xom kin"]


def _leaks(path) -> list[bytes]:
    data = path.read_bytes()
    return [s for s in SECRETS if s in data]


@pytest.fixture
def laptop(desk, clerk, cli):
    """A home-visit laptop with one dossier, an automatic backup, then encrypted through the CLI."""
    accounts.create_user(desk, "lan.pt", "Phạm Thị Lan", "admin", PASSWORD, ADMIN)
    receive(desk, IntakeRequest(procedure="1.004873", applicant=PersonIn(
        name=SECRET_NAME, id_number=SECRET_ID, address="Xóm Kín, thôn Đông")), clerk)
    backup.daily_backup(desk)
    desk.close()
    assert _leaks(desk.paths.database) or _leaks(next(desk.paths.backups.iterdir()))  # clear before
    r = cli(["--data-dir", str(desk.paths.data_dir), "--user", "lan.pt", "--password-stdin", "encrypt", "enable"],
            stdin=PASSWORD + "\n")
    assert r.code == 0, r.err
    dbmod.forget_key(desk.paths.database)
    yield desk.paths
    dbmod.forget_key(desk.paths.database)


def test_nothing_is_readable_at_rest(laptop):
    files = [p for p in laptop.data_dir.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {"motcua.sqlite3", "motcua.keys.json"}
    assert not [p for p in files if p.name.endswith((".old", "-wal", "-journal", ".convert-tmp"))]
    for p in files:
        assert not _leaks(p), p
        assert not p.read_bytes().startswith(dbmod.SQLITE_HEADER), p
    keyfile = (laptop.data_dir / "motcua.keys.json").read_text()
    assert "lan.pt" in keyfile and PASSWORD not in keyfile


def test_locked_without_a_password_and_unlocked_by_one(laptop):
    with pytest.raises(DatabaseError, match="đã được mã hóa"):
        Desk.open(laptop)
    r = run_cli(["--data-dir", str(laptop.data_dir), "check"])
    assert r.code == 7 and "đăng nhập" in r.err and "Traceback" not in r.err
    with pytest.raises(accounts.AuthError):
        accounts_store.open_signed_in(laptop, "lan.pt", "Sai-mat-khau-1")
    desk, info = accounts_store.open_signed_in(laptop, "lan.pt", PASSWORD)
    try:
        assert info.role == "admin" and desk.db.encrypted
        assert checks.run_checks(desk).ok
        with desk.db.read() as s:
            assert s.execute(__import__("sqlalchemy").text("SELECT applicant_name FROM dossiers")).scalar() == SECRET_NAME
    finally:
        desk.close()


def test_backups_stay_encrypted_and_restore(laptop, clerk):
    desk, info = accounts_store.open_signed_in(laptop, "lan.pt", PASSWORD)
    try:
        copy = backup.backup_now(desk, info.actor())
        assert not _leaks(copy) and dbmod.is_encrypted_file(copy)
        receive(desk, IntakeRequest(procedure="1.004873", applicant=PersonIn(name="Lê Văn Sau")), clerk)
        rep = backup.restore(desk, copy, info.actor())
        assert rep.dossiers == 1 and not _leaks(rep.set_aside)
        assert checks.run_checks(desk).ok
    finally:
        desk.close()


def test_clear_backup_restored_into_an_encrypted_store_is_encrypted(laptop, make_desk, clerk, admin):
    other = make_desk("office")
    receive(other, IntakeRequest(procedure="1.004873", applicant=PersonIn(name=SECRET_NAME)), clerk)
    clear = backup.backup_now(other, admin)
    desk, info = accounts_store.open_signed_in(laptop, "lan.pt", PASSWORD)
    try:
        rep = backup.restore(desk, clear, info.actor())
        assert rep.notes and not _leaks(laptop.database)
    finally:
        desk.close()


def test_new_and_disabled_accounts(laptop):
    desk, info = accounts_store.open_signed_in(laptop, "lan.pt", PASSWORD)
    accounts.create_user(desk, "hong.nt", "Nguyễn Thị Hồng", "clerk", "Tam-thoi-2026", info.actor())
    desk.close()
    dbmod.forget_key(laptop.database)
    desk, clerk_info = accounts_store.open_signed_in(laptop, "hong.nt", "Tam-thoi-2026")
    assert clerk_info.must_change_password
    desk.close()
    dbmod.forget_key(laptop.database)
    desk, info = accounts_store.open_signed_in(laptop, "lan.pt", PASSWORD)
    accounts.set_active(desk, "hong.nt", False, info.actor())
    desk.close()
    dbmod.forget_key(laptop.database)
    assert crypto_store.unwrap(laptop, "hong.nt", "Tam-thoi-2026") is None  # cannot even decrypt offline
    with pytest.raises(accounts.AuthError):
        accounts_store.open_signed_in(laptop, "hong.nt", "Tam-thoi-2026")


def test_nightly_sync_gets_the_key_from_the_os_keyring_only(laptop, vault):
    env = {"MOTCUA_TEST_VAULT": str(vault), "PYTHON_KEYRING_BACKEND": "vault_keyring.TestVault"}
    data = ["--data-dir", str(laptop.data_dir)]
    assert run_cli(data + ["check"], env=env).code == 7
    r = run_cli(data + ["--user", "lan.pt", "--password-stdin", "encrypt", "remember-key"], stdin=PASSWORD + "\n",
                env=env)
    assert r.code == 0, r.err
    r = run_cli(data + ["check", "--json"], env=env)  # what a scheduled job does: no password typed
    assert r.code == 0 and json.loads(r.out)["ok"], r.err
    status = json.loads(run_cli(data + ["encrypt", "status", "--json"], env=env).out)
    assert status == {"encrypted": True, "sqlcipher_available": True, "key_remembered": True}
    for p in laptop.data_dir.rglob("*"):
        if p.is_file():
            assert crypto_store.keyring_key(laptop.database).hex() not in p.read_text(errors="replace")
    assert run_cli(data + ["--user", "lan.pt", "--password-stdin", "encrypt", "forget-key"], stdin=PASSWORD + "\n",
                   env=env).code == 0
    assert run_cli(data + ["check"], env=env).code == 7


def test_a_keyring_that_stores_in_clear_is_refused(laptop):
    r = run_cli(["--data-dir", str(laptop.data_dir), "--user", "lan.pt", "--password-stdin", "encrypt",
                 "remember-key"], stdin=PASSWORD + "\n",
                env={"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"})
    assert r.code == 1 and "kho khóa an toàn" in r.err


def test_decrypting_again_gives_a_clear_store(laptop, cli):
    r = cli(["--data-dir", str(laptop.data_dir), "--user", "lan.pt", "--password-stdin", "encrypt", "disable"],
            stdin=PASSWORD + "\n")
    assert r.code == 0, r.err
    assert laptop.database.read_bytes().startswith(dbmod.SQLITE_HEADER)
    assert not (laptop.data_dir / "motcua.keys.json").exists()
    assert cli(["--data-dir", str(laptop.data_dir), "check"]).code == 0


def test_without_sqlcipher_the_option_is_refused_and_nothing_stays_clear_silently(make_desk, clerk):
    desk = make_desk("no-cipher")
    accounts.create_user(desk, "lan.pt", "Phạm Thị Lan", "admin", PASSWORD, ADMIN)
    desk.close()
    code = ("import sys; sys.modules['sqlcipher3'] = None\n"
            "from app.cli import main\n"
            "sys.exit(main(sys.argv[1:]))")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def run(*argv: str, stdin: str = "") -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c", code, "--data-dir", str(desk.paths.data_dir), *argv],
                              input=stdin, capture_output=True, text=True, env=env, cwd=ROOT)

    r = run("--user", "lan.pt", "--password-stdin", "encrypt", "enable", stdin=PASSWORD + "\n")
    assert r.returncode == 7 and "không có gói SQLCipher" in r.stderr
    assert desk.paths.database.read_bytes().startswith(dbmod.SQLITE_HEADER)
    status = run("encrypt", "status", "--json")
    assert json.loads(status.stdout)["sqlcipher_available"] is False
    # An encrypted store on a machine without SQLCipher is refused, never opened some other way.
    paths = AppPaths(desk.paths.data_dir)
    d2, info = accounts_store.open_signed_in(paths, "lan.pt", PASSWORD)
    accounts_store.enable_encryption(d2, info.actor(), "lan.pt", PASSWORD)
    dbmod.forget_key(paths.database)
    r = run("check")
    assert r.returncode == 7 and "Traceback" not in r.stderr and "mã hóa" in r.stderr
