"""Synthetic but realistic demo data, loaded through the bulk path.

Names, addresses, procedures, channels and a plausible spread of statuses and dates; every dossier has
its components, the events of its history and an outbox row per event (sent, except the newest
`pending_outbox` dossiers). The load drops the full-text triggers and secondary indexes, inserts with
executemany in large transactions, then rebuilds the indexes and the full-text index in one pass.
Codes continue the per-day counters of this device's slot so later intakes never collide.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from bisect import bisect
from itertools import accumulate

from sqlalchemy import select

from app.models import Procedure
from app.models.fts import FTS_TRIGGERS, REBUILD_FTS
from app.services import demo_names as N
from app.services.desk import Desk
from app.services.status import Status
from app.services.text import fold

CHUNK = 20_000


def _ts(t: dt.datetime | None) -> str | None:
    """The storage format SQLAlchemy uses for DateTime on SQLite, so raw and ORM rows compare alike."""
    return None if t is None else t.strftime("%Y-%m-%d %H:%M:%S.%f")


def _uuid(rng: random.Random) -> str:
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:]}"


class _Names:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.cum = list(accumulate(w for _, w in N.SURNAMES))

    def person(self) -> tuple[str, str]:
        r = self.rng
        surname = N.SURNAMES[bisect(self.cum, r.random() * self.cum[-1])][0]
        if r.random() < 0.5:
            return f"{surname} {r.choice(N.MALE_MIDDLE)} {r.choice(N.MALE_GIVEN)}", "m"
        return f"{surname} {r.choice(N.FEMALE_MIDDLE)} {r.choice(N.FEMALE_GIVEN)}", "f"

    def address(self) -> tuple[str, str]:
        r = self.rng
        prov, pcode = r.choice(N.PROVINCES)
        if r.random() < 0.3:
            head = f"Số {r.randint(1, 250)}, đường {r.choice(N.STREETS)}"
        else:
            head = r.choice(N.HAMLETS)
        return f"{head}, {r.choice(N.COMMUNES)}, {prov}", pcode


def _final_status(rng: random.Random, age_days: float) -> Status:
    r = rng.random()
    if age_days > 20:
        if r < 0.93:
            return Status.RETURNED
        return (Status.REFUSED, Status.WITHDRAWN, Status.STOPPED, Status.RESULT_READY)[int((r - 0.93) / 0.0175)]
    if age_days > 3:
        order = [(0.55, Status.RETURNED), (0.70, Status.RESULT_READY), (0.85, Status.PROCESSING),
                 (0.90, Status.SUPPLEMENT_REQUESTED), (0.95, Status.RECEIVED), (0.97, Status.REFUSED),
                 (1.01, Status.WITHDRAWN)]
    else:
        order = [(0.15, Status.RETURNED), (0.30, Status.RESULT_READY), (0.60, Status.PROCESSING),
                 (0.65, Status.SUPPLEMENT_REQUESTED), (1.01, Status.RECEIVED)]
    return next(s for p, s in order if r < p)


_PATHS = {
    Status.RECEIVED: [], Status.PROCESSING: [Status.PROCESSING],
    Status.SUPPLEMENT_REQUESTED: [Status.SUPPLEMENT_REQUESTED], Status.RESULT_READY: [Status.RESULT_READY],
    Status.RETURNED: [Status.RESULT_READY, Status.RETURNED], Status.REFUSED: [Status.REFUSED],
    Status.WITHDRAWN: [Status.WITHDRAWN], Status.STOPPED: [Status.PROCESSING, Status.STOPPED],
}

DOSSIER_COLS = (
    "id, uuid, code, procedure_id, procedure_code, procedure_name, field_name, limit_kind, limit_value, "
    "form_set_version, applicant_name, applicant_id_kind, applicant_id_number, applicant_birth_date, "
    "applicant_sex, applicant_phone, applicant_email, applicant_address, applicant_type, owner_name, "
    "owner_id_kind, owner_id_number, owner_sex, owner_phone, owner_address, channel, result_delivery, "
    "priority_group, sets_count, fee_amount, fee_exempt, summary, note, handling_unit, register_book, "
    "register_seq, received_at, due_at, original_due_at, finished_at, returned_at, status, collected_by, "
    "supplement_count, rating, rating_comment, receiver_name, device_id, version, updated_at, "
    "search_name, search_address"
)


def load(desk: Desk, count: int, *, seed: int = 2026, pending_outbox: int = 0, recent: bool = False) -> dict:
    started = time.perf_counter()
    rng = random.Random(seed)
    names = _Names(rng)
    cal = desk.calendar
    agency, device, template = desk.agency, desk.device, desk.code_template
    now = desk.now()
    with desk.db.read() as s:
        procs = [(p.id, p.national_code or p.key, p.name, p.field, p.limit_kind, p.limit_value, p.fee_amount,
                  [(c.name, c.originals, c.copies, c.photocopies) for c in p.components if c.required])
                 for p in s.execute(select(Procedure).where(Procedure.active.is_(True))).scalars()]
    weights = list(accumulate(8 if p[4] == "same_day" else 3 for p in procs))
    span_days = 60 if recent else max(30, min(3650, count // 275))
    # Received moments, oldest first, only in office hours on working days.
    days = []
    d = (now - dt.timedelta(days=span_days)).date()
    while d <= now.date():
        if cal.is_working_day(d):
            days.append(d)
        d += dt.timedelta(days=1)
    if not days:
        days = [now.date()]
    moments = []
    for _ in range(count):
        day = days[rng.randrange(len(days))]
        minute = rng.randrange(cal.hours.minutes_per_day)
        t = cal.add_working_minutes(dt.datetime.combine(day, cal.hours.opening), minute)
        moments.append(min(t, now - dt.timedelta(minutes=1)))
    moments.sort()
    due_cache: dict = {}

    def due_for(kind: str, value: int, t: dt.datetime) -> dt.datetime:
        if kind == "working_days":
            key = (t.date(), value)
            target = due_cache.get(key)
            if target is None:
                target = cal.add_working_minutes(dt.datetime.combine(t.date(), cal.hours.opening),
                                                 value * cal.hours.minutes_per_day).date()
                due_cache[key] = target
            return dt.datetime.combine(target, t.time())
        if kind == "same_day" and t.time() < cal.hours.same_day_cutoff:
            return dt.datetime.combine(t.date(), cal.hours.closing)
        key = (t.date(), kind, value, t.time() < cal.hours.same_day_cutoff)
        hit = due_cache.get(key)
        if hit is None:
            hit = due_cache[key] = cal.due_date_for(kind, value, t).at
        return hit

    raw = desk.db.raw_connection()
    try:
        cur = raw.cursor()
        start_id = (cur.execute("SELECT COALESCE(MAX(id), 0) FROM dossiers").fetchone()[0]) + 1
        start_event = (cur.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0]) + 1
        counters = {(dt.date.fromisoformat(day), slot): last for day, slot, last in
                    cur.execute("SELECT day, slot, last FROM code_counters")}
        cur.execute("PRAGMA synchronous=OFF")
        cur.execute("PRAGMA cache_size=-400000")
        for name in FTS_TRIGGERS:
            cur.execute(f"DROP TRIGGER IF EXISTS {name}")
        indexes = [(n, sql) for n, sql in cur.execute(
            "SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL "
            "AND tbl_name IN ('dossiers', 'events', 'outbox', 'dossier_components')")]
        for n, _ in indexes:
            cur.execute(f"DROP INDEX {n}")
        block = template.slot_range(device.slot)
        event_id = start_event
        pending_from = count - pending_outbox
        for chunk_start in range(0, count, CHUNK):
            dossiers, comps, events, outbox = [], [], [], []
            for i in range(chunk_start, min(count, chunk_start + CHUNK)):
                did = start_id + i
                t = moments[i]
                p = procs[bisect(weights, rng.random() * weights[-1])]
                pid, pcode, pname, pfield, kind, value, fee, pcomps = p
                due = due_for(kind, value, t)
                name, sex = names.person()
                address, pcode_prov = names.address()
                birth_year = rng.randint(1945, 2005)
                century = 0 if birth_year < 2000 else 2
                id_number = f"{pcode_prov}{century + (sex == 'f')}{birth_year % 100:02d}{rng.randrange(10**6):06d}"
                phone = f"0{rng.choice('389753')}{rng.randrange(10**8):08d}"
                key = (t.date(), device.slot)
                n = counters[key] = counters.get(key, 0) + 1
                if n > len(block):
                    continue
                code = template.format(agency.code, t.date(), block[n - 1])
                ykey = (dt.date(t.year, 1, 1), -(device.slot + 1))
                reg = counters[ykey] = counters.get(ykey, 0) + 1
                age = (now - t).total_seconds() / 86400
                final = _final_status(rng, age)
                channel = rng.choices(("counter", "online", "postal", "home"), (70, 22, 5, 3))[0]
                history = [(t, None, int(Status.RECEIVED), "receive")]
                step_t = t
                cur_status = Status.RECEIVED
                finished = returned = None
                for nxt in _PATHS[final]:
                    limit = max(due, step_t + dt.timedelta(minutes=30))
                    late = rng.random() < 0.03
                    span = (limit - step_t) * (rng.uniform(0.2, 0.95) if not late else rng.uniform(1.05, 1.6))
                    step_t = min(step_t + span, now - dt.timedelta(minutes=1))
                    if nxt is Status.RETURNED:
                        step_t = min(step_t + dt.timedelta(days=rng.uniform(0, 3)), now - dt.timedelta(minutes=1))
                    history.append((step_t, int(cur_status), int(nxt), "transition"))
                    cur_status = nxt
                    if nxt in (Status.RESULT_READY, Status.REFUSED, Status.WITHDRAWN, Status.STOPPED):
                        finished = step_t
                    if nxt is Status.RETURNED:
                        returned = step_t
                duuid = _uuid(rng)
                rating = rng.choices(("", "very_satisfied", "satisfied", "unsatisfied"), (40, 35, 22, 3))[0] \
                    if final is Status.RETURNED else ""
                dossiers.append((
                    did, duuid, code, pid, pcode, pname, pfield, kind, value, agency.form_set_version,
                    name, "cccd", id_number, f"{birth_year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    sex, phone, "", address, 1, "", "", "", "", "", "", channel, "counter", "", 1, fee, 0,
                    pname, "", "", str(t.year), reg, _ts(t), _ts(due), _ts(due), _ts(finished), _ts(returned),
                    int(final),
                    name if returned else "", 1 if final is Status.SUPPLEMENT_REQUESTED else 0, rating, "",
                    "Cán bộ tiếp nhận", device.id, len(history), _ts(history[-1][0]), fold(name), fold(address),
                ))
                for pos, (cname, o, c, ph) in enumerate(pcomps, 1):
                    comps.append((did, pos, cname, o, c, ph))
                state = "pending" if i >= pending_from else "sent"
                for version, (at, frm, to, ekind) in enumerate(history, 1):
                    euuid = _uuid(rng)
                    events.append((event_id, euuid, did, _ts(at), ekind, frm, to, "Cán bộ tiếp nhận",
                                   _ts(due) if ekind == "receive" else None))
                    outbox.append((euuid, did, duuid, version, ekind, _ts(at), state,
                                   None if state == "pending" else _ts(at),
                                   "" if state == "pending" else "accepted"))
                    event_id += 1
            cur.execute("BEGIN")
            cur.executemany(f"INSERT INTO dossiers ({DOSSIER_COLS}) VALUES ({','.join('?' * 52)})", dossiers)
            cur.executemany("INSERT INTO dossier_components (dossier_id, position, name, originals, copies, "
                            "photocopies) VALUES (?,?,?,?,?,?)", comps)
            cur.executemany("INSERT INTO events (id, uuid, dossier_id, at, kind, from_status, to_status, "
                            "from_party, to_party, actor, actor_title, note, due_at, source) "
                            "VALUES (?,?,?,?,?,?,?,'','',?,'','',?,'local')",
                            events)
            cur.executemany("INSERT INTO outbox (event_uuid, dossier_id, dossier_uuid, version, kind, created_at, "
                            "state, attempts, sent_at, result, error_code, error_message) "
                            "VALUES (?,?,?,?,?,?,?,0,?,?,'','')", outbox)
            cur.execute("COMMIT")
        cur.execute("BEGIN")
        cur.executemany("INSERT INTO code_counters(day, slot, last) VALUES (?,?,?) "
                        "ON CONFLICT(day, slot) DO UPDATE SET last = excluded.last",
                        [(day.isoformat(), slot, last) for (day, slot), last in counters.items()])
        cur.execute("COMMIT")
        loaded_at = time.perf_counter()
        for _, sql in indexes:
            cur.execute(sql)
        cur.execute(REBUILD_FTS)
        for sql in FTS_TRIGGERS.values():
            cur.execute(sql)
        cur.execute("ANALYZE")
        cur.execute("PRAGMA synchronous=FULL")
    finally:
        raw.close()
    seconds = time.perf_counter() - started
    return {"dossiers": count, "seconds": round(seconds, 2), "rate": count / seconds if seconds else 0.0,
            "insert_seconds": round(loaded_at - started, 2), "index_seconds": round(seconds - (loaded_at - started), 2)}
