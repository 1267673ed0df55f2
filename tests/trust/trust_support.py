"""Helpers shared by the trust tests: actors in each role and two ways to run the `motcua` command."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

from app.cli import main
from app.services.dto import Actor

AGENCY = "000.17.22.H56"
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
#: IT staff acting through the services directly (the audit log shows this name).
ADMIN = Actor(username="os:it", full_name="Phòng CNTT", role="admin")


@dataclass
class CliResult:
    code: int
    out: str
    err: str


def run_main(argv: list[str], stdin: str = "") -> CliResult:
    """`motcua ARGV` in this process (fast); stdin/stdout/stderr captured."""
    out, err = io.StringIO(), io.StringIO()
    old_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exc:  # argparse errors exit with 2
                code = int(exc.code or 0)
    finally:
        sys.stdin = old_stdin
    return CliResult(code, out.getvalue(), err.getvalue())


def run_cli(argv: list[str], stdin: str = "", env: dict | None = None, timeout: float = 60) -> CliResult:
    """`python -m app ARGV` in a fresh process, as IT staff would run it."""
    full_env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{HERE}", **(env or {})}
    p = subprocess.run([sys.executable, "-m", "app", *argv], input=stdin, capture_output=True, text=True,
                       env=full_env, cwd=ROOT, timeout=timeout)
    return CliResult(p.returncode, p.stdout, p.stderr)


def fill_disk(folder: Path, leave: int = 0) -> Path:
    """Write zeros until the file system is full, then give back `leave` bytes."""
    filler = folder / "filler.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)
    if leave:
        os.truncate(filler, max(0, filler.stat().st_size - leave))
    return filler
