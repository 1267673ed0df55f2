"""Recovery that works when it is needed: a restore never re-issues a code, works when the current store
will not open, refuses a file whose schema is not exactly this version's; a deleted store is not silently
recreated; demo data only goes into a demo store."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest
from sqlalchemy import text
from trust_support import ADMIN, ROOT, run_cli

from app.errors import DatabaseError
from app.operations.admin import DEMO_PASSWORD, DEMO_USER
from app.services import backup, restore
from app.services.desk import Desk
from app.services.dto import IntakeRequest, PersonIn
from app.services.intake import receive
from app.sync.config import SyncConfig
from app.sync.runner import Runner, RunOptions
from tests.users import ADMIN as USER_ADMIN
from tests.users import CLERK as USER_CLERK
from tests.users import PASSWORD, add_account, as_user

TOKEN = "t0ken-Reference_123"


def _receive(desk, clerk, name="Hồ Văn Nam"):
    return receive(desk, IntakeRequest(procedure="1.004873", applicant=PersonIn(name=name)), clerk)


def _seq(code: str) -> int:
    return int(code.rsplit("-", 1)[1])


def _register(desk, code: str) -> tuple[str, int]:
    with desk.db.read() as s:
        return tuple(s.execute(text("SELECT register_book, register_seq FROM dossiers WHERE code = :c"),
                               {"c": code}).one())


def test_a_restore_never_gives_a_later_code_again(desk, clerk, clock):
    _receive(desk, clerk, "Công dân A")
    copy = backup.backup_now(desk, ADMIN)
    b = _receive(desk, clerk, "Công dân B")
    b_register = _register(desk, b.code)
    paths = desk.paths
    desk.close()
    before = paths.database.read_bytes()
    rep = restore.restore_store(paths, copy, ADMIN, now=clock())
    assert rep.dossiers == 1 and rep.counters_moved >= 2
    assert rep.set_aside.read_bytes() == before  # read for its codes, but never written
    again = Desk.open(paths, clock=clock)
    c = _receive(again, clerk, "Công dân C")
    assert c.code != b.code and _seq(c.code) > _seq(b.code)
    c_register = _register(again, c.code)
    assert c_register[0] == b_register[0] and c_register[1] > b_register[1]
    again.close()


@pytest.fixture
def receiver(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    p = subprocess.Popen([sys.executable, "-m", "app.sync.receiver", "--host", "127.0.0.1", "--port", "0", "--db",
                          str(tmp_path / "tinh.sqlite3"), "--token", TOKEN, "--synchronous", "off"],
                         cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    port = json.loads(p.stdout.readline())["port"]
    yield f"http://127.0.0.1:{port}"
    p.terminate()
    p.wait(10)
    p.stdout.close()
    p.stderr.close()


def test_restore_works_when_the_store_is_damaged_and_passes_the_codes_the_province_acknowledged(
        desk, clerk, clock, receiver):
    _receive(desk, clerk, "Công dân A")
    copy = backup.backup_now(desk, ADMIN)
    b = _receive(desk, clerk, "Công dân B")
    options = RunOptions(until_empty=True, backoff_base=0.02, backoff_cap=0.2, max_failures=None,
                         deadline_seconds=60.0, read_timeout=5.0, connect_timeout=2.0)
    summary = Runner(desk, SyncConfig(receiver, "", TOKEN, 60), options).run()
    assert summary.exit_code == 0, summary.line()
    paths = desk.paths
    desk.close()
    damaged = bytearray(paths.database.read_bytes())
    damaged[:16] = b"NOT A DATABASE!!"  # a bad header: SQLite cannot read anything of it
    paths.database.write_bytes(bytes(damaged))
    with pytest.raises(DatabaseError):
        Desk.open(paths, clock=clock)
    rep = restore.restore_store(paths, copy, ADMIN, now=clock())
    assert rep.set_aside is not None and rep.set_aside.read_bytes() == bytes(damaged)  # aside, untouched
    again = Desk.open(paths, clock=clock)
    c = _receive(again, clerk, "Công dân C")
    again.close()
    assert _seq(c.code) > _seq(b.code)


def test_motcua_restore_on_a_damaged_store_signs_in_against_the_backup_not_the_store(desk, clerk):
    add_account(desk, USER_ADMIN)
    add_account(desk, USER_CLERK)
    _receive(desk, clerk)
    copy = backup.backup_now(desk, ADMIN)
    paths = desk.paths
    desk.close()
    damaged = bytearray(paths.database.read_bytes())
    damaged[:16] = b"NOT A DATABASE!!"  # signing in through the store would fail here
    paths.database.write_bytes(bytes(damaged))
    data = str(paths.data_dir)
    r = run_cli(["--data-dir", data, *as_user(USER_ADMIN), "restore", str(copy)], stdin="sai-mat-khau-1\n")
    assert r.code == 9 and "Sai tên đăng nhập hoặc mật khẩu" in r.err, r.err
    r = run_cli(["--data-dir", data, *as_user(USER_CLERK), "restore", str(copy)], stdin=PASSWORD + "\n")
    assert r.code == 6 and "khôi phục" in r.err, r.err  # a clerk may not restore
    assert paths.database.read_bytes() == bytes(damaged)  # refused: nothing moved
    r = run_cli(["--data-dir", data, *as_user(USER_ADMIN), "restore", str(copy), "--json"], stdin=PASSWORD + "\n")
    assert r.code == 0, r.err
    assert open(json.loads(r.out)["set_aside"], "rb").read() == bytes(damaged)
    conn = sqlite3.connect(paths.database)
    who = conn.execute("SELECT actor FROM audit_log WHERE action = 'store.restore'").fetchall()
    conn.close()
    assert who == [(USER_ADMIN.username,)]
    # Without --user: the OS account that owns the data folder (the tests run as that account).
    r = run_cli(["--data-dir", data, "restore", str(copy)])
    assert r.code == 0, r.err


def _tamper(copy, tmp_path, how: str):
    bad = tmp_path / f"{how}.sqlite3"
    bad.write_bytes(copy.read_bytes())
    conn = sqlite3.connect(bad)
    if how == "trigger":
        conn.execute("CREATE TRIGGER mark_sent AFTER INSERT ON outbox BEGIN "
                     "UPDATE outbox SET state = 'sent' WHERE id = new.id; END")
    elif how == "view":
        conn.execute("CREATE VIEW everyone AS SELECT applicant_name, applicant_id_number FROM dossiers")
    elif how == "column":
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("ALTER TABLE audit_log DROP COLUMN hash")
    elif how == "empty_tables":
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                            "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'dossier_fts%'")]
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("PRAGMA writable_schema = OFF")
        for n in names:
            conn.execute(f'DROP TABLE IF EXISTS "{n}"')
            conn.execute(f'CREATE TABLE "{n}" (x)')
        conn.execute("INSERT INTO alembic_version VALUES ((SELECT '0001'))")
    conn.commit()
    conn.close()
    return bad


@pytest.mark.parametrize("how", ["trigger", "view", "column", "empty_tables"])
def test_a_file_not_exactly_this_versions_schema_is_refused_and_nothing_changes(desk, clerk, tmp_path, how):
    _receive(desk, clerk)
    copy = backup.backup_now(desk, ADMIN)
    bad = _tamper(copy, tmp_path, how)
    _receive(desk, clerk, "Lê Thị Mai")
    paths = desk.paths
    desk.close()
    before = {p.name: p.stat().st_mtime_ns for p in paths.backups.iterdir()}
    live = paths.database.read_bytes()
    with pytest.raises(backup.BackupError) as exc:
        restore.restore_store(paths, bad, ADMIN)
    assert "không đúng cấu trúc" in exc.value.message or "không phải bản sao lưu" in exc.value.message
    assert "Hãy chọn bản sao lưu khác" in exc.value.message or "Hãy chọn đúng tệp" in exc.value.message
    assert paths.database.read_bytes() == live
    assert {p.name: p.stat().st_mtime_ns for p in paths.backups.iterdir()} == before


@pytest.mark.parametrize("how", ["deleted", "zero_bytes"])
def test_a_lost_store_is_not_recreated_empty_where_a_desk_has_lived(desk, clerk, clock, how):
    code = _receive(desk, clerk).code
    copy = backup.backup_now(desk, ADMIN)
    paths = desk.paths
    desk.close()
    for suffix in ("", "-wal", "-shm"):
        paths.database.with_name(paths.database.name + suffix).unlink(missing_ok=True)
    if how == "zero_bytes":
        paths.database.write_bytes(b"")
    r = run_cli(["--data-dir", str(paths.data_dir), "find", "Hồ"])
    assert r.code == 7 and "motcua restore" in r.err and "bản sao lưu" in r.err, r.err
    r = run_cli(["--data-dir", str(paths.data_dir), "check"])
    assert r.code != 0 and "tốt" not in r.out
    assert not paths.database.exists() or paths.database.stat().st_size == 0
    restore.restore_store(paths, copy, ADMIN, now=clock())
    again = Desk.open(paths, clock=clock)
    with again.db.read() as s:
        assert s.execute(text("SELECT count(*) FROM dossiers WHERE code = :c"), {"c": code}).scalar() == 1
    again.close()


def test_a_new_folder_still_starts_a_new_store(tmp_path):
    r = run_cli(["--data-dir", str(tmp_path / "moi"), "init", "--parent-name", "ỦY BAN NHÂN DÂN XÃ TÂN LẬP", "--agency-code", "000.17.22.H56", "--agency-name",
                 "Trung tâm Phục vụ hành chính công xã Mới", "--admin", "quantri", "--admin-name",
                 "Trần Thị Quản Trị", "--password-stdin"], stdin=PASSWORD + "\n")
    assert r.code == 0, r.err


def test_demo_data_only_goes_into_a_store_made_by_demo_setup(desk, tmp_path):
    add_account(desk, USER_ADMIN)  # even an administrator's desk account cannot fill a real store
    paths = desk.paths
    desk.close()
    r = run_cli(["--data-dir", str(paths.data_dir), *as_user(USER_ADMIN), "demo-data", "--dossiers", "5"],
                stdin=PASSWORD + "\n")
    assert r.code != 0 and "dữ liệu thật" in r.err and "demo-setup" in r.err, r.err
    conn = sqlite3.connect(paths.database)
    assert conn.execute("SELECT count(*) FROM dossiers").fetchone()[0] == 0
    conn.close()
    demo_dir = str(tmp_path / "thu")
    assert run_cli(["--data-dir", demo_dir, "demo-setup", "--dossiers", "5"]).code == 0
    r = run_cli(["--data-dir", demo_dir, "--user", DEMO_USER, "--password-stdin", "demo-data", "--dossiers", "5"],
                stdin=DEMO_PASSWORD + "\n")
    assert r.code == 0, r.err
