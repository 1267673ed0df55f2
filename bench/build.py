"""Building the benchmark database with the real command line (`motcua init`, `motcua demo-data`), or
copying a ready one, and measuring its size on disk with SQLite's dbstat table.

Every command runs as a subprocess of this interpreter (`python -m app --data-dir DIR …`) from the
repository root, exactly as IT staff would run it.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from bench.timing import ROOT

AGENCY = "000.17.22.H56"
AGENCY_NAME = "Trung tâm Phục vụ hành chính công xã Tân Lập"
DB_NAME = "motcua.sqlite3"
#: The administrator `init` makes; demo-data adds dossiers, so it runs as this desk account.
BENCH_ADMIN, BENCH_PASSWORD = "quantri", "Do-hieu-nang-2026"


def motcua(data_dir: Path, *args: str, stdin: str | None = None, env: dict | None = None,
           timeout: float = 3600) -> subprocess.CompletedProcess:
    """Run `motcua --data-dir DIR ARGS…`; a non-zero exit is an error with the command's own message."""
    full_env = {**os.environ, **(env or {})}
    out = subprocess.run([sys.executable, "-m", "app", "--data-dir", str(data_dir), *args], cwd=ROOT,
                         input=stdin, capture_output=True, text=True, env=full_env, timeout=timeout)
    if out.returncode != 0:
        raise RuntimeError(f"motcua {' '.join(args)} exited {out.returncode}: {out.stderr.strip()[-2000:]}")
    return out


def build(data_dir: Path, dossiers: int, backlog: int, seed: int) -> dict:
    """A fresh desk with `dossiers` demo dossiers, the newest `backlog` of them waiting in the outbox."""
    if data_dir.exists():
        shutil.rmtree(data_dir)
    motcua(data_dir, "init", "--parent-name", "ỦY BAN NHÂN DÂN XÃ TÂN LẬP", "--agency-code", AGENCY, "--agency-name", AGENCY_NAME,
           "--parent-name", "ỦY BAN NHÂN DÂN XÃ TÂN LẬP", "--place", "Tân Lập", "--demo", "--admin", BENCH_ADMIN,
           "--admin-name", "Quản trị đo hiệu năng", "--password-stdin", stdin=BENCH_PASSWORD + "\n")
    children_cpu_before = _children_cpu()
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "app", "--data-dir", str(data_dir), "--user", BENCH_ADMIN,
                             "--password-stdin", "demo-data", "--dossiers", str(dossiers), "--pending-outbox",
                             str(backlog), "--seed", str(seed), "--json"],
                            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stdout, stderr = proc.communicate(BENCH_PASSWORD + "\n")
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"motcua demo-data exited {proc.returncode}: {stderr.strip()[-2000:]}")
    reported = json.loads(stdout)
    # CPU of the loader and its worker processes (reaped by it, so counted in its children's usage).
    cpu_seconds = _children_cpu() - children_cpu_before
    return {"source": "built", "command": f"motcua demo-data --dossiers {dossiers} --pending-outbox {backlog} "
            f"--seed {seed}", "reported": reported, "wall_seconds": round(wall, 2),
            "rate_reported": round(reported["rate"], 1), "rate_wall": round(reported["dossiers"] / wall, 1),
            "cpu_seconds": round(cpu_seconds, 1)}


def _children_cpu() -> float:
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    return cpu.ru_utime + cpu.ru_stime


def reuse(source: Path, data_dir: Path) -> dict:
    """Copy a ready database (for iterating on the harness; the load rate is then not measured)."""
    if data_dir.exists():
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True)
    src = source / DB_NAME if source.is_dir() else source
    # The online backup API gives a consistent copy even if the source has a WAL beside it.
    with sqlite3.connect(f"file:{src}?mode=ro", uri=True) as a, sqlite3.connect(data_dir / DB_NAME) as b:
        a.backup(b, pages=65536)
    return {"source": f"copy of {src}"}


def checkpoint(db: Path) -> None:
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def size(db: Path) -> dict:
    """File size and where the bytes go: tables, their indexes, the full-text index."""
    checkpoint(db)
    total = db.stat().st_size + sum(p.stat().st_size for p in db.parent.glob(db.name + "-*") if p.is_file())
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        kinds = dict(conn.execute("SELECT name, type FROM sqlite_master").fetchall())
        parts = {"tables": 0, "indexes": 0, "fts": 0, "free": 0}
        by_name: dict[str, int] = {}
        for name, pgsize in conn.execute("SELECT name, pgsize FROM dbstat WHERE aggregate = TRUE"):
            by_name[name] = pgsize
            if name.startswith("dossier_fts"):
                parts["fts"] += pgsize
            elif kinds.get(name) == "index" or name.startswith("sqlite_autoindex"):
                parts["indexes"] += pgsize
            else:
                parts["tables"] += pgsize
        page = conn.execute("PRAGMA page_size").fetchone()[0]
        parts["free"] = conn.execute("PRAGMA freelist_count").fetchone()[0] * page
        counts = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                  for t in ("dossiers", "events", "outbox", "dossier_components", "audit_log")}
    finally:
        conn.close()
    per_million = total / max(1, counts["dossiers"]) * 1_000_000
    top = dict(sorted(by_name.items(), key=lambda kv: -kv[1])[:12])
    return {"bytes": total, "dossiers": counts["dossiers"], "rows": counts,
            "gb_per_million": round(per_million / 1e9, 3), "parts_bytes": parts,
            "largest_objects_bytes": top,
            "tables_only_gb_per_million": round(parts["tables"] / max(1, counts["dossiers"]) * 1e6 / 1e9, 3)}
