"""Pushing the outbox backlog to the reference receiver on 127.0.0.1, and the naive way beside it.

The push is the real command, `motcua sync --until-empty --json`, in its own process, against
`python -m app.sync.receiver` (its default durability, synchronous=NORMAL) on a free port. The
benchmark samples the client's resident memory every 50 ms from /proc and its high-water mark (VmHWM)
with it: memory is flat when the peak is close to the level reached half-way through the run. The CPU
time of the client and of the receiver is recorded too (two cores: which side limits the rate). The naive way sends one HTTP request per dossier (the same runner, each batch one dossier) for a
sample of the dossiers just pushed, put back in the queue and sent to a fresh receiver, and is
extrapolated as a rate. Main thread (the receiver and the client are subprocesses).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from app.services.desk import Desk
from app.sync.config import SyncConfig
from app.sync.payload import OutboxReader
from app.sync.push_outbox import OutboxPush
from app.sync.receiver_process import ReceiverProcess
from app.sync.runner import Runner, RunOptions
from bench.build import BENCH_ADMIN, BENCH_PASSWORD, DB_NAME, motcua
from bench.timing import ROOT

TOKEN = "bench-Token_0123456789"
ENV = {"MOTCUA_TOKEN_BACKEND": "file"}  # never the developer's keyring


def fresh_receiver(db: Path) -> ReceiverProcess:
    """The reference receiver on an empty store: each run starts from nothing."""
    for p in db.parent.glob(db.name + "*"):
        p.unlink()
    return ReceiverProcess(db, TOKEN)


def pending(db: Path) -> tuple[int, int]:
    """(dossiers, changes) waiting in the outbox."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT COUNT(DISTINCT dossier_id), COUNT(*) FROM outbox WHERE state = 'pending'").fetchone()
    finally:
        conn.close()


