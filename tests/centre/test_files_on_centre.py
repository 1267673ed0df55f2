"""Attached files on a centre: a scan attached at one counter opens, previews and exports byte-exact at
another (the files are rows of the shared database, no counter's folder holds them), `motcua files
check` and `motcua check` read them back against their SHA-256, `motcua files push` sends them to the
province from the database, and a pg_dump backup restored into an empty database brings them back."""

from __future__ import annotations

import hashlib

import psycopg
from sqlalchemy import text

from app.cli import main
from app.operations import files as ops
from app.operations.base import OpContext
from app.services.desk import Desk
from app.services.files_convert import FileIn
from app.sync import config as sync_config
from app.sync.runner import Runner
from app.sync.tokens import TokenStore
from tests.conftest import ADMIN, CLERK
from tests.files.support import big_pdf, received, scan_jpeg
from tests.sync.conftest import TOKEN, config_for, fast_options


def _opened(ctx: OpContext, uuid: str) -> str:
    """The SHA-256 of an attachment as a person opens it (a private copy streamed to disk), copy removed."""
    path = ops.open_copy(ctx, uuid)
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    finally:
        ops.drop_copy(path)
        assert not path.parent.exists()


def _two_counters(centre) -> tuple[Desk, Desk]:
    a, b = centre.counters(2)
    return Desk.open(a, clock=centre.clock), Desk.open(b, clock=centre.clock)


def _attach(desk: Desk) -> tuple[str, ops.AttachedFile, ops.AttachedFile]:
    ctx = OpContext(desk, CLERK)
    code = received(desk, CLERK)
    scan = ops.attach_data(ctx, code, [FileIn("to khai.jpg", scan_jpeg(1))], component=1).file
    big = ops.attach_data(ctx, code, [FileIn("cccd.pdf", big_pdf(2))], component=2).file
    return code, scan, big


def test_a_scan_attached_at_counter_a_opens_byte_exact_at_counter_b(centre, tmp_path, capsys):
    a, b = _two_counters(centre)
    try:
        code, scan, big = _attach(a)
        assert big.size > 2 * 1024 * 1024, "spans several segments"
        at_b = OpContext(b, CLERK)
        slots = {s.position: s.file for s in ops.papers(at_b, code).slots}
        assert slots[1] is not None and slots[2] is not None and slots[2].sha256 == big.sha256
        for f in (scan, big):
            assert _opened(at_b, f.uuid) == f.sha256
        assert ops.preview_png(at_b, scan.uuid)[:8] == b"\x89PNG\r\n\x1a\n"
        written = ops.export(at_b, code, tmp_path / "xuat").written
        assert sorted(hashlib.sha256(p.read_bytes()).hexdigest() for p in written) == sorted([scan.sha256,
                                                                                              big.sha256])
        for desk in (a, b):  # no counter keeps the files in its own folder
            assert not (desk.paths.data_dir / "files").exists()
        # a page added at counter B to the scan made at counter A
        more = ops.attach_data(at_b, code, [FileIn("trang 2.jpg", scan_jpeg(3))], component=1)
        assert more.appended and more.file.pages == scan.pages + 1
        assert _opened(OpContext(a, CLERK), more.file.uuid) == more.file.sha256
        assert ops.check(OpContext(a, ADMIN)).ok
        home = ["--data-dir", str(b.paths.data_dir)]
        capsys.readouterr()
        assert main([*home, "files", "check"]) == 0
        assert "3 tệp đính kèm: tất cả còn nguyên vẹn" in capsys.readouterr().out
        with a.db.write() as s:  # a byte changed on the server, behind the application's back
            s.execute(text("UPDATE file_segments SET data = overlay(data placing '\\x00'::bytea from 100) "
                           "WHERE name = :n AND seq = 2"), {"n": big.sha256})
        assert main([*home, "files", "check"]) != 0
        out = capsys.readouterr().out
        assert "1 tệp bị thay đổi" in out and "motcua restore TỆP --database" in out and "files/" not in out
        assert main([*home, "check"]) != 0
        out = capsys.readouterr().out
        assert f"hồ sơ {code}" in out and "cơ sở dữ liệu của Trung tâm" in out
    finally:
        a.close()
        b.close()


def test_files_push_to_the_province_reads_them_from_the_database(centre, province, capsys):
    a, b = _two_counters(centre)
    try:
        code, scan, big = _attach(a)
        assert Runner(a, config_for(province), fast_options(files=False)).run().accepted == 3
        sync_config.configure(b, TokenStore(b.paths), ADMIN, url=province.url, token=TOKEN)
        capsys.readouterr()
        assert main(["--data-dir", str(b.paths.data_dir), "files", "push"]) == 0
        for f in (scan, big):
            on_province = (province.db.parent / (province.db.name + ".files") / f.sha256[:2] / f.sha256).read_bytes()
            assert hashlib.sha256(on_province).hexdigest() == f.sha256
        assert province.stats()["files"]["completed"] == 2
    finally:
        a.close()
        b.close()


def test_a_backup_restored_into_an_empty_database_brings_the_files_back(centre, pg_server, tmp_path, capsys):
    folder = centre.counters(1)[0]
    desk = Desk.open(folder, clock=centre.clock)
    try:
        code, scan, big = _attach(desk)
    finally:
        desk.close()
    home = ["--data-dir", str(folder.data_dir)]
    out = tmp_path / "ban-sao.dump"
    assert main([*home, "backup", "--out", str(out)]) == 0
    empty = pg_server.url(pg_server.create_database())
    assert main([*home, "restore", str(out), "--database", empty]) == 0
    with psycopg.connect(empty) as conn:
        assert conn.execute("SELECT count(DISTINCT name) FROM file_segments").fetchone() == (2,)
    desk = Desk.open(folder, clock=centre.clock)
    try:
        for f in (scan, big):
            assert _opened(OpContext(desk, CLERK), f.uuid) == f.sha256
    finally:
        desk.close()
    capsys.readouterr()
    assert main([*home, "check"]) == 0
    assert "tất cả còn nguyên vẹn" in capsys.readouterr().out


def test_the_counters_role_attaches_and_opens_files(centre, pg_server):
    """The role every counter uses day to day (`motcua centre grant`) may store and read the segments."""
    from app.models import pg_ddl
    from app.models.centre import CentreConfig, read_config, register_password, write_config

    folder = centre.counters(1)[0]
    with pg_server.admin() as conn:
        conn.execute("CREATE ROLE quay_tep LOGIN PASSWORD 'quay-tep-pass'")
    with psycopg.connect(centre.url, autocommit=True) as conn:
        for sql in pg_ddl.grant_sql(centre.url.rsplit("/", 1)[1], "quay_tep"):
            conn.execute(sql)
    url = centre.url.replace("motcua_admin@", "quay_tep@")
    register_password(url, "quay-tep-pass")
    config = read_config(folder.data_dir)
    assert config is not None
    write_config(folder.data_dir, CentreConfig(url, config.device_uuid))
    desk = Desk.open(folder, clock=centre.clock)
    try:
        _code, scan, big = _attach(desk)
        for f in (scan, big):
            assert _opened(OpContext(desk, CLERK), f.uuid) == f.sha256
        with desk.db.read() as s:
            assert s.execute(text("SELECT current_user")).scalar() == "quay_tep"
    finally:
        desk.close()
