"""Running `motcua` in the test process, as every command-line test does: the arguments, the password of
`--password-stdin` on standard input, and what it printed, read back through pytest's capsys."""

from __future__ import annotations

import io
import sys

import pytest

from app.cli import main
from tests.users import PASSWORD


def run(capsys: pytest.CaptureFixture[str], *argv: str, stdin: str | None = None) -> tuple[int, str, str]:
    """`motcua ARGV` in process: (exit code, stdout, stderr). A command acting as a desk account reads the
    password (PASSWORD by default, else `stdin` as given) from standard input."""
    old = sys.stdin
    sys.stdin = io.StringIO(stdin if stdin is not None else PASSWORD + "\n")
    try:
        code = main(list(argv))
    finally:
        sys.stdin = old
    out, err = capsys.readouterr()
    return code, out, err
