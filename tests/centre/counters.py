"""Counter processes of a centre, for the concurrency tests: each opens its own data folder (a centre.json
naming the shared server database and its own device) and works through the real services."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app.errors import MotCuaError
from app.paths import AppPaths
from app.services.desk import Desk
from app.services.dto import Actor, IntakeRequest, PersonIn
from app.services.intake import receive
from app.services.status import Status
from app.services.workflow import transition

NOW = dt.datetime(2026, 11, 20, 9, 0)


def _clerk(n: int) -> Actor:
    return Actor(username=f"clerk{n}", full_name=f"Công chức quầy {n}", role="clerk", title="Công chức tiếp nhận")


def receive_many(data_dir: str, counter: int, count: int, barrier) -> list[str]:  # type: ignore[no-untyped-def]
    desk = Desk.open(AppPaths(Path(data_dir)), clock=lambda: NOW)
    try:
        barrier.wait()
        codes = []
        for i in range(count):
            try:
                codes.append(receive(desk, IntakeRequest(procedure="HT-XNHN", applicant=PersonIn(
                    name="Nguyễn Văn An", phone=f"0912{counter}{i:05d}")), _clerk(counter)).code)
            except MotCuaError as exc:  # returned as text: the test says what went wrong
                codes.append(f"{type(exc).__name__}: {exc}")
        return codes
    finally:
        desk.close()


def move(data_dir: str, counter: int, code: str) -> str:
    """Move `code` to processing: "won" or the error message the loser gets."""
    desk = Desk.open(AppPaths(Path(data_dir)), clock=lambda: NOW + dt.timedelta(minutes=5))
    try:
        transition(desk, code, Status.PROCESSING, _clerk(counter), to_party="Công chức Tư pháp – Hộ tịch")
        return "won"
    except MotCuaError as exc:
        return f"{type(exc).__name__}: {exc}"
    finally:
        desk.close()
