"""The results as rows (target, measured, naive baseline, ratio, met) and as a Markdown page.

Ratios are naive ÷ app for times and app ÷ naive for rates, both from medians, so a ratio above 1 says
how many times the app's way beats the naive one; medians hold up better than p95 on a shared machine.
A time target written "p95 ≤ …" in design.md is judged on p95, a plain "≤ …" on the median.
"""

from __future__ import annotations


def _ms(v: float) -> str:
    if v >= 1000:
        return f"{v / 1000:.2f} s"
    if v >= 100:
        return f"{v:.0f} ms"
    if v >= 10:
        return f"{v:.1f} ms"
    return f"{v:.2f} ms"


def _times(s: dict) -> str:
    return f"p50 {_ms(s['p50_ms'])} · p95 {_ms(s['p95_ms'])} (n={s['n']})"


def _ratio(x: float | None) -> str:
    if x is None:
        return "—"
    return f"{x:,.0f}×" if x >= 100 else f"{x:.1f}×" if x >= 10 else f"{x:.2f}×"


def _time_row(key: str, what: str, target: str, limit_ms: float, use: str, app: dict, naive: dict,
              naive_way: str, note: str = "") -> dict:
    measured = app[f"{use}_ms"]
    return {"key": key, "what": what, "target": target, "measured": _times(app),
            "baseline": f"{_times(naive)} — {naive_way}", "ratio": naive["p50_ms"] / app["p50_ms"],
            "met": measured <= limit_ms, "value": measured, "note": note}


SEARCH_LABELS = {"code": "search by code", "id": "search by ID number", "phone": "search by phone",
                 "name": "search by name prefix, folded", "address": "search by address prefix, folded"}


