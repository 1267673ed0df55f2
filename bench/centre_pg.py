"""Centre mode on PostgreSQL: `python -m bench.centre_pg [--dossiers N] [--counters 8] [--per-counter K]`.

Starts its own PostgreSQL (tests/pg.py: initdb/pg_ctl in a temporary folder), sets up a centre, loads N
dossiers with one INSERT … SELECT on the server (realistic Vietnamese names and addresses, folded the
way the app folds them), then runs 8 counter processes that each receive K dossiers through the real
intake service while this process searches by name prefix. Reports intake p95 (with the counters
writing at once), search-by-name p95 while they write, and checks: zero duplicate codes, the new codes
one unbroken daily sequence, the search's answers equal to a plain ILIKE-free recount. JSON on stdout.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from app.models.centre import CentreConfig, write_config
from app.paths import AppPaths
from app.services import search as S
from app.services.centre import join
from app.services.desk import Desk
from app.services.dto import Actor, IntakeRequest, PersonIn
from app.services.intake import receive
from app.services.setup import initialise
from app.services.text import fold
from bench.timing import summarize

ROOT = Path(__file__).resolve().parents[1]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
            "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Gia", "Bảo", "Thu", "Xuân"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Đông", "Giang", "Hà", "Hải", "Hoa", "Hùng", "Khánh", "Lan", "Linh",
         "Long", "Mai", "Nam", "Ngân", "Phúc", "Quang", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vy", "Yến", "Ánh",
         "Đức", "Hạnh", "Kiên", "Loan", "Nhung", "Oanh", "Phương", "Thắng", "Uyên"]
PLACES = ["Thôn Đồng Tâm", "Xóm Chợ", "Đội 3", "Số 5 đường Lê Lợi", "Thôn Ngọc Anh", "Xóm Bến", "Khu phố 2"]
QUERIES = ["nguyen van h", "tran thi t", "le thi lan", "pham minh", "hoang gia b", "dang thu", "vo quoc",
           "bui thanh", "ngo xuan", "duong", "ly thi mai", "ho van long"]
NOW = dt.datetime(2026, 11, 20, 9, 0)
CLERK = Actor(username="bench", full_name="Công chức quầy", role="clerk", title="Công chức tiếp nhận")


def _array(values: list[str]) -> str:
    return "ARRAY[" + ",".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def _load(desk: Desk, n: int) -> float:
    """N dossiers in one statement on the server; returns seconds."""
    from sqlalchemy import text

    names = {k: _array(v) for k, v in (("ho", SURNAMES), ("dem", MIDDLE), ("ten", GIVEN), ("noi", PLACES))}
    folded = {k: _array([fold(x) for x in v]) for k, v in (("ho", SURNAMES), ("dem", MIDDLE), ("ten", GIVEN),
                                                           ("noi", PLACES))}
    # Independent picks, so every combination of surname, middle and given name occurs.
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
    t = time.perf_counter()
    with desk.db.write() as s:
        s.execute(text(sql), {"n": n, "start": NOW - dt.timedelta(days=40), "device": desk.device.id})
    with desk.db.engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE dossiers")
    return time.perf_counter() - t


def _counter(data_dir: str, n: int, count: int, barrier: Any) -> tuple[list[float], list[str]]:
    desk = Desk.open(AppPaths(Path(data_dir)), clock=lambda: NOW)
    samples, codes = [], []
    try:
        barrier.wait()
        for i in range(count):
            t = time.perf_counter()
            codes.append(receive(desk, IntakeRequest(procedure="HT-XNHN", applicant=PersonIn(
                name=f"{SURNAMES[i % 16]} {MIDDLE[n % 12]} {GIVEN[i % 36]}", phone=f"0912{n}{i:05d}")), CLERK).code)
            samples.append(time.perf_counter() - t)
    finally:
        desk.close()
    return samples, codes


def _alone(desk: Desk, count: int) -> list[float]:
    """Intake on one counter with nobody else writing (the reference the concurrent figure is read against)."""
    samples = []
    for i in range(count):
        t = time.perf_counter()
        receive(desk, IntakeRequest(procedure="HT-XNHN", applicant=PersonIn(name=f"Lê Văn {GIVEN[i % 36]}")), CLERK)
        samples.append(time.perf_counter() - t)
    return samples


def run(dossiers: int, counters: int, per_counter: int) -> dict:
    from tests.pg import PgServer

    server = PgServer.start()
    folder = Path(server.base.parent) / f"{server.base.name}-bench"
    try:
        url = server.url(server.create_database())
        first = AppPaths(folder / "counter1").ensure()
        write_config(first.data_dir, CentreConfig(url, str(uuid.uuid4())))
        desk = Desk.open(first, clock=lambda: NOW)
        admin = Actor(username="admin", full_name="Quản trị", role="admin")
        initialise(desk, agency_code="000.17.22.H56", agency_name="Trung tâm Phục vụ hành chính công xã Tân Lập",
                   actor=admin, code_template="{agency}-{yymmdd}-{seq:4}")
        load_s = _load(desk, dossiers)
        alone = _alone(desk, 30)
        folders = [first]
        for i in range(2, counters + 1):
            paths = AppPaths(folder / f"counter{i}").ensure()
            write_config(paths.data_dir, CentreConfig(url, str(uuid.uuid4())))
            other = Desk.open(paths, clock=lambda: NOW)
            join(other, admin, f"Quầy {i}")
            other.close()
            folders.append(paths)
        quiet = _searches(desk, rounds=3)
        spawn = multiprocessing.get_context("spawn")
        barrier = spawn.Manager().Barrier(counters + 1)
        with spawn.Pool(counters) as pool:
            runs = [pool.apply_async(_counter, (str(f.data_dir), n, per_counter, barrier))
                    for n, f in enumerate(folders, 1)]
            barrier.wait()
            busy = []
            while not all(r.ready() for r in runs):  # a clerk searching now and then while the others write
                busy.extend(_searches(desk, rounds=1, pause=0.05)["samples"])
            done = [r.get() for r in runs]
        samples = [x for s, _ in done for x in s]
        codes = [c for _, cs in done for c in cs]
        from sqlalchemy import text

        with desk.db.read() as s:
            dup = s.execute(text("SELECT count(*) FROM (SELECT code FROM dossiers GROUP BY code "
                                 "HAVING count(*) > 1) x")).scalar()
        desk.close()
        seqs = sorted(int(c[-4:]) for c in codes)  # after the `alone` ones: one unbroken run past them
        return {"dossiers": dossiers, "load_seconds": round(load_s, 1), "counters": counters,
                "intakes": len(codes), "intake_one_counter": summarize(alone), "intake": summarize(samples),
                "search_name_quiet": summarize(quiet["samples"]), "search_name_while_writing": summarize(busy),
                "duplicate_codes": dup, "one_daily_sequence": seqs == list(range(31, 31 + len(codes))),
                "search_rows_checked": quiet["checked"]}
    finally:
        server.stop()


def _matches(query: str, value: str) -> bool:
    """The words as a phrase in the folded text, the last one a prefix: what the search promises."""
    words, tokens = query.split(), fold(value).split()
    k = len(words)
    return any(tokens[i:i + k - 1] == words[:-1] and tokens[i + k - 1].startswith(words[-1])
               for i in range(len(tokens) - k + 1))


def _searches(desk: Desk, rounds: int, pause: float = 0.0) -> dict:
    samples, checked = [], 0
    for _ in range(rounds):
        for q in QUERIES:
            t = time.perf_counter()
            with desk.db.read() as s:
                page = S.search(s, q, limit=50, now=NOW)
            samples.append(time.perf_counter() - t)
            assert page.rows and all(_matches(q, r.applicant_name) or _matches(q, r.applicant_address)
                                     for r in page.rows), q
            checked += len(page.rows)
            time.sleep(pause)
    return {"samples": samples, "checked": checked}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.centre_pg")
    p.add_argument("--dossiers", type=int, default=200_000)
    p.add_argument("--counters", type=int, default=8)
    p.add_argument("--per-counter", type=int, default=50)
    args = p.parse_args(argv)
    json.dump(run(args.dossiers, args.counters, args.per_counter), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
