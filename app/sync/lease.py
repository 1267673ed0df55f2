"""One sync runner per database: a lease kept in the `sync_state` table, with an expiry.

The app's background sync and the nightly command may start at the same time; whoever takes the lease
pushes, the other backs off. The holder renews the lease from a heartbeat thread while its run is alive
(runner) and never lets a call outlive it. A runner that crashed or was killed leaves a lease that
expires on its own; on the same machine a lease whose process no longer exists is taken over at once;
a lease claiming to last more than twice the lease length (a clock gone wrong, or a foreign writer) is
not believed. Wall-clock seconds (`time.time()`), not the desk's clock, which tests fix.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.models import SyncState
from app.services.desk import Desk

KEY = "runner_lease"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LeaseInfo:
    """Who holds the lease, as `motcua sync status` shows it."""

    holder: str
    host: str
    pid: int
    seconds_left: float
    believed: bool  # False: it claims more than twice the lease length and is ignored

    @property
    def text(self) -> str:
        who = f"máy {self.host or '?'}, tiến trình {self.pid or '?'}"
        if not self.believed:
            return (f"Khóa đồng bộ của {who} ghi hạn còn {self.seconds_left:.0f} giây, quá dài nên bị bỏ qua; "
                    "lượt đồng bộ kế tiếp sẽ nhận lại khóa.")
        if self.seconds_left <= 0:
            return f"Khóa đồng bộ của {who} đã hết hạn; lượt kế tiếp sẽ nhận lại."
        return f"Đang có lượt đồng bộ chạy: {who}, khóa còn {self.seconds_left:.0f} giây."


def _read(desk: Desk) -> dict[str, Any]:
    with desk.db.read() as s:
        row = s.get(SyncState, KEY)
        try:
            value = json.loads(row.value) if row is not None and row.value else {}
        except ValueError:
            value = {"holder": "?", "expires": 0}
    return value if isinstance(value, dict) else {}


def _expires(current: dict[str, Any]) -> float:
    try:
        return float(current.get("expires", 0))
    except (TypeError, ValueError):
        return 0.0


def current(desk: Desk, seconds: float = 120.0) -> LeaseInfo | None:
    """The lease as it is stored, or None when nobody holds it."""
    value = _read(desk)
    if not value:
        return None
    left = _expires(value) - time.time()
    try:
        pid = int(value.get("pid", 0))
    except (TypeError, ValueError):
        pid = 0
    return LeaseInfo(str(value.get("holder", "")), str(value.get("host", "")), pid, left, left <= 2 * seconds)


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if os.name == "nt":  # os.kill(pid, 0) would terminate the process on Windows
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return bool(kernel32.GetLastError() == 5)  # access denied: it exists
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Lease:
    def __init__(self, desk: Desk, seconds: float = 120.0, clock: Callable[[], float] = time.time):
        self.desk = desk
        self.seconds = seconds
        self.clock = clock  # wall-clock seconds; tests pass their own
        self.host = socket.gethostname()
        self.pid = os.getpid()
        self.holder = f"{self.host}:{self.pid}:{uuid.uuid4().hex[:8]}"
        self.held = False
        self.expires = 0.0  # time.time() of the expiry of the lease this runner holds

    def _free_for_me(self, current: dict[str, Any]) -> bool:
        if not current or current.get("holder") == self.holder:
            return True
        left = _expires(current) - self.clock()
        if left <= 0:
            return True
        if left > 2 * self.seconds:
            log.warning("lease of %s claims %.0f s more (more than twice %.0f s): ignored",
                        current.get("holder"), left, self.seconds)
            return True
        try:
            pid = int(current.get("pid", 0))
        except (TypeError, ValueError):
            return True
        return current.get("host") == self.host and pid != self.pid and not _pid_alive(pid)

    def acquire(self) -> bool:
        with self.desk.db.write() as s:
            row = s.get(SyncState, KEY)
            try:
                current = json.loads(row.value) if row is not None and row.value else {}
            except ValueError:
                current = {}
            if not self._free_for_me(current if isinstance(current, dict) else {}):
                return False
            expires = self.clock() + self.seconds
            value = json.dumps({"holder": self.holder, "host": self.host, "pid": self.pid, "expires": expires})
            if row is None:
                s.add(SyncState(key=KEY, value=value))
            else:
                row.value = value
        self.held, self.expires = True, expires
        return True

    def seconds_left(self) -> float:
        """How long the lease this runner holds still lasts (0 when it holds none)."""
        return max(0.0, self.expires - self.clock()) if self.held else 0.0

    def renew(self) -> bool:
        """Extend the lease; False if another runner took it meanwhile (then stop pushing)."""
        self.held = self.acquire()
        return self.held

    def release(self) -> None:
        if not self.held:
            return
        with self.desk.db.write() as s:
            row = s.get(SyncState, KEY)
            try:
                mine = row is not None and bool(row.value) and json.loads(row.value).get("holder") == self.holder
            except (ValueError, AttributeError):
                mine = False
            if mine and row is not None:
                row.value = ""
        self.held, self.expires = False, 0.0

    def holder_description(self) -> str:
        info = current(self.desk, self.seconds)
        return f"máy {info.host or '?'}, tiến trình {info.pid or '?'}" if info else ""
