"""Retention of the sync outbox: acknowledged rows are pruned after a while, leaving a watermark.

Every change writes an outbox row in the same transaction as its event, so events and outbox rows are
created in the same order. Once the province has acknowledged a prefix of the outbox and those
acknowledgements are older than `KEEP_DAYS`, the prefix is deleted and the id of its last event is
kept as a watermark in `sync_state`: every event up to the watermark was sent and acknowledged.
`motcua check` then requires an outbox row only for events after the watermark. Without this the
queue would grow by three rows per dossier for ever (≈0.7 GB per million dossiers).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, cast

from sqlalchemy import CursorResult, text
from sqlalchemy.orm import Session

from app.models import SyncState
from app.services.desk import Desk

log = logging.getLogger(__name__)

PRUNED_THROUGH = "outbox_pruned_through_event"
LAST_PRUNE = "outbox_last_prune"
KEEP_DAYS = 90


def pruned_through(session: Session) -> int:
    """The id of the last event whose outbox row was acknowledged and pruned (0 if none)."""
    row = session.get(SyncState, PRUNED_THROUGH)
    return int(row.value) if row is not None and row.value.isdigit() else 0


def set_pruned_through(session: Session, event_id: int) -> None:
    row = session.get(SyncState, PRUNED_THROUGH)
    if row is None:
        session.add(SyncState(key=PRUNED_THROUGH, value=str(event_id)))
    elif event_id > int(row.value or 0):
        row.value = str(event_id)


def prune_acknowledged(desk: Desk, keep_days: int = KEEP_DAYS) -> int:
    """Delete the longest prefix of the outbox whose rows were all acknowledged before the cut-off.
    At most once a day; returns the number of rows removed."""
    now = desk.now()
    with desk.db.write() as s:
        last = s.get(SyncState, LAST_PRUNE)
        if last is not None and last.value == now.date().isoformat():
            return 0
        cutoff = now - dt.timedelta(days=keep_days)
        boundary = s.execute(text(
            "SELECT min(id) FROM outbox WHERE NOT (state = 'sent' AND sent_at < :cutoff)"),
            {"cutoff": cutoff}).scalar()
        if boundary is None:
            boundary = (s.execute(text("SELECT max(id) FROM outbox")).scalar() or 0) + 1
        through = s.execute(text(
            "SELECT max(e.id) FROM outbox o JOIN events e ON e.uuid = o.event_uuid WHERE o.id < :b"),
            {"b": boundary}).scalar()
        removed = cast(CursorResult[Any], s.execute(text("DELETE FROM outbox WHERE id < :b"), {"b": boundary})).rowcount or 0
        if through:
            set_pruned_through(s, int(through))
        if last is None:
            s.add(SyncState(key=LAST_PRUNE, value=now.date().isoformat()))
        else:
            last.value = now.date().isoformat()
    if removed:
        log.info("pruned %d acknowledged outbox rows (events through %s)", removed, through)
    return removed
