"""How close a running dossier is to its return date: the one rule behind the list colours, the detail
pane, the start page's cards and the "due soon" filter."""

from __future__ import annotations

import datetime as dt

from app.services.dto import DossierRow
from app.services.status import RUNNING

#: A running dossier whose return date is within this many days is "due soon".
DUE_SOON_DAYS = 2
#: Due-date states, in the order of urgency ("" when the dossier is not running or not close).
OVERDUE, DUE_TODAY, DUE_SOON = "overdue", "due_today", "due_soon"
_RUNNING = {int(s) for s in RUNNING}


def end_of_day(now: dt.datetime) -> dt.datetime:
    return dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time.min)


def due_soon_until(now: dt.datetime) -> dt.datetime:
    return now + dt.timedelta(days=DUE_SOON_DAYS)


def due_state(dossier: DossierRow, now: dt.datetime) -> str:
    """OVERDUE, DUE_TODAY, DUE_SOON or "" for one dossier at `now`."""
    if dossier.status not in _RUNNING:
        return ""
    if dossier.due_at < now:
        return OVERDUE
    if dossier.due_at.date() == now.date():
        return DUE_TODAY
    if dossier.due_at <= due_soon_until(now):
        return DUE_SOON
    return ""


def days_until_midnight(now: dt.datetime) -> float:
    """The "due today" filter as a fraction of a day (what `SearchFilter.due_within_days` takes)."""
    return (end_of_day(now) - now) / dt.timedelta(days=1)
