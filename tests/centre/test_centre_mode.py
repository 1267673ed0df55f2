"""Centre mode end to end: init on an empty server database and join from a second PC through the command
line, the password never written anywhere, the counters' restricted role, append-only on the server,
search answering as SQLite does, and a server that cannot be reached said plainly."""

from __future__ import annotations

import datetime as dt
import io
import json

import psycopg
import pytest
from sqlalchemy import text

from app.cli import main
from app.errors import DatabaseError
from app.models.centre import CentreUnreachable, register_password
from app.paths import AppPaths
from app.services import search as S
from app.services.corrections import CorrectionIn, correct_applicant
from app.services.desk import Desk
from app.services.dto import IntakeRequest, PersonIn
from app.services.intake import receive
from app.services.status import Status
from tests.conftest import CLERK
from tests.users import ADMIN, PASSWORD, add_account, as_user

INIT = ["init", "--agency-code", "000.17.22.H56", "--agency-name", "Trung tâm Phục vụ hành chính công xã Tân Lập",
        "--parent-name", "ỦY BAN NHÂN DÂN XÃ TÂN LẬP", "--admin", ADMIN.username, "--admin-name", ADMIN.full_name]


def _init(monkeypatch, folder, url: str, password: str, *extra: str, admin_password: str = PASSWORD) -> int:
    """`init --database` with both passwords on standard input: the server's first, the administrator's second."""
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{password}\n{admin_password}\n"))
    return main(["--data-dir", str(folder), *INIT, "--database", url, "--db-password-stdin", "--password-stdin",
                 *extra])


def test_first_counter_creates_the_centre_second_joins_and_both_share_one_sequence(pg_server, tmp_path, monkeypatch,
                                                                                    capsys):
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))  # only the password typed on stdin
    url = pg_server.url(pg_server.create_database())
    assert _init(monkeypatch, tmp_path / "q1", url, pg_server.password, "--device-name", "Quầy 1") == 0
    out = capsys.readouterr().out
    assert "Đã tạo cơ sở dữ liệu Trung tâm" in out and f"tài khoản quản trị: {ADMIN.username}" in out
    # another counter joins only as the centre's administrator: a wrong password is refused, nothing joined
    assert _init(monkeypatch, tmp_path / "q9", url, pg_server.password, admin_password="sai-mat-khau-1") != 0
    assert not (tmp_path / "q9" / "centre.json").exists()
    assert _init(monkeypatch, tmp_path / "q2", url, pg_server.password, "--device-name", "Quầy 2") == 0
    assert "Đã kết nối máy này vào Trung tâm Phục vụ hành chính công xã Tân Lập" in capsys.readouterr().out
    for folder in ("q1", "q2"):  # the data folder remembers the server, never the password
        saved = (tmp_path / folder / "centre.json").read_text(encoding="utf-8")
        assert json.loads(saved)["url"] == url and pg_server.password not in saved
        assert not (tmp_path / folder / "motcua.sqlite3").exists()
        for log in (tmp_path / folder / "logs").glob("*"):
            assert pg_server.password not in log.read_text(encoding="utf-8", errors="replace")
    desks = [Desk.open(AppPaths(tmp_path / f)) for f in ("q1", "q2")]
    try:
        assert [d.device.name for d in desks] == ["Quầy 1", "Quầy 2"] and {d.device.slot for d in desks} == {0}
        with desks[0].db.read() as s:  # the first administrator lives on the server, shared by every counter
            assert s.execute(text("SELECT username, role FROM users")).all() == [(ADMIN.username, "admin")]
            assert s.execute(text("SELECT count(*) FROM device")).scalar() == 2
        codes = [receive(d, IntakeRequest(procedure="HT-XNHN", applicant=PersonIn(name="Lê Văn An")), CLERK).code
                 for d in (*desks, *desks)]
        assert [c[-4:] for c in codes] == ["0001", "0002", "0003", "0004"]
        assert main(["--data-dir", str(tmp_path / "q2"), "centre", "status"]) == 0
        assert "Quầy 1" in capsys.readouterr().out
    finally:
        for d in desks:
            d.close()


def test_a_password_in_the_url_is_refused_and_nothing_is_written(pg_server, tmp_path, capsys):
    url = pg_server.url(pg_server.create_database()).replace("@", ":hunter2@", 1)
    assert main(["--data-dir", str(tmp_path / "q"), *INIT, "--database", url]) == 7
    err = capsys.readouterr().err
    assert "Không ghi mật khẩu trong địa chỉ máy chủ" in err and "hunter2" not in err
    assert not (tmp_path / "q" / "centre.json").exists()


