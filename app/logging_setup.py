"""Logging configured once at start: a rotating file in the data folder, warnings to stderr.

Secrets (sync token, passwords) are never passed to a logger; `redact` masks anything that looks like
a bearer token in messages coming from libraries.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

_TOKEN = re.compile(r"(?i)(bearer\s+|token[=:]\s*)[A-Za-z0-9._\-~+/]+=*")


class _Redact(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = _TOKEN.sub(r"\1***", record.msg)
        return True


def configure(log_dir: Path, level: int = logging.INFO) -> None:
    root = logging.getLogger()
    if getattr(root, "_motcua_configured", False):
        return
    log_dir.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(log_dir / "motcua.log", maxBytes=2_000_000, backupCount=5,
                                                   encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(_Redact())
    root.addHandler(handler)
    root.setLevel(level)
    root._motcua_configured = True  # type: ignore[attr-defined]
