"""Figures and lists for leaders: on-time rate, open and overdue dossiers, breakdowns, satisfaction.

`build_report(desk, period)` returns one plain JSON-ready dict that the CLI prints, the Excel and PDF
exports lay out and the Reports page shows. Every figure is a SQL aggregate over the store (GROUP BY
channel × procedure × field × receiving officer, merged here), so a yearly report reads grouped rows,
never a million dossiers. Rules, after the national indicator (domain.md §5):

- received: dossiers received in the period (online registrations not yet accepted are left out).
- finished: dossiers that ended in the period (by `finished_at`): result ready, returned, refused,
  stopped, or withdrawn after being accepted (Decision 766/QĐ-TTg judges those too; an online
  registration withdrawn before acceptance is not counted).
- late: finished after the legal due date (`due_at`: the limit from the moment received, moved only by
  the office time spent waiting for supplements — never by an apology/extension, whose promised date
  is `extended_due_at`) or after more than one supplement request. early: not late and finished on a
  calendar day before the due date's day. on time: the rest.
- open_within_limit / open_overdue: dossiers still open at the end of the period (now, for the current
  period), whatever month they came in; a dossier waiting for supplements has its clock paused and is
  within the limit; past the legal due date it is overdue even if an extension promised a later date.
- on_time_rate (national rule, Decision 766) = (finished early or on time + open within the limit) /
  (finished + open at the end of the period); finished_on_time_rate = (early + on time) / finished.
  Both are None when their denominator is 0; the target is TARGET_RATE (98 %).
- returned and satisfaction: results handed back in the period (`returned_at`).
- avg_processing_working_days: whole working days from the day received to the day finished
  (same day = 0), over finished dossiers.
Any thread; each call uses its own read session (one consistent snapshot).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Executable, and_, case, exists, func, not_, or_, select, true
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.errors import ValidationError
from app.models import Dossier, Event, Reschedule
from app.services import permissions
from app.services.calendar import WorkCalendar
from app.services.desk import Desk
from app.services.dto import Actor, iso
from app.services.report_labels import BREAKDOWN_COLUMNS, FIGURES, LISTS, RULES, TARGET_RATE

__all__ = ["BREAKDOWN_COLUMNS", "FIGURES", "LISTS", "RULES", "TARGET_RATE", "Period", "build_report", "parse_period"]
from app.services.status import CHANNELS, RUNNING, Status
from app.services.workflow import RATINGS

#: Ended by the office's decision (result ready, returned, refused, stopped); withdrawals are added
#: when the dossier had been accepted (see _judged).
EVALUATED = (Status.RESULT_READY, Status.RETURNED, Status.REFUSED, Status.STOPPED)
ENDED = (*EVALUATED, Status.WITHDRAWN)
COUNTS = ("received", "finished", "finished_early", "finished_on_time", "finished_late", "open_within_limit",
          "open_overdue", "returned", "refused", "withdrawn", "stopped")
DIMS = ("channel", "procedure", "field", "officer")
NO_FIELD, NO_OFFICER = "(Chưa phân loại lĩnh vực)", "(Không rõ người tiếp nhận)"
ROMAN = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class Period:
    kind: str  # month | quarter | year | range
    key: str
    label: str
    first_day: dt.date
    last_day: dt.date

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.first_day, dt.time.min)

    @property
    def end(self) -> dt.datetime:
        """Exclusive: midnight after the last day."""
        return dt.datetime.combine(self.last_day + dt.timedelta(days=1), dt.time.min)


def month_period(year: int, month: int) -> Period:
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1))
    return Period("month", f"{year}-{month:02d}", f"Tháng {month:02d}/{year}", dt.date(year, month, 1), last)


def quarter_period(year: int, quarter: int) -> Period:
    first = dt.date(year, 3 * quarter - 2, 1)
    last = month_period(year, 3 * quarter).last_day
    return Period("quarter", f"{year}-Q{quarter}", f"Quý {ROMAN[quarter - 1]}/{year}", first, last)


def year_period(year: int) -> Period:
    return Period("year", str(year), f"Năm {year}", dt.date(year, 1, 1), dt.date(year, 12, 31))


def range_period(first: dt.date, last: dt.date) -> Period:
    if last < first:
        raise ValidationError({"to": "Ngày kết thúc phải bằng hoặc sau ngày bắt đầu kỳ báo cáo."})
    return Period("range", f"{first.isoformat()}..{last.isoformat()}",
                  f"Từ ngày {first:%d/%m/%Y} đến ngày {last:%d/%m/%Y}", first, last)


def parse_period(text: str | None = None, date_from: dt.date | None = None,
                 date_to: dt.date | None = None) -> Period:
    """'2026-11', '2026-Q4', '2026', or a date range (both ends included)."""
    if date_from or date_to:
        if not (date_from and date_to):
            raise ValidationError({"period": "Hãy nhập cả ngày bắt đầu (--from) và ngày kết thúc (--to)."})
        return range_period(date_from, date_to)
    t = (text or "").strip().upper()
    year_ok = {"period": f"Năm của kỳ báo cáo «{text}» phải từ 2000 đến 2100."}
    if m := re.fullmatch(r"(\d{4})", t):
        if not 2000 <= int(m[1]) <= 2100:
            raise ValidationError(year_ok)
        return year_period(int(m[1]))
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", t):
        if not 2000 <= int(m[1]) <= 2100:
            raise ValidationError(year_ok)
        return quarter_period(int(m[1]), int(m[2]))
    if (m := re.fullmatch(r"(\d{4})-(\d{1,2})", t)) and 1 <= int(m[2]) <= 12:
        if not 2000 <= int(m[1]) <= 2100:
            raise ValidationError(year_ok)
        return month_period(int(m[1]), int(m[2]))
    raise ValidationError({"period": f"Kỳ báo cáo «{text or ''}» không đúng dạng. Ví dụ: 2026-11 (tháng), "
                                     "2026-Q4 (quý), 2026 (năm), hoặc dùng --from và --to."})


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


class _Tally:
    """Counts per channel, procedure, field and officer, filled from grouped SQL rows."""

    def __init__(self) -> None:
        self.total = dict.fromkeys(COUNTS, 0)
        self.groups: dict[str, dict[str, dict[str, int]]] = {d: {} for d in DIMS}
        self.proc_names: dict[str, str] = {}
        self.proc_fields: dict[str, str] = {}
        self.spans: list[tuple[str, dt.date, dt.date, int]] = []  # (procedure, day received, day finished, n)
        self.ratings: dict[str, int] = {}

    def add(self, channel: str, proc: str, field: str, officer: str, proc_name: str | None,
            **counts: int) -> None:
        if proc_name:
            self.proc_names.setdefault(proc, proc_name)
        self.proc_fields.setdefault(proc, field)
        for dim, key in zip(DIMS, (channel, proc, field or NO_FIELD, officer or NO_OFFICER), strict=True):
            row = self.groups[dim].setdefault(key, dict.fromkeys(COUNTS, 0))
            for name, n in counts.items():
                row[name] += int(n or 0)
        for name, n in counts.items():
            self.total[name] += int(n or 0)


_KEYS = (Dossier.channel, Dossier.procedure_code, Dossier.field_name, Dossier.receiver_name)


def _sum(cond: ColumnElement[bool]) -> ColumnElement[int]:
    return func.sum(case((cond, 1), else_=0))


def _in(col: InstrumentedAttribute[int], statuses: Iterable[int]) -> ColumnElement[bool]:
    return col.in_([int(x) for x in statuses])


def _judged() -> ColumnElement[bool]:
    """Ended in a way Decision 766 judges: by the office, or withdrawn after acceptance."""
    d = Dossier
    withdrawn_unaccepted = exists().where(Event.dossier_id == d.id, Event.to_status == int(Status.WITHDRAWN),
                                          Event.from_status == int(Status.REGISTERED))
    return or_(_in(d.status, EVALUATED), and_(d.status == int(Status.WITHDRAWN), not_(withdrawn_unaccepted)))


def _fill(s: Session, t: _Tally, p: Period, as_of: dt.datetime, scope: ColumnElement[bool]) -> None:
    d = Dossier
    in_period: Callable[[Any], ColumnElement[bool]] = lambda col: and_(col >= p.start, col < p.end)  # noqa: E731
    name = func.max(d.procedure_name)
    for *keys, pname, n in s.execute(select(*_KEYS, name, func.count())
                                     .where(scope, in_period(d.received_at), d.status != int(Status.REGISTERED))
                                     .group_by(*_KEYS)):
        t.add(*keys, pname, received=n)  # type: ignore[call-arg]
    evaluated = _judged()
    late = or_(d.supplement_count > 1, d.finished_at > d.due_at)
    early = and_(not_(late), func.date(d.finished_at) < func.date(d.due_at))
    stmt: Any = (select(*_KEYS, name, _sum(evaluated), _sum(and_(evaluated, late)), _sum(and_(evaluated, early)),
                   _sum(d.status == int(Status.REFUSED)), _sum(d.status == int(Status.WITHDRAWN)),
                   _sum(d.status == int(Status.STOPPED)))
            .where(scope, in_period(d.finished_at), _in(d.status, ENDED)).group_by(*_KEYS))
    for *keys, pname, fin, lat, ear, ref, wd, stp in s.execute(stmt):
        t.add(*keys, pname, finished=fin, finished_late=lat, finished_early=ear,  # type: ignore[call-arg]
              finished_on_time=fin - lat - ear, refused=ref, withdrawn=wd, stopped=stp)
    # Processing time: (procedure, day received, day finished) groups, a few thousand even for a year.
    days = (func.date(d.received_at), func.date(d.finished_at))
    for proc, received, finished, n in s.execute(
            select(d.procedure_code, *days, func.count())
            .where(scope, in_period(d.finished_at), _in(d.status, EVALUATED)).group_by(d.procedure_code, *days)):
        t.spans.append((proc, dt.date.fromisoformat(str(received)), dt.date.fromisoformat(str(finished)), n))
    # Open at as_of: still unfinished (a paused supplement wait is within the limit), or finished later.
    not_registered = d.status != int(Status.REGISTERED)
    overdue_now = and_(d.status != int(Status.SUPPLEMENT_REQUESTED), d.due_at < as_of)
    for where, overdue in ((d.finished_at.is_(None), overdue_now), (d.finished_at >= as_of, d.due_at < as_of)):
        stmt = (select(*_KEYS, name, func.count(), _sum(overdue))
                .where(scope, where, d.received_at < as_of, not_registered).group_by(*_KEYS))
        for *keys, pname, n, od in s.execute(stmt):
            t.add(*keys, pname, open_within_limit=n - (od or 0), open_overdue=od)  # type: ignore[call-arg]
    for *keys, rating, pname, n in s.execute(select(*_KEYS, d.rating, name, func.count())
                                             .where(scope, in_period(d.returned_at)).group_by(*_KEYS, d.rating)):
        t.add(*keys, pname, returned=n)  # type: ignore[call-arg]
        t.ratings[rating] = t.ratings.get(rating, 0) + n


def _processing_days(t: _Tally, cal: WorkCalendar) -> tuple[float | None, dict[str, float]]:
    """Average working days received → finished, overall and per procedure, from (day, day) groups."""
    if not t.spans:
        return None, {}
    first, last = min(a for _, a, _, _ in t.spans), max(b for _, _, b, _ in t.spans)
    cumulative, count, day = {}, 0, first
    while day <= last:
        count += cal.is_working_day(day)
        cumulative[day] = count
        day += dt.timedelta(days=1)
    total: dict[str, list[int]] = {}
    for code, a, b, n in t.spans:
        acc = total.setdefault(code, [0, 0])
        acc[0] += (cumulative[b] - cumulative[a]) * n
        acc[1] += n
    per_proc = {code: round(days / n, 2) for code, (days, n) in total.items()}
    days_all, n_all = sum(v[0] for v in total.values()), sum(v[1] for v in total.values())
    return round(days_all / n_all, 2), per_proc


def _rates(c: dict[str, int]) -> dict[str, Any]:
    """The national on-time rate (finished + open at the period's end) and the rate among finished."""
    good_finished = c["finished_early"] + c["finished_on_time"]
    return {"on_time_rate": _rate(good_finished + c["open_within_limit"],
                                  c["finished"] + c["open_within_limit"] + c["open_overdue"]),
            "finished_on_time_rate": _rate(good_finished, c["finished"])}


def _row(counts: dict[str, int], **extra: object) -> dict[str, Any]:
    return {**extra, **counts, **_rates(counts)}


def _satisfaction(t: _Tally) -> dict[str, Any]:
    out = {k: t.ratings.get(k, 0) for k in RATINGS}
    rated = sum(out.values())
    return {**out, "rated": rated, "not_rated": sum(t.ratings.values()) - rated,
            "satisfied_rate": _rate(out["very_satisfied"] + out["satisfied"], rated),
            "shares": {k: _rate(v, rated) for k, v in out.items()}, "labels": dict(RATINGS)}


def due_horizon(cal: WorkCalendar, now: dt.datetime, working_days: int) -> dt.datetime:
    """Midnight after the N-th working day counted from today (today counts when it is a working day)."""
    day = now.date()
    counted = 1 if cal.is_working_day(day) else 0
    if not counted:
        day = cal.next_working_day(day)
        counted = 1
    while counted < working_days:
        day = cal.next_working_day(day)
        counted += 1
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min)


