"""Fork server for the crash test: imports the app once, then for each line "go N" on stdin forks a child
that opens the desk and receives dossiers in a loop, printing "ok CODE" after each commit. The test
kills the child with SIGKILL at a random moment; this process only reaps it and reports "dead N"."""

from __future__ import annotations

import datetime as dt
import os
import sys

from app.paths import AppPaths
from app.services import intake
from app.services.desk import Desk
from app.services.dto import IntakeRequest, PersonIn
from tests.users import CLERK


def child(data_dir: str, round_no: int) -> None:
    out = os.fdopen(1, "w", buffering=1)
    out.write(f"pid {os.getpid()}\n")
    moment = dt.datetime(2025, 1, 2, 9, 0) + dt.timedelta(days=round_no)
    desk = Desk.open(AppPaths.resolve(data_dir), clock=lambda: moment)
    n = 0
    while True:
        n += 1
        d = intake.receive(desk, IntakeRequest(
            procedure="1.001193", applicant=PersonIn(name="Lê Văn Sống", address=f"Thôn {round_no} số {n}"),
            summary="Đăng ký khai sinh cho con"), CLERK)
        out.write(f"ok {d.code}\n")


def warm_up(data_dir: str) -> None:
    """Load the calendar and catalogue code paths once here, so each child starts writing at once.
    The desk is closed again: no SQLite connection may cross a fork."""
    desk = Desk.open(AppPaths.resolve(data_dir), clock=lambda: dt.datetime(2025, 1, 2, 9, 0))
    desk.calendar.due_date_for("working_days", 3, desk.now())
    _ = desk.agency, desk.device, desk.code_template
    desk.close()


def main() -> None:
    data_dir = sys.argv[1]
    warm_up(data_dir)
    for line in sys.stdin:
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "quit":
            return
        round_no = int(parts[1])
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            try:
                child(data_dir, round_no)
            finally:
                os._exit(3)
        _, status = os.waitpid(pid, 0)
        sys.stdout.write(f"dead {round_no} {status}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
