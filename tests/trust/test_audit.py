"""The audit log: every change leaves a chained entry; tampering with the sqlite3 command line is caught
by `motcua audit verify`, which names the first broken entry and exits non-zero."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from sqlalchemy import select

from app.models import AuditEntry
from app.services import accounts, settings, workflow
from app.services.dto import IntakeRequest, PersonIn
from app.services.intake import receive
from app.services.status import Status


def sqlite3_cli(db, sql: str) -> subprocess.CompletedProcess:
    """Run SQL the way someone with a shell would: the sqlite3 program (Python's module if it is absent)."""
    if shutil.which("sqlite3"):
        return subprocess.run(["sqlite3", str(db), sql], capture_output=True, text=True)
    code = "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()"
    return subprocess.run([sys.executable, "-c", code, str(db), sql], capture_output=True, text=True)


@pytest.fixture
def busy_desk(desk, clerk, officer, admin):
    for name in ("Hồ Văn Nam", "Lê Thị Mai", "Đỗ Văn Bình"):
        code = receive(desk, IntakeRequest(procedure="1.004873", applicant=PersonIn(name=name)), clerk).code
        workflow.transition(desk, code, Status.PROCESSING, clerk, to_party="Công chức Tư pháp - Hộ tịch")
        workflow.transition(desk, code, Status.RESULT_READY, officer)
    with desk.db.write() as s:
        settings.change(s, "office_hours", "07:00-11:30,13:30-17:00", admin, desk.now())
    return desk


def _entries(desk) -> list[AuditEntry]:
    with desk.db.read() as s:
        return list(s.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def _verify(desk, cli):
    desk.close()  # the command opens the file itself, like IT staff would
    return cli(["--data-dir", str(desk.paths.data_dir), "audit", "verify", "--json"])


def test_every_change_is_audited_with_before_and_after(busy_desk):
    actions = [e.action for e in _entries(busy_desk)]
    assert actions.count("dossier.receive") == 3 and actions.count("dossier.transition") == 6
    assert "agency.init" in actions and "catalogue.import" in actions
    change = [e for e in _entries(busy_desk) if e.action == "settings.change"][0]
    assert json.loads(change.summary) == {"before": "07:30-11:30,13:30-17:00", "after": "07:00-11:30,13:30-17:00"}
    assert change.actor == "os:it"


def test_clean_log_verifies(busy_desk, cli):
    r = _verify(busy_desk, cli)
    assert r.code == 0 and json.loads(r.out)["ok"] is True


def test_app_never_updates_or_deletes_audit_rows(busy_desk):
    db = busy_desk.paths.database
    for sql in ("UPDATE audit_log SET actor = 'x' WHERE id = 3;", "DELETE FROM audit_log WHERE id = 3;"):
        r = sqlite3_cli(db, sql)
        assert "append-only" in (r.stderr + r.stdout)


@pytest.mark.parametrize("tamper", ["edit", "delete", "reorder", "bad_time"])
def test_tampering_is_detected_and_the_first_broken_entry_named(busy_desk, cli, tamper):
    entries = _entries(busy_desk)
    target = entries[5]
    drop = "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; "
    sql = {
        "edit": f"UPDATE audit_log SET summary = '{{}}' WHERE id = {target.id};",
        "delete": f"DELETE FROM audit_log WHERE id = {target.id};",
        "reorder": (f"UPDATE audit_log SET id = -1 WHERE id = {target.id}; "
                    f"UPDATE audit_log SET id = {target.id} WHERE id = {target.id + 1}; "
                    f"UPDATE audit_log SET id = {target.id + 1} WHERE id = -1;"),
        "bad_time": f"UPDATE audit_log SET at = 'hôm qua' WHERE id = {target.id};",
    }[tamper]
    r = sqlite3_cli(busy_desk.paths.database, drop + sql)
    assert r.returncode == 0, r.stderr
    result = _verify(busy_desk, cli)
    assert result.code == 1
    report = json.loads(result.out)
    expected = target.id + 1 if tamper == "delete" else target.id
    assert report["ok"] is False and report["broken_id"] == expected
    assert report["entry"].startswith(f"#{expected} ")
    human = cli(["--data-dir", str(busy_desk.paths.data_dir), "audit", "verify"])
    assert human.code == 1 and f"mục hỏng đầu tiên là #{expected}" in human.out
    check = cli(["--data-dir", str(busy_desk.paths.data_dir), "check"])
    assert check.code == 1 and "[LỖI] Chuỗi nhật ký kiểm toán" in check.out


def test_sign_in_and_password_changes_are_in_the_chain(desk, admin, cli):
    accounts.create_user(desk, "hong.nt", "Nguyễn Thị Hồng", "clerk", "Dung-roi-2026", admin)
    accounts.authenticate(desk, "hong.nt", "Dung-roi-2026")
    accounts.change_password(desk, "hong.nt", "Dung-roi-2026", "Moi-hon-2027")
    actions = [e.action for e in _entries(desk)]
    assert {"user.create", "user.sign_in", "user.change_password"} <= set(actions)
    assert _verify(desk, cli).code == 0


def test_rewritten_chain_is_caught_by_comparing_with_an_older_backup(busy_desk, cli, admin):
    from app.services import backup
    from app.services.journal import GENESIS, _entry_hash

    copy = backup.backup_now(busy_desk, admin)
    target = _entries(busy_desk)[4]
    busy_desk.close()
    # An attacker who knows the algorithm: edit entry 5, then recompute every hash after it.
    import datetime as dt
    import sqlite3
    c = sqlite3.connect(busy_desk.paths.database)
    c.executescript("DROP TRIGGER audit_log_no_update;")
    c.execute("UPDATE audit_log SET actor = 'nguoi_khac' WHERE id = ?", (target.id,))
    prev = GENESIS
    for eid, at, actor, action, entity, entity_id, summary in c.execute(
            "SELECT id, at, actor, action, entity, entity_id, summary FROM audit_log ORDER BY id").fetchall():
        digest = _entry_hash(prev, dt.datetime.fromisoformat(at), actor, action, entity, entity_id, summary)
        c.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", (prev, digest, eid))
        prev = digest
    c.commit()
    c.close()
    data = ["--data-dir", str(busy_desk.paths.data_dir)]
    assert cli(data + ["audit", "verify"]).code == 0  # the documented limit of a chain without a secret
    r = cli(data + ["audit", "verify", "--against", str(copy)])
    assert r.code == 1 and f"mục #{target.id} khác với bản sao lưu" in r.out
