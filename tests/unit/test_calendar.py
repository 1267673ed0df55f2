"""Due-date rules pinned on real dates: Tết 2026/2027, Hùng Kings 2026, swapped Saturdays, 24/11, 15:00."""

from __future__ import annotations

import datetime as dt

import pytest

from app.services.calendar import OfficeHours, Override, WorkCalendar

T = dt.datetime
D = dt.date


@pytest.fixture
def cal(desk) -> WorkCalendar:
    return desk.calendar  # built from the database: shipped overrides included


def test_tet_2026_is_five_days_off(cal):
    for day in range(16, 21):
        assert not cal.is_working_day(D(2026, 2, day)), day
    assert "Tết" in cal.day_off_reason(D(2026, 2, 17))
    assert cal.is_working_day(D(2026, 2, 13)) and cal.is_working_day(D(2026, 2, 23))


def test_tet_2027_lunar_days(cal):
    # Lunar new year 2027 falls on Saturday 6/2; the days off run Thursday 4/2 to Wednesday 10/2.
    for day in (4, 5, 8, 9, 10):
        assert not cal.is_working_day(D(2027, 2, day)), day
    assert cal.is_working_day(D(2027, 2, 3)) and cal.is_working_day(D(2027, 2, 11))


def test_working_days_across_tet_2026(cal):
    due = cal.due_date_for("working_days", 3, T(2026, 2, 12, 10, 0))  # Thursday before Tết
    # Thu 12 (rest of day), Fri 13, then Tết 16-20 and two weekends, Mon 23, Tue 24 10:00.
    assert due.at == T(2026, 2, 24, 10, 0)
    assert "Tết Nguyên Đán" in due.explanation and "14/02/2026" in due.explanation


def test_hung_kings_2026_day_in_lieu(cal):
    assert not cal.is_working_day(D(2026, 4, 27))  # 10/3 lunar is Sunday 26/4: Monday off in lieu
    due = cal.due_date_for("working_days", 1, T(2026, 4, 24, 9, 30))  # Friday
    assert due.at == T(2026, 4, 28, 9, 30)
    assert "Giỗ Tổ Hùng Vương" in due.explanation


def test_swapped_days_2026(cal):
    assert not cal.is_working_day(D(2026, 1, 2))  # Friday off (swap)
    assert cal.is_working_day(D(2026, 1, 10))  # Saturday worked instead
    assert cal.is_working_day(D(2026, 8, 22))  # Saturday worked
    assert not cal.is_working_day(D(2026, 8, 31))  # Monday off before National Day
    due = cal.due_date_for("working_days", 1, T(2026, 1, 9, 14, 0))  # Friday → Saturday 10/1 counts
    assert due.at == T(2026, 1, 10, 14, 0)


def test_swaps_need_the_override_table():
    bare = WorkCalendar()  # the holidays package alone does not know the New Year 2026 swap
    assert bare.is_working_day(D(2026, 1, 2))
    fixed = WorkCalendar({D(2026, 1, 2): Override("off", "Nghỉ bù")})
    assert not fixed.is_working_day(D(2026, 1, 2))


def test_vietnam_culture_day_2026(cal):
    assert not cal.is_working_day(D(2026, 11, 24))
    due = cal.due_date_for("working_days", 3, T(2026, 11, 20, 16, 0))  # Friday 16:00
    assert due.at == T(2026, 11, 26, 16, 0)
    assert "Ngày Văn hóa Việt Nam" in due.explanation


def test_same_day_before_and_after_15h_on_friday(cal):
    before = cal.due_date_for("same_day", 0, T(2026, 11, 20, 14, 59))
    assert before.at == T(2026, 11, 20, 17, 0)
    sharp = cal.due_date_for("same_day", 0, T(2026, 11, 20, 15, 0))
    assert sharp.at == T(2026, 11, 20, 17, 0)  # "sau 15 giờ" is strictly after: 15:00:00 is the same day
    after = cal.due_date_for("same_day", 0, dt.datetime(2026, 11, 20, 15, 0, 1))
    assert after.at == T(2026, 11, 23, 17, 0)  # Monday
    assert "sau 15:00" in after.explanation and "nghỉ cuối tuần" in after.explanation


def test_same_day_after_15h_on_eve_of_holiday(cal):
    # Monday 23/11/2026 after 15:00: Tuesday 24/11 is Vietnam Culture Day, so Wednesday.
    due = cal.due_date_for("same_day", 0, T(2026, 11, 23, 15, 30))
    assert due.at == T(2026, 11, 25, 17, 0)
    # Eve of Tết 2026: Friday 13/2 after 15:00 → Monday 23/2.
    assert cal.due_date_for("same_day", 0, T(2026, 2, 13, 16, 0)).at == T(2026, 2, 23, 17, 0)


def test_same_day_received_on_a_day_off(cal):
    due = cal.due_date_for("same_day", 0, T(2026, 11, 21, 9, 0))  # Saturday (home visit)
    assert due.at == T(2026, 11, 23, 17, 0)
    assert "ngày nghỉ" in due.explanation


def test_calendar_days_end_on_a_working_day(cal):
    due = cal.due_date_for("calendar_days", 25, T(2026, 10, 30, 9, 0))
    # 30/10 + 25 days = Tuesday 24/11 (Culture Day) → Wednesday 25/11.
    assert due.at.date() == D(2026, 11, 25)
    assert "lùi sang" in due.explanation


def test_working_hours(cal):
    assert cal.due_date_for("working_hours", 4, T(2026, 11, 20, 16, 0)).at == T(2026, 11, 23, 10, 30)
    assert cal.due_date_for("working_hours", 2, T(2026, 11, 19, 10, 30)).at == T(2026, 11, 19, 14, 30)


def test_received_during_lunch_starts_after_lunch(cal):
    assert cal.due_date_for("working_hours", 1, T(2026, 11, 19, 12, 0)).at == T(2026, 11, 19, 14, 30)


def test_supplement_pause_moves_due_by_office_time(cal):
    due = T(2026, 11, 26, 16, 0)
    # Waited from Thu 19/11 10:00 to Mon 23/11 10:00: 2 working days (Fri, and Thu/Mon partial days).
    moved = cal.resume_after_pause(due, T(2026, 11, 19, 10, 0), T(2026, 11, 23, 10, 0))
    waited = cal.working_minutes_between(T(2026, 11, 19, 10, 0), T(2026, 11, 23, 10, 0))
    assert waited == 2 * cal.hours.minutes_per_day
    assert moved == T(2026, 11, 30, 16, 0)  # Fri 27 and Mon 30 (24/11 already skipped before)


def test_office_hours_are_configurable():
    hours = OfficeHours.parse("07:00-11:00,13:00-17:00", "15:00")
    cal = WorkCalendar(hours=hours)
    assert hours.minutes_per_day == 480
    assert cal.due_date_for("same_day", 0, T(2026, 11, 19, 9, 0)).at == T(2026, 11, 19, 17, 0)
    with pytest.raises(ValueError, match="Giờ làm việc"):
        OfficeHours.parse("7h-11h")


def test_zero_or_unknown_limits_are_refused(cal):
    with pytest.raises(ValueError):
        cal.due_date_for("working_days", 0, T(2026, 11, 19, 9, 0))
    with pytest.raises(ValueError):
        cal.due_date_for("fortnights", 1, T(2026, 11, 19, 9, 0))
