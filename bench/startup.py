"""`motcua selftest` cold start: a new process each time (offscreen), from the interpreter's start to its
exit, over the archive database: the main window built, its first list page and start-page figures
read, a slip rendered and rasterised. Beside it, the floor any Qt program pays on this machine: a new
interpreter that creates a QApplication and grabs an empty main window. Main thread (subprocesses).

An installed app starts from compiled bytecode (pip and the bundle compile every module), so the processes
run with a bytecode cache of their own (PYTHONPYCACHEPREFIX in a temporary folder, even where the shell
sets PYTHONDONTWRITEBYTECODE, as this project's test machine does) after one uncounted run that fills it;
without it every start would compile the app's own modules from source (~0.2 s here).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.timing import ROOT, summarize

FLOOR = ("from PySide6.QtWidgets import QApplication, QMainWindow; app = QApplication(['floor']); "
         "w = QMainWindow(); w.resize(1280, 800); w.grab()")


def _timed(cmd: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)
    elapsed = time.perf_counter() - started
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:6])} exited {out.returncode}: {out.stderr.strip()[-2000:]}")
    return elapsed, out.stdout


def selftest_bench(data_dir: Path, reps: int, naive_reps: int) -> dict:
    cache = tempfile.mkdtemp(prefix="motcua-bench-pycache-")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(QT_QPA_PLATFORM="offscreen", PYTHONPYCACHEPREFIX=cache)
    selftest = [sys.executable, "-m", "app", "--data-dir", str(data_dir), "selftest", "--json"]
    try:
        first, _ = _timed(selftest, env)  # fills the bytecode cache, as installing does; not counted
        runs, reports = [], []
        for _ in range(reps):
            seconds, stdout = _timed(selftest, env)
            runs.append(seconds)
            reports.append(json.loads(stdout))
        floor = [_timed([sys.executable, "-c", FLOOR], env)[0] for _ in range(naive_reps)]
        # `motcua --version` answers before loading any command module: the interpreter's own start.
        version = [_timed([sys.executable, "-m", "app", "--version"], env)[0] for _ in range(naive_reps)]
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    last = reports[-1]
    return {"app": summarize(runs), "naive": summarize(floor), "version": summarize(version),
            "first_run_ms": round(first * 1000, 1),
            "ok": all(r["ok"] for r in reports), "inside": {k: last.get(k) for k in
                                                             ("window_seconds", "first_page_seconds", "slip_ms",
                                                              "total_seconds", "rows_first_page")}}
