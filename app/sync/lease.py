"""One sync runner per database: a lease kept in the `sync_state` table, with an expiry.

The app's background sync and the nightly command may start at the same time; whoever takes the lease
pushes, the other backs off. The holder renews the lease after every batch. A runner that crashed or
was killed leaves a lease that expires on its own; on the same machine a lease whose process no longer
exists is taken over at once. Wall-clock seconds (`time.time()`), not the desk's clock, which tests fix.
"""

from __future__ import annotations

import json
import os
import socket
import time
import uuid
from collections.abc import Callable

from app.models import SyncState
from app.services.desk import Desk

KEY = "runner_lease"


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if os.name == "nt":  # os.kill(pid, 0) would terminate the process on Windows
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return kernel32.GetLastError() == 5  # access denied: it exists
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

    def _free_for_me(self, current: dict) -> bool:
        if not current or current.get("holder") == self.holder:
            return True
        if float(current.get("expires", 0)) <= self.clock():
            return True
        pid = int(current.get("pid", 0))
        return current.get("host") == self.host and pid != self.pid and not _pid_alive(pid)

    def acquire(self) -> bool:
        with self.desk.db.write() as s:
            row = s.get(SyncState, KEY)
            current = json.loads(row.value) if row is not None and row.value else {}
            if not self._free_for_me(current):
                return False
            value = json.dumps({"holder": self.holder, "host": self.host, "pid": self.pid,
                                "expires": self.clock() + self.seconds})
            if row is None:
                s.add(SyncState(key=KEY, value=value))
            else:
                row.value = value
        self.held = True
        return True

    def renew(self) -> bool:
        """Extend the lease; False if another runner took it meanwhile (then stop pushing)."""
        self.held = self.acquire()
        return self.held

    def release(self) -> None:
        if not self.held:
            return
        with self.desk.db.write() as s:
            row = s.get(SyncState, KEY)
            if row is not None and row.value and json.loads(row.value).get("holder") == self.holder:
                row.value = ""
        self.held = False

    def holder_description(self) -> str:
        with self.desk.db.read() as s:
            row = s.get(SyncState, KEY)
            current = json.loads(row.value) if row is not None and row.value else {}
        return f"máy {current.get('host', '?')}, tiến trình {current.get('pid', '?')}" if current else ""
