"""Shared fixtures: every test gets a fresh real SQLite database in tmp_path; Qt runs offscreen."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from app.paths import AppPaths
from app.services.desk import Desk
from app.services.dto import Actor
from app.services.setup import initialise
from tests.users import ADMIN, CLERK

AGENCY = "000.17.22.H56"


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


@pytest.fixture(scope="session")
def _template_dbs(tmp_path_factory):
    """Initialised databases built once per (slot, template) and copied per test: migrating and
    seeding the catalogue for every test would dominate the suite's time."""
    built: dict[tuple[int, str], AppPaths] = {}

    def get(slot: int, template: str) -> AppPaths:
        key = (slot, template)
        if key not in built:
            paths = AppPaths(tmp_path_factory.mktemp(f"template-{slot}")).ensure()
            desk = Desk.open(paths, clock=FakeClock(dt.datetime(2026, 11, 1, 8, 0)))
            initialise(desk, agency_code=AGENCY, agency_name="Trung tâm Phục vụ hành chính công xã Tân Lập",
                       parent_name="ỦY BAN NHÂN DÂN XÃ TÂN LẬP", place="Tân Lập", device_slot=slot,
                       code_template=template, lookup_url="https://dichvucong.example.gov.vn/tra-cuu",
                       actor=ADMIN)
            desk.close()
            built[key] = paths
        return built[key]

    return get


@pytest.fixture
def make_desk(tmp_path, clock, _template_dbs):
    """Open a desk in its own folder (initialised unless init=False); several desks per test are allowed."""
    opened: list[Desk] = []

    def _make(name: str = "data", *, slot: int = 0, template: str = "{agency}-{yymmdd}-{seq:4}",
              init: bool = True) -> Desk:
        paths = AppPaths(tmp_path / name).ensure()
        if init:
            src = _template_dbs(slot, template).database
            with sqlite3.connect(src) as conn_src, sqlite3.connect(paths.database) as conn_dst:
                conn_src.backup(conn_dst)
        desk = Desk.open(paths, clock=clock)
        opened.append(desk)
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


@pytest.fixture
def admin() -> Actor:
    return ADMIN
