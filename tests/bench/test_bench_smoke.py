"""Smoke run of the archive benchmark (`python -m bench --quick`) at a few thousand dossiers, so the
harness cannot rot: every target row is produced, and every measured answer is checked against the
naive way's answer (same rows, same counts, same report totals, the whole backlog received). The
PostgreSQL column runs too, on a server of its own with the same dossiers and two counters."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ROWS = {"intake", "pdf", "search_code", "search_id", "search_phone", "search_name", "search_address",
        "list_first", "list_deep", "overdue", "report", "push", "selftest", "demo_data", "size"}
CENTRE_ROWS = {"intake", "search_code", "search_id", "search_phone", "search_name", "search_address", "list_first",
               "list_deep", "overdue", "counters_codes",
               *(f"counters_{way}_{what}" for way in ("burst", "paced") for what in ("intake", "flight", "search"))}


def test_smoke_run_measures_every_target(tmp_path):
    out = tmp_path / "bench"
    docs = tmp_path / "benchmarks.md"
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--dossiers", "3000", "--backlog", "1000", "--quick", "--out", str(out),
         "--docs", str(docs)],
        cwd=ROOT, capture_output=True, text=True, timeout=400,
        env={**os.environ, "MOTCUA_TOKEN_BACKEND": "file", "QT_QPA_PLATFORM": "offscreen"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    r = json.loads((out / "benchmarks.json").read_text(encoding="utf-8"))

    assert {row["key"] for row in r["rows"]} == ROWS
    assert r["build"]["reported"]["dossiers"] == 3000 and r["size"]["dossiers"] == 3000
    for row in r["rows"]:
        assert row["value"] > 0, row
    for mode, s in r["search"].items():
        assert s["app_found"] == s["app"]["n"] and s["naive_found"] == s["naive"]["n"], mode
        assert s["mode"] == ("text" if mode in ("name", "address") else mode)
    assert r["list"]["same_rows"]
    assert r["overdue"]["same"] and r["overdue"]["count"] > 0
    # The last full month (empty on the 31st of a month: the smoke archive spans 30 days back from today).
    assert r["report"]["same"] and set(r["report"]["figures"]) == set(r["report"]["naive_figures"])
    assert r["pdf"]["valid_pdf"] and r["selftest"]["ok"]

    push = r["push"]
    assert push["dossiers"] == 1000 and push["left_pending"] == 0 and push["exit_code"] == 0
    assert push["receiver_dossiers"] == 1000 and push["memory"]["peak_rss_mb"] > 0
    assert push["naive"]["dossiers"] == 50 and push["naive"]["requests"] == 50 and not push["naive"]["error"]

    intake = r["intake"]
    assert intake["distinct_codes"] == intake["received"] == 10 + 3  # counted service and naive intakes
    assert intake["commits_per_naive_intake"] >= 5  # dossier, components, event, audit, outbox at least

    centre = r["centre"]
    assert {row["key"] for row in centre["rows"]} == CENTRE_ROWS
    assert centre["dossiers"] == centre["copied"] > r["size"]["dossiers"]  # the same dossiers, copied after intake
    for mode, s in centre["search"].items():  # the SQLite run's targets, each found on the server too
        assert s["app_found"] == s["app"]["n"] and s["mode"] == ("text" if mode in ("name", "address") else mode)
    assert centre["list"]["ordered"] and centre["overdue"]["count"] == r["overdue"]["count"]
    k = centre["counters"]
    assert k["counters"] == 2 and k["duplicate_codes"] == 0 and k["one_daily_sequence"]
    for way in ("burst", "paced"):  # the CPU an intake took, at the counters and on the server
        assert k[way]["cpu"]["counters_ms_per_intake"] > 0 and k[way]["cpu"]["server_ms_per_intake"] > 0
    for way in ("burst", "paced"):
        assert k[way]["intakes"] == k[way]["distinct_codes"] == 2 * (4 if way == "burst" else 3)
        assert k[way]["flight"]["n"] == k[way]["intake"]["n"] == 2 * (3 if way == "burst" else 2)
        assert k[way]["searches_found"] == k[way]["search_name"]["n"] > 0

    md = docs.read_text(encoding="utf-8")
    assert md == (out / "benchmarks.md").read_text(encoding="utf-8")
    assert "| what | target | measured | naive baseline (same run) | ratio | met |" in md
    assert "| what | target | SQLite (table above) | PostgreSQL | met |" in md
    assert md.count("\n| ") == len(ROWS) + 1 + len(CENTRE_ROWS) + 1
