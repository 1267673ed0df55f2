"""Importing the provincial register at adoption scale: `python -m bench.import_register --rows 100000`.

Builds a register export of N rows shaped like the provincial system's (title rows, header, text dates,
names in capitals, a totals row) as .xlsx, imports it into a fresh desk with `services.register_import`
(one transaction, chunked bulk inserts) and samples the process's resident memory as the rows go by, so a
flat curve shows that memory does not grow with the file. Against it, the naive import: the same rows read
by the same reader, each written in its own transaction through the ORM (dossier, event, chained audit
entry), timed on a sample and extrapolated. Writes OUT/import_register.json and prints a Markdown table.
Main thread.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import openpyxl

from app.models import Dossier, Event
from app.paths import AppPaths
from app.services import demo_names as N
from app.services.desk import Desk
from app.services.dto import Actor
from app.services.journal import audit
from app.services.register_import import SOURCE, _catalogue, import_register
from app.services.register_rows import RowReader
from app.services.register_sheet import RegisterFile, detect_layout
from app.services.setup import initialise
from app.services.text import fold
from bench.timing import facts, load_average

ADMIN = Actor(username="bench-admin", full_name="Trần Quốc Toản", role="admin", title="Quản trị hệ thống")
HEADER = ["STT", "Mã hồ sơ", "Trích yếu", "Số bộ hồ sơ", "Chủ hồ sơ", "Địa chỉ", "Số điện thoại", "Ngày tiếp nhận",
          "Ngày hẹn trả", "Ngày trả", "Người nhận hồ sơ", "Địa bàn"]
SUMMARIES = ["Đăng ký khai sinh", "Cấp Giấy xác nhận tình trạng hôn nhân", "Chứng thực chữ ký",
             "Xác nhận đơn vay vốn ngân hàng", "Đăng ký kết hôn", "Chứng thực hợp đồng, giao dịch"]
NOW = dt.datetime(2026, 11, 30, 9, 0)


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def export_rows(rows: int, seed: int) -> Iterator[list]:
    rng = random.Random(seed)
    start = dt.datetime(2021, 1, 4, 7, 30)
    span = (NOW - dt.timedelta(days=2) - start).total_seconds()
    for i in range(1, rows + 1):
        received = start + dt.timedelta(seconds=span * i / rows)
        due = received + dt.timedelta(days=rng.choice((0, 3, 5, 7)), hours=2)
        returned = due - dt.timedelta(hours=1) if due < NOW - dt.timedelta(days=1) else None
        name = f"{rng.choice(N.SURNAMES)[0]} {rng.choice(N.MALE_MIDDLE)} {rng.choice(N.MALE_GIVEN)}".upper()
        yield [i, f"000.17.22.H56-{received:%y%m%d}-{i % 10000:04d}-{i}", rng.choice(SUMMARIES), 1, name,
               f"{rng.choice(N.HAMLETS)}, xã Tân Lập", f"09{rng.randrange(10**8):08d}",
               f"{received:%d/%m/%Y %H:%M:%S}", f"{due:%d/%m/%Y %H:%M:%S}",
               f"{returned:%d/%m/%Y %H:%M:%S}" if returned else None, "NGUYỄN THỊ HỒNG", "Xã Tân Lập"]


def build_export(path: Path, rows: int, seed: int) -> Path:
    """The register as .xlsx (openpyxl's streaming writer, inline strings: the slow case to read) or .csv."""
    titles = ["SỔ THEO DÕI HỒ SƠ", "Trung tâm Phục vụ hành chính công xã Tân Lập", "Năm 2021–2026", None]
    totals = ["Tổng cộng", None, f"{rows} hồ sơ"]
    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            out = csv.writer(f)
            out.writerows([[t] for t in titles] + [HEADER])
            out.writerows(export_rows(rows, seed))
            out.writerow(totals)
        return path
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("SoTheoDoi")
    for title in titles:
        ws.append([title])
    ws.append(HEADER)
    for row in export_rows(rows, seed):
        ws.append(row)
    ws.append(totals)
    wb.save(path)
    return path


def fresh_desk(folder: Path) -> Desk:
    desk = Desk.open(AppPaths(folder).ensure(), clock=lambda: NOW)
    initialise(desk, agency_code="000.17.22.H56", agency_name="Trung tâm Phục vụ hành chính công xã Tân Lập",
               parent_name="ỦY BAN NHÂN DÂN XÃ TÂN LẬP", place="Tân Lập", actor=ADMIN)
    return desk


def measure_import(desk: Desk, path: Path) -> dict:
    samples: list[tuple[int, float]] = []
    started = time.perf_counter()
    cpu = time.process_time()
    report = import_register(desk, path, ADMIN, progress=lambda done, total: samples.append((done, rss_mb())))
    seconds = time.perf_counter() - started
    assert report.ok and report.created == report.importable, report.text()[:2000]
    marks = {f"rss_mb_at_{pct}pct": round(next(r for d, r in samples if d >= samples[-1][0] * pct / 100), 1)
             for pct in (10, 50, 100)}
    return {"rows": report.created, "seconds": round(seconds, 2), "cpu_seconds": round(time.process_time() - cpu, 2),
            "rows_per_second": round(report.created / seconds), **marks}


def measure_naive(desk: Desk, path: Path, sample: int) -> dict:
    """One transaction per row through the ORM, the way a first import script is usually written."""
    with RegisterFile(path) as source:
        layout = detect_layout(source)
        now = desk.now()
        with desk.db.read() as s:
            reader = RowReader(layout.field_columns(), _catalogue(s, now, ADMIN, False), desk.calendar, now)
        done = 0
        started, cpu = time.perf_counter(), time.process_time()
        for number, cells in source.rows(layout.first_data_row):
            if done >= sample:
                break
            r = reader.read(number, cells)
            with desk.db.write() as s:
                d = Dossier(uuid=f"naive-{number}", code=f"NAIVE-{r.code}", procedure_id=r.procedure.id or 1,
                            procedure_code=r.procedure_code, procedure_name=r.procedure_name,
                            field_name=r.field_name, limit_kind=r.procedure.limit_kind,
                            limit_value=r.procedure.limit_value, form_set_version=desk.agency.form_set_version,
                            applicant_name=r.applicant_name, applicant_phone=r.phone, applicant_address=r.address,
                            channel=r.channel, summary=r.summary, received_at=r.received_at, due_at=r.due_at,
                            original_due_at=r.due_at, finished_at=r.finished_at, returned_at=r.returned_at,
                            status=r.status, receiver_name=r.receiver_name, device_id=desk.device.id,
                            updated_at=now, search_name=fold(r.applicant_name), search_address=fold(r.address),
                            imported_source=SOURCE, imported_file=path.name, imported_row=number, imported_at=now,
                            imported_by=ADMIN.username)
                s.add(d)
                s.flush()
                s.add(Event(uuid=f"naive-e-{number}", dossier_id=d.id, at=now, kind="import", to_status=r.status,
                            actor=ADMIN.full_name, source="upstream"))
                audit(s, ADMIN, "dossier.import", "dossier", d.code, {"row": number}, at=now)
            done += 1
        seconds = time.perf_counter() - started
    return {"rows_sampled": done, "seconds": round(seconds, 2), "cpu_seconds": round(time.process_time() - cpu, 2),
            "rows_per_second": round(done / seconds)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.import_register", description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", type=int, default=100_000)
    p.add_argument("--naive-sample", type=int, default=2_000, help="rows written the naive way (extrapolated)")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--out", type=Path, default=Path("bench-out"))
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        work = Path(tmp)
        t = time.perf_counter()
        export = build_export(work / "so-theo-doi.xlsx", args.rows, args.seed)
        as_csv = build_export(work / "so-theo-doi.csv", args.rows, args.seed)
        print(f"built {args.rows} rows ({export.stat().st_size / 2**20:.1f} MB) in {time.perf_counter() - t:.1f} s",
              file=sys.stderr)
        desk = fresh_desk(work / "app")
        app = measure_import(desk, export)
        desk.close()
        desk = fresh_desk(work / "app-csv")
        app_csv = measure_import(desk, as_csv)
        desk.close()
        naive_desk = fresh_desk(work / "naive")
        naive = measure_naive(naive_desk, export, args.naive_sample)
        naive_desk.close()
    naive["extrapolated_seconds"] = round(args.rows / naive["rows_per_second"], 1)
    naive["extrapolated_cpu_seconds"] = round(naive["cpu_seconds"] * args.rows / naive["rows_sampled"], 1)
    result = {"rows": args.rows, "target_seconds": 60, "app": app, "app_csv": app_csv, "naive": naive,
              "speedup": round(naive["extrapolated_seconds"] / app["seconds"], 1),
              "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
              "load_average": load_average(), "machine": facts()}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "import_register.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"| Importing {args.rows:,} register rows | app | naive (1 transaction/row) |\n|---|---|---|\n"
          f"| time | {app['seconds']} s ({app['rows_per_second']:,} rows/s) | ≈{naive['extrapolated_seconds']} s "
          f"({naive['rows_per_second']:,} rows/s, {naive['rows_sampled']} sampled) |\n"
          f"| CPU time | {app['cpu_seconds']} s | ≈{naive['extrapolated_cpu_seconds']} s |\n"
          f"| same rows as CSV (UTF-8) | {app_csv['seconds']} s, CPU {app_csv['cpu_seconds']} s | — |\n"
          f"| memory (RSS at 10 % / 50 % / 100 %) | {app['rss_mb_at_10pct']} / {app['rss_mb_at_50pct']} / "
          f"{app['rss_mb_at_100pct']} MB | — |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
