"""Every figure of the November 2026 report against values worked out by hand from the scenario table
in conftest.py (real services, real SQLite file, FakeClock)."""

from __future__ import annotations

import datetime as dt

import pytest

from app.services.queries import detail_by_code
from app.services.reports import build_report, month_period, parse_period
from tests.reports.conftest import LEADER

NOV = month_period(2026, 11)
COUNT_KEYS = ("received", "finished", "finished_early", "finished_on_time", "finished_late", "open_within_limit",
              "open_overdue", "returned", "refused", "withdrawn", "stopped")


def counts(row: dict) -> dict:
    return {k: row[k] for k in COUNT_KEYS}


def c(received=0, finished=0, early=0, on_time=0, late=0, within=0, overdue=0, returned=0, refused=0,
      withdrawn=0, stopped=0) -> dict:
    return dict(zip(COUNT_KEYS, (received, finished, early, on_time, late, within, overdue, returned, refused,
                                 withdrawn, stopped), strict=True))


@pytest.fixture(scope="module")
def report(scenario) -> dict:
    return build_report(scenario.desk, NOV, LEADER, due_days=3)


def test_scenario_due_dates_are_the_hand_computed_ones(scenario):
    """The story's due dates (supplement pauses and the reschedule included), so the figures below rest
    on known ground."""
    expected = {
        "A": dt.datetime(2026, 11, 5, 9, 0), "B": dt.datetime(2026, 11, 5, 10, 0),
        "C": dt.datetime(2026, 11, 6, 9, 0), "D": dt.datetime(2026, 11, 13, 8, 0),
        "E": dt.datetime(2026, 11, 18, 14, 0), "F": dt.datetime(2026, 11, 10, 17, 0),
        "G": dt.datetime(2026, 11, 11, 17, 0), "J": dt.datetime(2026, 11, 23, 10, 0),
        "K": dt.datetime(2026, 12, 4, 9, 0), "L": dt.datetime(2026, 11, 19, 9, 0),
        "M": dt.datetime(2026, 10, 30, 17, 0), "O": dt.datetime(2026, 11, 27, 17, 0),
        "P": dt.datetime(2026, 11, 30, 14, 0), "Q": dt.datetime(2026, 11, 3, 9, 0),
        "T": dt.datetime(2026, 11, 20, 17, 0),
    }
    with scenario.desk.db.read() as s:
        got = {k: detail_by_code(s, scenario.codes[k]) for k in expected}
    assert {k: d.due_at for k, d in got.items()} == expected
    assert got["D"].original_due_at == dt.datetime(2026, 11, 11, 8, 0)
    assert got["E"].original_due_at == dt.datetime(2026, 11, 5, 14, 0)
    assert got["D"].supplement_count == 2
    # L's apology promised Mon 23/11 17:00; its legal due date stays Thu 19/11 09:00.
    assert got["L"].extended_due_at == dt.datetime(2026, 11, 23, 17, 0)
    assert got["A"].extended_due_at is None


def test_period_and_headline_figures(report):
    assert report["period"] == {"kind": "month", "key": "2026-11", "label": "Tháng 11/2026", "from": "2026-11-01",
                                "to": "2026-11-30", "as_of": "2026-11-27T10:00:00+07:00"}
    # Received A B C D E F G H I J K L N O P T; finished A G I J Q early (I withdrawn after acceptance, judged
    # too), B E F H on time, C D T late; open at the report: K N O P within the limit, L M overdue.
    assert counts(report) == c(received=16, finished=12, early=5, on_time=4, late=3, within=4, overdue=2,
                               returned=8, refused=1, withdrawn=1, stopped=1)
    assert report["on_time_rate"] == round((9 + 4) / (12 + 6), 4)  # Decision 766: finished + open
    assert report["finished_on_time_rate"] == round(9 / 12, 4)
    assert report["on_time_target"] == 0.98
    assert report["online"] == 4
    assert report["online_share"] == 0.25
    # Working days received → finished: A2 B3 C4 D5 E12 F0 G0 H0 J2 T1 Q2 = 31 over 11.
    assert report["avg_processing_working_days"] == round(31 / 11, 2)


def test_satisfaction(report):
    s = report["satisfaction"]
    assert (s["very_satisfied"], s["satisfied"], s["unsatisfied"], s["rated"], s["not_rated"]) == (2, 3, 1, 6, 2)
    assert s["satisfied_rate"] == round(5 / 6, 4)
    assert s["shares"] == {"very_satisfied": round(2 / 6, 4), "satisfied": 0.5, "unsatisfied": round(1 / 6, 4)}


def test_by_channel(report):
    ch = report["by_channel"]
    assert list(ch) == ["counter", "online", "postal", "home"]
    assert counts(ch["counter"]) == c(received=9, finished=8, early=4, on_time=1, late=3, within=1, overdue=2,
                                      returned=5, withdrawn=1, stopped=1)
    assert counts(ch["online"]) == c(received=4, finished=2, on_time=2, within=2, returned=1, refused=1)
    assert counts(ch["postal"]) == c(received=2, finished=1, on_time=1, within=1, returned=1)
    assert counts(ch["home"]) == c(received=1, finished=1, early=1, returned=1)
    assert ch["online"]["share"] == 0.25 and ch["counter"]["share"] == round(9 / 16, 4)
    assert ch["counter"]["on_time_rate"] == round(6 / 11, 4) and ch["home"]["on_time_rate"] == 1.0
    assert ch["counter"]["finished_on_time_rate"] == round(5 / 8, 4)


