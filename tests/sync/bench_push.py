"""Push throughput to the local reference receiver at a large backlog (not part of the test run).

`python -m tests.sync.bench_push --dossiers 100000` loads a backlog with the bulk loader, starts the
receiver on 127.0.0.1, then pushes from a fresh process so its peak RSS is the push's alone; it prints
one JSON line (dossiers/s, changes/s, peak RSS, CPU seconds), then the receiver's CPU seconds and the
machine's load average (the machine may be shared: CPU seconds say more than wall time then). Compare the peak RSS at 10,000 and 100,000 dossiers
to see that memory stays flat.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def peak_rss_mb() -> float:
    """VmHWM: this process's own peak (ru_maxrss would carry the parent's peak across fork and exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def push_only(data_dir: str, url: str) -> None:
    from app.paths import AppPaths
    from app.services.desk import Desk
    from app.sync import state
    from app.sync.config import SyncConfig
    from app.sync.runner import Runner, RunOptions

    desk = Desk.open(AppPaths(Path(data_dir)))
    before = state.counts(desk)
    rss_start = peak_rss_mb()
    started = time.perf_counter()
    summary = Runner(desk, SyncConfig(url, "", "bench-token", 60), RunOptions(pull=False)).run()
    seconds = time.perf_counter() - started
    with desk.db.read() as s:
        from sqlalchemy import text

        dossiers = s.execute(text("SELECT COUNT(DISTINCT dossier_id) FROM outbox WHERE state = 'sent'")).scalar()
    print(json.dumps({"dossiers": dossiers, "changes": before.pending, "seconds": round(seconds, 2),
                      "dossiers_per_s": round(dossiers / seconds), "changes_per_s": round(before.pending / seconds),
                      "peak_rss_mb_at_start": round(rss_start, 1),
                      "peak_rss_mb": round(peak_rss_mb(), 1),
                      "client_cpu_s": round(sum(os.times()[:2]), 2),
                      "batches": summary.batches, "exit_code": summary.exit_code, "error": summary.error}))


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--dossiers", type=int, default=100_000)
    p.add_argument("--synchronous", default="normal", choices=["off", "normal", "full"])
    p.add_argument("--push-only", nargs=2, metavar=("DATA_DIR", "URL"))
    args = p.parse_args()
    if args.push_only:
        push_only(*args.push_only)
        return
    from app.paths import AppPaths
    from app.services import demo
    from app.services.desk import Desk
    from app.services.dto import Actor
    from app.services.setup import initialise

    tmp = Path(tempfile.mkdtemp(prefix="motcua-bench-"))
    desk = Desk.open(AppPaths(tmp / "desk").ensure())
    initialise(desk, agency_code="000.17.22.H56", agency_name="Trung tâm Phục vụ hành chính công xã Tân Lập",
               parent_name="ỦY BAN NHÂN DÂN XÃ TÂN LẬP", place="Tân Lập", device_slot=0,
               actor=Actor("bench", "Bench"))
    print("load:", demo.load(desk, args.dossiers, pending_outbox=args.dossiers), file=sys.stderr)
    desk.close()
    receiver = subprocess.Popen([sys.executable, "-m", "app.sync.receiver", "--port", "0", "--db",
                                 str(tmp / "receiver.sqlite3"), "--token", "bench-token", "--synchronous",
                                 args.synchronous], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        port = json.loads(receiver.stdout.readline())["port"]
        subprocess.run([sys.executable, "-m", "tests.sync.bench_push", "--push-only", str(tmp / "desk"),
                        f"http://127.0.0.1:{port}"], cwd=ROOT, check=True, env={**os.environ})
        fields = Path(f"/proc/{receiver.pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        print(json.dumps({"receiver_cpu_s": round((int(fields[11]) + int(fields[12])) / ticks, 2),
                          "load_average": os.getloadavg()}))
    finally:
        receiver.terminate()
        receiver.wait()
        shutil.rmtree(tmp, ignore_errors=True)  # half a gigabyte at 100,000 dossiers


if __name__ == "__main__":
    main()
