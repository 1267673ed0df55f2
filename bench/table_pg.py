"""The PostgreSQL column (centre mode) as rows and as a Markdown table beside the SQLite one: the same
targets and row names where they correspond, then the eight counters writing at once."""

from __future__ import annotations

from bench.table import SEARCH_LABELS, _times

SEARCH_TARGETS = {"code": 5, "id": 5, "phone": 5, "name": 20, "address": 20}


def _row(key: str, what: str, target: str, limit: float | None, stats: dict, note: str = "") -> dict:
    return {"key": key, "what": what, "target": target, "measured": _times(stats), "note": note,
            "met": None if limit is None else stats["p95_ms"] <= limit, "value": stats["p95_ms"]}


def rows(c: dict) -> list[dict]:
    out = [_row("intake", "intake through the service (validate, save, event, audit, outbox)", "p95 ≤ 30 ms", 30,
                c["intake"]["app"], "one counter, nobody else writing")]
    for mode, s in c["search"].items():
        limit = SEARCH_TARGETS[mode]
        out.append(_row(f"search_{mode}", f"{SEARCH_LABELS[mode]} «{s['example_query']}»", f"p95 ≤ {limit} ms", limit,
                        s["app"], f"found {s['app_found']}/{s['app']['n']}"))
    lp = c["list"]
    out.append(_row("list_first", f"dossier list, first page of {lp['page_rows']} (keyset)", "p95 ≤ 10 ms", 10,
                    lp["first"]["app"]))
    out.append(_row("list_deep", f"dossier list, page at row {lp['deep_offset']:,} (keyset)", "p95 ≤ 10 ms", 10,
                    lp["deep"]["app"]))
    out.append(_row("overdue", f"overdue count ({c['overdue']['count']:,})", "p95 ≤ 10 ms", 10, c["overdue"]["app"]))
    k = c["counters"]
    n, pace = k["counters"], k["pace_seconds"]
    for way, label in (("burst", f"{n} counters at once, back to back"),
                       ("paced", f"{n} counters at once, each one dossier every {pace[0]:g}–{pace[1]:g} s")):
        w = k[way]
        cpu = w.get("cpu", {})
        spent = "; CPU an intake: counters {} ms".format(cpu["counters_ms_per_intake"]) if cpu else ""
        if "server_ms_per_intake" in cpu:
            spent += f", server {cpu['server_ms_per_intake']} ms (the clerk's searches included)"
        out.append(_row(f"counters_{way}_intake", f"intake, {label}", "p95 ≤ 50 ms", 50, w["intake"],
                        f"{w['intakes']} intakes in {w['wall_seconds']} s, {w['rate_per_second']}/s{spent}"))
        out.append(_row(f"counters_{way}_flight", f"an intake's one message to the server, {label} (numbers, "
                        "dossier and its rows, audit entry: sent → answered, waiting for the day's row included)",
                        "(no target)", None, w["flight"]))
        out.append(_row(f"counters_{way}_search", f"search by name prefix while {label.split(',')[0]} write "
                        f"({way})", "p95 ≤ 20 ms", 20, w["search_name"],
                        f"found {w['searches_found']}/{w['search_name']['n']}"))
    out.append({"key": "counters_codes", "what": f"duplicate codes after {k['burst']['intakes'] + k['paced']['intakes']} "
                "concurrent intakes", "target": "0", "note": "", "value": k["duplicate_codes"],
                "measured": f"{k['duplicate_codes']}" + (", one unbroken daily sequence" if k["one_daily_sequence"]
                                                         else ", SEQUENCE BROKEN"),
                "met": k["duplicate_codes"] == 0 and k["one_daily_sequence"]})
    return out


def markdown(c: dict, sqlite_rows: list[dict]) -> list[str]:
    sqlite = {r["key"]: r["measured"] for r in sqlite_rows}
    lines = ["## PostgreSQL column (centre mode)", "",
             f"`python -m bench` then starts a PostgreSQL server of its own ({c['server']}) and loads "
             f"{c['dossiers']:,} dossiers: {c['source']}, in {c['load_seconds']:.0f} s with VACUUM ANALYZE; the "
             f"database then takes {c['database_bytes'] / 1e9:.2f} GB. The same targets are searched for. Load "
             f"average {', '.join(map(str, c['load_average_at_start']))} when it started, "
             f"{', '.join(map(str, c['load_average_at_end']))} at its end.", "",
             "| what | target | SQLite (table above) | PostgreSQL | met |", "|---|---|---|---|---|"]
    for row in rows(c):
        met = "—" if row["met"] is None else "yes" if row["met"] else "**no**"
        note = f" ({row['note']})" if row["note"] else ""
        lines.append(f"| {row['what']}{note} | {row['target']} | {sqlite.get(row['key'], '—')} | {row['measured']} "
                     f"| {met} |")
    missed = [row for row in rows(c) if row["met"] is False]
    if missed:
        lines += ["", "Missed on PostgreSQL: " + "; ".join(f"{row['key']} ({row['target']})" for row in missed) + "."]
    lines += ["", "The counters are separate processes (bench.counters) on the same 2 cores as the server and the "
              "searching clerk; in a centre each counter is its own PC and only the server is shared. The burst is "
              "the worst case (every counter back to back); the paced run is a busy centre. An intake goes to the "
              "server as one message (app.services.seal_pg: the day's numbers, the dossier, its components, event "
              "and outbox row, the chain's lock and the audit entry, one transaction on the server), so no counter "
              "holds the day's row across a round trip; the counter times that message from sending to the "
              "answer.", ""]
    return lines
