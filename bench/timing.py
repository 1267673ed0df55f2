"""Timing helpers and machine facts: repeat a call, keep every sample, report p50/p95 in milliseconds.

Percentiles use the nearest-rank rule (p95 of 5 samples is the largest), so a small naive sample is
never flattered by interpolation. Runs on the main thread of the benchmark process.
"""

from __future__ import annotations

import math
import os
import platform
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def summarize(seconds: list[float]) -> dict:
    """p50/p95/min/max/mean of a list of durations in seconds, in milliseconds."""
    ms = [s * 1000 for s in seconds]
    return {"n": len(ms), "p50_ms": round(percentile(ms, 0.50), 3), "p95_ms": round(percentile(ms, 0.95), 3),
            "min_ms": round(min(ms), 3), "max_ms": round(max(ms), 3), "mean_ms": round(sum(ms) / len(ms), 3)}


def measure(fn: Callable[..., object], calls: Iterable[tuple], *, warmup: int = 2) -> tuple[dict, list]:
    """Call fn(*args) for each args tuple (the first `warmup` calls are not counted); returns the
    summary and the results of the counted calls (callers check them: a fast wrong answer is no answer)."""
    samples: list[float] = []
    results: list = []
    for i, args in enumerate(calls):
        t = time.perf_counter()
        out = fn(*args)
        elapsed = time.perf_counter() - t
        if i >= warmup:
            samples.append(elapsed)
            results.append(out)
    return summarize(samples), results


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                             timeout=10)
        return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def _version(module: str) -> str:
    try:
        from importlib.metadata import version

        return version(module)
    except Exception:  # a missing package is a fact to report, not an error
        return "?"


def fsync_ms(folder: Path, n: int = 50) -> float:
    """Median time to write 4 KiB and fsync it in `folder`: what one durable commit costs at the least."""
    path = folder / ".fsync-probe"
    samples = []
    with open(path, "wb") as f:
        for _ in range(n):
            t = time.perf_counter()
            f.write(b"\0" * 4096)
            f.flush()
            os.fsync(f.fileno())
            samples.append(time.perf_counter() - t)
    path.unlink()
    return round(percentile(samples, 0.5) * 1000, 3)


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else []


def facts() -> dict:
    """The machine and the software versions, and the load average when the run starts."""
    return {
        "cpu_count": os.cpu_count(), "cpu_model": _cpu_model(), "memory_gb": _memory_gb(),
        "platform": platform.platform(), "python": sys.version.split()[0], "sqlite": sqlite3.sqlite_version,
        "pyside6": _version("PySide6-Essentials"), "sqlalchemy": _version("SQLAlchemy"),
        "reportlab": _version("reportlab"), "load_average_at_start": load_average(),
        "git_commit": _git_commit(), "started_at": time.strftime("%Y-%m-%d %H:%M:%S %z"),
    }
