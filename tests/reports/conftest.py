"""A month of dossiers built through the real services with a FakeClock, shared by the report tests.

The scenario (November 2026, 24/11 is Vietnam Culture Day, a day off; office day = 450 minutes) is
listed step by step below, each step at its own moment; the clock is set to the moment and the
service is called, as a clerk would. The report is read at Friday 27/11/2026 10:00. The expected
figures in test_figures.py are worked out by hand from this table, not by the code under test.

Letter  procedure (limit)         channel  officer  story
A       1.004873 (3 working days) counter  Hồng     in Mon 02/11 09:00, due Thu 05/11 09:00, ready Wed 04/11 → early; returned, very satisfied
B       1.004873                  online   Hồng     in Mon 02/11 10:00, due Thu 05/11 10:00, ready Thu 05/11 09:30 → on time; returned, satisfied
C       1.004873                  counter  Bình     in Tue 03/11 09:00, due Fri 06/11 09:00, ready Mon 09/11 08:00 → late; returned, unsatisfied
D       1.001776 (7 working days) counter  Bình     in Mon 02/11 08:00, due Wed 11/11 08:00; two supplement requests (+1 day each,
                                                    due Fri 13/11 08:00), ready Mon 09/11 → late (two requests); returned, no rating
E       1.004873                  postal   Hồng     in Mon 02/11 14:00, due Thu 05/11 14:00; supplement asked Tue 03/11 09:00, papers
                                                    Mon 16/11 09:00 (9 days' wait) → due Wed 18/11 14:00; ready Wed 18/11 11:00 → on time
F       2.000815 (same day)       counter  Hồng     in Tue 10/11 09:30, due 17:00, ready 11:00 → on time (same day); returned, no rating
G       2.000815                  home     Bình     in Tue 10/11 16:00 (after 15:00) → due Wed 11/11 17:00, ready Tue 16:30 → early
H       1.001193 (same day)       online   Hồng     in Wed 11/11 09:00, refused 10:00 → on time, refused
I       1.004873                  counter  Hồng     in Thu 12/11 09:00, withdrawn Fri 13/11 → withdrawn, not judged
J       1.001776                  counter  Bình     in Thu 12/11 10:00, due Mon 23/11 10:00, stopped Mon 16/11 → early, stopped
K       1.001776                  online   Hồng     in Wed 25/11 09:00, due Fri 04/12 09:00 → open within limit
L       1.004873                  counter  Hồng     in Mon 16/11 09:00, due Thu 19/11 09:00; rescheduled with apology to Mon 23/11 17:00 → overdue
M       2.000815                  counter  Bình     in Fri 30/10 09:00, due 17:00, processing → overdue (received in October)
N       1.004873                  online   Hồng     in Mon 16/11 10:00, supplement asked Tue 17/11 → waiting: within limit (clock paused)
O       2.000815                  counter  Bình     in Fri 27/11 09:00, due 17:00 → open, due soon
P       1.004873                  postal   Bình     in Wed 25/11 14:00, due Mon 30/11 14:00 → open (processing), due soon
Q       1.004873                  counter  Hồng     in Thu 29/10 09:00, due Tue 03/11 09:00, ready Mon 02/11 15:00 → early (finished in November)
R       2.000815                  counter  Hồng     in Mon 05/10, finished and returned the same day → outside November
T       1.001193                  counter  Bình     in Thu 19/11 16:00 → due Fri 20/11 17:00, ready Fri 17:30 → late, not yet returned
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

import pytest

from app.models.centre import CentreConfig, write_config
from app.paths import AppPaths
from app.services import intake, workflow
from app.services.desk import Desk
from app.services.dto import Actor, IntakeRequest, PersonIn
from app.services.setup import initialise
from tests.conftest import AGENCY, FakeClock

HONG = Actor(username="hong", full_name="Nguyễn Thị Hồng", role="clerk", title="Công chức tiếp nhận")
BINH = Actor(username="binh", full_name="Trần Văn Bình", role="clerk", title="Công chức tiếp nhận")
OFFICER = Actor(username="tuan", full_name="Lê Văn Tuấn", role="officer", title="Công chức Tư pháp - Hộ tịch")
LEADER = Actor(username="lanh", full_name="Phạm Thị Lành", role="leader", title="Phó Chủ tịch UBND xã")
REPORT_AT = dt.datetime(2026, 11, 27, 10, 0)


def T(day: int, hour: int, minute: int = 0, month: int = 11) -> dt.datetime:  # reads like a time
    return dt.datetime(2026, month, day, hour, minute)


#: (moment, letter, action, argument)
STEPS = [
    (T(5, 9, 0, 10), "R", "receive", ("2.000815", "counter", HONG)),
    (T(5, 10, 0, 10), "R", "result_ready", None),
    (T(5, 10, 30, 10), "R", "returned", None),
    (T(29, 9, 0, 10), "Q", "receive", ("1.004873", "counter", HONG)),
    (T(30, 9, 0, 10), "M", "receive", ("2.000815", "counter", BINH)),
    (T(30, 9, 30, 10), "M", "processing", None),
    (T(2, 8), "D", "receive", ("1.001776", "counter", BINH)),
    (T(2, 9), "A", "receive", ("1.004873", "counter", HONG)),
    (T(2, 10), "B", "receive", ("1.004873", "online", HONG)),
    (T(2, 14), "E", "receive", ("1.004873", "postal", HONG)),
    (T(2, 15), "Q", "result_ready", None),
    (T(2, 16), "Q", "returned", "satisfied"),
    (T(3, 9), "C", "receive", ("1.004873", "counter", BINH)),
    (T(3, 9, 0), "D", "supplement", None),
    (T(3, 9), "E", "supplement", None),
    (T(4, 9), "D", "supplement_in", None),
    (T(4, 10), "A", "result_ready", None),
    (T(5, 9), "D", "supplement", None),
    (T(5, 9, 30), "B", "result_ready", None),
    (T(5, 14), "A", "returned", "very_satisfied"),
    (T(6, 8), "B", "returned", "satisfied"),
    (T(6, 9), "D", "supplement_in", None),
    (T(9, 8), "C", "result_ready", None),
    (T(9, 10), "C", "returned", "unsatisfied"),
    (T(9, 10, 30), "D", "result_ready", None),
    (T(9, 15), "D", "returned", None),
    (T(10, 9, 30), "F", "receive", ("2.000815", "counter", HONG)),
    (T(10, 11), "F", "result_ready", None),
    (T(10, 11, 5), "F", "returned", None),
    (T(10, 16), "G", "receive", ("2.000815", "home", BINH)),
    (T(10, 16, 30), "G", "result_ready", None),
    (T(11, 8), "G", "returned", "very_satisfied"),
    (T(11, 9), "H", "receive", ("1.001193", "online", HONG)),
    (T(11, 10), "H", "refused", None),
    (T(12, 9), "I", "receive", ("1.004873", "counter", HONG)),
    (T(12, 10), "J", "receive", ("1.001776", "counter", BINH)),
    (T(13, 9), "I", "withdrawn", None),
    (T(16, 9), "E", "supplement_in", None),
    (T(16, 9), "L", "receive", ("1.004873", "counter", HONG)),
    (T(16, 10), "N", "receive", ("1.004873", "online", HONG)),
    (T(16, 10, 30), "J", "stopped", None),
    (T(17, 9), "N", "supplement", None),
    (T(18, 11), "E", "result_ready", None),
    (T(19, 8), "L", "reschedule", T(23, 17)),
    (T(19, 9), "E", "returned", "satisfied"),
    (T(19, 16), "T", "receive", ("1.001193", "counter", BINH)),
    (T(20, 17, 30), "T", "result_ready", None),
    (T(25, 9), "K", "receive", ("1.001776", "online", HONG)),
    (T(25, 14), "P", "receive", ("1.004873", "postal", BINH)),
    (T(25, 14, 30), "P", "processing", None),
    (T(27, 9), "O", "receive", ("2.000815", "counter", BINH)),
]


@dataclass
class Scenario:
    desk: Desk
    clock: FakeClock
    paths: AppPaths
    codes: dict[str, str] = field(default_factory=dict)


def _run(desk: Desk, clock: FakeClock, codes: dict[str, str]) -> None:
    for n, (moment, letter, action, arg) in enumerate(STEPS, 1):
        clock.now = moment
        code = codes.get(letter, "")
        if action == "receive":
            proc, channel, officer = arg
            d = intake.receive(desk, IntakeRequest(procedure=proc, channel=channel,
                                                   applicant=PersonIn(name=f"Người nộp {letter}",
                                                                      phone=f"0912{n:06d}")), officer)
            codes[letter] = d.code
        elif action == "supplement":
            workflow.request_supplement(desk, code, "Thiếu bản sao giấy tờ tùy thân", ["Bản sao CCCD"], HONG)
        elif action == "supplement_in":
            workflow.receive_supplement(desk, code, HONG)
        elif action == "reschedule":
            workflow.reschedule(desk, code, arg, "Cần xác minh thêm tại nơi cư trú", LEADER,
                                approved_by=LEADER.full_name)
        elif action == "returned":
            workflow.transition(desk, code, "returned", HONG, collected_by=f"Người nộp {letter}")
            if arg:
                workflow.record_rating(desk, code, arg, HONG, comment="Ý kiến của người dân")
        else:
            # Processing officers record results, a leader stops (Mẫu 05 needs a signer: the unit has no head in
            # its settings); the counter forwards, refuses, takes withdrawals.
            who = {"result_ready": OFFICER, "stopped": LEADER}.get(action, HONG)
            workflow.transition(desk, code, action, who, note="Lý do ghi trong phiếu", to_party="Lê Văn Tuấn")
    clock.now = REPORT_AT


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def scenario(request, tmp_path_factory) -> Scenario:
    """The month built once per engine: on "postgresql" in a centre database of the suite's server."""
    paths = AppPaths(tmp_path_factory.mktemp("reports")).ensure()
    if request.param == "postgresql":
        server = request.getfixturevalue("pg_server")
        write_config(paths.data_dir, CentreConfig(server.url(server.create_database()), str(uuid.uuid4())))
    clock = FakeClock(dt.datetime(2026, 10, 1, 8, 0))
    desk = Desk.open(paths, clock=clock)
    initialise(desk, agency_code=AGENCY, agency_name="Trung tâm Phục vụ hành chính công xã Tân Lập",
               parent_name="ỦY BAN NHÂN DÂN XÃ TÂN LẬP", place="Tân Lập", device_slot=0, actor=HONG)
    sc = Scenario(desk, clock, paths)
    _run(desk, clock, sc.codes)
    yield sc
    desk.close()
