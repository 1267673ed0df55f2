"""Reading dossiers: one dossier's detail, a page of the list or of search results, `find` for the command
line, the start page's figures, the procedures offered. Any account may read; nothing changes here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from app.errors import ValidationError
from app.operations.base import OpContext
from app.services import catalogue, queries, search
from app.services.dto import DossierDetail, DossierRow
from app.services.due import days_until_midnight, due_soon_until, end_of_day
from app.services.search import Page, SearchFilter
from app.services.status import Status


def detail(ctx: OpContext, dossier_id: int | None = None, code: str | None = None) -> DossierDetail:
    """One dossier by id or by code (NotFoundError in Vietnamese when there is none)."""
    with ctx.desk.db.read() as s:
        if code is not None:
            return queries.detail_by_code(s, code)
        if dossier_id is None:
            raise ValidationError({"code": "Hãy chọn một hồ sơ hoặc nhập mã hồ sơ."})
        return queries.detail_by_id(s, dossier_id)


def details(ctx: OpContext, codes: list[str]) -> list[DossierDetail]:
    with ctx.desk.db.read() as s:
        return [queries.detail_by_code(s, code) for code in codes]


def search_page(ctx: OpContext, query: str, filt: SearchFilter, cursor: tuple[Any, ...] | None, limit: int,
                now: dt.datetime) -> Page:
    """One keyset page of the list (the UI's lazy model, exports and the register read page by page)."""
    with ctx.desk.db.read() as s:
        return search.search(s, query, filt, limit=limit, cursor=cursor, now=now)


def status_filter(slugs: str) -> list[int]:
    """"received,processing" → status codes; an unknown word is a Vietnamese ValidationError."""
    try:
        return [int(Status.from_slug(x)) for x in slugs.split(",") if x.strip()]
    except ValueError as exc:
        raise ValidationError({"status": str(exc)}) from None


def find(ctx: OpContext, query: str, *, statuses: str = "", overdue: bool = False,
         limit: int = 20) -> list[DossierRow]:
    """The command line's `find`: the first `limit` matches."""
    if not 1 <= limit <= search.MAX_LIMIT:
        raise ValidationError({"limit": f"Số kết quả phải từ 1 đến {search.MAX_LIMIT}."})
    f = SearchFilter(overdue=overdue, statuses=status_filter(statuses) if statuses else [])
    return search_page(ctx, query, f, None, limit, ctx.desk.now()).rows


def overdue_count(ctx: OpContext, now: dt.datetime) -> int:
    """Running dossiers past their return date (the start page's "Quá hạn" card)."""
    with ctx.desk.db.read() as s:
        return search.overdue_count(s, now)


def procedures(ctx: OpContext, include_inactive: bool = False) -> list[catalogue.ProcedureInfo]:
    with ctx.desk.db.read() as s:
        return catalogue.list_procedures(s, include_inactive=include_inactive)


@dataclass
class TodayFigures:
    """The start page: today's counts and the overdue dossiers waiting for an apology."""

    at: dt.datetime
    received_today: int
    due_today: int
    overdue: int
    due_soon: int
    overdue_rows: list[DossierRow]


def due_today_filter(now: dt.datetime) -> SearchFilter:
    """Running dossiers due between now and midnight."""
    return SearchFilter(due_within_days=days_until_midnight(now))


def today(ctx: OpContext, overdue_rows: int = 50) -> TodayFigures:
    now = ctx.desk.now()
    start = dt.datetime.combine(now.date(), dt.time.min)
    with ctx.desk.db.read() as s:
        received = search.received_count(s, start, end_of_day(now))
        due_today = search.due_between_count(s, now, end_of_day(now))
        overdue = search.overdue_count(s, now)  # as overdue_count(), inside the same read
        soon = search.due_between_count(s, now, due_soon_until(now))
        rows = search.search(s, "", SearchFilter(overdue=True), limit=overdue_rows, now=now).rows
    return TodayFigures(now, received, due_today, overdue, soon, rows)