def _memory_kb(pid: int) -> tuple[int, int] | None:
    """(VmRSS, VmHWM) of a running process. VmHWM is the peak of the process image since exec; the
    kernel's ru_maxrss is not used because it carries over the size of the forking parent."""
    try:
        fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
        return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])
    except (OSError, KeyError, ValueError):
        return None


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a running process, from /proc/PID/stat."""
    try:
        parts = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(parts[11]) + int(parts[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def run_sync(data_dir: Path) -> tuple[dict, dict]:
    """Run `motcua sync --until-empty --json`; returns its summary and the memory seen."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "app", "--data-dir", str(data_dir), "sync", "--until-empty",
                                 "--json"], cwd=ROOT, stdout=out, stderr=err, env={**os.environ, **ENV})
        samples: list[tuple[float, int]] = []
        hwm = 0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            mem = _memory_kb(proc.pid)
            if mem:
                samples.append((time.perf_counter() - started, mem[0]))
                hwm = max(hwm, mem[1])
            time.sleep(0.05)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text_out, text_err = out.read(), err.read()
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"motcua sync exited {proc.returncode}: {text_err.strip()[-2000:]}")
    summary = json.loads(text_out)
    peak_mb = hwm / 1024
    # Half-way through, the client has pushed about half the backlog: memory that grows with the backlog
    # shows up as growth in the second half; a flat client is at its peak already.
    half = [rss for t, rss in samples if t >= 0.5 * wall] or [s for _, s in samples] or [0]
    half_mb = half[0] / 1024
    memory = {"peak_rss_mb": round(peak_mb, 1), "rss_at_half_mb": round(half_mb, 1),
              "growth_second_half_mb": round(peak_mb - half_mb, 1), "samples": len(samples),
              "wall_seconds": round(wall, 2), "client_cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
              "rss_trace_mb": [(round(t, 1), round(r / 1024, 1)) for t, r in samples[:: max(1, len(samples) // 40)]]}
    return summary, memory


class PerDossierPush(OutboxPush):
    """The real push, but every request carries one dossier (all its pending changes)."""

    def _batches(self, health):  # type: ignore[no-untyped-def, override]
        for item in OutboxReader(self.desk, chunk=1000):
            yield [item]


class PerDossierRunner(Runner):
    """The real runner with PerDossierPush."""

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.push = PerDossierPush(self.desk, self.options, self.summary, self.pace, self.progress)


def requeue(db: Path, dossiers: int) -> int:
    """Put the outbox rows of the newest `dossiers` sent dossiers back in the queue; returns the count."""
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute("PRAGMA busy_timeout=10000")
        conn.execute("BEGIN IMMEDIATE")
        ids = [r[0] for r in conn.execute("SELECT DISTINCT dossier_id FROM outbox WHERE state = 'sent' "
                                          "ORDER BY dossier_id DESC LIMIT ?", (dossiers,))]
        conn.executemany("UPDATE outbox SET state = 'pending', sent_at = NULL, result = '' WHERE dossier_id = ?",
                         [(i,) for i in ids])
        conn.execute("COMMIT")
        return len(ids)
    finally:
        conn.close()


def _one_push(data_dir: Path, work: Path) -> dict:
    """One full push of what is pending to a fresh receiver."""
    db = data_dir / DB_NAME
    receiver = fresh_receiver(work / "receiver.sqlite3")
    try:
        motcua(data_dir, "--user", BENCH_ADMIN, "--password-stdin", "sync", "configure", "--url", receiver.url,
               "--token-stdin", stdin=f"{BENCH_PASSWORD}\n{TOKEN}\n", env=ENV)
        dossiers, changes = pending(db)
        receiver_cpu = cpu_seconds(receiver.proc.pid) or 0.0
        summary, memory = run_sync(data_dir)
        memory["receiver_cpu_seconds"] = round((cpu_seconds(receiver.proc.pid) or 0.0) - receiver_cpu, 2)
        left = pending(db)
        received = receiver.stats()
    finally:
        receiver.stop()
    seconds = summary["seconds"]
    return {"dossiers": dossiers, "changes": changes, "seconds": seconds, "batches": summary["batches"],
            "dossiers_per_second": round(dossiers / seconds, 1) if seconds else None,
            "changes_per_second": round(changes / seconds, 1) if seconds else None,
            "left_pending": left[1], "receiver_dossiers": received["dossiers"], "exit_code": summary["exit_code"],
            "memory": memory}


def push_bench(desk: Desk, data_dir: Path, work: Path, runs: int, naive_sample: int) -> dict:
    """`runs` pushes of the same backlog (put back in the queue between runs), the median one reported
    (a shared machine is noisy), then the naive sample."""
    db = data_dir / DB_NAME
    done = []
    for i in range(runs):
        if i:
            requeue(db, done[0]["dossiers"])
        done.append(_one_push(data_dir, work))
    ordered = sorted(done, key=lambda r: r["seconds"])
    result = dict(ordered[len(ordered) // 2])
    result["runs"] = [{k: r[k] for k in ("seconds", "dossiers_per_second", "left_pending")} |
                      {"peak_rss_mb": r["memory"]["peak_rss_mb"]} for r in done]
    result["memory"] = dict(result["memory"], peak_rss_mb_all_runs=max(r["memory"]["peak_rss_mb"] for r in done))
    sample = requeue(db, min(naive_sample, result["dossiers"]))
    receiver = fresh_receiver(work / "receiver-naive.sqlite3")
    try:
        opts = RunOptions(until_empty=True, pull=False, max_failures=3)
        naive = PerDossierRunner(desk, SyncConfig(receiver.url, "", TOKEN, 60), opts).run()
    finally:
        receiver.stop()
    result["naive"] = {"dossiers": sample, "seconds": naive.seconds, "requests": naive.batches,
                       "dossiers_per_second": round(sample / naive.seconds, 1) if naive.seconds else None,
                       "error": naive.error}
    return result
