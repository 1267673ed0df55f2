"""When the machine misbehaves: a full disk (a real 2 MB tmpfs filled up) before the store opens and during
an intake, a read-only data folder (the tmpfs remounted read-only), and `encrypt enable` with no room.
Each says what happened in Vietnamese and what to do, with no traceback; nothing is left half-done."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess

import pytest
from sqlalchemy import text
from trust_support import ADMIN, fill_disk, run_cli

from app.models import db as dbmod
from app.paths import AppPaths
from app.services import accounts, accounts_store, crypto_store
from app.services.desk import Desk
from app.services.dto import IntakeRequest, PersonIn
from app.services.intake import receive

PASSWORD = "Mat-khau-2026"


@pytest.fixture
def store_on_small_disk(desk, clerk, small_disk):
    """The test desk with one dossier, moved onto the small disk."""
    code = receive(desk, IntakeRequest(procedure="1.004873", applicant=PersonIn(name="Hồ Văn Nam")), clerk).code
    accounts.create_user(desk, "boss", "Trần Văn Quyền", "admin", PASSWORD, ADMIN, must_change_password=False)
    desk.close()
    target = small_disk / "data"
    target.mkdir(mode=0o700)
    with sqlite3.connect(desk.paths.database) as src, sqlite3.connect(target / "motcua.sqlite3") as dst:
        src.backup(dst)
    dst.close()
    src.close()
    return AppPaths(target).ensure(), code


def _plain(r) -> None:
    assert "Traceback" not in r.err and "Traceback" not in r.out, r.err


def test_disk_full_before_the_store_opens_says_so_and_never_advises_a_restore(store_on_small_disk):
    paths, code = store_on_small_disk
    fill_disk(paths.data_dir.parent)
    r = run_cli(["--data-dir", str(paths.data_dir), "show", code])
    _plain(r)
    assert r.code != 0 and "Ổ đĩa đầy" in r.err and "giải phóng chỗ trống" in r.err
    assert "khôi phục từ bản sao lưu" not in r.err.lower() and "motcua restore" not in r.err


def test_disk_full_during_an_intake_says_so_and_keeps_what_was_saved(store_on_small_disk, clerk, clock):
    paths, code = store_on_small_disk
    desk = Desk.open(paths, clock=clock)
    filler = fill_disk(paths.data_dir.parent)
    with pytest.raises(dbmod.DiskFull) as exc:
        for i in range(200):  # the WAL has some slack: keep receiving until the disk refuses
            receive(desk, IntakeRequest(procedure="1.004873", applicant=PersonIn(name="Người nộp " + "abcdefghijklmnopqrstuvwxyz"[i % 26] * (1 + i // 26))), clerk)
    assert "Ổ đĩa đầy" in exc.value.message and "Dữ liệu đã lưu vẫn nguyên" in exc.value.message
    filler.unlink()
    after = receive(desk, IntakeRequest(procedure="1.004873", applicant=PersonIn(name="Sau khi dọn ổ")), clerk)
    with desk.db.read() as s:
        assert s.execute(text("SELECT count(*) FROM dossiers WHERE code IN (:a, :b)"),
                         {"a": code, "b": after.code}).scalar() == 2
    desk.close()


def test_a_read_only_data_folder_keeps_reads_working_and_refuses_writes_plainly(store_on_small_disk, clerk, clock):
    paths, code = store_on_small_disk
    Desk.open(paths, clock=clock).close()  # as left by the last session
    shutil.rmtree(paths.logs)  # even the log folder cannot be made: logging falls back
    subprocess.run(["mount", "-o", "remount,ro", str(paths.data_dir.parent)], check=True)
    for argv in (["find", "Hồ Văn Nam"], ["show", code], ["check"]):
        r = run_cli(["--data-dir", str(paths.data_dir), *argv])
        _plain(r)
        assert r.code == 0, (argv, r.err)
    assert code in run_cli(["--data-dir", str(paths.data_dir), "show", code]).out
    r = run_cli(["--data-dir", str(paths.data_dir), "backup"])
    _plain(r)
    assert r.code != 0 and "chỉ đọc" in r.err
    desk = Desk.open(paths, clock=clock)
    with pytest.raises(dbmod.ReadOnlyStore) as exc:
        receive(desk, IntakeRequest(procedure="1.004873", applicant=PersonIn(name="Không ghi được")), clerk)
    assert exc.value.message.startswith("Thư mục dữ liệu chỉ đọc") and "bộ phận CNTT" in exc.value.message
    desk.close()


def test_encrypt_enable_with_no_room_leaves_nothing_behind_and_audits_nothing(store_on_small_disk, clock):
    paths, _ = store_on_small_disk
    desk = Desk.open(paths, clock=clock)
    fill_disk(paths.data_dir.parent, leave=48 * 1024)
    with pytest.raises(Exception) as exc:
        accounts_store.enable_encryption(desk, ADMIN, "boss", PASSWORD)
    assert "Ổ đĩa đầy" in str(exc.value) and "chưa đổi gì" in str(exc.value)
    dbmod.forget_key(paths.database)
    left = sorted(p.name for p in paths.data_dir.iterdir())
    assert not [n for n in left if "convert-tmp" in n or n.endswith(".old")], left
    assert crypto_store.KEY_FILE not in left and not crypto_store.is_encrypted(paths)
    conn = sqlite3.connect(paths.database)
    assert conn.execute("SELECT count(*) FROM audit_log WHERE action = 'store.encrypt'").fetchone()[0] == 0
    conn.close()