def test_by_procedure_and_field(report):
    procs = {r["code"]: r for r in report["by_procedure"]}
    assert [r["code"] for r in report["by_procedure"]] == ["1.004873", "1.001776", "2.000815", "1.001193"]
    assert counts(procs["1.004873"]) == c(received=8, finished=6, early=3, on_time=2, late=1, within=2, overdue=1,
                                          returned=5, withdrawn=1)
    assert counts(procs["1.001776"]) == c(received=3, finished=2, early=1, late=1, within=1, returned=1, stopped=1)
    assert counts(procs["2.000815"]) == c(received=3, finished=2, early=1, on_time=1, within=1, overdue=1,
                                          returned=2)
    assert counts(procs["1.001193"]) == c(received=2, finished=2, on_time=1, late=1, refused=1)
    assert {k: r["avg_processing_working_days"] for k, r in procs.items()} == {
        "1.004873": 4.6, "1.001776": 3.5, "2.000815": 0.0, "1.001193": 0.5}
    assert procs["1.004873"]["name"] == "Cấp Giấy xác nhận tình trạng hôn nhân"
    assert procs["1.004873"]["field"] == "Hộ tịch"
    fields = {r["name"]: counts(r) for r in report["by_field"]}
    assert fields == {
        "Hộ tịch": c(received=10, finished=8, early=3, on_time=3, late=2, within=2, overdue=1, returned=5,
                     refused=1, withdrawn=1),
        "Bảo trợ xã hội": c(received=3, finished=2, early=1, late=1, within=1, returned=1, stopped=1),
        "Chứng thực": c(received=3, finished=2, early=1, on_time=1, within=1, overdue=1, returned=2),
    }


def test_by_officer(report):
    officers = {r["name"]: r for r in report["by_officer"]}
    assert counts(officers["Nguyễn Thị Hồng"]) == c(received=9, finished=7, early=3, on_time=4, within=2,
                                                    overdue=1, returned=5, refused=1, withdrawn=1)
    assert counts(officers["Trần Văn Bình"]) == c(received=7, finished=5, early=2, late=3, within=2, overdue=1,
                                                  returned=3, stopped=1)
    assert officers["Nguyễn Thị Hồng"]["on_time_rate"] == round(9 / 10, 4)
    assert officers["Nguyễn Thị Hồng"]["finished_on_time_rate"] == 1.0
    assert officers["Trần Văn Bình"]["on_time_rate"] == 0.5
    assert officers["Trần Văn Bình"]["finished_on_time_rate"] == 0.4


def test_lists(report, scenario):
    code = scenario.codes
    overdue = report["overdue_list"]
    assert overdue["total"] == 2
    assert [(i["code"], i["days_late"], i["apology"]) for i in overdue["items"]] == [
        (code["M"], 19, False),  # due Fri 30/10 17:00: 18 full working days of November + 150 minutes
        # legal due Thu 19/11 09:00 (the apology does not move it): 360 + 4 × 450 + 150 minutes, Tue 24/11 off
        (code["L"], 6, True),
    ]
    assert overdue["items"][1]["due_at"] == "2026-11-19T09:00:00+07:00"
    assert overdue["items"][1]["extended_due_at"] == "2026-11-23T17:00:00+07:00"
    assert overdue["items"][1]["apology_new_due_at"] == "2026-11-23T17:00:00+07:00"
    late = report["late_list"]
    assert late["total"] == 3
    assert [(i["code"], i["days_late"], i["supplement_count"]) for i in late["items"]] == [
        (code["C"], 1, 0), (code["D"], 0, 2), (code["T"], 1, 0)]
    soon = report["due_soon_list"]
    # Fri 27/11, Mon 30/11 and Tue 01/12 are the next three working days.
    assert soon["until"] == "2026-12-02T00:00:00+07:00" and soon["working_days"] == 3
    assert [i["code"] for i in soon["items"]] == [code["O"], code["P"]] and soon["total"] == 2


def test_report_keys_and_json_safety(report):
    import json

    for key in ("period", "received", "finished_early", "finished_on_time", "finished_late", "open_within_limit",
                "open_overdue", "returned", "refused", "withdrawn", "on_time_rate", "by_channel", "by_procedure",
                "by_officer", "satisfaction", "online_share", "avg_processing_working_days", "by_field"):
        assert key in report
    assert json.loads(json.dumps(report, ensure_ascii=False)) == report


def test_list_limit_keeps_the_totals(scenario):
    r = build_report(scenario.desk, NOV, LEADER, list_limit=1)
    assert r["late_list"]["total"] == 3 and len(r["late_list"]["items"]) == 1
    assert r["overdue_list"]["total"] == 2 and len(r["overdue_list"]["items"]) == 1


def test_other_periods(scenario):
    oct_ = build_report(scenario.desk, parse_period("2026-10"), LEADER)
    # Received in October: R, Q, M; finished in October: R (ready the same day, on time).
    assert counts(oct_) == c(received=3, finished=1, on_time=1, within=1, overdue=1, returned=1)
    assert oct_["period"]["as_of"] == "2026-11-01T00:00:00+07:00"  # open figures at the end of October
    q4 = build_report(scenario.desk, parse_period("2026-Q4"), LEADER)
    assert (q4["received"], q4["finished"], q4["returned"]) == (19, 13, 9)
    one_day = build_report(scenario.desk, parse_period(None, dt.date(2026, 11, 10), dt.date(2026, 11, 10)),
                           LEADER)
    # Open at the end of 10/11: E (papers still awaited then, due now 18/11) and M (overdue since 30/10).
    assert counts(one_day) == c(received=2, finished=2, early=1, on_time=1, within=1, overdue=1, returned=1)
    empty = build_report(scenario.desk, parse_period("2026-06"), LEADER)
    assert empty["received"] == 0 and empty["on_time_rate"] is None and empty["online_share"] is None
    assert empty["avg_processing_working_days"] is None and empty["satisfaction"]["satisfied_rate"] is None
