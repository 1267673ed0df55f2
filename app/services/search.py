"""Finding dossiers: by code, ID number, phone, or folded name/address words, with filters and keyset pages.

The only module that knows about SQLite's FTS5 index; its PostgreSQL twin (a centre's server) is
app.services.search_pg, which answers the same phrase with its own plan. What the clerk types decides the path:
a code (or its start) → the unique code index; 9/12 digits → ID number; a phone number → the phone
index; words → the full-text index over folded text ("dang thi ngoc anh" finds "Đặng Thị Ngọc Ánh"),
matched as a phrase whose last word may be a prefix. Pages are keyset pages (never OFFSET); overdue
is `status IN (running) AND due_at < now`, answered from the (status, due_at) index.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, and_, column, func, select, table, text, tuple_
from sqlalchemy.orm import Session

from app.models import Dossier
from app.services.dto import DossierRow
from app.services.queries import ROW_COLUMNS, row_from_tuple
from app.services.search_pg import search_page
from app.services.status import RUNNING
from app.services.text import clean, fold
from app.services.validation import normalize_phone

MAX_LIMIT = 500
_FTS = table("dossier_fts", column("rowid"))


@dataclass
class SearchFilter:
    statuses: list[int] = field(default_factory=list)
    procedure_code: str = ""
    channel: str = ""
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    overdue: bool = False
    due_within_days: float | None = None  # a fraction of a day is allowed ("due today")
    text_field: str = "any"  # any | name | address: which folded text the words must be in


@dataclass
class Page:
    rows: list[DossierRow]
    next_cursor: tuple[Any, ...] | None
    mode: str


def classify(query: str) -> tuple[str, str]:
    """(mode, key): mode is one of all, code, id, phone, digits, text."""
    q = clean(query)
    if not q:
        return "all", ""
    compact = re.sub(r"[\s.\-()+]", "", q)
    if compact.isdigit():
        if len(compact) in (9, 12):
            return "id", compact
        try:
            return "phone", normalize_phone(q)
        except ValueError:
            return "digits", compact
    if re.search(r"\d", q) and re.fullmatch(r"[0-9A-Za-z.\-]+", q) and ("-" in q or "." in q):
        return "code", q.upper()
    words = fold(q)
    return ("text", words) if words else ("all", "")


def _fts_query(words: str, text_field: str = "any") -> str:
    # Folded text holds only [0-9a-z ], so it cannot carry FTS5 syntax; the phrase's last word is a prefix.
    column = {"name": "search_name : ", "address": "search_address : "}.get(text_field, "")
    return f'{column}"{words}"*'


def _filters(f: SearchFilter, now: dt.datetime) -> list[ColumnElement[bool]]:
    """The filter's conditions (none: every dossier)."""
    out: list[ColumnElement[bool]] = []
    if f.statuses:
        out.append(Dossier.status.in_(f.statuses))
    if f.procedure_code:
        out.append(Dossier.procedure_code == f.procedure_code)
    if f.channel:
        out.append(Dossier.channel == f.channel)
    if f.received_from:
        out.append(Dossier.received_at >= dt.datetime.combine(f.received_from, dt.time.min))
    if f.received_to:
        out.append(Dossier.received_at < dt.datetime.combine(f.received_to + dt.timedelta(days=1), dt.time.min))
    if f.overdue:
        out += [Dossier.status.in_([int(s) for s in RUNNING]), Dossier.due_at < now]
    if f.due_within_days is not None:
        horizon = now + dt.timedelta(days=f.due_within_days)
        out += [Dossier.status.in_([int(s) for s in RUNNING]), Dossier.due_at >= now, Dossier.due_at <= horizon]
    return out


def search(s: Session, query: str = "", f: SearchFilter | None = None, *, limit: int = 100,
           cursor: tuple[Any, ...] | None = None, now: dt.datetime | None = None) -> Page:
    f = f or SearchFilter()
    now = now or dt.datetime.now()
    limit = max(1, min(limit, MAX_LIMIT))
    mode, key = classify(query)
    nxt: tuple[Any, ...] | None
    filters = _filters(f, now)
    if mode == "text" and s.get_bind().dialect.name == "postgresql":
        rows = [row_from_tuple(r) for r in search_page(s, and_(*filters) if filters else None, key, f.text_field,
                                                       cursor[0] if cursor else None, limit + 1)]
        nxt = (rows[limit - 1].id,) if len(rows) > limit else None
        return Page(rows[:limit], nxt, mode)
    stmt = select(*ROW_COLUMNS)
    if mode == "text":
        rowid = _FTS.c.rowid
        stmt = (stmt.select_from(_FTS).join(Dossier, Dossier.id == rowid)
                .where(text("dossier_fts MATCH :q").bindparams(q=_fts_query(key, f.text_field))))
        if cursor:
            stmt = stmt.where(rowid < cursor[0])
        stmt = stmt.where(*filters).order_by(rowid.desc()).limit(limit + 1)
        rows = [row_from_tuple(r) for r in s.execute(stmt)]
        nxt = (rows[limit - 1].id,) if len(rows) > limit else None
        return Page(rows[:limit], nxt, mode)
    if mode == "code":
        code = Dossier.code.collate("C") if s.get_bind().dialect.name == "postgresql" else Dossier.code
        stmt = stmt.where(code >= key, code < key + "\uffff")
    elif mode == "id":
        # A UNION of two index lookups: an OR here makes SQLite walk the date index instead.
        stmt = stmt.where(Dossier.id.in_(
            select(Dossier.id).where(Dossier.applicant_id_number == key)
            .union(select(Dossier.id).where(Dossier.owner_id_number == key))))
    elif mode == "phone":
        stmt = stmt.where(Dossier.applicant_phone == key)
    elif mode == "digits":
        stmt = stmt.where(Dossier.id.in_(
            select(Dossier.id).where(Dossier.applicant_id_number >= key, Dossier.applicant_id_number < key + ":")
            .union(select(Dossier.id).where(Dossier.applicant_phone >= key, Dossier.applicant_phone < key + ":"))))
    stmt = stmt.where(*filters)
    order = tuple_(Dossier.received_at, Dossier.id)
    if cursor:
        stmt = stmt.where(order < tuple_(*cursor))
    stmt = stmt.order_by(Dossier.received_at.desc(), Dossier.id.desc()).limit(limit + 1)
    rows = [row_from_tuple(r) for r in s.execute(stmt)]
    nxt = (rows[limit - 1].received_at, rows[limit - 1].id) if len(rows) > limit else None
    return Page(rows[:limit], nxt, mode)


def overdue_count(s: Session, now: dt.datetime) -> int:
    return s.scalar(select(func.count()).select_from(Dossier).where(
        Dossier.status.in_([int(x) for x in RUNNING]), Dossier.due_at < now)) or 0


def due_between_count(s: Session, start: dt.datetime, end: dt.datetime) -> int:
    return s.scalar(select(func.count()).select_from(Dossier).where(
        Dossier.status.in_([int(x) for x in RUNNING]), Dossier.due_at >= start, Dossier.due_at < end)) or 0


def received_count(s: Session, start: dt.datetime, end: dt.datetime) -> int:
    return s.scalar(select(func.count()).select_from(Dossier).where(
        Dossier.received_at >= start, Dossier.received_at < end)) or 0
