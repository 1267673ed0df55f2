"""The nightly command as IT staff run it (a real `python -m app` process): configure, SIGKILL in the
middle of a batch and start again, a captive portal, a refused token, exit codes and the sync log."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import text

from app.paths import AppPaths
from app.services.desk import Desk
from app.services.setup import initialise
from tests.conftest import AGENCY, CLERK
from tests.sync.conftest import ROOT, TOKEN, load_backlog, outbox, wait_for
from tests.users import ADMIN, PASSWORD, add_account, as_user


def motcua(data_dir, *args: str, stdin: str | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    env = {**os.environ, "MOTCUA_TOKEN_BACKEND": "file"}
    return subprocess.run([sys.executable, "-m", "app", "--data-dir", str(data_dir), *args], cwd=ROOT, env=env,
                          input=stdin, capture_output=True, text=True, timeout=timeout)


def make_desk(tmp_path, n: int) -> Desk:
    desk = Desk.open(AppPaths(tmp_path / "desk").ensure())
    initialise(desk, agency_code=AGENCY, agency_name="Trung tâm Phục vụ hành chính công xã Tân Lập",
               parent_name="ỦY BAN NHÂN DÂN XÃ TÂN LẬP", place="Tân Lập", device_slot=0, actor=CLERK)
    load_backlog(desk, n)
    add_account(desk, ADMIN)  # configuring the sync changes settings: an administrator does it
    return desk


def configure(desk: Desk, url: str, token: str = TOKEN) -> None:
    done = motcua(desk.paths.data_dir, *as_user(ADMIN), "sync", "configure", "--url", url, "--token-stdin",
                  stdin=f"{PASSWORD}\n{token}\n")
    assert done.returncode == 0, done.stderr


def test_sigkill_mid_batch_then_restart_loses_and_duplicates_nothing(tmp_path, start_receiver):
    desk = make_desk(tmp_path, 3000)
    # Every request waits 0.25 s before the server processes it, so the client is killed while a batch
    # is on the wire (and the server still commits it after the client is gone).
    receiver = start_receiver("--slow-rate", "1", "--slow-seconds", "0.25", "--max-items", "500")
    configure(desk, receiver.url)
    env = {**os.environ, "MOTCUA_TOKEN_BACKEND": "file"}
    proc = subprocess.Popen([sys.executable, "-m", "app", "--data-dir", str(desk.paths.data_dir), "sync",
                             "--until-empty", "--backoff-base", "0.05"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(lambda: receiver.query("SELECT COUNT(*) FROM events")[0][0] >= 1000, timeout=60)
    time.sleep(0.2)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    rows = outbox(desk)
    pending_after_kill = sum(1 for r in rows.values() if r[0] == "pending")
    assert 0 < pending_after_kill < len(rows)

    done = motcua(desk.paths.data_dir, "sync", "--until-empty", "--backoff-base", "0.05", "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert report["pending"] == 0 and report["parked"] == 0
    rows = outbox(desk)
    assert {r[0] for r in rows.values()} == {"sent"}
    on_server = receiver.query("SELECT event_id FROM events")
    assert len(on_server) == len(rows)
    assert {r[0] for r in on_server} == set(rows)
    assert receiver.query("SELECT COUNT(*), COUNT(DISTINCT uuid) FROM dossiers")[0] == (3000, 3000)


@pytest.mark.parametrize("style", [[], ["--captive-redirect"]], ids=["page-200", "redirect-302"])
def test_captive_portal_marks_nothing_and_exits_2(style, tmp_path, start_receiver):
    desk = make_desk(tmp_path, 200)
    receiver = start_receiver("--captive-rate", "1", *style)
    configure(desk, receiver.url)
    done = motcua(desk.paths.data_dir, "sync", "--once", "--backoff-base", "0.01")
    assert done.returncode == 2
    assert "không đúng giao thức" in done.stderr and "Chưa đánh dấu" in done.stderr
    assert {r[0] for r in outbox(desk).values()} == {"pending"}
    assert receiver.stats()["events"] == 0


def test_refused_token_stops_with_a_clear_message(tmp_path, start_receiver):
    desk = make_desk(tmp_path, 50)
    receiver = start_receiver()
    configure(desk, receiver.url, token="wrong-token")
    done = motcua(desk.paths.data_dir, "sync")
    assert done.returncode == 2
    assert "từ chối mã truy cập" in done.stderr and "motcua sync configure" in done.stderr
    assert {r[0] for r in outbox(desk).values()} == {"pending"}
    log = (desk.paths.logs / "sync.log").read_text(encoding="utf-8")
    assert "wrong-token" not in log


def test_exit_codes_summary_log_and_token_outside_the_database(tmp_path, start_receiver):
    desk = make_desk(tmp_path, 120)
    receiver = start_receiver()
    configure(desk, receiver.url)
    token_file = desk.paths.secrets / "sync-token"
    assert token_file.read_text() == TOKEN and (token_file.stat().st_mode & 0o777) == 0o600
    desk.close()  # reading the file while this process has it open would drop SQLite's POSIX locks
    for f in desk.paths.data_dir.glob("motcua.sqlite3*"):
        assert TOKEN.encode() not in f.read_bytes()

    done = motcua(desk.paths.data_dir, "sync")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Đồng bộ xong: đã gửi")

    with desk.db.write() as s:  # one dossier the province will refuse, changed after the first push
        s.execute(text("UPDATE dossiers SET applicant_name = '', version = version + 1 WHERE id = 1"))
        s.execute(text("INSERT INTO events (uuid, dossier_id, at, kind, from_party, to_party, actor, actor_title, "
                       "note, due_at, source) SELECT '0b9a8f6e-1111-4222-8333-944455556666', id, updated_at, 'note', "
                       "'', '', 'Nguyễn Thị Hồng', '', 'Ghi chú', due_at, 'local' FROM dossiers WHERE id = 1"))
        s.execute(text("INSERT INTO outbox (event_uuid, dossier_id, dossier_uuid, version, kind, created_at, "
                       "state, attempts, result, error_code, error_message) SELECT "
                       "'0b9a8f6e-1111-4222-8333-944455556666', id, uuid, version, 'note', updated_at, 'pending', "
                       "0, '', '', '' FROM dossiers WHERE id = 1"))
    done = motcua(desk.paths.data_dir, "sync", "--json")
    assert done.returncode == 1
    report = json.loads(done.stdout)  # no name: the record fails the schema here and is never sent
    assert report["invalid"] == 1 and report["parked"] == 1 and report["exit_code"] == 1

    status = json.loads(motcua(desk.paths.data_dir, "sync", "status", "--json").stdout)
    assert status["parked"] == 1 and status["pending"] == 0 and status["token_configured"]
    log = (desk.paths.logs / "sync.log").read_text(encoding="utf-8")
    assert "batch" in log and "missing_field" in log
    for f in desk.paths.logs.iterdir():
        assert TOKEN not in f.read_text(encoding="utf-8", errors="replace")

    receiver.stop()  # the province is gone: exit 2
    done = motcua(desk.paths.data_dir, "sync", "--backoff-base", "0.01")
    assert done.returncode == 2 and "Không kết nối được" in done.stderr


def test_max_minutes_bounds_the_whole_run_against_a_drip_feed(tmp_path):
    from tests.sync.hostile import Hostile
    from tests.sync.test_truth import drip

    desk = make_desk(tmp_path, 20)
    server = Hostile(drip)
    try:
        configure(desk, server.url)
        # 0.05 minute = 3 s; the server would drip for ever: the run must end on its own.
        done = motcua(desk.paths.data_dir, "sync", "--until-empty", "--max-minutes", "0.05", "--timeout", "5",
                      "--json", timeout=60)
    finally:
        server.stop()
    assert done.returncode == 2, done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert report["unreachable"] and "thời" in report["error"]
    assert {r[0] for r in outbox(desk).values()} == {"pending"}
    status = json.loads(motcua(desk.paths.data_dir, "sync", "status", "--json").stdout)
    assert status["lease"] is None and status["last_success"] is None


def test_sync_status_shows_who_holds_the_lease(tmp_path):
    from app.models import SyncState
    from app.sync.lease import KEY

    desk = make_desk(tmp_path, 1)
    with desk.db.write() as s:
        s.merge(SyncState(key=KEY, value=json.dumps({"holder": "h", "host": "may-tiep-nhan-2", "pid": 777,
                                                      "expires": time.time() + 60})))
    done = motcua(desk.paths.data_dir, "sync", "status")
    assert done.returncode == 0 and "may-tiep-nhan-2" in done.stdout and "777" in done.stdout
    status = json.loads(motcua(desk.paths.data_dir, "sync", "status", "--json").stdout)
    assert status["lease"]["host"] == "may-tiep-nhan-2" and not status["lease"]["ignored"]


def test_sync_validate_checks_records_without_sending(tmp_path):
    desk = make_desk(tmp_path, 30)
    done = motcua(desk.paths.data_dir, "sync", "validate", "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert report["checked"] == 30 and report["invalid"] == 0
    with desk.db.write() as s:
        code = s.execute(text("SELECT code FROM dossiers ORDER BY id LIMIT 1")).scalar()
        s.execute(text("UPDATE dossiers SET applicant_name = '' WHERE code = :c"), {"c": code})
    done = motcua(desk.paths.data_dir, "sync", "validate", code)
    assert done.returncode == 1
    assert f"{code}: Thiếu họ tên chủ hồ sơ (ChuHoSo)" in done.stdout and "1 hồ sơ chưa đúng chuẩn" in done.stdout
    assert {r[0] for r in outbox(desk).values()} == {"pending"}  # nothing sent, nothing parked
    missing = motcua(desk.paths.data_dir, "sync", "validate", "KHONG-CO")
    assert missing.returncode != 0 and "Không có hồ sơ mã «KHONG-CO»" in missing.stderr
