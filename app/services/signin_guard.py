"""Failed sign-ins on an encrypted store, counted before the store can be opened.

On a clear store the users table counts failures; on an encrypted one a wrong password cannot even open
the store, so the count lives in `motcua.signin.json` beside the key file: per account name (known or
not), the failures in a row and the time until which it is locked. Same rule as the table: after
`max_failures` wrong passwords the account is locked for `lock_minutes`. Written atomically, 0600.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from pathlib import Path
from typing import Any, cast

from app.paths import AppPaths, write_private

FILE = "motcua.signin.json"
_MAX_NAMES = 500  # someone trying names in a loop must not grow the file without end


def _file(paths: AppPaths) -> Path:
    return paths.data_dir / FILE


def _load(paths: AppPaths) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads(_file(paths).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _save(paths: AppPaths, data: dict[str, dict[str, Any]]) -> None:
    with contextlib.suppress(OSError):  # a full or read-only disk: the store cannot be opened either
        write_private(_file(paths), json.dumps(data))


def is_locked(paths: AppPaths, username: str, now: dt.datetime) -> bool:
    until = _load(paths).get(username, {}).get("locked_until")
    try:
        return bool(until) and dt.datetime.fromisoformat(cast(str, until)) > now
    except (TypeError, ValueError):
        return False


def failed(paths: AppPaths, username: str, now: dt.datetime, max_failures: int, lock_minutes: int) -> None:
    data = _load(paths)
    entry = data.pop(username, {})
    count = int(entry.get("failures", 0)) + 1
    if count >= max_failures:
        entry = {"failures": 0, "locked_until": (now + dt.timedelta(minutes=lock_minutes)).isoformat()}
    else:
        entry = {"failures": count, "locked_until": entry.get("locked_until")}
    data[username] = entry
    while len(data) > _MAX_NAMES:
        data.pop(next(iter(data)))
    _save(paths, data)


def succeeded(paths: AppPaths, username: str) -> None:
    data = _load(paths)
    if data.pop(username, None) is not None:
        _save(paths, data)
