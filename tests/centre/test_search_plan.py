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
