"""How a search by name on the centre's server is carried out (app.services.search_pg): the statements it
sends. The answers themselves are checked against SQLite in test_centre_mode.py."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event, text

from app.services import search as S
from app.services.desk import Desk
from app.services.dto import IntakeRequest, PersonIn
from app.services.intake import receive
from app.services.status import Status
from tests.conftest import CLERK

NAMES = ["Lê Thị Lan", "Lê Thị Lành", "Nguyễn Văn Đức", "Trần Thị Hoa", "Lê Văn Thị Hà"] * 3


@pytest.fixture
def server(centre, clock, monkeypatch):
    from app.services import search_pg

    desk = Desk.open(centre.counters(1)[0], clock=clock)
    for i, name in enumerate(NAMES):
        clock.now = dt.datetime(2026, 11, 2, 8, 0) + dt.timedelta(hours=i)
        receive(desk, IntakeRequest(procedure="HT-XNHN", applicant=PersonIn(name=name)), CLERK)
    with desk.db.write() as s:
        s.execute(text("ANALYZE dossiers"))
    monkeypatch.setattr(search_pg, "STATS_SECONDS", 0.0)
    monkeypatch.setattr(search_pg, "PROBE", 2)  # every phrase of this small table looks rare enough to count
    yield desk
    desk.close()


def _search(desk: Desk, query: str) -> tuple[list[str], list[str]]:
    """The names found by name (a page of 5), and the statements sent to the server for the page."""
    sent: list[str] = []

    def _sent(_conn, _cursor, statement: str, *_rest: object) -> None:  # type: ignore[no-untyped-def]
        sent.append(statement)

    event.listen(desk.db.engine, "before_cursor_execute", _sent)
    try:
        with desk.db.read() as s:
            page = S.search(s, query, S.SearchFilter(text_field="name"), limit=5, now=dt.datetime(2026, 11, 30))
    finally:
        event.remove(desk.db.engine, "before_cursor_execute", _sent)
    return [r.applicant_name for r in page.rows], [x for x in sent if "pg_stats" not in x]


def test_the_suffixes_are_counted_only_when_the_count_can_change_the_plan(server, monkeypatch):
    from app.services import search_pg

    # The name suffixes cost little even at PROBE entries: they find the page whatever the count, in one
    # statement.
    found, sent = _search(server, "le thi la")
    assert sorted(set(found)) == ["Lê Thị Lan", "Lê Thị Lành"] and len(found) == 5
    assert len(sent) == 1 and "name_suffixes" in sent[0] and "count(" not in sent[0]
    # Dear at PROBE entries: then the count decides between the suffixes and a walk.
    monkeypatch.setattr(search_pg, "SUFFIX_COST", 1_000.0)
    found, sent = _search(server, "le van thi h")
    assert found == ["Lê Văn Thị Hà"] * 3
    assert len(sent) == 2 and "count(" in sent[0] and "count(" not in sent[1], sent


PEOPLE = [("Lê Thị Lan", "Thôn Đồng Tâm, xã Tân Lập", "HT-XNHN", "counter"),
          ("Nguyễn Văn Đức", "Số 5, đường Lê Lợi", "CT-BSBC", "online"),
          ("Lê Thị Lành", "Xóm Chợ, xã Hòa Bình", "HT-XNHN", "postal"),
          ("Nguyễn Văn Đông", "Thôn Thị Văn, xã Lê Lợi", "CT-BSBC", "counter")] * 4
NOW = dt.datetime(2026, 11, 30, 9, 0)
FILTERS = [S.SearchFilter(statuses=[int(Status.RECEIVED)]), S.SearchFilter(statuses=[int(Status.RETURNED)]),
           S.SearchFilter(procedure_code="CT-BSBC"), S.SearchFilter(procedure_code="x'y%"),
           S.SearchFilter(channel="counter"), S.SearchFilter(received_from=dt.date(2026, 11, 3)),
           S.SearchFilter(received_to=dt.date(2026, 11, 3)), S.SearchFilter(overdue=True),
           S.SearchFilter(due_within_days=30.5)]


@pytest.mark.parametrize("costs", [{}, {"HEAP_COST": 10**9}, {"HEAP_COST": 0, "ENTRY_COST": 0, "SUFFIX_COST": 0},
                                   {"HEAP_COST": 0, "ENTRY_COST": 0, "SUFFIX_COST": 0, "FIRST_WALK": 0}])
def test_every_filter_goes_with_the_words_as_on_sqlite(make_desk, centre, clock, monkeypatch, costs):
    """The filters are rendered by SQLAlchemy into the server's search statements, with their values as
    parameters (a value with a quote or a percent sign stays a value): the pages are SQLite's, whichever
    way the server finds them (the default, a walk, the index, a short walk then the index)."""
    from app.services import search_pg

    lite = make_desk("lite")
    server = Desk.open(centre.counters(1)[0], clock=clock)
    for i, (name, address, procedure, channel) in enumerate(PEOPLE):
        clock.now = dt.datetime(2026, 11, 2, 8, 0) + dt.timedelta(hours=7 * i)
        for desk in (lite, server):
            receive(desk, IntakeRequest(procedure=procedure, channel=channel,
                                        applicant=PersonIn(name=name, address=address)), CLERK)
    with server.db.write() as s:
        s.execute(text("ANALYZE dossiers"))
    monkeypatch.setattr(search_pg, "STATS_SECONDS", 0.0)
    for name, value in costs.items():
        monkeypatch.setattr(search_pg, name, value)

    def pages(desk: Desk, query: str, f: S.SearchFilter) -> list[list[str]]:
        out, cursor = [], None
        with desk.db.read() as s:
            while True:
                page = S.search(s, query, f, limit=3, cursor=cursor, now=NOW)
                out.append([r.code for r in page.rows])
                if (cursor := page.next_cursor) is None:
                    return out

    try:
        seen = 0
        for query in ("le thi la", "nguyen van d", "thon", "le loi"):
            for field in ("name", "address", "any"):
                for f in FILTERS:
                    f.text_field = field
                    want = pages(lite, query, f)
                    assert pages(server, query, f) == want, (query, field, f)
                    seen += len(want[0]) > 0
        assert seen > 30  # most of these searches find something
    finally:
        server.close()


def test_only_folded_words_go_into_the_statements(server):
    from app.services import search_pg

    with server.db.read() as s:
        for key in ("le' or 'a", "Le thi", "le  thi", "le thi ", "", "lê"):
            with pytest.raises(ValueError, match="not folded text"):
                search_pg.search_page(s, None, key, "name", None, 5)
