"""The sync log: a rotating file `logs/sync.log` for everything under the `app.sync` logger.

IT staff read it (or receive it through "export the sync log"); the token never reaches it, and the
shared redaction filter masks anything shaped like a bearer token that a library might print. Every
line is written without terminal escape codes, control characters or bidi overrides (a server's message
could otherwise recolour a terminal or make a line read backwards).
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from app.logging_setup import PrivateRotatingFileHandler, _Redact
from app.paths import AppPaths
from app.sync.protocol import clean_text

FILE = "sync.log"


class CleanFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return clean_text(super().format(record))


def log_file(paths: AppPaths) -> Path:
    return paths.logs / FILE


def attach(paths: AppPaths) -> None:
    """Route the `app.sync` logger to logs/sync.log (once per file, however often it is called)."""
    logger = logging.getLogger("app.sync")
    target = str(log_file(paths))
    if any(getattr(h, "baseFilename", None) == target for h in logger.handlers):
        return
    try:
        paths.logs.mkdir(parents=True, exist_ok=True)
        handler = PrivateRotatingFileHandler(target, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    except OSError:  # a read-only data folder: the sync still runs, its log goes to the main log
        return
    handler.setFormatter(CleanFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(_Redact())
    logger.addHandler(handler)
    if logger.level == logging.NOTSET or logger.level > logging.INFO:
        logger.setLevel(logging.INFO)