def rows(r: dict) -> list[dict]:
    out: list[dict] = []
    if "intake" in r:
        i = r["intake"]
        out.append(_time_row("intake", "intake through the service (validate, save, event, audit, outbox)",
                             "p95 ≤ 30 ms", 30, "p95", i["app"], i["naive"],
                             f"every statement committed on its own ({i['commits_per_naive_intake']} commits)"))
    if "pdf" in r:
        p = r["pdf"]
        out.append(_time_row("pdf", "Mẫu 01 PDF with barcode (A5, both copies)", "≤ 15 ms", 15, "p50",
                             p["app"], p["naive"], "fonts registered again on every call"))
    for mode, s in r.get("search", {}).items():
        limit, target = (5, "p95 ≤ 5 ms") if mode in ("code", "id", "phone") else (20, "p95 ≤ 20 ms")
        way = ("LIKE '%…%' over the plain column" if mode in ("name", "address")
               else "full scan (NOT INDEXED)")
        out.append(_time_row(f"search_{mode}", f"{SEARCH_LABELS[mode]} «{s['example_query']}»", target, limit,
                             "p95", s["app"], s["naive"], way,
                             note=f"found {s['app_found']}/{s['app']['n']}, naive {s['naive_found']}/{s['naive']['n']}"))
    if "list" in r:
        lp = r["list"]
        out.append(_time_row("list_first", f"dossier list, first page of {lp['page_rows']} (keyset)", "p95 ≤ 10 ms",
                             10, "p95", lp["first"]["app"], lp["first"]["naive"], "sorted without the index"))
        out.append(_time_row("list_deep", f"dossier list, page at row {lp['deep_offset']:,} (keyset)",
                             "p95 ≤ 10 ms", 10, "p95", lp["deep"]["app"], lp["deep"]["naive"], "OFFSET paging"))
    if "overdue" in r:
        o = r["overdue"]
        out.append(_time_row("overdue", f"overdue count ({o['count']:,})", "p95 ≤ 10 ms", 10, "p95", o["app"],
                             o["naive"], "every dossier read and counted in Python"))
    if "report" in r:
        m = r["report"]
        out.append(_time_row("report", f"monthly report ({m['period']})", "≤ 1 s", 1000, "p50", m["app"],
                             m["naive"], "Python loop over the month's ORM rows",
                             note="same totals" if m["same"] else "TOTALS DIFFER"))
    if "push" in r:
        p = r["push"]
        mem = p["memory"]
        rate, naive_rate = p["dossiers_per_second"], p["naive"]["dossiers_per_second"]
        flat = mem["growth_second_half_mb"] <= 20
        runs = ", ".join(f"{x['dossiers_per_second']:,.0f}" for x in p["runs"])
        out.append({"key": "push", "what": f"push {p['dossiers']:,} dossiers ({p['changes']:,} changes) to the "
                    "receiver on 127.0.0.1", "target": "≥ 5,000 dossiers/s, memory flat",
                    "measured": f"{rate:,.0f} dossiers/s in {p['seconds']:.1f} s (median of {len(p['runs'])} runs: {runs}/s); "
                    f"peak RSS {mem['peak_rss_mb']:.0f} MB, "
                    f"+{mem['growth_second_half_mb']:.0f} MB in the second half of the run",
                    "baseline": f"{naive_rate:,.0f} dossiers/s — one HTTP request per dossier "
                    f"({p['naive']['dossiers']:,}-dossier sample)",
                    "ratio": rate / naive_rate if rate and naive_rate else None,
                    "met": bool(rate and rate >= 5000 and flat), "value": rate,
                    "note": f"CPU: client {mem['client_cpu_seconds']:.1f} s, receiver {mem['receiver_cpu_seconds']:.1f} s"})
    if "selftest" in r:
        st = r["selftest"]
        out.append(_time_row("selftest", "`motcua selftest` cold start (new process, offscreen)", "≤ 2 s", 2000,
                             "p50", st["app"], st["naive"], "floor: empty QApplication + main window grab",
                             note="ok" if st["ok"] else "SELFTEST FAILED"))
    if "build" in r and "rate_reported" in r["build"]:
        b = r["build"]
        service = r.get("intake", {}).get("rate_per_second")
        out.append({"key": "demo_data", "what": f"demo-data bulk load ({b['reported']['dossiers']:,} dossiers)",
                    "target": "≥ 20,000 dossiers/s",
                    "measured": f"{b['rate_reported']:,.0f} dossiers/s ({b['reported']['seconds']:.0f} s: plan "
                    f"{b['reported']['plan_seconds']:.0f} s, insert {b['reported']['insert_seconds']:.0f} s, "
                    f"indexes+FTS {b['reported']['index_seconds']:.0f} s)",
                    "baseline": f"{service:,.0f} dossiers/s — one by one through the intake service" if service else "—",
                    "ratio": b["rate_reported"] / service if service else None,
                    "met": b["rate_reported"] >= 20000, "value": b["rate_reported"], "note": ""})
    if "size" in r:
        z = r["size"]
        parts = z["parts_bytes"]
        out.append({"key": "size", "what": "database size per 1,000,000 dossiers", "target": "(no target)",
                    "measured": f"{z['gb_per_million']:.2f} GB (tables {parts['tables'] / 1e9 * 1e6 / z['dossiers']:.2f}, "
                    f"indexes {parts['indexes'] / 1e9 * 1e6 / z['dossiers']:.2f}, "
                    f"full-text {parts['fts'] / 1e9 * 1e6 / z['dossiers']:.2f} GB)",
                    "baseline": f"{z['tables_only_gb_per_million']:.2f} GB — the tables alone, no index",
                    "ratio": None, "met": None, "value": z["gb_per_million"], "note": ""})
    return out


METHOD = [
    "One run does everything on one database built by `motcua demo-data` (bulk path, fixed seed); reads first, "
    "then the cold start, the push (it marks the backlog sent), intake last (it adds dossiers).",
    "Reads open a session per call, as the app's background jobs do; search targets are 200 dossiers drawn "
    "across the archive with the seed, and every answer is checked (the dossier is found; list pages, the "
    "overdue count and the report totals equal the naive way's).",
    "Intake is `services.intake.receive` with realistic applicants; the naive way is the same service over an "
    "engine without BEGIN, so every statement commits (and fsyncs) on its own.",
    "The push is `motcua sync --until-empty --json` in its own process against `python -m app.sync.receiver` "
    "(synchronous=NORMAL) on 127.0.0.1, three times over the same backlog; memory is the process's VmRSS "
    "sampled every 50 ms and its VmHWM peak. The naive push is the same runner with one dossier per request.",
    "The cold start is a new `motcua selftest --json` process (offscreen), timed from spawn to exit, starting from compiled bytecode as an installed app does (a bytecode cache of its own, filled by one uncounted run).",
]


