"""Backups (pg_dump -Fc), restore into an empty database only, and `motcua check` on a centre's server."""

from __future__ import annotations

import json

import psycopg

from app.cli import main
from app.services.desk import Desk
from app.services.dto import IntakeRequest, PersonIn
from app.services.intake import receive
from tests.conftest import CLERK


def _receive(folder, n: int) -> list[str]:
    desk = Desk.open(folder)
    try:
        return [receive(desk, IntakeRequest(procedure="HT-XNHN", applicant=PersonIn(name="Lê Văn An")), CLERK).code
                for _ in range(n)]
    finally:
        desk.close()


def test_backup_then_restore_into_an_empty_database(centre, pg_server, tmp_path, capsys):
    folder = centre.counters(1)[0]
    codes = _receive(folder, 3)
    out = tmp_path / "ban-sao.dump"
    home = ["--data-dir", str(folder.data_dir)]
    assert main([*home, "backup", "--out", str(out)]) == 0
    assert out.read_bytes()[:5] == b"PGDMP"
    capsys.readouterr()
    # Never over the centre's data: the database in use is refused, nothing is changed.
    assert main([*home, "restore", str(out)]) == 7
    assert "khôi phục không ghi đè dữ liệu" in capsys.readouterr().err
    not_a_dump = tmp_path / "khac.dump"
    not_a_dump.write_bytes(b"SQLite format 3\x00" + b"\0" * 100)
    empty = pg_server.url(pg_server.create_database())
    assert main([*home, "restore", str(not_a_dump), "--database", empty]) == 7
    assert "không phải bản sao lưu PostgreSQL" in capsys.readouterr().err
    assert main([*home, "restore", str(out), "--database", empty]) == 0
    assert "(3 hồ sơ)" in capsys.readouterr().out
    assert json.loads((folder.data_dir / "centre.json").read_text())["url"] == empty
    with psycopg.connect(empty) as conn:
        assert sorted(r[0] for r in conn.execute("SELECT code FROM dossiers")) == sorted(codes)
        assert conn.execute("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1").fetchone() == ("store.restore",)
    assert main([*home, "check"]) == 0
    assert "Kết quả: cơ sở dữ liệu tốt." in capsys.readouterr().out


def test_check_on_the_server_finds_a_status_changed_behind_the_apps_back(centre, capsys):
    folder = centre.counters(1)[0]
    code = _receive(folder, 2)[0]
    home = ["--data-dir", str(folder.data_dir)]
    assert main([*home, "check", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert {c["key"] for c in report["checks"]} == {"schema", "guards", "outbox", "audit", "status_events",
                                                     "identity", "files"}
    with psycopg.connect(centre.url) as conn:
        conn.execute("UPDATE dossiers SET status = 9 WHERE code = %s", (code,))
        conn.execute("DROP TRIGGER events_no_change ON events")
    assert main([*home, "check"]) == 1
    out = capsys.readouterr().out
    assert f"hồ sơ {code}: trạng thái «" in out and "events_no_change" in out


def test_an_older_centre_schema_is_dumped_before_it_is_migrated(pg_server, tmp_path):
    from alembic import command
    from sqlalchemy import create_engine

    from app.models.centre import CentreConfig, write_config
    from app.models.migrate import _alembic_config, current_revision, head_revision
    from app.paths import AppPaths

    url = pg_server.url(pg_server.create_database())
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "0005")
    engine.dispose()
    paths = AppPaths(tmp_path / "q").ensure()
    write_config(paths.data_dir, CentreConfig(url, "d"))
    desk = Desk.open(paths)
    try:
        assert current_revision(desk.db.engine) == head_revision()
    finally:
        desk.close()
    (dump,) = paths.backups.glob("truoc-nang-cap-0005-*.dump")
    assert dump.read_bytes()[:5] == b"PGDMP"
