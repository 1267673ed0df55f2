"""Backups through the online backup API, retention, and a restore that checks before it replaces."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading

import pytest
from sqlalchemy import func, select

from app.errors import PermissionDenied
from app.models import Dossier
from app.services import backup, checks
from app.services.dto import IntakeRequest, PersonIn
from app.services.intake import receive
from tests.users import ADMIN, PASSWORD, add_account, as_user


def _receive(desk, clerk, name="Hồ Văn Nam") -> str:
    return receive(desk, IntakeRequest(procedure="1.004873", applicant=PersonIn(name=name)), clerk).code


def _dossiers(desk) -> int:
    with desk.db.read() as s:
        return s.scalar(select(func.count(Dossier.id)))


def test_backup_taken_while_writing_restores_to_a_database_that_passes_check(make_desk, clerk, admin, cli,
                                                                             tmp_path):
    desk = make_desk("live")
    stop = threading.Event()
    written: list[str] = []

    def writer() -> None:
        while not stop.is_set():
            written.append(_receive(desk, clerk))

    t = threading.Thread(target=writer)
    t.start()
    try:
        while len(written) < 5:
            stop.wait(0.01)
        copies = [backup.backup_now(desk, admin) for _ in range(3)]
        r = cli(["--data-dir", str(desk.paths.data_dir), "backup", "--out", str(tmp_path / "cli.sqlite3")])
        assert r.code == 0, r.err
    finally:
        stop.set()
        t.join()
    copies.append(tmp_path / "cli.sqlite3")
    assert len(written) > 5
    for i, copy in enumerate(copies):
        target = make_desk(f"restored{i}")
        rep = backup.restore(target, copy, admin)
        assert 0 < rep.dossiers <= len(written)
        report = checks.run_checks(target)
        assert report.ok, report.text()
        check = cli(["--data-dir", str(target.paths.data_dir), "check"])
        assert check.code == 0, check.out


def test_restore_keeps_the_current_database_aside_and_is_audited(desk, clerk, admin, cli):
    add_account(desk, ADMIN)  # restoring replaces the store: an administrator's desk account does it
    _receive(desk, clerk)
    copy = backup.backup_now(desk, admin)
    later = _receive(desk, clerk, "Lê Thị Mai")
    assert _dossiers(desk) == 2
    desk.close()
    r = cli(["--data-dir", str(desk.paths.data_dir), *as_user(ADMIN), "restore", str(copy), "--json"],
            stdin=PASSWORD + "\n")
    assert r.code == 0, r.err
    import json
    rep = json.loads(r.out)
    assert rep["dossiers"] == 1
    aside = sqlite3.connect(rep["set_aside"])
    assert aside.execute("SELECT count(*) FROM dossiers WHERE code = ?", (later,)).fetchone()[0] == 1
    aside.close()
    assert cli(["--data-dir", str(desk.paths.data_dir), "check"]).code == 0
    audit = cli(["--data-dir", str(desk.paths.data_dir), "audit", "verify"])
    assert audit.code == 0
    db = sqlite3.connect(desk.paths.database)
    assert db.execute("SELECT count(*) FROM audit_log WHERE action = 'store.restore'").fetchone()[0] == 1
    db.close()


@pytest.mark.parametrize("bad", ["garbage", "truncated", "other_sqlite", "newer_schema", "missing"])
def test_restore_refuses_a_bad_file_and_changes_nothing(desk, clerk, admin, tmp_path, bad):
    _receive(desk, clerk)
    good = backup.backup_now(desk, admin)
    f = tmp_path / f"{bad}.sqlite3"
    if bad == "garbage":
        f.write_bytes(b"this is not a database\n" * 500)
    elif bad == "truncated":
        f.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    elif bad == "other_sqlite":
        c = sqlite3.connect(f)
        c.execute("CREATE TABLE notes(x)")
        c.commit()
        c.close()
    elif bad == "newer_schema":
        f.write_bytes(good.read_bytes())
        c = sqlite3.connect(f)
        c.execute("UPDATE alembic_version SET version_num = '9999_future'")
        c.commit()
        c.close()
    _receive(desk, clerk, "Lê Thị Mai")
    before = sorted(p.name for p in desk.paths.backups.iterdir())
    with pytest.raises(backup.BackupError) as exc:
        backup.restore(desk, f, admin)
    assert "Hãy" in exc.value.message
    assert _dossiers(desk) == 2
    assert sorted(p.name for p in desk.paths.backups.iterdir()) == before  # nothing set aside either


def test_only_an_administrator_backs_up_or_restores(desk, clerk, admin):
    with pytest.raises(PermissionDenied):
        backup.backup_now(desk, clerk)
    copy = backup.backup_now(desk, admin)
    with pytest.raises(PermissionDenied):
        backup.restore(desk, copy, clerk)


def test_daily_backup_once_a_day_with_retention(desk, clock):
    first = backup.daily_backup(desk)
    assert first is not None and first.name.startswith(backup.AUTO_PREFIX)
    assert backup.daily_backup(desk) is None
    clock.advance(days=1)
    assert backup.daily_backup(desk) is not None
    assert len(list(desk.paths.backups.glob(f"{backup.AUTO_PREFIX}*"))) == 2


def test_retention_keeps_7_daily_4_weekly_12_monthly(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    today = dt.date(2026, 11, 20)
    for i in range(500):
        day = today - dt.timedelta(days=i)
        (folder / f"{backup.AUTO_PREFIX}{day:%Y%m%d}-080000.sqlite3").write_bytes(b"x")
    (folder / "thu-cong-20200101-080000.sqlite3").write_bytes(b"x")
    (folder / "truoc-nang-cap-0001-20200101-080000.sqlite3").write_bytes(b"x")
    removed = backup.prune(folder, today)
    kept = sorted(p.name for p in folder.glob(f"{backup.AUTO_PREFIX}*"))
    days = sorted(dt.datetime.strptime(n[len(backup.AUTO_PREFIX):][:8], "%Y%m%d").date() for n in kept)
    assert len(removed) == 500 - len(kept)
    assert all(today - dt.timedelta(days=i) in days for i in range(7))
    weeks = {d.isocalendar()[:2] for d in days}
    assert len(weeks & {(today - dt.timedelta(weeks=i)).isocalendar()[:2] for i in range(4)}) == 4
    months = {(d.year, d.month) for d in days}
    assert len(months) == 12 and (2025, 12) in months and (2025, 11) not in months
    assert len(kept) <= 7 + 4 + 12
    assert (folder / "thu-cong-20200101-080000.sqlite3").exists()
    assert (folder / "truoc-nang-cap-0001-20200101-080000.sqlite3").exists()
