"""The desk's editable calendar: list, set, unset and import days off / working days, and recompute the
legal due dates of open dossiers when the calendar changes.

The Prime Minister fixes the Tết and National Day days off and the swapped working Saturdays each year,
sometimes late; the province IT can send every desk a small JSON file (`[{"day": "2027-02-05", "kind":
"off", "note": "…"}]`, or the same list under "overrides"). Every change is audited. A past day that
already decided whether a finished dossier was on time (it lies between the day such a dossier was
received and the later of its due and finish days) is refused: changing it would rewrite a judged
figure. `recompute` replays each open dossier's legal due date under the current calendar (its limit
from the day received, then every supplement pause) and, applied, moves it with an event, an audit
entry and an outbox row, so the slip can be reprinted. Services open no session of their own here: the
caller (app.operations.calendar) passes one.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter
from pydantic import ValidationError as PydanticError
from sqlalchemy import and_, delete, func, select
from sqlalchemy.orm import Session

from app.errors import ValidationError
from app.models import CalendarOverride, Dossier, SupplementRequest
from app.services.calendar import WorkCalendar, fmt_day, fmt_moment
from app.services.dto import Actor
from app.services.journal import audit, record
from app.services.status import OPEN, Status
from app.services.text import clean

KINDS = {"off": "ngày nghỉ", "work": "ngày làm việc"}
MAX_IMPORT = 400


class OverrideIn(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)
    day: dt.date
    kind: Literal["off", "work"]
    note: Annotated[str, Field(max_length=200)] = ""


_FILE = TypeAdapter(list[OverrideIn])


@dataclass(frozen=True)
class CalendarDay:
    day: dt.date
    kind: str  # off | work
    note: str
    source: str  # override (set by the desk) | holiday (statutory, from the holidays package)

    def to_json(self) -> dict[str, Any]:
        return {"day": self.day.isoformat(), "kind": self.kind, "note": self.note, "source": self.source,
                "weekday": fmt_day(self.day).rsplit(" ", 1)[0]}


@dataclass(frozen=True)
class DueChange:
    dossier_id: int
    code: str
    old_due_at: dt.datetime
    new_due_at: dt.datetime

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "old_due_at": self.old_due_at.isoformat(sep=" "),
                "new_due_at": self.new_due_at.isoformat(sep=" ")}


def list_days(s: Session, cal: WorkCalendar, year: int | None) -> list[CalendarDay]:
    """The desk's own days (all years, or one) and, for a year, the statutory holidays too."""
    q = select(CalendarOverride).order_by(CalendarOverride.day)
    if year is not None:
        q = q.where(CalendarOverride.day >= dt.date(year, 1, 1), CalendarOverride.day <= dt.date(year, 12, 31))
    out = {r.day: CalendarDay(r.day, r.kind, r.note, "override") for r in s.execute(q).scalars()}
    if year is not None:
        day = dt.date(year, 1, 1)
        while day.year == year:
            if day not in out and day.weekday() < 5 and cal.day_off_reason(day):
                out[day] = CalendarDay(day, "off", str(cal.day_off_reason(day)), "holiday")
            day += dt.timedelta(days=1)
    return [out[d] for d in sorted(out)]


def _locked(s: Session, days: list[dt.date], today: dt.date) -> dict[dt.date, str]:
    """Past days that decided a finished dossier's timeliness, with one such dossier's code."""
    d = Dossier
    out: dict[dt.date, str] = {}
    for day in sorted({x for x in days if x < today}):
        start, end = dt.datetime.combine(day, dt.time.min), dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min)
        code = s.scalar(select(d.code).where(d.finished_at.is_not(None), d.received_at < end,
                                             func.max(d.due_at, d.finished_at) >= start).limit(1))
        if code:
            out[day] = code
    return out


def _refuse_locked(s: Session, days: list[dt.date], today: dt.date) -> None:
    locked = _locked(s, days, today)
    if locked:
        shown = "; ".join(f"{fmt_day(day)} (ví dụ hồ sơ {code})" for day, code in list(locked.items())[:5])
        raise ValidationError({"day": f"Không sửa được ngày đã qua dùng để tính hạn của hồ sơ đã giải quyết xong: "
                                      f"{shown}. Kết quả đúng/trễ hạn của các hồ sơ đó đã chốt; chỉ sửa các ngày "
                                      "từ hôm nay trở đi hoặc ngày chưa hồ sơ nào dùng tới."})


def set_day(s: Session, actor: Actor, day: dt.date, kind: str, note: str, today: dt.date,
            now: dt.datetime) -> CalendarDay:
    note = clean(note)
    if kind not in KINDS:
        raise ValidationError({"kind": "Loại ngày phải là off (ngày nghỉ) hoặc work (ngày làm việc bù)."})
    if not note:
        raise ValidationError({"note": "Hãy ghi lý do hoặc văn bản quyết định (ví dụ «Nghỉ Tết Nguyên đán theo "
                                       "thông báo của Thủ tướng»)."})
    if len(note) > 200:
        raise ValidationError({"note": "Ghi chú dài quá 200 ký tự."})
    _refuse_locked(s, [day], today)
    row = s.get(CalendarOverride, day)
    before = None if row is None else {"kind": row.kind, "note": row.note}
    if row is None:
        s.add(CalendarOverride(day=day, kind=kind, note=note))
    else:
        row.kind, row.note = kind, note
    audit(s, actor, "calendar.set", "calendar", day.isoformat(), {"before": before, "kind": kind, "note": note},
          at=now)
    return CalendarDay(day, kind, note, "override")


