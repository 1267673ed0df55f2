"""`python -m bench --dossiers N --out DIR`: build an archive of N dossiers with `motcua demo-data`, measure
every target of design.md beside its naive way, write DIR/benchmarks.json and DIR/benchmarks.md.

Order matters: reads first (on the database as built), then the cold start, then the push (it marks
the backlog sent), then intake (it adds dossiers). Repetitions are sized so that 1,000,000 dossiers
finish well inside 30 minutes on two cores; the slow naive ways are sampled. `--quick` is the smoke
size used by the test suite. Main thread.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
import time
from pathlib import Path

from app.paths import AppPaths
from app.services.desk import Desk
from bench import build as builder
from bench import outputs, push, reads, startup, table, writes
from bench.timing import facts, fsync_ms, load_average


def _args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    p.add_argument("--dossiers", type=int, default=1_000_000)
    p.add_argument("--backlog", type=int, default=100_000, help="dossiers waiting in the outbox (push target)")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--out", type=Path, default=Path("bench-out"))
    p.add_argument("--docs", type=Path, help="also write the Markdown table here (docs/benchmarks.md)")
    p.add_argument("--reuse", type=Path, help="copy this ready data folder instead of building (load rate not measured)")
    p.add_argument("--in-place", type=Path, help="measure this data folder as it is (changes it; for iterating on the "
                   "harness: the load rate is not measured and the push backlog is put back in the queue)")
    p.add_argument("--quick", action="store_true", help="few repetitions: the smoke run of the test suite")
    p.add_argument("--render", type=Path, help="only rewrite the table from a benchmarks.json of an earlier run")
    p.add_argument("--only", default="",
                   help="comma list of parts: search,list,overdue,report,pdf,selftest,push,intake,centre")
    p.add_argument("--counters", type=int, default=8, help="centre: counter processes writing at once")
    p.add_argument("--per-counter", type=int, default=50, help="centre: intakes per counter, back to back")
    p.add_argument("--paced", type=int, default=20, help="centre: intakes per counter at one every 1–2 s")
    return p.parse_args(argv)


# (app repetitions, naive repetitions) per part, full and quick; for the push: (full runs, naive sample).
REPS = {
    "search": ((200, 5), (20, 2)), "list": ((200, 5), (20, 2)), "overdue": ((200, 3), (20, 1)),
    "report": ((7, 3), (2, 1)), "pdf": ((100, 10), (10, 2)), "selftest": ((5, 3), (1, 1)),
    "intake": ((200, 20), (10, 3)), "push": ((3, 1000), (1, 50)),
}


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def _centre(a: argparse.Namespace, out: Path, db: Path, now: dt.datetime, reps: dict[str, tuple]) -> dict:
    """The PostgreSQL column: the same dossiers copied into a server of its own, then 8 counters at once."""
    from bench import centre_pg, table_pg

    folder = out / "centre"
    if folder.exists():
        shutil.rmtree(folder)
    pace = (0.05, 0.1) if a.quick else (1.0, 2.0)
    c = centre_pg.run(folder, sqlite_db=db, dossiers=a.dossiers, now=now, reps={k: v[0] for k, v in reps.items()},
                      n_counters=2 if a.quick else a.counters, per_counter=4 if a.quick else a.per_counter,
                      paced=3 if a.quick else a.paced, pace=pace, seed=a.seed)
    c["rows"] = table_pg.rows(c)
    return c


def render(source: Path, docs: Path | None) -> int:
    result = json.loads(source.read_text(encoding="utf-8"))
    result["rows"] = table.rows(result)
    source.write_text(json.dumps(result, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    md = table.markdown(result)
    source.with_suffix(".md").write_text(md, encoding="utf-8")
    if docs:
        docs.write_text(md, encoding="utf-8")
    print(md)
    return 0


def main(argv: list[str] | None = None) -> int:
    a = _args(argv)
    if a.render:
        return render(a.render, a.docs)
    started = time.perf_counter()
    result: dict = {"facts": facts(), "dossiers": a.dossiers, "seed": a.seed, "phases_seconds": {}, "notes": []}
    out = a.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    result["facts"]["fsync_ms"] = fsync_ms(out)
    data_dir = out / "data"
    only = set(filter(None, a.only.split(",")))
    want = lambda part: not only or part in only  # noqa: E731

    def phase(name: str, fn):  # type: ignore[no-untyped-def]
        log(f"{name} …")
        t = time.perf_counter()
        value = fn()
        result["phases_seconds"][name] = round(time.perf_counter() - t, 1)
        log(f"{name} done in {result['phases_seconds'][name]} s")
        return value

    reps = {k: v[1] if a.quick else v[0] for k, v in REPS.items()}
    backlog = min(a.backlog, a.dossiers)
    if a.in_place:
        data_dir = a.in_place.resolve()
        result["build"] = {"source": f"in place: {data_dir}"}
        if want("push"):
            result["build"]["requeued"] = push.requeue(data_dir / builder.DB_NAME, backlog)
    elif a.reuse:
        result["build"] = phase("copy", lambda: builder.reuse(a.reuse, data_dir))
    else:
        result["build"] = phase("build", lambda: builder.build(data_dir, a.dossiers, backlog, a.seed))
    db = data_dir / builder.DB_NAME
    result["size"] = phase("size", lambda: builder.size(db))
    result["dossiers"] = result["size"]["dossiers"]
    desk = Desk.open(AppPaths(data_dir).ensure())
    try:
        now = desk.now()
        targets = reads.sample(desk, 200, a.seed)
        if want("search"):
            result["search"] = phase("search", lambda: reads.search_modes(desk, targets, *reps["search"], now))
        if want("list"):
            result["list"] = phase("list", lambda: reads.list_pages(desk, *reps["list"], now))
        if want("overdue"):
            result["overdue"] = phase("overdue", lambda: reads.overdue(desk, *reps["overdue"], now))
        if want("report"):
            result["report"] = phase("report", lambda: outputs.monthly_report(desk, *reps["report"]))
        if want("pdf"):
            result["pdf"] = phase("pdf", lambda: outputs.receipt_pdf(desk, *reps["pdf"]))
        if want("selftest"):
            result["selftest"] = phase("selftest", lambda: startup.selftest_bench(data_dir, *reps["selftest"]))
        if want("push"):
            result["push"] = phase("push", lambda: push.push_bench(desk, data_dir, out, *reps["push"]))
        if want("intake"):
            result["intake"] = phase("intake", lambda: writes.intake_bench(desk, *reps["intake"], a.seed))
    finally:
        desk.close()
    if want("centre"):
        result["centre"] = phase("centre", lambda: _centre(a, out, db, now, reps))
    result["seconds"] = round(time.perf_counter() - started, 1)
    result["facts"]["load_average_at_end"] = load_average()
    result["rows"] = table.rows(result)
    (out / "benchmarks.json").write_text(json.dumps(result, ensure_ascii=False, indent=1, default=str),
                                         encoding="utf-8")
    md = table.markdown(result)
    (out / "benchmarks.md").write_text(md, encoding="utf-8")
    if a.docs:
        a.docs.write_text(md, encoding="utf-8")
    print(md)
    log(f"all done in {result['seconds'] / 60:.1f} min; {out / 'benchmarks.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
