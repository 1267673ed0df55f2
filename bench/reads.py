"""Read paths at archive scale, each beside the naive way in the same run: search by code, ID number and
phone (index vs a full scan forced with NOT INDEXED), folded name and address prefixes (FTS5 vs
LIKE '%…%' over the plain columns), a page of the dossier list (keyset, first and deep, vs a sort
without the index and OFFSET) and the overdue count (index vs every row counted in Python).

The app's way is the operation the app's list calls (`operations.dossiers.search_page`), each call
with its own read session as in the app; the naive ways are raw SQL. Targets are real dossiers drawn
with a fixed seed; each answer is checked (the dossier searched for must be found), so a fast wrong
answer cannot pass. Main thread.
"""

from __future__ import annotations

import datetime as dt
import random
import re

from sqlalchemy import func, select, text

from app.models import Dossier
from app.operations import OpContext, dossiers
from app.services.desk import Desk
from app.services.dto import Actor
from app.services.queries import ROW_COLUMNS, row_from_tuple
from app.services.search import SearchFilter
from app.services.status import RUNNING
from bench.timing import measure

#: Who reads (any account may; the operations need one).
READER = Actor(username="bench-reader", full_name="Cán bộ đo hiệu năng", role="clerk")
LIST_PAGE = 200  # rows per fetch of the dossier list (app.ui.dossier_model.PAGE)
_COLS = ", ".join(c.key for c in ROW_COLUMNS)


def sample(desk: Desk, k: int, seed: int) -> list[dict]:
    """k dossiers spread over the whole archive, chosen with a fixed seed."""
    with desk.db.read() as s:
        lo, hi = s.execute(select(func.min(Dossier.id), func.max(Dossier.id))).one()
        ids = random.Random(seed).sample(range(lo, hi + 1), min(k, hi - lo + 1))
        rows = s.execute(select(Dossier.id, Dossier.code, Dossier.applicant_id_number, Dossier.applicant_phone,
                                Dossier.applicant_name, Dossier.applicant_address)
                         .where(Dossier.id.in_(ids))).all()
    return [dict(r._mapping) for r in rows]


def name_prefix(name: str) -> str:
    """What a clerk types for a name: every word, the last one cut to its first two letters."""
    words = name.split()
    return " ".join([*words[:-1], words[-1][:2]])


def address_prefix(address: str) -> str:
    """The address as typed up to its third word, that word cut to its first two letters ("Số 12, đư")."""
    words = list(re.finditer(r"[^\s,]+", address))[:3]
    last = words[-1]
    return address[: last.start() + 2] if last.end() - last.start() > 2 else address[: last.end()]


def _naive(sql: str):  # type: ignore[no-untyped-def]
    return text(sql).columns(*ROW_COLUMNS)


# The same questions without their index: a full scan of the dossiers table for the exact keys, and
# LIKE '%…%' over the plain (unfolded) columns for the words, newest first as the app shows them.
NAIVE = {
    "code": _naive(f"SELECT {_COLS} FROM dossiers NOT INDEXED WHERE code = :q "
                   "ORDER BY received_at DESC, id DESC LIMIT :n"),
    "id": _naive(f"SELECT {_COLS} FROM dossiers NOT INDEXED WHERE applicant_id_number = :q "
                 "OR owner_id_number = :q ORDER BY received_at DESC, id DESC LIMIT :n"),
    "phone": _naive(f"SELECT {_COLS} FROM dossiers NOT INDEXED WHERE applicant_phone = :q "
                    "ORDER BY received_at DESC, id DESC LIMIT :n"),
    "name": _naive(f"SELECT {_COLS} FROM dossiers WHERE applicant_name LIKE :q ORDER BY id DESC LIMIT :n"),
    "address": _naive(f"SELECT {_COLS} FROM dossiers WHERE applicant_address LIKE :q ORDER BY id DESC LIMIT :n"),
}


def _queries(t: dict) -> dict[str, str]:
    return {"code": t["code"], "id": t["applicant_id_number"], "phone": t["applicant_phone"],
            "name": name_prefix(t["applicant_name"]), "address": address_prefix(t["applicant_address"])}