def notes(r: dict) -> list[str]:
    """Facts measured in the run that say where the time of a slow target goes."""
    out = []
    b = r.get("build", {}).get("reported")
    if b:
        n = b["dossiers"]
        out.append(f"demo-data: {b['seconds']:.0f} s for {n:,} dossiers = plan {b['plan_seconds']:.0f} s + insert "
                   f"{b['insert_seconds']:.0f} s ({b['insert_seconds'] / n * 1e6:.0f} µs of wall time per dossier; "
                   f"one thread writes every row while two worker processes generate them) + indexes and full-text "
                   f"rebuild {b['index_seconds']:.0f} s; 20,000 dossiers/s means {n / 20000:.0f} s in all."
                   + (f" The loader and its workers used {r['build']['cpu_seconds']:.0f} s of CPU in "
                      f"{r['build']['wall_seconds']:.0f} s ({r['build']['cpu_seconds'] / r['build']['wall_seconds']:.1f} "
                      f"of {r['facts']['cpu_count']} cores busy on average)." if "cpu_seconds" in r["build"] else ""))
    p = r.get("push")
    if p:
        m = p["memory"]
        busier = "client" if m["client_cpu_seconds"] >= m["receiver_cpu_seconds"] else "receiver"
        out.append(f"push: client CPU {m['client_cpu_seconds']:.1f} s and receiver CPU {m['receiver_cpu_seconds']:.1f} s "
                   f"in {m['wall_seconds']:.1f} s of wall time ({p['batches']} batches): the {busier} is the busier "
                   "side of the two cores.")
    st = r.get("selftest")
    if st and st["inside"].get("total_seconds") is not None:
        x = st["inside"]
        out.append(f"selftest: {x['total_seconds']:.2f} s inside the command (window {x['window_seconds']:.2f} s, first "
                   f"list page {x['first_page_seconds'] * 1000:.0f} ms, slip {x['slip_ms']:.0f} ms); the rest of the "
                   f"{st['app']['p50_ms'] / 1000:.2f} s is starting Python and importing Qt and the database layer"
                   + (f" (`motcua --version` alone takes {st['version']['p50_ms'] / 1000:.2f} s)." if "version" in st else "."))
    i = r.get("intake")
    if i:
        out.append(f"intake: one fsync costs {r['facts'].get('fsync_ms', '?')} ms on this disk, so committing "
                   f"{i['commits_per_naive_intake']} times instead of once costs little here; where one fsync "
                   "takes 5–10 ms (a laptop disk) every extra commit adds that much.")
    return out


def markdown(result: dict) -> str:
    f = result["facts"]
    lines = [
        "# Benchmarks at archive scale", "",
        f"`make bench` (`python -m bench --dossiers {result['dossiers']:,}`), {f['started_at']}, "
        f"commit {f['git_commit'] or '?'}; the whole run took {result['seconds'] / 60:.1f} min.", "",
        f"Machine: {f['cpu_count']} CPUs ({f['cpu_model']}), {f['memory_gb']} GB RAM, {f['platform']}; "
        f"Python {f['python']}, SQLite {f['sqlite']}, PySide6 {f['pyside6']}, SQLAlchemy {f['sqlalchemy']}, "
        f"reportlab {f['reportlab']}. Load average at start {', '.join(map(str, f['load_average_at_start']))}, at end "
        f"{', '.join(map(str, f.get('load_average_at_end', [])))} (other work on the machine slows every figure alike; "
        f"the ratios hold). One 4 KiB write + fsync: {f.get('fsync_ms', '?')} ms.",
        "", f"Database: {result['build'].get('command') or result['build']['source']}.", "",
        "| what | target | measured | naive baseline (same run) | ratio | met |",
        "|---|---|---|---|---|---|",
    ]
    for row in result["rows"]:
        met = "—" if row["met"] is None else "yes" if row["met"] else "**no**"
        note = f" ({row['note']})" if row["note"] else ""
        lines.append(f"| {row['what']}{note} | {row['target']} | {row['measured']} | {row['baseline']} | "
                     f"{_ratio(row['ratio'])} | {met} |")
    missed = [row for row in result["rows"] if row["met"] is False]
    lines += ["", "Ratio: naive ÷ app for times, app ÷ naive for rates, from medians (how many times the app's way "
              "beats the naive one; for the cold start the baseline is a floor, so the ratio is below 1). "
              "Targets written «p95 ≤» are judged on p95, plain «≤» on the median. Full samples, the memory trace "
              "of the push and the size breakdown are in `benchmarks.json` beside this table.", ""]
    if missed:
        lines += ["Missed: " + "; ".join(f"{row['key']} ({row['target']})" for row in missed) + ".", ""]
    if "centre" in result:
        from bench import table_pg  # it builds on this module's helpers

        lines += table_pg.markdown(result["centre"], result["rows"])
    lines += ["## How it is measured", "", *[f"- {m}" for m in METHOD], ""]
    lines += ["## Where the time goes", "", *[f"- {n}" for n in notes(result) + result.get("notes", [])], ""]
    return "\n".join(lines)