def _days_late(cal: WorkCalendar, due: dt.datetime, moment: dt.datetime) -> int:
    """Working days started since the due moment; a finish after office hours still counts one day."""
    if moment <= due:
        return 0
    return max(1, math.ceil(cal.working_minutes_between(due, moment) / cal.hours.minutes_per_day))


_LIST_COLS = (Dossier.id, Dossier.code, Dossier.procedure_code, Dossier.procedure_name, Dossier.applicant_name,
              Dossier.channel, Dossier.status, Dossier.received_at, Dossier.due_at, Dossier.original_due_at,
              Dossier.extended_due_at, Dossier.finished_at, Dossier.supplement_count, Dossier.receiver_name, Dossier.applicant_phone)


def _items(s: Session, stmt: Executable, cal: WorkCalendar, now: dt.datetime | None) -> list[dict[str, Any]]:
    rows = s.execute(stmt).all()
    ids = [r.id for r in rows]
    apologies = {i: (n, new) for i, n, new in s.execute(
        select(Reschedule.dossier_id, func.count(), func.max(Reschedule.new_due_at))
        .where(Reschedule.dossier_id.in_(ids)).group_by(Reschedule.dossier_id))} if ids else {}
    out = []
    for r in rows:
        moment = now if now is not None else r.finished_at
        n_apology, last_new = apologies.get(r.id, (0, None))
        out.append({
            "code": r.code, "procedure_code": r.procedure_code, "procedure_name": r.procedure_name,
            "applicant_name": r.applicant_name, "applicant_phone": r.applicant_phone, "channel": r.channel,
            "status": Status(r.status).slug, "status_label": Status(r.status).label,
            "received_at": iso(r.received_at), "due_at": iso(r.due_at), "original_due_at": iso(r.original_due_at),
            "extended_due_at": iso(r.extended_due_at),
            "finished_at": iso(r.finished_at), "supplement_count": r.supplement_count,
            "receiver_name": r.receiver_name,
            "days_late": _days_late(cal, r.due_at, moment) if moment else 0,
            "apology": n_apology > 0, "apology_count": n_apology, "apology_new_due_at": iso(last_new),
        })
    return out