def test_counters_role_cannot_change_the_audit_log_or_events(centre, pg_server, capsys, monkeypatch):
    folder = centre.counters(1)[0]
    with pg_server.admin() as conn:
        conn.execute("CREATE ROLE motcua_quay LOGIN PASSWORD 'quay-pass'")
    desk = Desk.open(folder)
    add_account(desk, ADMIN)
    desk.close()
    home = ["--data-dir", str(folder.data_dir)]
    assert main([*home, "centre", "grant", "--role", "motcua_quay", "--apply"]) != 0  # a change: a desk account
    assert "--user" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main([*home, *as_user(ADMIN), "centre", "grant", "--role", "motcua_quay", "--apply"]) == 0
    desk = Desk.open(folder)
    receive(desk, IntakeRequest(procedure="HT-XNHN", applicant=PersonIn(name="Lê Văn An")), CLERK)
    desk.close()
    counter = centre.url.replace("motcua_admin@", "motcua_quay@")
    register_password(counter, "quay-pass")
    with psycopg.connect(counter, password="quay-pass", autocommit=True) as conn:
        for sql in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM events", "TRUNCATE audit_log"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(sql)
        assert conn.execute("SELECT count(*) FROM dossiers").fetchone()[0] == 1
        # the name the intake wrote, as its three word suffixes, readable by the counters (search by name)
        assert conn.execute("SELECT suffix FROM name_suffixes ORDER BY suffix").fetchall() == [
            ("an",), ("le van an",), ("van an",)]
    with psycopg.connect(centre.url, autocommit=True) as owner:  # the owner is stopped by the trigger
        with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
            owner.execute("UPDATE audit_log SET actor = 'x'")
        with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
            owner.execute("DELETE FROM events")


PEOPLE = [("Đặng Thị Ngọc Ánh", "Thôn Đồng Tâm, xã Tân Lập"), ("Nguyễn Văn Đức", "Số 5, đường Lê Lợi"),
          ("Nguyễn Văn Đông", "Xóm Chợ, xã Hòa Bình"), ("Trần Thị Hoa", "Số 9, đường Nguyễn Văn Cừ"),
          ("Ngô Anh Tuấn", "Thôn Ngọc Anh, xã Tân Lập"), ("Đỗ Đức Anh", "Đội 3, xã Đông Anh"),
          ("Nguyễn Văn Hùng", "Thôn Đồng Tâm, xã Tân Lập"), ("Lê Thị Lan", "Số 12, đường Trần Hưng Đạo"),
          ("Hoàng Gia Bình", "Xóm Bến, xã Hòa Bình"), ("Lê Văn Thị Hà", "Thôn Thị Văn, xã Lê Lợi")] * 4
QUERIES = ["nguyen van", "nguyễn văn đ", "nguyen van du", "ngo anh t", "anh", "ngoc anh",
           "dang thi ngoc anh", "đông", "d", "tan lap", "xa dong anh", "van cu", "hoa", "không có ai",
           "duc anh", "so 5",
           # the phrases that were slow at a million dossiers (bench.centre_pg): common words, a short prefix
           "nguyen van h", "tran thi t", "le thi lan", "hoang gia b", "duong", "le van", "thi van", "van t",
           "le thi h", "ho", "tran hung dao", "xa hoa b"]


def _answers(desk, query: str, field: str, statuses: list[int] | None = None) -> list[list[str]]:
    """Every keyset page (5 rows) of a search, as codes."""
    pages, cursor = [], None
    with desk.db.read() as s:
        while True:
            page = S.search(s, query, S.SearchFilter(text_field=field, statuses=statuses or []), limit=5,
                            cursor=cursor, now=dt.datetime(2026, 11, 30, 9, 0))
            pages.append([r.code for r in page.rows])
            cursor = page.next_cursor
            if cursor is None:
                return pages


#: The server's ways to find a page (app.services.search_pg), each forced through its costs: the index
#: alone (GIN with the whole words asked for; the name suffixes by name), a walk of the primary key alone
#: (the prefix asked for too, should it hand over), a walk of a page's worth of ids that hands the rest over
#: to the index, and the plan chosen after counting the name suffixes in the phrase's range.
PLANS = {"index": {"HEAP_COST": 0, "ENTRY_COST": 0, "SUFFIX_COST": 0}, "walk": {"HEAP_COST": 10**9},
         "walk_then_index": {"HEAP_COST": 0, "ENTRY_COST": 0, "SUFFIX_COST": 0, "FIRST_WALK": 0},
         "counted": {"PROBE": 2}}


