"""A reschedule (gia hạn, hẹn lại: Mẫu 04) made from a screen opened before someone else changed the dossier
is refused like every other move: the second person is told who did what and the dossier's state now
(with the promised date another leader just set), and nothing of theirs is written — no event, audit entry,
outbox row or extension. Two counters on one store: two desks on one SQLite file, two counters of one
PostgreSQL centre."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.errors import ConcurrentChange
from app.models import AuditEntry, Dossier, Event, OutboxRow, Reschedule
from app.operations import moves
from app.operations.base import OpContext
from app.services.desk import Desk
from app.services.dto import IntakeRequest, PersonIn
from app.services.intake import receive
from tests.users import CLERK, LEADER

pytestmark = pytest.mark.both_engines


@pytest.fixture
def two_counters(desk, clock):
    """The leader's counter (the fixture's desk) and a second counter on the same store."""
    clock.now = dt.datetime(2026, 11, 20, 9, 0)
    other = Desk.open(desk.paths, clock=clock)
    yield OpContext(desk, LEADER), OpContext(other, CLERK), OpContext(other, LEADER)
    other.close()


def _written(desk: Desk, code: str) -> tuple[int, ...]:
    with desk.db.read() as s:
        d = s.scalar(select(Dossier).where(Dossier.code == code))
        assert d is not None
        return (d.version, d.status, d.extended_due_at,
                *(s.scalar(select(func.count()).select_from(t)) for t in (Event, AuditEntry, OutboxRow, Reschedule)))


def _reschedule(code: str, version: int, day: int) -> moves.MoveRequest:
    return moves.MoveRequest("reschedule", new_due_at=dt.datetime(2026, 12, day, 9, 0), note="Chờ xác minh của xã khác",
                             approved_by="Phạm Thị Lãnh", version=version)


@pytest.mark.parametrize("meanwhile", ["reschedule", "forward"])
def test_a_reschedule_from_a_stale_screen_is_refused_with_the_new_state_and_writes_nothing(desk, two_counters,
                                                                                          meanwhile):
    mine, clerk, other_leader = two_counters
    d = receive(desk, IntakeRequest(procedure="HT-XNHN", applicant=PersonIn(name="Hồ Văn Nam")), CLERK)
    seen = d.version  # both screens show the dossier as received
    if meanwhile == "reschedule":  # another leader extends it first
        moves.make_move(other_leader, d.code, _reschedule(d.code, seen, 1))
        now = "nay đang ở trạng thái «Đã tiếp nhận», hẹn trả mới 09 giờ 00 phút, thứ Ba 01/12/2026"
    else:  # a clerk sends it to the officer
        moves.make_move(clerk, d.code, moves.MoveRequest("forward", to_party="Công chức Tư pháp - Hộ tịch",
                                                         version=seen))
        now = "nay đang ở trạng thái «Đang xử lý»"
    before = _written(desk, d.code)
    with pytest.raises(ConcurrentChange) as refused:
        moves.make_move(mine, d.code, _reschedule(d.code, seen, 2))
    who = LEADER.full_name if meanwhile == "reschedule" else CLERK.full_name
    assert refused.value.message.startswith(f"Hồ sơ {d.code} vừa được {who} xử lý lúc 09:00 20/11/2026, {now}.")
    assert "Thao tác của bạn chưa được ghi" in refused.value.message
    assert _written(desk, d.code) == before
    # From the state shown now, the same leader's extension goes through.
    moved = moves.make_move(mine, d.code, _reschedule(d.code, before[0], 2)).detail
    assert moved.extended_due_at == dt.datetime(2026, 12, 2, 9, 0) and moved.version == before[0] + 1
