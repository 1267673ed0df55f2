"""The rows of demo dossiers, generated in a worker process chunk by chunk (app.services.demo loads them).

The main process decides everything a worker needs up front (`Plan`, picklable: the procedures and
their weights, the working days, due dates per day and rule, the code template); `generate_chunk` draws,
for each planned received moment and code, a plausible citizen (names, ID number, phone, address from
demo_names), a channel, a final status with the history that leads there (one event per step, timed
within the due date mostly, late sometimes) and the procedure's components, as tuples ready for
executemany. Seeded per chunk, so a load is reproducible; timestamps in SQLAlchemy's SQLite format.
"""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import Any

from app.services import demo_names as N
from app.services.codes import CodeTemplate
from app.services.ids import uuid7
from app.services.status import Status
from app.services.text import fold

_PATHS = {
    Status.RECEIVED: [], Status.PROCESSING: [Status.PROCESSING],
    Status.SUPPLEMENT_REQUESTED: [Status.SUPPLEMENT_REQUESTED], Status.RESULT_READY: [Status.RESULT_READY],
    Status.RETURNED: [Status.RESULT_READY, Status.RETURNED], Status.REFUSED: [Status.REFUSED],
    Status.WITHDRAWN: [Status.WITHDRAWN], Status.STOPPED: [Status.PROCESSING, Status.STOPPED],
}
_FINISH = {Status.RESULT_READY, Status.REFUSED, Status.WITHDRAWN, Status.STOPPED}


_ONE_MS = dt.timedelta(milliseconds=1)


def _ts(t: dt.datetime | None) -> str | None:
    """The storage format SQLAlchemy uses for DateTime on SQLite, so raw and ORM rows compare alike."""
    if t is None:
        return None
    s = t.isoformat(sep=" ")
    return s if t.microsecond else s + ".000000"


@lru_cache(maxsize=4096)
def _fold(part: str) -> str:
    return fold(part)


@dataclass(frozen=True)
class Plan:
    """Everything a generator worker needs, decided up front by the main process (picklable)."""

    seed: int
    procs: list[Any]
    weights: list[Any]
    now: dt.datetime
    close: dt.time
    cutoff: dt.time
    due_days: dict[tuple[Any, ...], dt.date]  # (day, kind, value) -> due date (day-based rules), (day, "next") -> next working day
    days: list[Any]  # working days of the span; a moment is day index * 86400 + second of the day
    template: str
    agency_code: str


_PLAN: Plan | None = None


def init_worker(plan: Plan) -> None:
    global _PLAN
    _PLAN = plan


def _final_status(r: float, age_days: float) -> Status:
    if age_days > 20:
        if r < 0.93:
            return Status.RETURNED
        return (Status.REFUSED, Status.WITHDRAWN, Status.STOPPED, Status.RESULT_READY)[min(3, int((r - 0.93) / 0.0175))]
    if age_days > 3:
        order = [(0.55, Status.RETURNED), (0.70, Status.RESULT_READY), (0.85, Status.PROCESSING),
                 (0.90, Status.SUPPLEMENT_REQUESTED), (0.95, Status.RECEIVED), (0.97, Status.REFUSED),
                 (1.01, Status.WITHDRAWN)]
    else:
        order = [(0.15, Status.RETURNED), (0.30, Status.RESULT_READY), (0.60, Status.PROCESSING),
                 (0.65, Status.SUPPLEMENT_REQUESTED), (1.01, Status.RECEIVED)]
    return next(s for p, s in order if r < p)


def _due(plan: Plan, kind: str, value: int, t: dt.datetime) -> dt.datetime:
    day = t.date()
    if kind == "same_day":
        if t.time() < plan.cutoff:
            return dt.datetime.combine(day, plan.close)
        return dt.datetime.combine(plan.due_days[(day, "next")], plan.close)
    target = plan.due_days[(day, kind, value)]
    return dt.datetime.combine(target, t.time() if kind == "working_days" else plan.close)