def _lists(s: Session, p: Period, cal: WorkCalendar, now: dt.datetime, due_days: int, limit: int,
           late_total: int, scope: ColumnElement[bool]) -> dict[str, Any]:
    d = Dossier
    running = and_(scope, _in(d.status, RUNNING))
    overdue = and_(running, d.due_at < now)
    late = and_(scope, d.finished_at >= p.start, d.finished_at < p.end, _judged(),
                or_(d.supplement_count > 1, d.finished_at > d.due_at))
    horizon = due_horizon(cal, now, due_days)
    soon = and_(running, d.due_at >= now, d.due_at < horizon)
    count: Callable[[ColumnElement[bool]], int] = lambda cond: s.scalar(select(func.count()).select_from(d).where(cond)) or 0  # noqa: E731
    return {
        "overdue_list": {"as_of": iso(now), "total": count(overdue),
                         "items": _items(s, select(*_LIST_COLS).where(overdue).order_by(d.due_at, d.id)
                                         .limit(limit), cal, now)},
        "late_list": {"total": late_total,
                      "items": _items(s, select(*_LIST_COLS).where(late).order_by(d.finished_at, d.id)
                                      .limit(limit), cal, None)},
        "due_soon_list": {"working_days": due_days, "until": iso(horizon), "total": count(soon),
                          "items": _items(s, select(*_LIST_COLS).where(soon).order_by(d.due_at, d.id)
                                          .limit(limit), cal, None)},
    }


