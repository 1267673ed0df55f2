"""The store lock: encrypt, decrypt and restore refuse, naming the holder, while another process (the app,
a nightly sync) has the store open; that process keeps working; once it is gone they go ahead."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import text
from trust_support import ADMIN, HERE, ROOT

from app.models import db as dbmod
from app.models.store_lock import StoreBusy
from app.paths import AppPaths
from app.services import accounts, accounts_store, backup, crypto_store, restore
from app.services.desk import Desk

PASSWORD = "Khoa-may-2026"


@pytest.fixture
def holder(desk, admin):
    accounts.create_user(desk, "lan.pt", "Phạm Thị Lan", "admin", PASSWORD, ADMIN)
    copy = backup.backup_now(desk, admin)
    desk.close()
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{HERE}"}
    p = subprocess.Popen([sys.executable, str(HERE / "hold_store.py"), str(desk.paths.data_dir)], cwd=ROOT, env=env,
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert p.stdout.readline().strip() == "ready", p.stderr.read()
    yield desk.paths, p, copy
    if p.poll() is None:
        p.kill()
    p.wait()
    p.stdin.close()
    p.stdout.close()
    p.stderr.close()
    dbmod.forget_key(desk.paths.database)


def _say(p, line: str) -> str:
    p.stdin.write(line + "\n")
    p.stdin.flush()
    return p.stdout.readline().strip()


def test_encrypt_and_restore_refuse_while_another_process_has_the_store_open(holder):
    paths, p, copy = holder
    first = _say(p, "receive")
    desk = Desk.open(paths)  # a second shared holder is fine
    with pytest.raises(StoreBusy) as exc:
        accounts_store.enable_encryption(desk, ADMIN, "lan.pt", PASSWORD)
    msg = exc.value.message
    assert f"tiến trình {p.pid}" in msg and "hold_store.py" in msg and "Hãy đóng ứng dụng" in msg
    desk.close()
    with pytest.raises(StoreBusy) as exc:
        restore.restore_store(paths, copy, ADMIN)
    assert f"tiến trình {p.pid}" in exc.value.message
    assert not crypto_store.is_encrypted(paths)
    assert not list(paths.data_dir.glob("*.convert-tmp")) and not (paths.data_dir / crypto_store.KEY_FILE).exists()
    second = _say(p, "receive")  # the holder's store was not pulled away
    assert second and second != first
    _say(p, "quit")
    p.wait(30)
    desk = Desk.open(paths)
    accounts_store.enable_encryption(desk, ADMIN, "lan.pt", PASSWORD)
    assert crypto_store.is_encrypted(paths)
    reopened = Desk.open(paths)
    with reopened.db.read() as s:
        codes = set(s.execute(text("SELECT code FROM dossiers")).scalars())
    reopened.close()
    assert {first, second} <= codes


def test_an_open_waits_for_an_exclusive_holder_then_names_it(desk, monkeypatch):
    from app.models import store_lock

    paths: AppPaths = desk.paths
    desk.close()
    monkeypatch.setattr(store_lock, "SHARED_WAIT_SECONDS", 0.3)
    held = store_lock.StoreLock.exclusive_now(paths.database, "khôi phục")
    try:
        with pytest.raises(StoreBusy) as exc:
            Desk.open(paths)
        assert "đang được mã hóa, giải mã hoặc khôi phục" in exc.value.message
    finally:
        held.release()
    Desk.open(paths).close()
