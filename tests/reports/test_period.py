"""Report periods and the "due in the next N working days" horizon (pure, no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from app.errors import ValidationError
from app.services.calendar import WorkCalendar
from app.services.reports import due_horizon, parse_period


@pytest.mark.parametrize("text, label, first, last", [
    ("2026-11", "Tháng 11/2026", dt.date(2026, 11, 1), dt.date(2026, 11, 30)),
    ("2026-2", "Tháng 02/2026", dt.date(2026, 2, 1), dt.date(2026, 2, 28)),
    ("2028-02", "Tháng 02/2028", dt.date(2028, 2, 1), dt.date(2028, 2, 29)),
    ("2026-12", "Tháng 12/2026", dt.date(2026, 12, 1), dt.date(2026, 12, 31)),
    ("2026-Q4", "Quý IV/2026", dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
    ("2026-q1", "Quý I/2026", dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
    (" 2026 ", "Năm 2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
])
def test_periods(text, label, first, last):
    p = parse_period(text)
    assert (p.label, p.first_day, p.last_day) == (label, first, last)
    assert p.start == dt.datetime.combine(first, dt.time.min)
    assert p.end == dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min)


def test_range_includes_both_ends():
    p = parse_period("2026-11", dt.date(2026, 11, 10), dt.date(2026, 11, 12))  # the range wins
    assert p.kind == "range" and p.label == "Từ ngày 10/11/2026 đến ngày 12/11/2026"
    assert p.end == dt.datetime(2026, 11, 13)


@pytest.mark.parametrize("text", ["", "2026-13", "2026-00", "2026-Q0", "11/2026", "1999", "26-11", "2026-11-05"])
def test_bad_periods_say_how_to_write_one(text):
    with pytest.raises(ValidationError) as err:
        parse_period(text)
    assert "2026-11" in err.value.message or "từ 2000 đến 2100" in err.value.message


def test_due_horizon_counts_working_days_and_skips_the_culture_day():
    cal = WorkCalendar()
    # Friday 20/11: Fri 20, Mon 23, (Tue 24 is Vietnam Culture Day) Wed 25.
    assert due_horizon(cal, dt.datetime(2026, 11, 20, 9), 3) == dt.datetime(2026, 11, 26)
    # On a Saturday the first working day counted is Monday.
    assert due_horizon(cal, dt.datetime(2026, 11, 21, 9), 1) == dt.datetime(2026, 11, 24)
    assert due_horizon(cal, dt.datetime(2026, 11, 20, 9), 1) == dt.datetime(2026, 11, 21)