def build_report(desk: Desk, period: Period, actor: Actor, *, due_days: int = 3, list_limit: int = 500,
                 include_imported: bool = True) -> dict[str, Any]:
    """The report for `period`; the actor needs the «report.read» permission (leaders, administrators).
    `include_imported=False` leaves out dossiers imported from the provincial register; either way
    `imported.received` says how many of the period's dossiers were imported."""
    permissions.require(actor, "report.read")
    if not 1 <= due_days <= 60:
        raise ValidationError({"due_days": "Số ngày làm việc sắp đến hạn phải từ 1 đến 60."})
    now = desk.now().replace(microsecond=0)
    as_of = min(period.end, now)
    cal = desk.calendar
    agency = desk.agency
    tally = _Tally()
    scope = true() if include_imported else Dossier.imported_source == ""
    with desk.db.read() as s:
        _fill(s, tally, period, as_of, scope)
        lists = _lists(s, period, cal, now, due_days, max(1, list_limit), tally.total["finished_late"], scope)
        imported = s.scalar(select(func.count()).where(Dossier.imported_source != "", Dossier.received_at >= period.start,
                                                       Dossier.received_at < period.end)) or 0
    avg_all, avg_proc = _processing_days(tally, cal)
    satisfaction = _satisfaction(tally)
    total = tally.total
    online = tally.groups["channel"].get("online", {}).get("received", 0)
    by_channel = {slug: _row(tally.groups["channel"].get(slug, dict.fromkeys(COUNTS, 0)), label=label,
                             share=_rate(tally.groups["channel"].get(slug, {}).get("received", 0),
                                         total["received"]))
                  for slug, label in CHANNELS.items()}
    order = lambda item: (-item[1]["received"], -item[1]["finished"], item[0])  # noqa: E731
    by_procedure = [_row(c, code=k, name=tally.proc_names.get(k, k), field=tally.proc_fields.get(k, ""),
                         avg_processing_working_days=avg_proc.get(k))
                    for k, c in sorted(tally.groups["procedure"].items(), key=order)]
    return {
        "agency": {"code": agency.code, "name": agency.name, "parent_name": agency.parent_name,
                   "place": agency.place, "head_title": agency.head_title, "head_name": agency.head_name},
        "generated_at": iso(now),
        "period": {"kind": period.kind, "key": period.key, "label": period.label,
                   "from": period.first_day.isoformat(), "to": period.last_day.isoformat(), "as_of": iso(as_of)},
        **total,
        **_rates(total),
        "on_time_target": TARGET_RATE,
        "online": online,
        "imported": {"included": include_imported, "received": imported},
        "online_share": _rate(online, total["received"]),
        "avg_processing_working_days": avg_all,
        "by_channel": by_channel,
        "by_procedure": by_procedure,
        "by_field": [_row(c, name=k) for k, c in sorted(tally.groups["field"].items(), key=order)],
        "by_officer": [_row(c, name=k) for k, c in sorted(tally.groups["officer"].items(), key=order)],
        "satisfaction": satisfaction,
        **lists,
        "digitisation": _digitisation(desk, period),
        "rules": RULES,
    }


def _digitisation(desk: Desk, period: Period) -> dict[str, Any]:
    """Decision 766 group 4 (files_admin.digitisation_figures): each figure with the rule it is counted by."""
    from app.services import files_admin

    figures = files_admin.digitisation_figures(desk, period.first_day, period.last_day)
    return {"title": "Số hóa hồ sơ, kết quả giải quyết", "basis": "Quyết định 766/QĐ-TTg, nhóm chỉ số 4",
            "rows": [{"key": r.key, "label": r.label, "count": r.count, "out_of": r.out_of,
                      "rate": _rate(r.count, r.out_of) if r.out_of is not None else None, "rule": r.rule}
                     for r in figures.rows()]}