@pytest.mark.parametrize("plan", [None, *PLANS])
def test_search_gives_the_same_answers_on_both_engines(make_desk, centre, clock, monkeypatch, plan):
    from app.services import search_pg

    lite = make_desk("lite")
    server = Desk.open(centre.counters(1)[0], clock=clock)
    for i, (name, address) in enumerate(PEOPLE):
        clock.now = dt.datetime(2026, 11, 2, 8, 0) + dt.timedelta(hours=i)
        for desk in (lite, server):
            receive(desk, IntakeRequest(procedure="HT-XNHN", applicant=PersonIn(
                name=name, address=address, phone=f"09123450{i:02d}", id_number=f"0011900123{i:02d}")), CLERK)
    monkeypatch.setattr(search_pg, "STATS_SECONDS", 0.0)  # the words' frequencies read afresh on every search
    if plan is not None:  # None: before any ANALYZE, without frequencies
        with server.db.write() as s:
            s.execute(text("ANALYZE dossiers"))
        for name, value in PLANS[plan].items():
            monkeypatch.setattr(search_pg, name, value)
    try:
        for query in [*QUERIES, "000.17.22.H56-2611", "0912345003", "001190012307"]:
            for field in ("any", "name", "address"):
                want = _answers(lite, query, field)
                assert _answers(server, query, field) == want, (query, field)
        assert _answers(lite, "nguyen van", "name")[0] and _answers(lite, "không có ai", "any") == [[]]
        assert len(_answers(lite, "le thi lan", "name")) == 1 and _answers(lite, "thi van", "address")[0]
        # A filter can drop candidates (the name suffixes are then all read), and a corrected name is
        # found by its new words only (the suffixes follow search_name).
        received = [int(Status.RECEIVED)]
        for query in ("nguyen van", "le thi lan", "van t", "d"):
            want = _answers(lite, query, "name", received)
            assert want[0] and _answers(server, query, "name", received) == want, query
        for desk in (lite, server):
            code = _answers(desk, "nguyen van duc", "name")[0][0]
            correct_applicant(desk, code, CorrectionIn("Phùng Văn Đức", "", "", "Số 5, đường Lê Lợi",
                                                       "Sai họ"), CLERK)
        for query in ("nguyen van du", "phung van", "van duc", "p"):
            want = _answers(lite, query, "name")
            assert _answers(server, query, "name") == want, query
        assert _answers(lite, "phung", "name")[0] and len(_answers(lite, "nguyen van du", "name")[0]) == 3
    finally:
        server.close()


def test_an_unreachable_server_is_said_plainly(tmp_path):
    from app.models.centre import CentreConfig, write_config

    paths = AppPaths(tmp_path / "q").ensure()
    write_config(paths.data_dir, CentreConfig("postgresql://motcua@127.0.0.1:9/motcua", "d"))
    with pytest.raises(CentreUnreachable, match="Mất kết nối máy chủ Trung tâm"):
        Desk.open(paths)


def test_a_database_of_another_program_is_refused(pg_server, tmp_path):
    name = pg_server.create_database()
    with psycopg.connect(pg_server.url(name), autocommit=True) as conn:
        conn.execute("CREATE TABLE khach_hang (id int)")
    from app.models.centre import CentreConfig, write_config

    paths = AppPaths(tmp_path / "q").ensure()
    write_config(paths.data_dir, CentreConfig(pg_server.url(name), "d"))
    with pytest.raises(DatabaseError, match="không phải của Một Cửa"):
        Desk.open(paths)


def test_a_server_lost_mid_day_writes_nothing_and_work_resumes_when_it_answers(tmp_path):
    """A server of its own (the suite's shared one keeps running): stopped between two intakes."""
    from app.models.centre import CentreConfig, write_config
    from app.services.setup import initialise
    from tests.conftest import ADMIN
    from tests.pg import PgServer

    server = PgServer.start()
    try:
        paths = AppPaths(tmp_path / "q").ensure()
        write_config(paths.data_dir, CentreConfig(server.url(server.create_database()), "d1"))
        desk = Desk.open(paths)
        initialise(desk, agency_code="000.17.22.H56", agency_name="Trung tâm xã Tân Lập", actor=ADMIN)
        request = IntakeRequest(procedure="HT-XNHN", applicant=PersonIn(name="Lê Văn An"))
        first = receive(desk, request, CLERK).code
        server.pause()
        with pytest.raises(CentreUnreachable, match="Mất kết nối máy chủ Trung tâm: chưa ghi gì"):
            receive(desk, request, CLERK)
        server.resume()
        second = receive(desk, request, CLERK).code  # the same open desk: no restart of the app
        assert (first[-4:], second[-4:]) == ("0001", "0002")
        with desk.db.read() as s:
            assert s.execute(text("SELECT count(*) FROM dossiers")).scalar() == 2
        desk.close()
    finally:
        server.stop()


