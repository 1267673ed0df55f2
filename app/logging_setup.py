"""Logging configured once at start: a rotating file in the data folder, warnings to stderr.

Secrets (sync token, passwords) are never passed to a logger; `redact` masks anything that looks like
a bearer token in messages coming from libraries. Log files are created 0600 (`PrivateRotatingFileHandler`).
A log that cannot be written never stops the program: a read-only data folder sends the log to the
system's temporary folder instead (`fallback_dir`), and a write that fails later (full disk) is dropped
without printing a traceback to the user.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
import tempfile
from pathlib import Path

_TOKEN = re.compile(r"(?i)(bearer\s+|token[=:]\s*)[A-Za-z0-9._\-~+/]+=*")


class _Redact(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = _TOKEN.sub(r"\1***", record.msg)
        return True


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose files are owner-only (0600) and whose write failures stay silent."""

    def _open(self):  # type: ignore[no-untyped-def]
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        return os.fdopen(fd, self.mode, encoding=self.encoding, errors=self.errors)

    def handleError(self, record: logging.LogRecord) -> None:
        """A full disk or a vanished folder: drop the record rather than print a traceback."""


def fallback_dir() -> Path:
    return Path(tempfile.gettempdir()) / f"motcua-logs-{os.getuid() if hasattr(os, 'getuid') else 'user'}"


def _handler(log_dir: Path) -> logging.Handler | None:
    for folder in (log_dir, fallback_dir()):
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            return PrivateRotatingFileHandler(folder / "motcua.log", maxBytes=2_000_000, backupCount=5,
                                              encoding="utf-8")
        except OSError:
            continue
    return None


def configure(log_dir: Path, level: int = logging.INFO) -> None:
    root = logging.getLogger()
    if getattr(root, "_motcua_configured", False):
        return
    handler = _handler(log_dir)
    if handler is not None:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler.addFilter(_Redact())
        root.addHandler(handler)
    root.setLevel(level)
    root._motcua_configured = True  # type: ignore[attr-defined]