def generate_chunk(args: tuple[Any, ...]) -> tuple[list[Any], list[Any], list[Any]]:
    """One chunk of rows: (dossiers, components, events)."""
    chunk_no, first_index, first_id, items = args
    plan = _PLAN
    assert plan is not None
    # The first id joins the seed so a second load with the same seed draws new ids, not the same ones.
    rng = random.Random(f"{plan.seed}:{first_id}:{chunk_no}")
    template = CodeTemplate(plan.template)
    digits = template.digits
    parts: dict[int, tuple[str, str]] = {}
    surnames = [s for s, _ in N.SURNAMES]
    cum = list(accumulate(w for _, w in N.SURNAMES))
    dossiers, comps, events = [], [], []
    latest = plan.now - dt.timedelta(minutes=1)
    half_hour = dt.timedelta(minutes=30)
    male_mid, male_giv, fem_mid, fem_giv = N.MALE_MIDDLE, N.MALE_GIVEN, N.FEMALE_MIDDLE, N.FEMALE_GIVEN
    n_mm, n_mg, n_fm, n_fg = len(male_mid), len(male_giv), len(fem_mid), len(fem_giv)
    provinces, communes, streets, hamlets = N.PROVINCES, N.COMMUNES, N.STREETS, N.HAMLETS
    n_prov, n_com, n_str, n_ham = len(provinces), len(communes), len(streets), len(hamlets)
    rnd = rng.random
    for k, (key, seq, reg) in enumerate(items):
        i = first_index + k
        day_index, second = divmod(key, 86400)
        day = plan.days[day_index]
        t = min(dt.datetime.combine(day, dt.time(second // 3600, second // 60 % 60, second % 60)), latest)
        if day_index not in parts:
            parts[day_index] = template.day_parts(plan.agency_code, day)
        before, after = parts[day_index]
        code = f"{before}{seq:0{digits}d}{after}"
        did = first_id + i
        pid, pcode, pname, pfield, kind, value, fee, pcomps = plan.procs[bisect(plan.weights, rnd() * plan.weights[-1])]
        due = _due(plan, kind, value, t)
        surname = surnames[bisect(cum, rnd() * cum[-1])]
        if rnd() < 0.5:
            sex, middle, given = "m", male_mid[int(rnd() * n_mm)], male_giv[int(rnd() * n_mg)]
        else:
            sex, middle, given = "f", fem_mid[int(rnd() * n_fm)], fem_giv[int(rnd() * n_fg)]
        name = f"{surname} {middle} {given}"
        prov, pcode_prov = provinces[int(rnd() * n_prov)]
        commune = communes[int(rnd() * n_com)]
        if rnd() < 0.3:
            street = streets[int(rnd() * n_str)]
            number = 1 + int(rnd() * 249)
            head, head_folded = f"Số {number}, đường {street}", f"so {number} duong {_fold(street)}"
        else:
            head = hamlets[int(rnd() * n_ham)]
            head_folded = _fold(head)
        address = f"{head}, {commune}, {prov}"
        birth_year = 1945 + int(rnd() * 61)
        id_number = f"{pcode_prov}{(0 if birth_year < 2000 else 2) + (sex == 'f')}{birth_year % 100:02d}{int(rnd() * 1e6):06d}"
        phone = f"0{'389753'[int(rnd() * 6)]}{int(rnd() * 1e8):08d}"
        age = (plan.now - t).total_seconds() / 86400
        final = _final_status(rnd(), age)
        r = rnd()
        channel = "counter" if r < 0.70 else "online" if r < 0.92 else "postal" if r < 0.97 else "home"
        history: list[tuple[dt.datetime, int | None, int, str]] = [(t, None, int(Status.RECEIVED), "receive")]
        step_t, cur_status = t, Status.RECEIVED
        finished = returned = None
        for nxt in _PATHS[final]:
            limit = max(due, step_t + half_hour)
            factor = 0.2 + 0.75 * rnd() if rnd() >= 0.03 else 1.05 + 0.55 * rnd()
            step_t = min(step_t + dt.timedelta(seconds=int((limit - step_t).total_seconds() * factor)), latest)
            if nxt is Status.RETURNED:
                step_t = min(step_t + dt.timedelta(seconds=int(rnd() * 259200)), latest)
            history.append((step_t, int(cur_status), int(nxt), "transition"))
            cur_status = nxt
            if nxt in _FINISH:
                finished = step_t
            elif nxt is Status.RETURNED:
                returned = step_t
        duuid = uuid7(t, rng)
        rating = ""
        if final is Status.RETURNED:
            r = rnd()
            rating = "" if r < 0.4 else "very_satisfied" if r < 0.75 else "satisfied" if r < 0.97 else "unsatisfied"
        ts_t, ts_due = _ts(t), _ts(due)
        dossiers.append((
            did, duuid, code, pid, pcode, pname, pfield, kind, value,
            name, id_number, f"{birth_year}-{1 + int(rnd() * 12):02d}-{1 + int(rnd() * 28):02d}",
            sex, phone, address, channel, fee, str(t.year), reg, ts_t, ts_due, ts_due, _ts(finished),
            _ts(returned), int(final), name if returned else "", 1 if final is Status.SUPPLEMENT_REQUESTED else 0,
            rating, len(history), _ts(history[-1][0]),
            f"{_fold(surname)} {_fold(middle)} {_fold(given)}",
            f"{head_folded} {_fold(commune)} {_fold(prov)}",
        ))
        for pos, (cname, o, c, ph) in enumerate(pcomps, 1):
            comps.append((did, pos, cname, o, c, ph))
        for version, (at, frm, to, ekind) in enumerate(history, 1):
            # Ids stamped with the dossier's own receive time (plus the step) follow insertion order, so
            # the unique index grows at its end; stamped with each step's time they would land anywhere.
            events.append((uuid7(t + version * _ONE_MS, rng), did, _ts(at), ekind, frm, to,
                           ts_due if version == 1 else None))
    return dossiers, comps, events
