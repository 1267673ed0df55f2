"""`motcua check` catches a direct edit of the file: a status that is not the one its last event set, and
a name, ID number, due date or status that differs from what the audit chain recorded; on an encrypted
store it lists clear copies written outside backups/ that the audit log knows of."""

from __future__ import annotations

import sqlite3

import pytest
from trust_support import ADMIN, run_cli

from app.models import db as dbmod
from app.services import accounts, accounts_store, checks, demo
from app.services.desk import Desk
from app.services.dto import IntakeRequest, PersonIn
from app.services.intake import receive
from app.services.status import Status
from app.services.workflow import transition

PASSWORD = "Khoa-may-2026"


@pytest.fixture
def store(desk, clerk):
    d = receive(desk, IntakeRequest(procedure="1.004873", applicant=PersonIn(
        name="Đặng Thị Thu", id_number="001190012345")), clerk)
    transition(desk, d.code, Status.PROCESSING, clerk, to_party="Công chức tư pháp")
    other = receive(desk, IntakeRequest(procedure="1.004873", applicant=PersonIn(name="Vũ Văn Khác")), clerk)
    paths = desk.paths
    desk.close()
    return paths, d.code, other.code


def _edit(paths, sql: str, *params) -> None:
    conn = sqlite3.connect(paths.database)
    conn.execute(sql, params)
    conn.commit()
    conn.close()


def test_an_untouched_store_passes(store):
    paths, _, _ = store
    r = run_cli(["--data-dir", str(paths.data_dir), "check"])
    assert r.code == 0, r.out
    assert "Trạng thái hồ sơ khớp với sự kiện cuối: mọi hồ sơ khớp" in r.out
    assert "Thông tin hồ sơ khớp với nhật ký kiểm toán: 2 hồ sơ khớp" in r.out


@pytest.mark.parametrize("edit", [
    ("UPDATE dossiers SET status = ? WHERE code = ?", int(Status.RETURNED)),
    ("UPDATE dossiers SET applicant_name = ? WHERE code = ?", "Người Khác Hẳn"),
    ("UPDATE dossiers SET applicant_id_number = ? WHERE code = ?", "001190099999"),
    ("UPDATE dossiers SET due_at = ? WHERE code = ?", "2027-06-01 17:00:00.000000"),
])
def test_a_direct_edit_of_identifying_fields_is_reported(store, edit):
    paths, code, other = store
    sql, value = edit
    _edit(paths, sql, value, code)
    r = run_cli(["--data-dir", str(paths.data_dir), "check", "--json"])
    assert r.code == 1
    import json

    results = {c["key"]: c for c in json.loads(r.out)["checks"]}
    assert not results["identity"]["ok"]
    assert any(code in d for d in results["identity"]["details"])
    assert not any(other in d for d in results["identity"]["details"])
    assert results["status_events"]["ok"] == ("status" not in sql)
    assert results["audit"]["ok"]  # the chain itself is intact: only the comparison sees the edit


def test_bulk_loaded_demo_dossiers_have_nothing_to_compare_and_pass(desk):
    demo.load(desk, 30, seed=3)
    report = checks.run_checks(desk)
    assert report.ok, report.text()


def test_a_clear_copy_outside_backups_is_warned_and_listed_once_the_store_is_encrypted(desk, clerk, tmp_path):
    receive(desk, IntakeRequest(procedure="1.004873", applicant=PersonIn(name="Trịnh Thị Bảo Mật")), clerk)
    accounts.create_user(desk, "lan.pt", "Phạm Thị Lan", "admin", PASSWORD, ADMIN)
    paths = desk.paths
    desk.close()
    usb = tmp_path / "usb" / "chep.sqlite3"
    r = run_cli(["--data-dir", str(paths.data_dir), "backup", "--out", str(usb)])
    assert r.code == 0, r.err
    assert "KHÔNG được mã hóa" in r.err and str(usb) in r.err
    try:
        d = Desk.open(paths)
        accounts_store.enable_encryption(d, ADMIN, "lan.pt", PASSWORD)
        d = Desk.open(paths)
        report = checks.run_checks(d)
        clear = {r.key: r for r in report.results}["clear_copies"]
        assert not clear.ok and str(usb) in clear.details and "Hãy xóa" in clear.advice
        usb.unlink()
        assert {r.key: r for r in checks.run_checks(d).results}["clear_copies"].ok
        d.close()
    finally:
        dbmod.forget_key(paths.database)
