"""What the desk produces, at archive scale: the Mẫu 01 receipt PDF and the monthly report.

Mẫu 01 is built by the printing operation the app calls (`operations.printing.slip_pdf`) for a real
dossier; the naive way registers the fonts again on every call (parsing four TTF files), as a builder
without the once-per-process cache would. The monthly report is the report operation
(`operations.reports.report`) for the last full month; the naive way loads the
month's dossiers (and every one still open) as ORM objects and counts them in a Python loop. Its totals
must equal the report's, so the comparison is between two ways of computing the same figures. Main
thread.
"""

from __future__ import annotations

import datetime as dt
import time

from sqlalchemy import and_, or_, select

from app.models import Dossier
from app.operations import OpContext, dossiers, printing, reports
from app.printing import fonts
from app.services.desk import Desk
from app.services.dto import Actor
from app.services.reports import COUNTS, ENDED, EVALUATED, month_period
from app.services.search import SearchFilter
from app.services.status import Status
from bench.timing import measure

BENCH_ACTOR = Actor(username="bench", full_name="Cán bộ đo hiệu năng", role="admin")


def receipt_pdf(desk: Desk, reps: int, naive_reps: int) -> dict:
    op = OpContext(desk, BENCH_ACTOR)
    newest = dossiers.search_page(op, "", SearchFilter(), None, 1, desk.now()).rows[0]
    detail = dossiers.detail(op, newest.id)

    def build() -> bytes:  # what the app's "print the slip again" runs
        return printing.slip_pdf(op, [detail], detail.receiver_name, "a5")

    def naive() -> bytes:
        fonts._ready = False  # simulates a builder without the once-per-process font cache
        return build()

    started = time.perf_counter()
    first = build()
    first_ms = (time.perf_counter() - started) * 1000
    stats, pdfs = measure(build, [()] * (reps + 3), warmup=3)
    nstats, npdfs = measure(naive, [()] * (naive_reps + 1), warmup=1)
    ok = all(p.startswith(b"%PDF") and len(p) > 5000 for p in [first, *pdfs, *npdfs])
    return {"app": stats, "naive": nstats, "first_call_ms": round(first_ms, 1), "bytes": len(pdfs[-1]),
            "code": detail.code, "valid_pdf": ok}


def previous_month(now: dt.datetime):  # type: ignore[no-untyped-def]
    first = now.date().replace(day=1) - dt.timedelta(days=1)
    return month_period(first.year, first.month)


def naive_totals(desk: Desk, period, now: dt.datetime) -> dict:  # type: ignore[no-untyped-def]
    """The report's counts, from ORM objects in a Python loop, by the rules of services.reports."""
    d = Dossier
    start, end = period.start, period.end
    as_of = min(end, now.replace(microsecond=0))

    def within(col):  # type: ignore[no-untyped-def]
        return and_(col >= start, col < end)

    t = dict.fromkeys(COUNTS, 0)
    evaluated, ended = {int(x) for x in EVALUATED}, {int(x) for x in ENDED}
    registered, waiting = int(Status.REGISTERED), int(Status.SUPPLEMENT_REQUESTED)
    withdrawn = int(Status.WITHDRAWN)
    with desk.db.read() as s:
        stmt = select(Dossier).where(or_(within(d.received_at), within(d.finished_at), within(d.returned_at),
                                         d.finished_at.is_(None), d.finished_at >= as_of))
        for x in s.execute(stmt).scalars():
            if x.status != registered and start <= x.received_at < end:
                t["received"] += 1
            if x.finished_at is not None and start <= x.finished_at < end and x.status in ended:
                # Decision 766 judges a withdrawal too, unless an online registration was withdrawn unaccepted.
                judged = x.status in evaluated or (x.status == withdrawn and not any(
                    e.to_status == withdrawn and e.from_status == registered for e in x.events))
                if judged:
                    t["finished"] += 1
                    late = x.supplement_count > 1 or x.finished_at > x.due_at
                    early = not late and x.finished_at.date() < x.due_at.date()
                    key = "finished_late" if late else "finished_early" if early else "finished_on_time"
                    t[key] += 1
                for status, key in ((Status.REFUSED, "refused"), (Status.WITHDRAWN, "withdrawn"),
                                    (Status.STOPPED, "stopped")):
                    t[key] += x.status == int(status)
            if x.status != registered and x.received_at < as_of:
                overdue = None
                if x.finished_at is None:
                    overdue = x.status != waiting and x.due_at < as_of
                elif x.finished_at >= as_of:
                    overdue = x.due_at < as_of
                if overdue is not None:
                    t["open_overdue" if overdue else "open_within_limit"] += 1
            if x.returned_at is not None and start <= x.returned_at < end:
                t["returned"] += 1
    return t


def monthly_report(desk: Desk, reps: int, naive_reps: int) -> dict:
    now = desk.now()
    period = previous_month(now)
    op = OpContext(desk, BENCH_ACTOR)
    stats, built = measure(lambda: reports.report(op, period), [()] * (reps + 1), warmup=1)
    figures_of = [b.data for b in built]
    nstats, totals = measure(lambda: naive_totals(desk, period, desk.now()), [()] * (naive_reps + 1), warmup=1)
    figures = {k: figures_of[-1][k] for k in COUNTS}
    return {"period": period.key, "app": stats, "naive": nstats, "figures": figures,
            "naive_figures": totals[-1], "same": figures == totals[-1]}
