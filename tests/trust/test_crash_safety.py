"""Power-cut safety: a process receiving dossiers in a loop is killed with SIGKILL at random moments,
over 200 times; afterwards the database opens, every check passes, every dossier whose code was
reported (its transaction had committed) is there, and no dossier lacks its event and outbox row."""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time

from sqlalchemy import text
from trust_support import AGENCY, HERE, ROOT

from app.models import db as dbmod
from app.paths import AppPaths
from app.services import checks
from app.services.desk import Desk
from app.services.setup import initialise
from tests.users import CLERK

KILLS = 210


def _read_line(proc: subprocess.Popen, deadline: float) -> str:
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], max(0.0, deadline - time.monotonic()))
        if ready:
            return proc.stdout.readline().decode()
    raise AssertionError("worker did not answer in time")


def test_sigkill_while_receiving_loses_nothing_reported(tmp_path):
    paths = AppPaths(tmp_path / "data").ensure()
    desk = Desk.open(paths)
    initialise(desk, agency_code=AGENCY, agency_name="Trung tâm Phục vụ hành chính công xã Tân Lập", actor=CLERK)
    desk.close()
    rng = random.Random(20261120)
    reported: set[str] = set()
    kills = 0
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{HERE}"}
    proc = subprocess.Popen([sys.executable, str(HERE / "crash_worker.py"), str(paths.data_dir)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, cwd=ROOT, bufsize=0)
    try:
        for round_no in range(KILLS):
            proc.stdin.write(f"go {round_no}\n".encode())
            proc.stdin.flush()
            deadline = time.monotonic() + 30
            line = _read_line(proc, deadline)
            assert line.startswith("pid "), line
            child = int(line.split()[1])
            # Kill anywhere: before the first commit, inside a transaction, between commits.
            kill_at = time.monotonic() + rng.uniform(0.0, 0.3)
            while True:
                ready, _, _ = select.select([proc.stdout], [], [], max(0.0, kill_at - time.monotonic()))
                if not ready:
                    break
                line = proc.stdout.readline().decode()
                assert line.startswith("ok "), f"child failed: {line!r}"
                reported.add(line.split()[1])
            os.kill(child, signal.SIGKILL)
            kills += 1
            while True:
                line = _read_line(proc, time.monotonic() + 30)
                if line.startswith("dead"):
                    assert int(line.split()[2]) & 0x7F == signal.SIGKILL, line
                    break
                assert line.startswith("ok "), f"child failed: {line!r}"
                reported.add(line.split()[1])
        proc.stdin.write(b"quit\n")
        proc.stdin.flush()
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()

    assert kills >= 200
    assert len(reported) > 200, "the children must have committed dossiers between kills"
    dbmod.forget_key(paths.database)
    desk = Desk.open(paths)
    try:
        report = checks.run_checks(desk)
        assert report.ok, report.text()
        with desk.db.read() as s:
            codes = {r[0] for r in s.execute(text("SELECT code FROM dossiers"))}
            bare = s.execute(text(
                "SELECT count(*) FROM dossiers d WHERE NOT EXISTS (SELECT 1 FROM events e "
                "JOIN outbox o ON o.event_uuid = e.uuid WHERE e.dossier_id = d.id AND e.kind = 'receive')"
            )).scalar()
            audited = s.execute(text("SELECT count(*) FROM audit_log WHERE action = 'dossier.receive'")).scalar()
        missing = reported - codes
        assert not missing, f"{len(missing)} reported dossiers lost, e.g. {sorted(missing)[:3]}"
        assert bare == 0
        assert audited == len(codes)
    finally:
        desk.close()
