"""Eight counters of a centre receiving at once against one PostgreSQL server, while a clerk searches.

Each counter is its own process (spawned: its own interpreter, engine and connections, as a counter PC
has) running the intake operation with realistic applicants. Two paces:

- burst: every counter receives its dossiers back to back, all starting together — the worst a centre
  can do, and on this machine 8 Python processes, the server and the searching clerk share 2 cores;
- paced: every counter receives one dossier every 1–2 s (uniform jitter, random start), which is still a
  very busy centre (8 counters × 30–60 dossiers a minute).

Besides each intake's time at the counter, each counter times the intake's one message to the server
(app.services.seal_pg: the day's numbers, the dossier and its rows, the chain's lock and the audit entry,
run by the server as one transaction) from sending to the answer, which includes waiting for the day's
row while another counter holds it, and the CPU its intakes used. While the counters write, this process
searches by name (the SQLite benchmark's name prefixes) every 50 ms, as a clerk at another counter would;
with the server's process id, the server's CPU over the round is counted too (its every process: the
counters' sessions, the clerk's searches, its writers). Afterwards: no duplicate code, and the new codes
are one unbroken daily sequence.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import random
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import event, text

from app.models.centre import CentreConfig, write_config
from app.operations import OpContext, dossiers, intake
from app.paths import AppPaths
from app.services.centre import join
from app.services.desk import Desk
from app.services.dto import Actor
from app.services.search import SearchFilter
from bench.timing import summarize
from bench.writes import CLERK, requests_for

ADMIN = Actor(username="admin", full_name="Quản trị", role="admin")
SEARCH_PAUSE = 0.05
#: In the one message that writes and numbers an intake on the server.
SERIALISED = "INSERT INTO code_counters"


def _counter(data_dir: str, n: int, count: int, pace: tuple[float, float] | None, day: dt.datetime, seed: int,
             barrier: Any) -> tuple[list[float], list[float], list[str], float]:
    desk = Desk.open(AppPaths(Path(data_dir)), clock=lambda: day)
    flights: list[float] = []
    asked: list[float] = []

    @event.listens_for(desk.db.engine, "before_cursor_execute")
    def _asking(_conn, _cursor, statement: str, *_rest: object) -> None:  # type: ignore[no-untyped-def]
        if SERIALISED in statement:
            asked.append(time.perf_counter())

    @event.listens_for(desk.db.engine, "after_cursor_execute")
    def _answered(_conn, _cursor, statement: str, *_rest: object) -> None:  # type: ignore[no-untyped-def]
        if SERIALISED in statement:
            flights.append(time.perf_counter() - asked.pop())

    op = OpContext(desk, CLERK)
    reqs = requests_for(desk, count, seed + n)
    rng = random.Random(seed * 100 + n)
    samples, codes = [], []
    try:
        barrier.wait()
        if pace:
            time.sleep(rng.uniform(0, pace[1]))
        for i, r in enumerate(reqs):
            if i == 1:
                cpu = time.process_time()
            t = time.perf_counter()
            codes += [d.code for d in intake.receive(op, [r]).details]
            samples.append(time.perf_counter() - t)
            if pace:
                time.sleep(rng.uniform(*pace))
        cpu = time.process_time() - cpu
    finally:
        desk.close()
    # The first intake of a counter opens its connections and reads the catalogue: a counter PC does that
    # once in the morning, so it is not counted.
    return samples[1:], flights[1:], codes, cpu


def _join_counters(folder: Path, url: str, n: int, day: dt.datetime) -> list[AppPaths]:
    """Counters 2…n join the centre (counter 1 is the desk already open)."""
    folders = [AppPaths(folder / "counter1")]
    for i in range(2, n + 1):
        paths = AppPaths(folder / f"counter{i}").ensure()
        write_config(paths.data_dir, CentreConfig(url, str(uuid.uuid4())))
        other = Desk.open(paths, clock=lambda: day)
        join(other, ADMIN, f"Quầy {i}")
        other.close()
        folders.append(paths)
    return folders


def server_cpu(pid: int | None) -> float:
    """CPU seconds a local PostgreSQL server has used: its postmaster's own and ended children's, and its
    running processes' (Linux /proc); 0 without a pid."""
    if pid is None:
        return 0.0
    ticks = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry.name) == pid:
            ticks += sum(int(x) for x in fields[11:15])
        elif int(fields[1]) == pid:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def _round(desk: Desk, folders: list[AppPaths], names: list[str], count: int, pace: tuple[float, float] | None,
           day: dt.datetime, seed: int, server_pid: int | None) -> dict:
    spawn = multiprocessing.get_context("spawn")
    op = OpContext(desk, CLERK)
    by_name = SearchFilter(text_field="name")
    with spawn.Manager() as manager, spawn.Pool(len(folders)) as pool:
        barrier = manager.Barrier(len(folders) + 1)
        runs = [pool.apply_async(_counter, (str(f.data_dir), n, count, pace, day, seed, barrier))
                for n, f in enumerate(folders, 1)]
        barrier.wait()
        started, searches, found, i = time.perf_counter(), [], 0, 0
        server_before = server_cpu(server_pid)
        while not all(r.ready() for r in runs):
            t = time.perf_counter()
            page = dossiers.search_page(op, names[i % len(names)], by_name, None, 100, day)
            searches.append(time.perf_counter() - t)
            found += bool(page.rows)
            i += 1
            time.sleep(SEARCH_PAUSE)
        wall = time.perf_counter() - started
        server = server_cpu(server_pid) - server_before
        done = [r.get() for r in runs]
    samples = [x for s, _, _, _ in done for x in s]
    flights = [x for _, f, _, _ in done for x in f]
    codes = [c for _, _, cs, _ in done for c in cs]
    cpu = {"counters_ms_per_intake": round(1000 * sum(c for *_, c in done) / max(1, len(samples)), 2)}
    if server_pid is not None:
        cpu["server_ms_per_intake"] = round(1000 * server / max(1, len(codes)), 2)
    return {"intake": summarize(samples), "flight": summarize(flights), "search_name": summarize(searches),
            "searches_found": found, "intakes": len(codes), "distinct_codes": len(set(codes)),
            "codes": codes, "wall_seconds": round(wall, 1), "rate_per_second": round(len(codes) / wall, 1),
            "cpu": cpu}


def run(desk: Desk, folder: Path, url: str, names: list[str], *, n: int, per_counter: int, paced: int,
        pace: tuple[float, float], clock_at: dt.datetime, seed: int, server_pid: int | None = None) -> dict:
    folders = _join_counters(folder, url, n, clock_at)
    burst = _round(desk, folders, names, per_counter, None, clock_at, seed, server_pid)
    steady = _round(desk, folders, names, paced, pace, clock_at, seed + 1, server_pid)
    codes = burst.pop("codes") + steady.pop("codes")
    with desk.db.read() as s:
        duplicates = s.execute(text("SELECT count(*) - count(DISTINCT code) FROM dossiers")).scalar()
    seqs = sorted(int(c[-4:]) for c in codes)
    return {"counters": n, "burst": burst, "paced": steady, "pace_seconds": list(pace),
            "duplicate_codes": duplicates,
            "one_daily_sequence": seqs == list(range(seqs[0], seqs[0] + len(seqs))) if seqs else False}
