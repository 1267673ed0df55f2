"""Calendar operations: list the days off / working days, set, unset or import them, and recompute the
legal due dates of open dossiers under the corrected calendar.

Reading is open to every desk account; changing needs «settings.change» (administrators). Each change
is audited (app.services.calendar_edit) and drops the desk's cached calendar, so the next intake uses it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from app.errors import ValidationError
from app.operations.base import Changes, OpContext
from app.services.calendar_edit import (
    CalendarDay,
    DueChange,
    import_days,
    list_days,
    recompute,
    set_day,
    unset_day,
)


@dataclass(frozen=True)
class CalendarList:
    year: int | None
    days: list[CalendarDay]


@dataclass(frozen=True)
class CalendarChange:
    days: list[CalendarDay]
    changes: Changes
    #: Open dossiers whose legal due date would change under the new calendar (run recompute to apply).
    pending: list[DueChange] = field(default_factory=list)


@dataclass(frozen=True)
class Recompute:
    applied: bool
    moved: list[DueChange]  # the printed slips of these dossiers need reprinting once applied
    changes: Changes


def list_calendar(ctx: OpContext, year: int | None = None) -> CalendarList:
    if year is not None and not 2000 <= year <= 2100:
        raise ValidationError({"year": "Năm phải từ 2000 đến 2100."})
    with ctx.desk.db.read() as s:
        return CalendarList(year, list_days(s, ctx.desk.calendar, year))


def _pending(ctx: OpContext) -> list[DueChange]:
    ctx.desk.invalidate()
    with ctx.desk.db.read() as s:
        return recompute(s, ctx.desk.calendar, ctx.actor, ctx.desk.now(), apply=False)


def set_calendar_day(ctx: OpContext, day: dt.date, kind: str, note: str) -> CalendarChange:
    ctx.require_account("settings.change")
    now = ctx.desk.now()
    with ctx.desk.db.write() as s:
        row = set_day(s, ctx.actor, day, kind, note, now.date(), now)
    return CalendarChange([row], Changes.of("calendar", day.isoformat()), _pending(ctx))


def unset_calendar_day(ctx: OpContext, day: dt.date) -> CalendarChange:
    ctx.require_account("settings.change")
    now = ctx.desk.now()
    with ctx.desk.db.write() as s:
        unset_day(s, ctx.actor, day, now.date(), now)
    return CalendarChange([], Changes.of("calendar", day.isoformat()), _pending(ctx))


def import_calendar(ctx: OpContext, path: Path) -> CalendarChange:
    ctx.require_account("settings.change")
    now = ctx.desk.now()
    with ctx.desk.db.write() as s:
        rows = import_days(s, ctx.actor, path, now.date(), now)
    return CalendarChange(rows, Changes.of("calendar", *(r.day.isoformat() for r in rows)), _pending(ctx))


def recompute_due_dates(ctx: OpContext, *, apply: bool = False) -> Recompute:
    """List (or, applied, move) the open dossiers whose legal due date changes under the current calendar."""
    if apply:
        ctx.require_account("settings.change")
    ctx.desk.invalidate()
    cal, now = ctx.desk.calendar, ctx.desk.now()
    if not apply:
        with ctx.desk.db.read() as s:
            return Recompute(False, recompute(s, cal, ctx.actor, now, apply=False), Changes.of("dossier"))
    with ctx.desk.db.write() as s:
        moved = recompute(s, cal, ctx.actor, now, apply=True)
    return Recompute(True, moved, Changes.of("dossier", *(m.dossier_id for m in moved)))
