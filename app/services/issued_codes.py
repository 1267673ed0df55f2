"""Never issue a dossier code twice, even after a restore from an older backup.

Two sources say which codes this device has already given out beyond what a backup knows:
- the store set aside by a restore (when it can still be read): every dossier code and register number;
- the acknowledgement record `logs/da-xac-nhan.json`, kept outside the database: after each sync batch
  the highest sequence the provincial system acknowledged, per day and device slot
  (`record_acknowledged`, called by the sync runner).
`advance_counters` moves the code counters (and the register book's running numbers) of a restored
database past both, inside one write transaction on that database.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from app.models import Dossier
from app.paths import AppPaths, write_private
from app.services.codes import CodeTemplate
from app.services.desk import Desk

log = logging.getLogger(__name__)
ACK_FILE = "da-xac-nhan.json"
_KEEP_DAYS = 800


@dataclass
class Issued:
    """Highest number used, per (day, slot) for codes and per (year, slot) for the register book."""

    codes: dict[tuple[str, int], int] = field(default_factory=dict)
    register: dict[tuple[int, int], int] = field(default_factory=dict)

    def add_code(self, day: str, slot: int, n: int) -> None:
        self.codes[(day, slot)] = max(n, self.codes.get((day, slot), 0))

    def merge(self, other: Issued) -> None:
        for (day, slot), n in other.codes.items():
            self.add_code(day, slot, n)
        for key, n in other.register.items():
            self.register[key] = max(n, self.register.get(key, 0))


def _parser(template: CodeTemplate, agency: str) -> re.Pattern[str]:
    body = re.escape(template.template)
    body = body.replace(re.escape("{agency}"), re.escape(agency))
    body = body.replace(re.escape("{yyyymmdd}"), r"(?P<yyyymmdd>\d{8})").replace(re.escape("{yymmdd}"),
                                                                                 r"(?P<yymmdd>\d{6})")
    body = body.replace(re.escape(f"{{seq:{template.digits}}}"), rf"(?P<seq>\d{{{template.digits}}})")
    return re.compile(f"^{body}$")


def parse_codes(codes: list[str], template: CodeTemplate, agency: str) -> Issued:
    """(day, slot) → highest position in the slot's block, for the codes that follow `template`."""
    pattern, found = _parser(template, agency), Issued()
    for code in codes:
        m = pattern.match(code or "")
        if m is None:
            continue
        raw = m.group("yyyymmdd") if "yyyymmdd" in m.groupdict() and m.group("yyyymmdd") else "20" + m.group("yymmdd")
        try:
            day = dt.datetime.strptime(raw, "%Y%m%d").date()
        except ValueError:
            continue
        seq = int(m.group("seq"))
        slot, n = divmod(seq, template.block_size)
        if n > 0 and slot < 10:
            found.add_code(day.isoformat(), slot, n)
    return found


def agency_of(conn: sqlite3.Connection) -> tuple[str, CodeTemplate] | None:
    """(agency code, code template) of a store, or None when it has not been set up."""
    row = conn.execute("SELECT code, code_template FROM agency LIMIT 1").fetchone()
    if row is None:
        return None
    try:
        return row[0], CodeTemplate(row[1])
    except ValueError:
        return None


def read_store(conn: sqlite3.Connection, agency: str, template: CodeTemplate) -> Issued:
    """Every code and register number in a (set-aside) store, read through an open DB-API connection."""
    codes = [r[0] for r in conn.execute("SELECT code FROM dossiers")]
    found = parse_codes(codes, template, agency)
    for book, seq in conn.execute("SELECT register_book, MAX(register_seq) FROM dossiers "
                                  "WHERE register_book != '' GROUP BY register_book"):
        year, _, slot = str(book).partition("-")
        with contextlib.suppress(ValueError):
            key = (int(year), int(slot or 0))
            found.register[key] = max(int(seq or 0), found.register.get(key, 0))
    for day, slot, last in conn.execute("SELECT day, slot, last FROM code_counters"):
        if int(slot) >= 0:
            found.add_code(str(day), int(slot), int(last))
        else:
            with contextlib.suppress(ValueError):
                year_key = (dt.date.fromisoformat(str(day)).year, -int(slot) - 1)
                found.register[year_key] = max(int(last), found.register.get(year_key, 0))
    return found


# --- the acknowledgement record (outside the database) ----------------------------------------------
def ack_file(paths: AppPaths) -> Path:
    return paths.logs / ACK_FILE


def read_acknowledged(paths: AppPaths) -> Issued:
    found = Issued()
    try:
        data = json.loads(ack_file(paths).read_text(encoding="utf-8"))
        for key, n in data.get("highest", {}).items():
            day, _, slot = key.partition("/")
            found.add_code(day, int(slot), int(n))
    except (OSError, ValueError, AttributeError, TypeError):
        return found
    return found


def record_acknowledged(paths: AppPaths, codes: list[str], template: CodeTemplate, agency: str) -> None:
    """After a sync batch: remember the highest acknowledged code per day and slot (best effort)."""
    new = parse_codes(codes, template, agency)
    if not new.codes:
        return
    known = read_acknowledged(paths)
    before = dict(known.codes)
    known.merge(new)
    if known.codes == before:
        return
    cutoff = (dt.date.today() - dt.timedelta(days=_KEEP_DAYS)).isoformat()
    data = {"version": 1, "highest": {f"{d}/{s}": n for (d, s), n in sorted(known.codes.items()) if d >= cutoff}}
    try:
        write_private(ack_file(paths), json.dumps(data))
    except OSError as exc:  # a full disk must not fail the sync that was acknowledged
        log.warning("could not record acknowledged codes: %s", exc)


def record_acknowledged_dossiers(desk: Desk, dossier_ids: set[int]) -> None:
    """The sync runner's call after a batch: the codes of the dossiers the province acknowledged."""
    if not dossier_ids:
        return
    with desk.db.read() as s:
        codes = [r[0] for r in s.execute(select(Dossier.code).where(Dossier.id.in_(sorted(dossier_ids))))]
    record_acknowledged(desk.paths, codes, desk.code_template, desk.agency.code)


def advance_counters(conn: sqlite3.Connection, issued: Issued) -> int:
    """Move the counters of the database behind `conn` past `issued`; returns how many moved."""
    moved = 0
    for (day, slot), n in issued.codes.items():
        moved += conn.execute(
            "INSERT INTO code_counters(day, slot, last) VALUES (?, ?, ?) ON CONFLICT(day, slot) "
            "DO UPDATE SET last = excluded.last WHERE excluded.last > last", (day, slot, n)).rowcount
    for (year, slot), n in issued.register.items():
        moved += conn.execute(
            "INSERT INTO code_counters(day, slot, last) VALUES (?, ?, ?) ON CONFLICT(day, slot) "
            "DO UPDATE SET last = excluded.last WHERE excluded.last > last",
            (dt.date(year, 1, 1).isoformat(), -(slot + 1), n)).rowcount
    return moved

