"""Actors and helpers of the rules tests (Decision 766 figures, extension/stop, calendar, identity)."""

from __future__ import annotations

import datetime as dt

import pytest

from app.operations import OpContext
from app.services.dto import Actor, IntakeRequest, PersonIn
from app.services.intake import receive
from tests.conftest import FakeClock

CLERK = Actor(username="hong", full_name="Nguyễn Thị Hồng", role="clerk", title="Công chức tiếp nhận")
OFFICER = Actor(username="tuan", full_name="Lê Văn Tuấn", role="officer", title="Công chức Tư pháp - Hộ tịch")
LEADER = Actor(username="lanh", full_name="Phạm Thị Lành", role="leader", title="Phó Chủ tịch UBND xã")
ADMIN = Actor(username="admin", full_name="Trần Quốc Toản", role="admin", title="Quản trị hệ thống")


def at(clock: FakeClock, moment: dt.datetime) -> dt.datetime:
    clock.now = moment
    return moment


def intake(desk, clock: FakeClock, moment: dt.datetime, procedure: str, name: str = "Lý Thị Mai") -> str:  # type: ignore[no-untyped-def]
    at(clock, moment)
    return receive(desk, IntakeRequest(procedure=procedure, applicant=PersonIn(name=name)), CLERK).code


@pytest.fixture
def ops_ctx(desk):  # type: ignore[no-untyped-def]
    return OpContext(desk, ADMIN)
