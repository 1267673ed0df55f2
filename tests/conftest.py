"""Shared fixtures: every test gets a fresh real SQLite database in tmp_path; Qt runs offscreen."""

from __future__ import annotations

import datetime as dt
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from app.paths import AppPaths  # noqa: E402
from app.services.desk import Desk  # noqa: E402
from app.services.dto import Actor  # noqa: E402
from app.services.setup import initialise  # noqa: E402

AGENCY = "000.17.22.H56"
CLERK = Actor(username="clerk1", full_name="Nguyễn Thị Hồng", role="clerk", title="Công chức tiếp nhận")


class FakeClock:
    """A settable clock: tests decide what "now" is."""

    def __init__(self, now: dt.datetime):
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += dt.timedelta(**kw)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(dt.datetime(2026, 11, 20, 9, 0))


@pytest.fixture
def paths(tmp_path) -> AppPaths:
    return AppPaths(tmp_path / "data").ensure()


@pytest.fixture
def make_desk(tmp_path, clock):
    """Open (and initialise) a desk in its own folder; several desks per test are allowed."""
    opened: list[Desk] = []

    def _make(name: str = "data", *, slot: int = 0, template: str = "{agency}-{yymmdd}-{seq:4}",
              init: bool = True) -> Desk:
        desk = Desk.open(AppPaths(tmp_path / name).ensure(), clock=clock)
        opened.append(desk)
        if init:
            initialise(desk, agency_code=AGENCY, agency_name="Trung tâm Phục vụ hành chính công xã Tân Lập",
                       parent_name="ỦY BAN NHÂN DÂN XÃ TÂN LẬP", place="Tân Lập", device_slot=slot,
                       code_template=template, lookup_url="https://dichvucong.example.gov.vn/tra-cuu",
                       actor=CLERK)
        return desk

    yield _make
    for d in opened:
        d.close()


@pytest.fixture
def desk(make_desk) -> Desk:
    return make_desk()


@pytest.fixture
def clerk() -> Actor:
    return CLERK
