"""Synthetic but realistic demo data, loaded through the bulk path.

Names, addresses, procedures, channels and a plausible spread of statuses and dates; every dossier has
its components and the events of its history. The archive counts as synced long ago: its outbox rows
were acknowledged and pruned, which the outbox watermark records (services.outbox); the newest
`pending_outbox` dossiers wait in the outbox, one row per event. The main process plans the received moments, codes and due dates; a worker
process generates the rows chunk by chunk while the main process inserts the previous chunk (two
cores, two stages). The load drops the full-text triggers and secondary indexes, inserts with
executemany, then rebuilds the indexes and the full-text index in one pass. Codes continue the
per-day counters of this device's slot so later intakes never collide.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import random
import time
from bisect import bisect
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import Any

from sqlalchemy import select

from app.errors import MotCuaError
from app.models import Procedure, Setting
from app.models.fts import FTS_TRIGGERS, REBUILD_FTS
from app.services import demo_names as N
from app.services.codes import CodeTemplate
from app.services.desk import Desk
from app.services.ids import uuid7
from app.services.outbox import PRUNED_THROUGH
from app.services.status import Status
from app.services.text import fold

CHUNK = 25_000
RUNNING = (int(Status.RECEIVED), int(Status.PROCESSING), int(Status.SUPPLEMENT_REQUESTED))

_PATHS = {
    Status.RECEIVED: [], Status.PROCESSING: [Status.PROCESSING],
    Status.SUPPLEMENT_REQUESTED: [Status.SUPPLEMENT_REQUESTED], Status.RESULT_READY: [Status.RESULT_READY],
    Status.RETURNED: [Status.RESULT_READY, Status.RETURNED], Status.REFUSED: [Status.REFUSED],
    Status.WITHDRAWN: [Status.WITHDRAWN], Status.STOPPED: [Status.PROCESSING, Status.STOPPED],
}
_FINISH = {Status.RESULT_READY, Status.REFUSED, Status.WITHDRAWN, Status.STOPPED}

# Columns that vary per dossier are bound; the ones every demo dossier shares are SQL literals (fewer
# values to build, pickle and bind per row). {form} and {device} are filled in per load.
_DOSSIER_VARIABLE = (
    "id, uuid, code, procedure_id, procedure_code, procedure_name, field_name, limit_kind, limit_value, "
    "applicant_name, applicant_id_number, applicant_birth_date, applicant_sex, applicant_phone, "
    "applicant_address, channel, fee_amount, register_book, register_seq, received_at, due_at, original_due_at, "
    "finished_at, returned_at, status, collected_by, supplement_count, rating, version, updated_at, "
    "search_name, search_address"
)
_DOSSIER_FIXED = {
    "applicant_id_kind": "'cccd'", "applicant_email": "''", "applicant_type": "1", "owner_name": "''",
    "owner_id_kind": "''", "owner_id_number": "''", "owner_sex": "''", "owner_phone": "''",
    "owner_address": "''", "result_delivery": "'counter'", "priority_group": "''", "sets_count": "1",
    "fee_exempt": "0", "summary": "''", "note": "''", "handling_unit": "''", "rating_comment": "''",
    "receiver_name": "'Cán bộ tiếp nhận'", "form_set_version": "{form}", "device_id": "{device}",
}
_DOSSIER_SQL = (
    f"INSERT INTO dossiers ({_DOSSIER_VARIABLE}, {', '.join(_DOSSIER_FIXED)}) "
    f"VALUES ({','.join('?' * (_DOSSIER_VARIABLE.count(',') + 1))}, {', '.join(_DOSSIER_FIXED.values())})"
)
_COMP_SQL = ("INSERT INTO dossier_components (dossier_id, position, name, originals, copies, photocopies) "
             "VALUES (?,?,?,?,?,?)")
_EVENT_SQL = ("INSERT INTO events (uuid, dossier_id, at, kind, from_status, to_status, from_party, to_party, "
              "actor, actor_title, note, due_at, source) "
              "VALUES (?,?,?,?,?,?,'','','Cán bộ tiếp nhận','','',?,'local')")
# The archive before the newest `pending_outbox` dossiers counts as sent, acknowledged long ago and
# pruned from the outbox (services.outbox): its events sit below the watermark. The newest dossiers get
# one pending outbox row per event, derived inside SQLite (version = the event's rank in its history).
_OUTBOX_SQL = (
    "INSERT INTO outbox (event_uuid, dossier_id, dossier_uuid, version, kind, created_at, state, attempts, "
    "sent_at, result, error_code, error_message) "
    "SELECT e.uuid, e.dossier_id, d.uuid, "
    "row_number() OVER (PARTITION BY e.dossier_id ORDER BY e.id), e.kind, e.at, 'pending', 0, NULL, '', '', '' "
    "FROM events e JOIN dossiers d ON d.id = e.dossier_id WHERE e.id > :after AND e.dossier_id >= :pending_id "
    "ORDER BY e.id"
)


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
class _Plan:
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


_PLAN: _Plan | None = None


def _init_worker(plan: _Plan) -> None:
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


def _due(plan: _Plan, kind: str, value: int, t: dt.datetime) -> dt.datetime:
    day = t.date()
    if kind == "same_day":
        if t.time() < plan.cutoff:
            return dt.datetime.combine(day, plan.close)
        return dt.datetime.combine(plan.due_days[(day, "next")], plan.close)
    target = plan.due_days[(day, kind, value)]
    return dt.datetime.combine(target, t.time() if kind == "working_days" else plan.close)


def _generate(args: tuple[Any, ...]) -> tuple[list[Any], list[Any], list[Any]]:
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


DEMO_FLAG = "store_made_by_demo_setup"


def mark_demo_store(desk: Desk) -> None:
    """Remember in the store itself that `demo-setup` made it: only such a store takes demo data."""
    with desk.db.write() as s:
        s.merge(Setting(key=DEMO_FLAG, value="true"))


def is_demo_store(desk: Desk) -> bool:
    with desk.db.read() as s:
        row = s.get(Setting, DEMO_FLAG)
        return row is not None and row.value == "true"


def require_demo_store(desk: Desk) -> None:
    """`motcua demo-data` adds dossiers that cannot be removed: refused on a store demo-setup did not make."""
    if not is_demo_store(desk):
        raise MotCuaError(
            f"Cơ sở dữ liệu {desk.paths.database} là dữ liệu thật (không do «motcua demo-setup» tạo ra), nên không "
            "thêm hồ sơ mẫu vào đó: hồ sơ mẫu không xóa được và sẽ bị gửi lên tỉnh. Để thử, hãy dùng một thư mục "
            "riêng: motcua --data-dir THƯ_MỤC_THỬ demo-setup, rồi demo-data trong thư mục đó.")


def load(desk: Desk, count: int, *, seed: int = 2026, pending_outbox: int = 0, recent: bool = False) -> dict[str, Any]:
    started = time.perf_counter()
    rng = random.Random(seed)
    cal = desk.calendar
    agency, device, template = desk.agency, desk.device, desk.code_template
    now = desk.now()
    with desk.db.read() as s:
        procs = [(p.id, p.national_code or p.key, p.name, p.field, p.limit_kind, p.limit_value, p.fee_amount,
                  [(c.name, c.originals, c.copies, c.photocopies) for c in p.components if c.required])
                 for p in s.execute(select(Procedure).where(Procedure.active.is_(True))).scalars()]
    weights = list(accumulate(8 if p[4] == "same_day" else 3 for p in procs))
    span_days = 60 if recent else max(30, min(3650, count // 275))
    days = [d for d in ((now - dt.timedelta(days=span_days - k)).date() for k in range(span_days + 1))
            if cal.is_working_day(d) and d <= now.date()] or [now.date()]
    # Received moments, oldest first, only in office hours on working days, as plain integers
    # (day index * 86400 + second of the day): sorting a million ints is quick, datetimes are not.
    spans = [(a.hour * 3600 + a.minute * 60, b.hour * 3600 + b.minute * 60) for a, b in cal.hours.intervals]
    office_seconds = cal.hours.minutes_per_day * 60
    per_day = cal.hours.minutes_per_day
    ends = list(accumulate(b - a for a, b in spans))  # office seconds at the end of each interval
    shift = [a - (end - (b - a)) for (a, b), end in zip(spans, ends, strict=True)]
    rnd, ndays = rng.random, len(days)
    moments = []
    for _ in range(count):
        m = int(rnd() * office_seconds)
        moments.append(int(rnd() * ndays) * 86400 + m + shift[bisect(ends, m)])
    moments.sort()
    # Due dates for day-based rules, computed once per (day, rule) with the real calendar.
    due_days: dict[tuple[Any, ...], dt.date] = {}
    rules = {(p[4], p[5]) for p in procs if p[4] != "same_day"}
    for d in days:
        due_days[(d, "next")] = cal.next_working_day(d)
        for kind, value in rules:
            if kind == "working_days":
                due_days[(d, kind, value)] = cal.add_working_minutes(
                    dt.datetime.combine(d, cal.hours.opening), value * per_day).date()
            else:
                due_days[(d, kind, value)] = cal.due_date_for(kind, value, dt.datetime.combine(d, cal.hours.opening)).at.date()
    raw = desk.db.raw_connection()
    try:
        cur = raw.cursor()
        first_id = cur.execute("SELECT COALESCE(MAX(id), 0) FROM dossiers").fetchone()[0] + 1
        counters = {(dt.date.fromisoformat(day), slot): last for day, slot, last in
                    cur.execute("SELECT day, slot, last FROM code_counters")}
        block = template.slot_range(device.slot)
        slot, ykey_slot = device.slot, -(device.slot + 1)
        # Per-day and per-year counters as plain lists and ints (a million dict look-ups cost seconds).
        day_last = [counters.get((d, slot), 0) for d in days]
        years = [d.year for d in days]
        year_last = {y: counters.get((dt.date(y, 1, 1), ykey_slot), 0) for y in set(years)}
        first_seq, block_len = block[0], len(block)
        items = []
        for key in moments:
            di = key // 86400
            n = day_last[di] + 1
            if n > block_len:
                continue
            day_last[di] = n
            y = years[di]
            reg = year_last[y] = year_last[y] + 1
            items.append((key, first_seq + n - 1, reg))
        counters.update({(d, slot): last for d, last in zip(days, day_last, strict=True) if last})
        counters.update({(dt.date(y, 1, 1), ykey_slot): last for y, last in year_last.items() if last})
        plan = _Plan(seed, procs, weights, now, cal.hours.closing, cal.hours.same_day_cutoff, due_days,
                     days, template.template, agency.code)
        specs = [(k, start, first_id, items[start:start + CHUNK])
                 for k, start in enumerate(range(0, len(items), CHUNK))]
        planned_at = time.perf_counter()
        # The bulk load writes straight into the database file: no WAL copy of 2 GB to checkpoint later.
        # Nothing else may hold the file meanwhile, so the desk's own pooled connections are closed first.
        desk.db.engine.dispose()
        cur.execute("PRAGMA locking_mode=EXCLUSIVE")
        cur.execute("PRAGMA journal_mode=OFF")
        cur.execute("PRAGMA synchronous=OFF")
        cur.execute("PRAGMA cache_size=-800000")
        cur.execute("PRAGMA threads=4")  # lets CREATE INDEX sort on both cores
        # Rebuilding every index and the full-text index pays off only when the load is large next to
        # what is there already; a small addition to a big archive keeps them and lets the triggers work.
        rebuild = len(items) >= max(20_000, (first_id - 1) // 2)
        indexes = []
        if rebuild:
            for name in FTS_TRIGGERS:
                cur.execute(f"DROP TRIGGER IF EXISTS {name}")
            indexes = [(n, sql) for n, sql in cur.execute(
                "SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL "
                "AND tbl_name IN ('dossiers', 'events', 'outbox', 'dossier_components')")]
            for n, _ in indexes:
                cur.execute(f"DROP INDEX {n}")
        ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
        # One process generates rows while this one writes them: on two cores each stage gets a core of
        # its own (a second generator only took CPU from the writer). imap keeps the chunks in order.
        with ctx.Pool(2, initializer=_init_worker, initargs=(plan,)) as pool:
            pending_id = first_id + len(items) - pending_outbox
            form = "'" + agency.form_set_version.replace("'", "''") + "'"
            dossier_sql = _DOSSIER_SQL.format(form=form, device=int(device.id))
            for dossiers, comps, events in pool.imap(_generate, specs):
                after = cur.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0]
                cur.execute("BEGIN")
                cur.executemany(dossier_sql, dossiers)
                cur.executemany(_COMP_SQL, comps)
                cur.executemany(_EVENT_SQL, events)
                cur.execute(_OUTBOX_SQL, {"pending_id": pending_id, "after": after})
                cur.execute("COMMIT")
        cur.execute("BEGIN")
        archive_through = cur.execute("SELECT COALESCE(max(id), 0) FROM events WHERE dossier_id < ?",
                                      (pending_id,)).fetchone()[0]
        cur.execute("INSERT INTO sync_state(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
                    "value = max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))",
                    (PRUNED_THROUGH, str(archive_through)))
        cur.executemany("INSERT INTO code_counters(day, slot, last) VALUES (?,?,?) "
                        "ON CONFLICT(day, slot) DO UPDATE SET last = excluded.last",
                        [(day.isoformat(), slot, last) for (day, slot), last in counters.items()])
        cur.execute("COMMIT")
        loaded_at = time.perf_counter()
        phases: dict[str, float] = {}
        for name, sql in indexes:
            t0 = time.perf_counter()
            cur.execute(sql)
            phases[name] = round(time.perf_counter() - t0, 2)
        if rebuild:
            t0 = time.perf_counter()
            # Merging segments while rebuilding costs a third of the rebuild; the segments left are merged
            # a little at a time by later writes (automerge back at FTS5's default of 4), and searches over
            # them stay in single milliseconds.
            cur.execute("INSERT INTO dossier_fts(dossier_fts, rank) VALUES ('automerge', 0)")
            cur.execute(REBUILD_FTS)
            cur.execute("INSERT INTO dossier_fts(dossier_fts, rank) VALUES ('automerge', 4)")
            phases["fts"] = round(time.perf_counter() - t0, 2)
            for sql in FTS_TRIGGERS.values():
                cur.execute(sql)
        t0 = time.perf_counter()
        # Full statistics: sampled ones (analysis_limit) misjudged the date indexes and made the monthly
        # report 10× slower, for 1 s saved here.
        cur.execute("ANALYZE")
        phases["analyze"] = round(time.perf_counter() - t0, 2)
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA locking_mode=NORMAL")
        cur.execute("PRAGMA synchronous=FULL")
    finally:
        raw.close()
    seconds = time.perf_counter() - started
    return {"dossiers": len(items), "seconds": round(seconds, 2), "rate": len(items) / seconds if seconds else 0.0,
            "plan_seconds": round(planned_at - started, 2), "insert_seconds": round(loaded_at - planned_at, 2),
            "index_seconds": round(seconds - (loaded_at - started), 2), "index_phases": phases}
