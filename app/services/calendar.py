"""Working calendar and legal return dates (ngày hẹn trả).

Working days skip Saturdays, Sundays and the public holidays of the `holidays` package (country VN,
lunar holidays included), corrected by an editable override table (extra days off, working Saturdays
swapped by the Prime Minister). Time is counted in office minutes: N working days from a moment is
N × (office minutes per day) of office time later, so a dossier received Friday 16:00 with 3 working
days is due Wednesday 16:00. Every due date explains itself in one Vietnamese sentence.
Pure Python, any thread.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

import holidays

WEEKDAYS = ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"]

LIMIT_KINDS = {
    "same_day": "Trong ngày (sau 15 giờ trả vào ngày làm việc tiếp theo)",
    "working_days": "ngày làm việc",
    "calendar_days": "ngày",
    "working_hours": "giờ làm việc",
}


@dataclass(frozen=True)
class OfficeHours:
    intervals: tuple[tuple[dt.time, dt.time], ...] = (
        (dt.time(7, 30), dt.time(11, 30)),
        (dt.time(13, 30), dt.time(17, 0)),
    )
    same_day_cutoff: dt.time = dt.time(15, 0)

    @property
    def minutes_per_day(self) -> int:
        return sum(_minutes(b) - _minutes(a) for a, b in self.intervals)

    @property
    def opening(self) -> dt.time:
        return self.intervals[0][0]

    @property
    def closing(self) -> dt.time:
        return self.intervals[-1][1]

    @classmethod
    def parse(cls, spec: str, cutoff: str = "15:00") -> OfficeHours:
        """From text like '07:30-11:30,13:30-17:00'; raises ValueError with a Vietnamese message."""
        try:
            intervals = []
            for part in spec.split(","):
                a, b = part.strip().split("-")
                intervals.append((dt.time.fromisoformat(a.strip()), dt.time.fromisoformat(b.strip())))
            cut = dt.time.fromisoformat(cutoff.strip())
        except ValueError as exc:
            raise ValueError("Giờ làm việc phải có dạng 07:30-11:30,13:30-17:00.") from exc
        flat = [t for pair in intervals for t in pair]
        if not intervals or flat != sorted(flat) or any(a >= b for a, b in intervals):
            raise ValueError("Các khoảng giờ làm việc phải tăng dần và không chồng lên nhau.")
        return cls(tuple(intervals), cut)


def _minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


@dataclass(frozen=True)
class Override:
    kind: str  # "off" | "work"
    note: str = ""


@dataclass(frozen=True)
class DueDate:
    at: dt.datetime
    explanation: str
    skipped: tuple[tuple[dt.date, str], ...] = field(default=())


def fmt_day(d: dt.date) -> str:
    return f"{WEEKDAYS[d.weekday()]} {d:%d/%m/%Y}"


def fmt_moment(t: dt.datetime) -> str:
    return f"{t:%H} giờ {t:%M} phút, {fmt_day(t.date())}"


@lru_cache(maxsize=4)
def _vn_holidays() -> holidays.HolidayBase:
    return holidays.country_holidays("VN", language="vi")


class WorkCalendar:
    def __init__(self, overrides: dict[dt.date, Override] | None = None, hours: OfficeHours | None = None):
        self.overrides = dict(overrides or {})
        self.hours = hours or OfficeHours()
        self._holidays = _vn_holidays()

    # --- days -------------------------------------------------------------------------------------
    def day_off_reason(self, d: dt.date) -> str | None:
        """Why `d` is not a working day (Vietnamese), or None when it is one."""
        ov = self.overrides.get(d)
        if ov is not None:
            return None if ov.kind == "work" else (ov.note or "ngày nghỉ theo quyết định")
        name = self._holidays.get(d)
        if name:
            return str(name).split(";")[0]
        if d.weekday() >= 5:
            return "nghỉ cuối tuần"
        return None

    def is_working_day(self, d: dt.date) -> bool:
        return self.day_off_reason(d) is None

    def next_working_day(self, d: dt.date) -> dt.date:
        d += dt.timedelta(days=1)
        while not self.is_working_day(d):
            d += dt.timedelta(days=1)
        return d

    def skipped_between(self, a: dt.date, b: dt.date) -> list[tuple[dt.date, str]]:
        """Non-working days strictly after `a` and up to `b`, with their reasons."""
        out = []
        d = a + dt.timedelta(days=1)
        while d <= b:
            reason = self.day_off_reason(d)
            if reason:
                out.append((d, reason))
            d += dt.timedelta(days=1)
        return out

    # --- office minutes ---------------------------------------------------------------------------
    def _intervals(self, d: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
        if not self.is_working_day(d):
            return []
        return [(dt.datetime.combine(d, a), dt.datetime.combine(d, b)) for a, b in self.hours.intervals]

    def add_working_minutes(self, start: dt.datetime, minutes: int) -> dt.datetime:
        """The moment `minutes` of office time after `start` (start outside office time waits for it)."""
        remaining = max(0, minutes)
        d = start.date()
        cursor = start
        for _ in range(4000):
            for a, b in self._intervals(d):
                if b <= cursor:
                    continue
                begin = max(a, cursor)
                span = int((b - begin).total_seconds() // 60)
                if remaining <= span:
                    if remaining == 0:
                        return begin if cursor < a else cursor
                    return begin + dt.timedelta(minutes=remaining)
                remaining -= span
            d += dt.timedelta(days=1)
            cursor = dt.datetime.combine(d, dt.time(0, 0))
        raise ValueError("Khoảng thời gian quá dài để tính hạn.")

    def working_minutes_between(self, a: dt.datetime, b: dt.datetime) -> int:
        """Office minutes between two moments (0 when b is not after a)."""
        if b <= a:
            return 0
        total = 0
        d = a.date()
        while d <= b.date():
            for s, e in self._intervals(d):
                lo, hi = max(s, a), min(e, b)
                if hi > lo:
                    total += int((hi - lo).total_seconds() // 60)
            d += dt.timedelta(days=1)
        return total

    # --- due dates --------------------------------------------------------------------------------
    def due_date_for(self, kind: str, value: int, received_at: dt.datetime) -> DueDate:
        # "Sau 15 giờ" is strictly after 15:00:00: a receipt at 15:00:00 sharp is still due the same day,
        # one at 15:00:01 is not. Seconds count for the cut-off only; the due moment is in whole minutes.
        exact = received_at.replace(microsecond=0)
        received_at = received_at.replace(second=0, microsecond=0)
        close = self.hours.closing
        got = f"Nhận lúc {received_at:%H:%M} {fmt_day(received_at.date())}"
        if kind == "same_day":
            day = received_at.date()
            if self.is_working_day(day) and exact.time() <= self.hours.same_day_cutoff \
                    and received_at.time() < close:
                at = dt.datetime.combine(day, close)
                return DueDate(at, f"{got}, không sau {self.hours.same_day_cutoff:%H:%M} nên trả trong ngày.")
            nxt = self.next_working_day(day)
            why = (f"sau {self.hours.same_day_cutoff:%H:%M}" if self.is_working_day(day)
                   else f"vào ngày nghỉ ({self.day_off_reason(day)})")
            at = dt.datetime.combine(nxt, close)
            skipped = self.skipped_between(day, nxt)
            return DueDate(at, f"{got}, {why} nên trả vào ngày làm việc tiếp theo"
                           f"{self._skip_text(skipped)}.", tuple(skipped))
        if kind in ("working_days", "working_hours"):
            if value <= 0:
                raise ValueError("Thời hạn giải quyết phải lớn hơn 0.")
            minutes = value * (self.hours.minutes_per_day if kind == "working_days" else 60)
            at = self.add_working_minutes(received_at, minutes)
            skipped = self.skipped_between(received_at.date(), at.date())
            unit = LIMIT_KINDS[kind]
            return DueDate(at, f"{got}; {value} {unit}{self._skip_text(skipped)}.", tuple(skipped))
        if kind == "calendar_days":
            if value <= 0:
                raise ValueError("Thời hạn giải quyết phải lớn hơn 0.")
            day = received_at.date() + dt.timedelta(days=value)
            moved = ""
            if not self.is_working_day(day):
                reason = self.day_off_reason(day)
                nxt = self.next_working_day(day)
                moved = f"; ngày thứ {value} rơi vào {fmt_day(day)} ({reason}) nên lùi sang {fmt_day(nxt)}"
                day = nxt
            at = dt.datetime.combine(day, close)
            return DueDate(at, f"{got}; {value} ngày theo lịch{moved}.")
        raise ValueError(f"Loại thời hạn «{kind}» không được hỗ trợ.")

    @staticmethod
    def _skip_text(skipped: list[tuple[dt.date, str]]) -> str:
        if not skipped:
            return ""
        weekends = [d for d, r in skipped if r == "nghỉ cuối tuần"]
        named = [(d, r) for d, r in skipped if r != "nghỉ cuối tuần"]
        parts = []
        if weekends:
            if len(weekends) <= 4:
                parts.append(", ".join(fmt_day(d) for d in weekends) + " (nghỉ cuối tuần)")
            else:
                parts.append(f"{len(weekends)} ngày nghỉ cuối tuần")
        parts += [f"{fmt_day(d)} ({r})" for d, r in named]
        return ", không tính " + "; ".join(parts)

    def resume_after_pause(self, due_at: dt.datetime, paused_from: dt.datetime,
                           resumed_at: dt.datetime) -> dt.datetime:
        """The due date moved by the office time spent waiting (supplement requests pause the clock)."""
        waited = self.working_minutes_between(paused_from, resumed_at)
        return self.add_working_minutes(due_at, waited) if waited else due_at