def search_modes(desk: Desk, targets: list[dict], reps: int, naive_reps: int, now: dt.datetime) -> dict:
    op = OpContext(desk, READER)
    out = {}
    for mode in ("code", "id", "phone", "name", "address"):
        f = SearchFilter(text_field=mode if mode in ("name", "address") else "any")
        calls = [(_queries(t)[mode], t["id"]) for t in targets]

        def app_call(q: str, want: int, f: SearchFilter = f) -> bool:
            page = dossiers.search_page(op, q, f, None, 100, now)  # what the app's list runs
            # A common name has more than a page of matches: then the page must be full and ordered.
            return any(r.id == want for r in page.rows) or len(page.rows) == 100

        def naive_call(q: str, want: int, mode: str = mode) -> bool:
            key = f"%{q}%" if mode in ("name", "address") else q
            with desk.db.read() as s:
                rows = [row_from_tuple(r) for r in s.execute(NAIVE[mode], {"q": key, "n": 101})]
            return any(r.id == want for r in rows) or len(rows) == 101

        stats, ok = measure(app_call, _cycle(calls, reps + 3), warmup=3)
        mode_seen = dossiers.search_page(op, calls[0][0], f, None, 1, now).mode
        out[mode] = {"app": stats, "app_found": sum(ok), "mode": mode_seen, "example_query": calls[0][0]}
        if naive_reps:  # 0: the app's way only (the PostgreSQL column: the naive SQL is SQLite's)
            nstats, nok = measure(naive_call, _cycle(calls, naive_reps + 1), warmup=1)
            out[mode] |= {"naive": nstats, "naive_found": sum(nok)}
    return out


def _cycle(calls: list, n: int) -> list:
    return [calls[i % len(calls)] for i in range(n)]


def list_pages(desk: Desk, reps: int, naive_reps: int, now: dt.datetime) -> dict:
    """The first page and a page half-way down the archive (keyset) vs OFFSET / a sort without the index."""
    with desk.db.read() as s:
        total = s.scalar(select(func.count()).select_from(Dossier))
        depth = max(0, total // 2 - LIST_PAGE)
        row = s.execute(select(Dossier.received_at, Dossier.id)
                        .order_by(Dossier.received_at.desc(), Dossier.id.desc()).offset(depth).limit(1)).one()
    cursor = (row[0], row[1])

    op = OpContext(desk, READER)

    def page(cur: tuple | None) -> list:
        return dossiers.search_page(op, "", SearchFilter(), cur, LIST_PAGE, now).rows

    offset_sql = _naive(f"SELECT {_COLS} FROM dossiers ORDER BY received_at DESC, id DESC LIMIT :n OFFSET :o")
    sort_sql = _naive(f"SELECT {_COLS} FROM dossiers NOT INDEXED ORDER BY received_at DESC, id DESC LIMIT :n")

    def offset_page(o: int) -> list:
        with desk.db.read() as s:
            return [row_from_tuple(r) for r in s.execute(offset_sql, {"n": LIST_PAGE, "o": o})]

    def sorted_page() -> list:
        with desk.db.read() as s:
            return [row_from_tuple(r) for r in s.execute(sort_sql, {"n": LIST_PAGE})]

    first, first_rows = measure(page, [(None,)] * (reps + 3), warmup=3)
    deep, deep_rows = measure(page, [(cursor,)] * (reps + 3), warmup=3)
    if not naive_reps:  # the app's way only; the deep page must follow the first one's order
        return {"page_rows": LIST_PAGE, "deep_offset": depth + 1, "total": total, "first": {"app": first},
                "deep": {"app": deep}, "ordered": _ordered(first_rows[0]) and _ordered(deep_rows[0])
                and (deep_rows[0][0].received_at, deep_rows[0][0].id) < cursor}
    nfirst, nfirst_rows = measure(sorted_page, [()] * (naive_reps + 1), warmup=1)
    ndeep, ndeep_rows = measure(offset_page, [(depth + 1,)] * (naive_reps + 1), warmup=1)
    same = ([r.id for r in first_rows[0]] == [r.id for r in nfirst_rows[0]]
            and [r.id for r in deep_rows[0]] == [r.id for r in ndeep_rows[0]])
    return {"page_rows": LIST_PAGE, "deep_offset": depth + 1, "total": total,
            "first": {"app": first, "naive": nfirst, "naive_way": "ORDER BY … NOT INDEXED (sort every row)"},
            "deep": {"app": deep, "naive": ndeep, "naive_way": f"LIMIT {LIST_PAGE} OFFSET {depth + 1:,}"},
            "same_rows": same}


def _ordered(rows: list) -> bool:
    keys = [(r.received_at, r.id) for r in rows]
    return bool(keys) and keys == sorted(keys, reverse=True)


def overdue(desk: Desk, reps: int, naive_reps: int, now: dt.datetime) -> dict:
    """`status IN (running) AND due_at < now` from the index vs every dossier counted in Python."""
    running = {int(x) for x in RUNNING}

    op = OpContext(desk, READER)

    def app_count() -> int:
        return dossiers.overdue_count(op, now)

    def naive_count() -> int:
        with desk.db.read() as s:
            return sum(1 for st, due in s.execute(select(Dossier.status, Dossier.due_at))
                       if st in running and due < now)

    stats, got = measure(app_count, [()] * (reps + 3), warmup=3)
    if not naive_reps:
        return {"app": stats, "count": got[0]}
    nstats, ngot = measure(naive_count, [()] * (naive_reps + 1), warmup=1)
    return {"app": stats, "naive": nstats, "count": got[0], "naive_count": ngot[0], "same": got[0] == ngot[0]}