def test_connections_the_server_ended_are_all_replaced_before_the_next_save(centre, pg_server):
    """An administrator restarts the server or ends the counters' sessions (pg_terminate_backend): every
    connection this counter keeps open is dead, not only the first one found; the next saves succeed."""
    desk = Desk.open(centre.counters(1)[0], clock=centre.clock)
    try:
        engine = desk.db.engine
        held = [engine.connect() for _ in range(4)]  # four pooled connections, as the readers and the writer keep
        for conn in held:
            conn.execute(text("SELECT 1"))
        for conn in held:
            conn.close()
        with pg_server.admin() as admin:
            ended = admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                                  "AND application_name = 'motcua'", (centre.url.rsplit("/", 1)[1],)).fetchall()
        assert len(ended) >= 4
        codes = []
        for _ in range(3):
            held = [engine.connect() for _ in range(3)]  # the stale ones are checked out again, all at once
            codes.append(receive(desk, IntakeRequest(procedure="HT-XNHN", applicant=PersonIn(name="Lê Văn An")),
                                 CLERK).code)
            for conn in held:
                assert conn.execute(text("SELECT 1")).scalar() == 1
                conn.close()
        assert [c[-4:] for c in codes] == ["0001", "0002", "0003"]
    finally:
        desk.close()


def test_a_connection_used_a_moment_ago_goes_without_a_ping_one_idle_for_long_is_pinged(centre, monkeypatch):
    """No `SELECT 1` round trip before every Save and search (app.models.pg_alive): a pooled connection
    whose socket has nothing to read and that was used a moment ago is trusted; one idle for longer than
    PING_AFTER_IDLE is pinged first."""
    from app.models import pg_alive

    desk = Desk.open(centre.counters(1)[0], clock=centre.clock)
    try:
        dialect = desk.db.engine.dialect
        pings: list[int] = []
        real = dialect.do_ping
        monkeypatch.setattr(dialect, "do_ping", lambda conn: pings.append(1) or real(conn))
        request = IntakeRequest(procedure="HT-XNHN", applicant=PersonIn(name="Lê Văn An"))
        codes = [receive(desk, request, CLERK).code for _ in range(5)]
        assert len(set(codes)) == 5 and pings == []
        monkeypatch.setattr(pg_alive, "PING_AFTER_IDLE", 0.0)
        receive(desk, request, CLERK)
        assert pings
    finally:
        desk.close()


def test_saves_are_on_the_servers_disk_even_when_it_is_set_to_acknowledge_early(centre, pg_server):
    """The suite's server runs with synchronous_commit = off (a crash loses the last commits); a counter's
    sessions turn it on, so a dossier whose slip was printed survives a power cut of the server."""
    with pg_server.admin() as admin:
        assert admin.execute("SHOW synchronous_commit").fetchone() == ("off",)
    desk = Desk.open(centre.counters(1)[0], clock=centre.clock)
    try:
        with desk.db.read() as s:
            assert s.execute(text("SHOW synchronous_commit")).scalar() == "on"
        with desk.db.write() as s:
            assert s.execute(text("SHOW synchronous_commit")).scalar() == "on"
        raw = desk.db.raw_connection()
        try:
            assert raw.execute("SHOW synchronous_commit").fetchone()[0] == "on"
        finally:
            raw.close()
    finally:
        desk.close()


def test_reads_ask_the_server_without_a_transaction_and_writes_are_one(centre):
    """A read (a search, the intake's catalogue lookup) runs its statements without BEGIN and ROLLBACK
    around them, two round trips fewer; a write is one transaction."""
    from psycopg.pq import TransactionStatus

    desk = Desk.open(centre.counters(1)[0], clock=centre.clock)
    try:
        with desk.db.read() as s:
            assert s.execute(text("SELECT count(*) FROM dossiers")).scalar() == 0
            assert s.connection().connection.driver_connection.info.transaction_status == TransactionStatus.IDLE
        with desk.db.write() as s:
            assert s.execute(text("SELECT count(*) FROM dossiers")).scalar() == 0
            assert s.connection().connection.driver_connection.info.transaction_status == TransactionStatus.INTRANS
    finally:
        desk.close()
