"""Shared fixtures: every test gets a fresh real SQLite database in tmp_path; Qt runs offscreen."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import uuid

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


def pytest_configure(config) -> None:  # type: ignore[no-untyped-def]
    config.addinivalue_line("markers", "both_engines: run the test on SQLite and on a real PostgreSQL server")
    config.addinivalue_line("markers", "sqlite_only: in a both_engines module, a test about SQLite only")


def pytest_generate_tests(metafunc) -> None:  # type: ignore[no-untyped-def]
    marked = metafunc.definition.get_closest_marker
    if "engine" in metafunc.fixturenames and marked("both_engines") and not marked("sqlite_only"):
        metafunc.parametrize("engine", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def engine(request) -> str:
    """The store engine of this test: "sqlite" unless the test is marked both_engines."""
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def pg_server():
    """One real PostgreSQL server for the whole session, started on first use (tests/pg.py)."""
    from tests.pg import PgServer

    server = PgServer.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def _pg_templates(pg_server):
    """Migrated and initialised centre databases, one per (slot, template), copied per test with
    CREATE DATABASE … TEMPLATE (a few milliseconds)."""
    from app.models.centre import CentreConfig, write_config

    built: dict[tuple[int, str], tuple[str, str]] = {}

    def get(slot: int, template: str) -> tuple[str, str]:
        key = (slot, template)
        if key not in built:
            name, device = pg_server.create_database(), str(uuid.uuid4())
            # Inside the server's folder, which PgServer.stop removes with everything in it.
            paths = AppPaths(pg_server.base / f"tpl-{name}").ensure()
            write_config(paths.data_dir, CentreConfig(pg_server.url(name), device))
            desk = Desk.open(paths, clock=FakeClock(dt.datetime(2026, 11, 1, 8, 0)))
            initialise(desk, agency_code=AGENCY, agency_name="Trung tâm Phục vụ hành chính công xã Tân Lập",
                       parent_name="ỦY BAN NHÂN DÂN XÃ TÂN LẬP", place="Tân Lập", device_slot=slot,
                       code_template=template, lookup_url="https://dichvucong.example.gov.vn/tra-cuu",
                       actor=ADMIN)
            desk.close()
            built[key] = (name, device)
        return built[key]

    return get


@pytest.fixture
def pg_database(request, pg_server, _pg_templates):
    """make(slot, template) -> (url, device uuid) of a fresh initialised centre database for this test."""
    made: list[str] = []

    def make(slot: int = 0, template: str = "{agency}-{yymmdd}-{seq:4}") -> tuple[str, str]:
        name, device = _pg_templates(slot, template)
        made.append(pg_server.create_database(name))
        return pg_server.url(made[-1]), device

    yield make
    for name in made:
        pg_server.drop_database(name)


@pytest.fixture
def make_desk(request, tmp_path, clock, _template_dbs, engine):
    """Open a desk in its own folder (initialised unless init=False); several desks per test are allowed.
    On engine "postgresql" each desk is a counter of its own fresh centre database."""
    opened: list[Desk] = []

    def _make(name: str = "data", *, slot: int = 0, template: str = "{agency}-{yymmdd}-{seq:4}",
              init: bool = True, store: str | None = None) -> Desk:
        """`store` overrides the test's engine for this desk (a laptop stays on "sqlite")."""
        paths = AppPaths(tmp_path / name).ensure()
        if (store or engine) == "postgresql" and init:
            from app.models.centre import CentreConfig, write_config

            url, device = request.getfixturevalue("pg_database")(slot, template)
            write_config(paths.data_dir, CentreConfig(url, device))
        elif init:
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
