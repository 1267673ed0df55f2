"""Synthetic but realistic demo data, loaded through the bulk path.

Names, addresses, procedures, channels and a plausible spread of statuses and dates; every dossier has
its components and the events of its history. The archive counts as synced long ago: its outbox rows
were acknowledged and pruned, which the outbox watermark records (services.outbox); the newest
`pending_outbox` dossiers wait in the outbox, one row per event. The main process plans the received
moments, codes and due dates; a worker process generates the rows chunk by chunk (demo_rows) while the
main process inserts the previous chunk (two cores, two stages). The load drops the full-text triggers
and secondary indexes, inserts with executemany, then rebuilds the indexes and the full-text index in
one pass. Codes continue the per-day counters of this device's slot so later intakes never collide.
Only a store made by `demo-setup` takes demo data (`require_demo_store`).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import random
import time
from bisect import bisect
from itertools import accumulate
from typing import Any

from sqlalchemy import select

from app.errors import MotCuaError
from app.models import Procedure, Setting
from app.models.fts import FTS_TRIGGERS, REBUILD_FTS
from app.services.demo_rows import Plan, generate_chunk, init_worker
from app.services.desk import Desk
from app.services.outbox import PRUNED_THROUGH
from app.services.status import Status

CHUNK = 25_000
RUNNING = (int(Status.RECEIVED), int(Status.PROCESSING), int(Status.SUPPLEMENT_REQUESTED))

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
        plan = Plan(seed, procs, weights, now, cal.hours.closing, cal.hours.same_day_cutoff, due_days,
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
        with ctx.Pool(2, initializer=init_worker, initargs=(plan,)) as pool:
            pending_id = first_id + len(items) - pending_outbox
            form = "'" + agency.form_set_version.replace("'", "''") + "'"
            dossier_sql = _DOSSIER_SQL.format(form=form, device=int(device.id))
            for dossiers, comps, events in pool.imap(generate_chunk, specs):
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