def unset_day(s: Session, actor: Actor, day: dt.date, today: dt.date, now: dt.datetime) -> None:
    row = s.get(CalendarOverride, day)
    if row is None:
        raise ValidationError({"day": f"Ngày {day:%d/%m/%Y} không có trong bảng ngày nghỉ/làm bù của đơn vị."})
    _refuse_locked(s, [day], today)
    audit(s, actor, "calendar.unset", "calendar", day.isoformat(), {"before": {"kind": row.kind, "note": row.note}},
          at=now)
    s.execute(delete(CalendarOverride).where(CalendarOverride.day == day))


def parse_import(path: Path) -> list[OverrideIn]:
    """Read a calendar file; every problem is named in Vietnamese and nothing is written."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValidationError({"file": f"Không tìm thấy tệp lịch {path}."}) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValidationError({"file": f"Tệp lịch {path} không phải JSON hợp lệ (UTF-8): {exc}."}) from None
    items = data.get("overrides") if isinstance(data, dict) else data
    if not isinstance(items, list) or not items or len(items) > MAX_IMPORT:
        raise ValidationError({"file": f"Tệp lịch phải là một danh sách từ 1 đến {MAX_IMPORT} ngày, mỗi ngày dạng "
                                       '{"day": "2027-02-05", "kind": "off", "note": "Nghỉ Tết Nguyên đán"}.'})
    try:
        days = _FILE.validate_python(items)
    except PydanticError as exc:
        bad = exc.errors()[0]
        n = bad["loc"][0] + 1 if bad["loc"] and isinstance(bad["loc"][0], int) else "?"
        field = {"day": "ngày (YYYY-MM-DD)", "kind": "loại (off hoặc work)", "note": "ghi chú (tối đa 200 ký tự)"}
        what = field.get(str(bad["loc"][1]) if len(bad["loc"]) > 1 else "", "nội dung")
        raise ValidationError({"file": f"Mục thứ {n} của tệp lịch sai {what}. Chưa nhập ngày nào; hãy sửa tệp "
                                       "rồi nhập lại."}) from None
    dupes = sorted({o.day for o in days if sum(x.day == o.day for x in days) > 1})
    if dupes:
        raise ValidationError({"file": "Tệp lịch có ngày trùng: " + ", ".join(f"{d:%d/%m/%Y}" for d in dupes) + "."})
    return days


def import_days(s: Session, actor: Actor, path: Path, today: dt.date, now: dt.datetime) -> list[CalendarDay]:
    """All days of the file or none (a locked past day refuses the whole file)."""
    days = parse_import(path)
    _refuse_locked(s, [o.day for o in days], today)
    out = []
    for o in days:
        row = s.get(CalendarOverride, o.day)
        note = clean(o.note) or ("Nghỉ theo quyết định" if o.kind == "off" else "Làm việc bù theo quyết định")
        if row is None:
            s.add(CalendarOverride(day=o.day, kind=o.kind, note=note))
        else:
            row.kind, row.note = o.kind, note
        out.append(CalendarDay(o.day, o.kind, note, "override"))
    audit(s, actor, "calendar.import", "calendar", Path(path).name,
          {"days": [d.to_json() for d in out][:MAX_IMPORT]}, at=now)
    return out


def legal_due(cal: WorkCalendar, d: Dossier, pauses: list[SupplementRequest]) -> dt.datetime:
    """The legal due date under `cal`: the limit from the moment received, then each closed pause."""
    due = cal.due_date_for(d.limit_kind, d.limit_value, d.received_at).at
    for p in pauses:
        if p.received_at is not None:
            due = cal.resume_after_pause(due, p.requested_at, p.received_at)
    return due


def recompute(s: Session, cal: WorkCalendar, actor: Actor, now: dt.datetime, *, apply: bool) -> list[DueChange]:
    """Open dossiers whose legal due date differs under `cal`; with apply, move each with a note."""
    d = Dossier
    rows = s.execute(select(d).where(d.status.in_([int(x) for x in OPEN if x is not Status.REGISTERED]))
                     .order_by(d.id)).scalars().all()
    pauses: dict[int, list[SupplementRequest]] = {}
    if rows:
        for p in s.execute(select(SupplementRequest).where(and_(SupplementRequest.dossier_id.in_([r.id for r in rows])))
                           .order_by(SupplementRequest.id)).scalars():
            pauses.setdefault(p.dossier_id, []).append(p)
    changes = []
    for r in rows:
        new_due = legal_due(cal, r, pauses.get(r.id, []))
        if new_due == r.due_at:
            continue
        changes.append(DueChange(r.id, r.code, r.due_at, new_due))
        if apply:
            old = r.due_at
            r.original_due_at = cal.due_date_for(r.limit_kind, r.limit_value, r.received_at).at
            r.due_at = new_due
            record(s, r, kind="note", actor=actor, at=now,
                   note=(f"Tính lại hạn trả theo lịch ngày nghỉ/làm bù mới: từ {fmt_moment(old)} thành "
                         f"{fmt_moment(new_due)}. Cần in lại giấy tiếp nhận và hẹn trả kết quả."),
                   audit_summary={"reason": "calendar.recompute", "old_due_at": old.isoformat(sep=" "),
                                  "new_due_at": new_due.isoformat(sep=" ")})
    if apply:
        audit(s, actor, "calendar.recompute", "calendar", now.date().isoformat(),
              {"changed": [c.to_json() for c in changes][:500], "count": len(changes)}, at=now)
    return changes
