"""The on-time figures of Decision 766/QĐ-TTg for March 2027, through the real services with a fake clock,
figure by figure against values worked out by hand from the table below (office day 07:30–11:30,
13:30–17:00 = 450 minutes; March 2027 has no public holiday; 01/03/2027 is a Monday).

Letter procedure (limit)        story                                                             judged
A      1.004873 (3 working d.)  in Mon 01/03 09:00, due Thu 04/03 09:00, ready Tue 02/03 10:00        early
B      1.004873                 in Mon 01/03 10:00, due Thu 04/03 10:00, ready Thu 04/03 09:30        on time (same day)
C      1.004873                 in Tue 02/03 09:00, due Fri 05/03 09:00, ready Mon 08/03 08:00        late
D      1.001776 (7 working d.)  in Mon 01/03 08:00, due Wed 10/03 08:00; supplements 02/03 09:00→03/03 09:00
                                and 04/03 09:00→05/03 09:00 (+450 min each): due Fri 12/03 08:00;
                                ready Mon 08/03 10:00                                                  late (two requests)
E      1.004873                 in Mon 08/03 09:00, due Thu 11/03 09:00; apology and extension on Wed 10/03 to
                                Tue 16/03 17:00; ready Mon 15/03 10:00 (before the promised date)       late (legal date)
F      1.004873                 in Wed 24/03 09:00, due Mon 29/03 09:00; extended on 29/03 to Fri 02/04 17:00;
                                still processing at the end of March                                   open, late
G      1.004873                 in Wed 31/03 09:00, due Mon 05/04 09:00, processing                    open, on time
H      1.004873                 in Tue 09/03 09:00, due Fri 12/03 09:00, withdrawn Wed 10/03 10:00     early (withdrawn
                                                                                                        after acceptance)
I      1.004873                 in Thu 11/03 09:00, due Tue 16/03 09:00, stopped Mon 15/03 10:00       early
J      2.000815 (same day)      in Tue 16/03 09:00, due 17:00, ready 11:00                             on time

Finished in March: A B C D E H I J = 8, of which on time or early A B H I J = 5 (early A H I, on time B J),
late C D E = 3. Open at the end of March: F (past due) and G (not yet due) = 2.
National rate = (5 + 1) / (8 + 2) = 0.6; finished on-time rate = 5 / 8 = 0.625; target 0.98 not met.
"""

from __future__ import annotations

import datetime as dt

import pytest

from app.operations import OpContext
from app.operations import rules as rule_ops
from app.services import workflow
from app.services.queries import detail_by_code
from app.services.reports import build_report, month_period
from tests.rules.conftest import CLERK, LEADER, OFFICER, at, intake


def T(day: int, hour: int, minute: int = 0, month: int = 3) -> dt.datetime:
    return dt.datetime(2027, month, day, hour, minute)


@pytest.fixture
def march(desk, clock):  # type: ignore[no-untyped-def]
    c = {}
    c["D"] = intake(desk, clock, T(1, 8), "1.001776", "Đỗ Văn Dũng")
    c["A"] = intake(desk, clock, T(1, 9), "1.004873", "Âu Thị An")
    c["B"] = intake(desk, clock, T(1, 10), "1.004873", "Bùi Văn Bình")
    c["C"] = intake(desk, clock, T(2, 9), "1.004873", "Cao Thị Cúc")
    at(clock, T(2, 9))
    workflow.request_supplement(desk, c["D"], "Thiếu giấy xác nhận khuyết tật", ["Giấy xác nhận"], OFFICER)
    at(clock, T(2, 10))
    workflow.transition(desk, c["A"], "result_ready", OFFICER)
    at(clock, T(3, 9))
    workflow.receive_supplement(desk, c["D"], CLERK)
    at(clock, T(4, 9))
    workflow.request_supplement(desk, c["D"], "Thiếu bản sao sổ hộ khẩu", ["Bản sao"], OFFICER)
    at(clock, T(4, 9, 30))
    workflow.transition(desk, c["B"], "result_ready", OFFICER)
    at(clock, T(5, 9))
    workflow.receive_supplement(desk, c["D"], CLERK)
    at(clock, T(8, 8))
    workflow.transition(desk, c["C"], "result_ready", OFFICER)
    c["E"] = intake(desk, clock, T(8, 9), "1.004873", "Đinh Văn Em")
    at(clock, T(8, 10))
    workflow.transition(desk, c["D"], "result_ready", OFFICER)
    c["H"] = intake(desk, clock, T(9, 9), "1.004873", "Hà Thị Hoa")
    at(clock, T(10, 10))
    workflow.transition(desk, c["H"], "withdrawn", CLERK, note="Công dân xin rút hồ sơ")
    rule_ops.extend(OpContext(desk, LEADER), c["E"], T(16, 17), "Chờ xác minh tình trạng hôn nhân tại nơi cư trú cũ")
    c["I"] = intake(desk, clock, T(11, 9), "1.004873", "Ích Văn Ích")
    at(clock, T(15, 10))
    workflow.transition(desk, c["E"], "result_ready", OFFICER)
    rule_ops.stop(OpContext(desk, LEADER), c["I"], "Người yêu cầu đã chết trước khi có kết quả",
                  legal_basis="Điều 22 Nghị định 123/2015/NĐ-CP")
    c["J"] = intake(desk, clock, T(16, 9), "2.000815", "Giang Văn Giàu")
    at(clock, T(16, 11))
    workflow.transition(desk, c["J"], "result_ready", OFFICER)
    c["F"] = intake(desk, clock, T(24, 9), "1.004873", "Phan Thị Phúc")
    at(clock, T(24, 9, 30))
    workflow.transition(desk, c["F"], "processing", CLERK, to_party="Công chức Tư pháp - Hộ tịch")
    at(clock, T(29, 10))
    rule_ops.extend(OpContext(desk, LEADER), c["F"], T(2, 17, month=4), "Chờ kết quả xác minh của xã khác")
    c["G"] = intake(desk, clock, T(31, 9), "1.004873", "Giáp Văn Gia")
    at(clock, T(5, 10, month=4))
    return c


