"""Files written on request never replace the database, a backup, a key or a log, and never half-write:
through the real `motcua` command in a fresh process, and through the services the app's buttons call."""

from __future__ import annotations

import sqlite3

import pytest
from trust_support import run_cli

from app.services import backup, outputs
from app.services.dto import IntakeRequest, PersonIn
from app.services.intake import receive


@pytest.fixture
def desk_with_one(desk, clerk, admin):
    code = receive(desk, IntakeRequest(procedure="1.004873", applicant=PersonIn(name="Hồ Văn Nam")), clerk).code
    backup.daily_backup(desk)
    desk.close()
    return desk.paths, code


def _intact(database) -> int:
    conn = sqlite3.connect(database)
    try:
        return conn.execute("SELECT count(*) FROM dossiers").fetchone()[0]
    finally:
        conn.close()


def test_print_report_register_backup_refuse_any_path_in_the_data_folder(desk_with_one):
    paths, code = desk_with_one
    auto = next(paths.backups.iterdir())
    auto_bytes = auto.read_bytes()
    d = str(paths.data_dir)
    attempts = [
        ["print", code, "--out", str(paths.database), "--force"],
        ["report", "--period", "2026-11", "--out", str(paths.data_dir / "bao-cao.xlsx"), "--force"],
        ["register", "--from", "2026-11-01", "--to", "2026-11-30", "--out", str(auto), "--force"],
        ["backup", "--out", str(paths.data_dir / "chep.sqlite3")],
        ["print", code, "--out", str(paths.logs / "motcua.log"), "--force"],
    ]
    for argv in attempts:
        r = run_cli(["--data-dir", d, *argv])
        assert r.code != 0, (argv, r.out)
        assert "thư mục dữ liệu" in r.err and "Hãy chọn thư mục khác" in r.err, r.err
        assert "Traceback" not in r.err
    assert _intact(paths.database) == 1
    assert auto.read_bytes() == auto_bytes
    assert not (paths.data_dir / "bao-cao.xlsx").exists() and not (paths.data_dir / "chep.sqlite3").exists()


def test_a_new_copy_may_be_named_in_backups_but_never_over_an_existing_one(desk_with_one):
    paths, _ = desk_with_one
    auto = next(paths.backups.iterdir())
    before = auto.read_bytes()
    r = run_cli(["--data-dir", str(paths.data_dir), "backup", "--out", str(paths.backups / "truoc-ky-hop.sqlite3")])
    assert r.code == 0, r.err
    r = run_cli(["--data-dir", str(paths.data_dir), "backup", "--out", str(auto), "--force"])
    assert r.code != 0 and "đã có" in r.err
    assert auto.read_bytes() == before


def test_an_existing_file_is_replaced_only_with_force(desk_with_one, tmp_path):
    paths, code = desk_with_one
    target = tmp_path / "phieu.pdf"
    target.write_bytes(b"the clerk's own letter")
    r = run_cli(["--data-dir", str(paths.data_dir), "print", code, "--out", str(target)])
    assert r.code != 0 and "đã có" in r.err and "--force" in r.err, r.err
    assert target.read_bytes() == b"the clerk's own letter"
    r = run_cli(["--data-dir", str(paths.data_dir), "print", code, "--out", str(target), "--force"])
    assert r.code == 0, r.err
    assert target.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    out = tmp_path / "bc.json"
    out.write_text("{}")
    assert run_cli(["--data-dir", str(paths.data_dir), "report", "--period", "2026-11", "--out", str(out)]).code != 0
    assert out.read_text() == "{}"


def test_a_symlink_into_the_data_folder_is_refused(desk_with_one, tmp_path):
    paths, code = desk_with_one
    link = tmp_path / "vo-hai.pdf"
    link.symlink_to(paths.database)
    r = run_cli(["--data-dir", str(paths.data_dir), "print", code, "--out", str(link), "--force"])
    assert r.code != 0 and "thư mục dữ liệu" in r.err
    assert _intact(paths.database) == 1


def test_the_helper_writes_atomically_and_the_app_exports_use_it(desk, clerk, tmp_path):
    from app.operations import OpContext, reports
    from app.sync.service import SyncService

    op = OpContext(desk, clerk)

    folder = tmp_path / "usb"
    target = folder / "a.bin"
    with pytest.raises(RuntimeError):
        outputs.write_with(target, lambda tmp: (tmp.write_bytes(b"half"), _boom()), desk.paths.data_dir)
    assert not target.exists() and list(folder.iterdir()) == []
    with pytest.raises(outputs.OutputError):
        SyncService(desk).export_log(desk.paths.logs / "nhat-ky.zip")
    with pytest.raises(outputs.OutputError):
        reports.export(op, {}, desk.paths.backups / "x.json", "json")
    (tmp_path / "x.json").write_text("giữ")
    with pytest.raises(outputs.OutputExists):
        reports.export(op, {}, tmp_path / "x.json", "json")
    assert reports.export(op, {"a": 1}, tmp_path / "x.json", "json", force=True).read_text().startswith("{")


def _boom() -> None:
    raise RuntimeError("power cut")
