"""The sync runner's small memory in `sync_state` (cursors, last success, last run) and outbox counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import text

from app.models import SyncState
from app.services.desk import Desk

UPDATES_CURSOR = "updates_cursor"
CATALOGUE_REVISION = "catalogue_revision"
LAST_SUCCESS = "last_success"
LAST_RUN = "last_run"
LAST_ERROR = "last_error"


def get(desk: Desk, key: str) -> str:
    with desk.db.read() as s:
        row = s.get(SyncState, key)
        return row.value if row is not None else ""


def put(desk: Desk, values: dict[str, str]) -> None:
    with desk.db.write() as s:
        for key, value in values.items():
            row = s.get(SyncState, key)
            if row is None:
                s.add(SyncState(key=key, value=value))
            else:
                row.value = value


@dataclass(frozen=True)
class OutboxCounts:
    pending: int
    sent: int | None  # None unless asked for: counting every sent row is the one slow count
    parked: int
    last_success: dt.datetime | None
    last_error: str
    parked_dossiers: int = 0


def counts(desk: Desk, *, with_sent: bool = False) -> OutboxCounts:
    """Waiting and rejected changes (index range counts, cheap at any archive size) and the last success."""
    with desk.db.read() as s:
        n = {st: s.execute(text("SELECT COUNT(*) FROM outbox WHERE state = :s"), {"s": st}).scalar() or 0
             for st in (("pending", "parked", "sent") if with_sent else ("pending", "parked"))}
        rows: dict[str, str] = dict(s.execute(text("SELECT key, value FROM sync_state WHERE key IN (:a, :b)"),
                              {"a": LAST_SUCCESS, "b": LAST_ERROR}).all())
        parked_dossiers = s.execute(text("SELECT COUNT(DISTINCT dossier_id) FROM outbox WHERE state = 'parked'")
                                    ).scalar() if n["parked"] else 0
    last = rows.get(LAST_SUCCESS) or ""
    return OutboxCounts(int(n["pending"]), int(n["sent"]) if with_sent else None, int(n["parked"]),
                        dt.datetime.fromisoformat(last) if last else None, rows.get(LAST_ERROR) or "",
                        int(parked_dossiers or 0))