def test_legal_due_dates_are_the_hand_computed_ones(desk, march):
    expected = {"A": T(4, 9), "B": T(4, 10), "C": T(5, 9), "D": T(12, 8), "E": T(11, 9), "F": T(29, 9),
                "G": T(5, 9, month=4), "H": T(12, 9), "I": T(16, 9), "J": T(16, 17)}
    with desk.db.read() as s:
        got = {k: detail_by_code(s, march[k]) for k in expected}
    assert {k: d.due_at for k, d in got.items()} == expected
    assert got["D"].original_due_at == T(10, 8) and got["D"].supplement_count == 2
    # The apology keeps the legal date and records the promised one beside it.
    assert (got["E"].extended_due_at, got["F"].extended_due_at) == (T(16, 17), T(2, 17, month=4))
    assert got["A"].extended_due_at is None


def test_national_and_finished_on_time_rates(desk, march):
    r = build_report(desk, month_period(2027, 3), LEADER)
    assert r["period"]["as_of"] == "2027-04-01T00:00:00+07:00"
    assert (r["finished"], r["finished_early"], r["finished_on_time"], r["finished_late"]) == (8, 3, 2, 3)
    assert (r["open_within_limit"], r["open_overdue"]) == (1, 1)
    assert (r["withdrawn"], r["stopped"]) == (1, 1)
    assert r["on_time_rate"] == 0.6           # (5 + 1) / (8 + 2)
    assert r["finished_on_time_rate"] == 0.625  # 5 / 8
    assert r["on_time_target"] == 0.98 and r["on_time_rate"] < r["on_time_target"]
    assert any("Quyết định 766" in rule and "÷" in rule for rule in r["rules"])
    late = [i["code"] for i in r["late_list"]["items"]]
    assert late == [march["C"], march["D"], march["E"]]


def test_overdue_list_shows_legal_date_days_late_and_the_apology(desk, march):
    r = build_report(desk, month_period(2027, 3), LEADER)
    items = {i["code"]: i for i in r["overdue_list"]["items"]}
    f = items[march["F"]]
    assert f["due_at"] == "2027-03-29T09:00:00+07:00"  # the legal date, not the promised one
    assert f["apology"] is True and f["apology_new_due_at"] == "2027-04-02T17:00:00+07:00"
    assert f["extended_due_at"] == "2027-04-02T17:00:00+07:00"
    # 29/03 09:00 → 05/04 10:00: 360 + 4 × 450 + 150 = 2310 office minutes, the 6th working day begun.
    assert f["days_late"] == 6
    g = items[march["G"]]  # due Mon 05/04 09:00, seen at 10:00: one hour late, no letter yet
    assert (g["days_late"], g["apology"], g["extended_due_at"]) == (1, False, None)


def test_a_dossier_withdrawn_before_acceptance_is_not_judged(desk, clock, march):
    # An online registration (status 1) withdrawn before the desk accepted it does not count as finished.
    from sqlalchemy import update

    from app.models import Dossier
    from app.services.status import Status

    code = intake(desk, clock, T(22, 9), "1.004873", "Khúc Văn Khải")
    with desk.db.write() as s:
        s.execute(update(Dossier).where(Dossier.code == code).values(status=int(Status.REGISTERED)))
    at(clock, T(22, 10))
    workflow.transition(desk, code, "withdrawn", CLERK, note="Rút khi chưa được tiếp nhận")
    at(clock, T(5, 10, month=4))
    r = build_report(desk, month_period(2027, 3), LEADER)
    assert r["finished"] == 8 and r["withdrawn"] == 2
