"""The PostgreSQL column of `make bench` (centre mode), and `python -m bench.centre_pg` on its own.

Starts its own PostgreSQL (tests/pg.py: initdb/pg_ctl in a temporary folder, shared_buffers = 1 GB as on
a centre's server), sets up a centre, and fills it with the SQLite benchmark's own dossiers (the same
rows, so both columns answer the same questions; events, outbox and audit rows are not copied) or, on
its own without --from-sqlite, with N generated ones. Then, with the SQLite benchmark's targets: search
by code, ID number, phone, name and address prefix, the list's first and a deep page, the overdue count,
and one counter's intake; then 8 counter processes (bench.counters) that receive dossiers at once while
this process searches by name like a clerk. JSON on stdout when run on its own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sqlite3
import sys
import time
import uuid
from pathlib import Path

from sqlalchemy import text

from app.models.centre import CentreConfig, write_config
from app.paths import AppPaths
from app.services.desk import Desk
from app.services.dto import Actor
from app.services.setup import initialise
from app.services.text import fold
from bench import counters, reads, writes
from bench.timing import load_average

AGENCY, AGENCY_NAME = "000.17.22.H56", "Trung tâm Phục vụ hành chính công xã Tân Lập"
ADMIN = Actor(username="admin", full_name="Quản trị", role="admin")
SERVER_CONF = "shared_buffers = 1GB\n"
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
            "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Gia", "Bảo", "Thu", "Xuân"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Đông", "Giang", "Hà", "Hải", "Hoa", "Hùng", "Khánh", "Lan", "Linh",
         "Long", "Mai", "Nam", "Ngân", "Phúc", "Quang", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vy", "Yến", "Ánh",
         "Đức", "Hạnh", "Kiên", "Loan", "Nhung", "Oanh", "Phương", "Thắng", "Uyên"]
PLACES = ["Thôn Đồng Tâm", "Xóm Chợ", "Đội 3", "Số 5 đường Lê Lợi", "Thôn Ngọc Anh", "Xóm Bến", "Khu phố 2"]


def _array(values: list[str]) -> str:
    return "ARRAY[" + ",".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def generate(desk: Desk, n: int, start: dt.datetime) -> None:
    """N dossiers in one statement on the server: every combination of 16 surnames, 12 middle and 36 given
    names occurs (a harsh case for phrase search: "nguyen van h" is ~60,000 × ~80,000 rows to intersect)."""
    parts = {"ho": SURNAMES, "dem": MIDDLE, "ten": GIVEN, "noi": PLACES}
    names = {k: _array(v) for k, v in parts.items()}
    folded = {k: _array([fold(x) for x in v]) for k, v in parts.items()}
    pick = {"ho": "1 + g % 16", "dem": "1 + (g / 16) % 12", "ten": "1 + (g / 192) % 36", "noi": "1 + (g / 7) % 7"}
    name = " || ' ' || ".join(f"({names[k]})[{pick[k]}]" for k in ("ho", "dem", "ten"))
    fname = " || ' ' || ".join(f"({folded[k]})[{pick[k]}]" for k in ("ho", "dem", "ten"))
    sql = f"""
        INSERT INTO dossiers (uuid, code, procedure_id, procedure_code, procedure_name, field_name, limit_kind,
          limit_value, form_set_version, applicant_name, applicant_id_kind, applicant_id_number, applicant_sex,
          applicant_phone, applicant_email, applicant_address, applicant_type, owner_name, owner_id_kind,
          owner_id_number, owner_sex, owner_phone, owner_address, channel, result_delivery, priority_group,
          sets_count, fee_amount, fee_exempt, summary, note, handling_unit, register_book, register_seq,
          received_at, due_at, original_due_at, status, collected_by, supplement_count, rating, rating_comment,
          receiver_name, device_id, version, updated_at, search_name, search_address)
        SELECT md5(g::text)::uuid::text, 'LUU-' || lpad(g::text, 8, '0'), p.id, p.key, p.name, p.field,
          p.limit_kind, p.limit_value, 'TT01/2018', {name}, 'cccd', lpad((g::bigint * 7919 % 1000000000000)::text, 12, '0'),
          '', '09' || lpad((g % 100000000)::text, 8, '0'), '', ({names['noi']})[{pick['noi']}] || ', xã Tân Lập', 1,
          '', '', '', '', '', '', 'counter', 'counter', '', 1, 0, false, p.name, '', '', '2025', g,
          :start - (g % 700) * interval '1 hour', :start + interval '3 days', :start + interval '3 days',
          CASE WHEN g % 5 = 0 THEN 4 ELSE 10 END, '', 0, '', '', 'Lưu trữ', :device, 1,
          :start, {fname}, ({folded['noi']})[{pick['noi']}] || ' xa tan lap'
        FROM generate_series(1, :n) g, (SELECT * FROM procedures ORDER BY id LIMIT 1) p"""
    with desk.db.write() as s:
        s.execute(text(sql), {"n": n, "start": start, "device": desk.device.id})


def copy_from_sqlite(desk: Desk, url: str, db: Path) -> int:
    """The SQLite benchmark's dossiers, ids kept, through COPY; the procedure, device and receiver ids
    are the centre's own (by procedure code; the device is this counter; no receiver account). Returns
    how many were copied."""
    import psycopg

    with desk.db.read() as s:
        pg_cols = list(s.execute(text(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'dossiers' "
            "AND is_generated = 'NEVER' ORDER BY ordinal_position")).scalars())
        procs = dict(s.execute(text("SELECT key, id FROM procedures")).all())
        procs |= dict(s.execute(text("SELECT national_code, id FROM procedures WHERE national_code <> ''")).all())
    fallback, device = min(procs.values()), desk.device.id
    src = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        cols = [c for c in pg_cols if c in {r[1] for r in src.execute("PRAGMA table_info(dossiers)")}]
        at = {c: i for i, c in enumerate(cols)}
        copied = 0
        with psycopg.connect(url, autocommit=True) as conn, conn.cursor() as cur:
            with cur.copy(f"COPY dossiers ({', '.join(cols)}) FROM STDIN") as copy:
                for row in src.execute(f"SELECT {', '.join(cols)} FROM dossiers ORDER BY id"):
                    values = list(row)
                    values[at["procedure_id"]] = procs.get(values[at["procedure_code"]], fallback)
                    values[at["device_id"]] = device
                    if "receiver_user_id" in at:
                        values[at["receiver_user_id"]] = None
                    copy.write_row(values)
                    copied += 1
            conn.execute("SELECT setval(pg_get_serial_sequence('dossiers', 'id'), max(id)) FROM dossiers")
    finally:
        src.close()
    return copied


def start_server():  # type: ignore[no-untyped-def]
    from tests.pg import PgServer

    server = PgServer.start()
    server.pause()
    with open(server.data / "postgresql.conf", "a", encoding="utf-8") as conf:
        conf.write(SERVER_CONF)
    server.resume()
    return server


def open_centre(server, folder: Path, clock) -> tuple[Desk, str]:  # type: ignore[no-untyped-def]
    url = server.url(server.create_database())
    first = AppPaths(folder / "counter1").ensure()
    write_config(first.data_dir, CentreConfig(url, str(uuid.uuid4())))
    desk = Desk.open(first, clock=clock)
    initialise(desk, agency_code=AGENCY, agency_name=AGENCY_NAME, actor=ADMIN,
               code_template="{agency}-{yymmdd}-{seq:4}")
    return desk, url


def run(folder: Path, *, sqlite_db: Path | None, dossiers: int, now: dt.datetime, reps: dict[str, int],
        n_counters: int, per_counter: int, paced: int, pace: tuple[float, float], seed: int) -> dict:
    """Everything the PostgreSQL column shows, as a dict (bench.table renders it)."""
    server = start_server()
    out: dict = {"server": SERVER_CONF.strip(), "load_average_at_start": load_average()}
    # Intakes happen on a day after the archive, so that the centre's fresh daily counter cannot meet a
    # code the copied dossiers already hold.
    day = (now + dt.timedelta(days=7)).replace(hour=9, minute=0, second=0, microsecond=0)
    try:
        desk, url = open_centre(server, folder, lambda: day)
        try:
            t = time.perf_counter()
            if sqlite_db is not None:
                out["copied"] = copy_from_sqlite(desk, url, sqlite_db)
                out["source"] = "the SQLite benchmark's dossiers, copied (COPY)"
            else:
                generate(desk, dossiers, now - dt.timedelta(days=40))
                out["source"] = f"{dossiers:,} generated dossiers (16 × 12 × 36 names)"
            with desk.db.engine.connect() as conn:
                conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
            out["load_seconds"] = round(time.perf_counter() - t, 1)
            with desk.db.read() as s:
                out["dossiers"] = s.execute(text("SELECT count(*) FROM dossiers")).scalar()
                out["database_bytes"] = s.execute(text("SELECT pg_database_size(current_database())")).scalar()
            targets = reads.sample(desk, 200, seed)
            out["search"] = reads.search_modes(desk, targets, reps["search"], 0, now)
            out["list"] = reads.list_pages(desk, reps["list"], 0, now)
            out["overdue"] = reads.overdue(desk, reps["overdue"], 0, now)
            out["intake"] = writes.intake_bench(desk, reps["intake"], 0, seed)
            names = [reads.name_prefix(x["applicant_name"]) for x in targets]
            out["counters"] = counters.run(desk, folder, url, names, n=n_counters, per_counter=per_counter,
                                           paced=paced, pace=pace, clock_at=day, seed=seed,
                                           server_pid=server.postmaster_pid())
        finally:
            desk.close()
    finally:
        server.stop()
    out["load_average_at_end"] = load_average()
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.centre_pg", description=__doc__.split("\n\n")[0])
    p.add_argument("--dossiers", type=int, default=200_000, help="generated dossiers (without --from-sqlite)")
    p.add_argument("--from-sqlite", type=Path, help="copy the dossiers of this SQLite store instead")
    p.add_argument("--counters", type=int, default=8)
    p.add_argument("--per-counter", type=int, default=50, help="intakes per counter, back to back")
    p.add_argument("--paced", type=int, default=20, help="intakes per counter at a counter's pace")
    p.add_argument("--out", type=Path, default=Path("bench-out"))
    p.add_argument("--seed", type=int, default=2026)
    a = p.parse_args(argv)
    folder = a.out.resolve() / "centre"
    reps = {"search": 200, "list": 200, "overdue": 200, "intake": 200}
    # Now, as `make bench` does: the intakes come a week after it, past every code of a copied archive.
    result = run(folder, sqlite_db=a.from_sqlite, dossiers=a.dossiers, now=dt.datetime.now().replace(microsecond=0),
                 reps=reps, n_counters=a.counters, per_counter=a.per_counter, paced=a.paced, pace=(1.0, 2.0),
                 seed=a.seed)
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1, default=str)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
