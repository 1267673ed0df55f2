"""`motcua check`: each check passes on a healthy store and names what is wrong on a damaged one."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from app.errors import DatabaseError, PermissionDenied
from app.models import db as dbmod
from app.paths import AppPaths
from app.services import checks
from app.services.desk import Desk
from app.services.dto import IntakeRequest, PersonIn
from app.services.intake import receive
from app.services.status import Status
from app.services.workflow import transition

MOUNTS = """sysfs /sys sysfs rw,nosuid 0 0
/dev/sda1 / ext4 rw,relatime 0 0
//nas/motcua /mnt/phong\\040mot\\040cua cifs rw,vers=3.0 0 0
nas:/export /srv/data nfs4 rw 0 0
tmpfs /srv/data/tmp tmpfs rw 0 0
"""


@pytest.fixture
def filled(desk, clerk):
    for name in ("Hồ Văn Nam", "Lê Thị Mai"):
        receive(desk, IntakeRequest(procedure="1.004873", applicant=PersonIn(name=name, address="Thôn Đông")), clerk)
    return desk


def _damage(desk, sql: str) -> None:
    desk.close()
    c = sqlite3.connect(desk.paths.database)
    c.execute("PRAGMA foreign_keys=OFF")
    c.executescript(sql)
    c.commit()
    c.close()


def _check(desk, cli) -> tuple[int, dict]:
    r = cli(["--data-dir", str(desk.paths.data_dir), "check", "--json"])
    return r.code, {c["key"]: c for c in json.loads(r.out)["checks"]}


def test_healthy_store_passes_every_check(filled, cli):
    code, res = _check(filled, cli)
    assert code == 0
    assert set(res) == {"location", "integrity", "foreign_keys", "fts", "outbox", "audit", "status_events", "identity",
                        "files"}
    assert all(c["ok"] for c in res.values())


@pytest.mark.parametrize(("key", "sql"), [
    ("outbox", "DELETE FROM outbox WHERE id = 1;"),
    ("foreign_keys", "INSERT INTO outbox (event_uuid, dossier_id, dossier_uuid, version, kind, created_at, state, "
                     "attempts, result, error_code, error_message) VALUES ('x', 999, 'u', 1, 'k', "
                     "'2026-11-20 09:00:00', 'pending', 0, '', '', '');"),
    ("fts", "DROP TRIGGER dossiers_fts_au; UPDATE dossiers SET search_name = 'ten khac han' WHERE id = 1;"),
])
def test_damage_is_reported_by_the_right_check(filled, cli, key, sql):
    _damage(filled, sql)
    code, res = _check(filled, cli)
    assert code == 1
    assert res[key]["ok"] is False and res[key]["advice"]
    assert [k for k, c in res.items() if not c["ok"]] == [key] or key == "foreign_keys"
    human = cli(["--data-dir", str(filled.paths.data_dir), "check"])
    assert human.code == 1 and "[LỖI]" in human.out and "Kết quả: có lỗi" in human.out


def test_check_from_the_app_is_for_administrators(filled, clerk, admin):
    with pytest.raises(PermissionDenied):
        checks.run_checks(filled, clerk)
    assert checks.run_checks(filled, admin).ok


def test_network_file_systems_are_recognised():
    assert dbmod.network_filesystem("/mnt/phong mot cua/motcua.sqlite3", MOUNTS) == "cifs"
    assert dbmod.network_filesystem("/srv/data/motcua.sqlite3", MOUNTS) == "nfs4"
    assert dbmod.network_filesystem("/srv/data/tmp/motcua.sqlite3", MOUNTS) is None  # local mount inside
    assert dbmod.network_filesystem("/home/hong/motcua.sqlite3", MOUNTS) is None
    assert dbmod.network_filesystem("//server/share/motcua.sqlite3") == "UNC"
    assert dbmod.network_filesystem("\\\\server\\share\\motcua.sqlite3") == "UNC"


def test_database_on_a_network_share_is_refused_with_an_explanation(tmp_path):
    with pytest.raises(DatabaseError) as exc:
        dbmod.open_database(Path("//nas/phong-mot-cua/data/motcua.sqlite3"))
    assert "ổ mạng" in exc.value.message and "--data-dir" in exc.value.message
    assert not Path("/nas").exists()  # refused before anything is created


def test_damaged_file_is_refused_on_open_with_advice(tmp_path):
    paths = AppPaths(tmp_path / "data").ensure()
    paths.database.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    with pytest.raises(DatabaseError) as exc:
        Desk.open(paths)
    assert "motcua restore" in exc.value.message


@pytest.mark.both_engines
def test_the_checks_of_the_rows_are_the_same_on_both_engines(desk, clerk, engine):
    """One code path reads the outbox, the audit chain, the statuses and the fingerprints on a desk's file
    and on a centre's server; only the engine's own checks differ, and the advice says where the edit was."""
    code = receive(desk, IntakeRequest(procedure="1.004873", applicant=PersonIn(name="Đặng Thị Thu")), clerk).code
    transition(desk, code, Status.PROCESSING, clerk, to_party="Công chức tư pháp")
    assert checks.run_checks(desk).ok
    with desk.db.engine.begin() as conn:  # behind the app's back
        conn.execute(text("UPDATE dossiers SET applicant_name = 'Người Khác Hẳn', status = :s WHERE code = :c"),
                     {"s": int(Status.RETURNED), "c": code})
    report = checks.run_checks(desk)
    by_key = {r.key: r for r in report.results}
    own = {"sqlite": ["location", "integrity", "foreign_keys", "fts"], "postgresql": ["schema", "guards"]}[engine]
    assert [r.key for r in report.results][:len(own) + 4] == [*own, "outbox", "audit", "status_events", "identity"]
    assert by_key["outbox"].ok and by_key["audit"].ok and not report.ok
    where = {"sqlite": "trong tệp", "postgresql": "trên máy chủ"}[engine]
    assert by_key["status_events"].details == [
        f"hồ sơ {code}: trạng thái «{Status.RETURNED.label}», nhưng sự kiện cuối chuyển sang "
        f"«{Status.PROCESSING.label}»"]
    assert by_key["status_events"].advice.startswith(f"Trạng thái đã bị sửa trực tiếp {where}, ngoài phần mềm.")
    assert by_key["identity"].details == [f"hồ sơ {code}: họ tên, số định danh, ngày hẹn trả hoặc trạng thái khác "
                                          "với lần thay đổi cuối được ghi trong nhật ký"]
    assert by_key["identity"].advice.startswith(f"Thông tin đã bị sửa trực tiếp {where}.")
