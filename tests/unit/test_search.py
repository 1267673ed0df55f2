"""Search: folded names/addresses, codes, ID numbers, phones, filters, keyset paging, overdue."""

from __future__ import annotations

import datetime as dt

import pytest

from app.services import search as S
from app.services.dto import IntakeRequest, PersonIn
from app.services.intake import receive
from app.services.status import Status

pytestmark = pytest.mark.both_engines

PEOPLE = [
    ("Đặng Thị Ngọc Ánh", "001190012345", "0912345678", "Thôn Đồng Tâm, xã Tân Lập"),
    ("Nguyễn Văn Đức", "038085000111", "0987000111", "Số 5, đường Lê Lợi, xã Tân Lập"),
    ("Nguyễn Văn Đông", "038085000222", "0987000222", "Xóm Chợ, xã Hòa Bình"),
    ("Trần Thị Hoa", "040190000333", "0987000333", "Số 9, đường Nguyễn Văn Cừ"),
]


@pytest.fixture
def filled(desk, clerk, clock):
    codes = []
    for i, (name, idn, phone, addr) in enumerate(PEOPLE):
        clock.now = dt.datetime(2026, 11, 16 + i, 9, 0)
        codes.append(receive(desk, IntakeRequest(procedure="HT-XNHN", applicant=PersonIn(
            name=name, id_number=idn, phone=phone, address=addr)), clerk).code)
    return codes


def _names(desk, q, **kw):
    with desk.db.read() as s:
        return [r.applicant_name for r in S.search(s, q, S.SearchFilter(**kw), now=desk.now()).rows]


@pytest.mark.parametrize(("query", "expected"), [
    ("dang thi ngoc anh", ["Đặng Thị Ngọc Ánh"]),
    ("Đặng Thị Ngọc Ánh", ["Đặng Thị Ngọc Ánh"]),
    ("DANG THI NGOC", ["Đặng Thị Ngọc Ánh"]),
    ("ngoc anh", ["Đặng Thị Ngọc Ánh"]),
    ("nguyen van d", ["Nguyễn Văn Đông", "Nguyễn Văn Đức"]),
    ("nguyen van duc", ["Nguyễn Văn Đức"]),
    ("xa hoa binh", ["Nguyễn Văn Đông"]),
    ("dong tam", ["Đặng Thị Ngọc Ánh"]),
])
def test_folded_text_search(desk, filled, query, expected):
    assert _names(desk, query) == expected  # newest first


def test_text_field_restricts_to_name_or_address(desk, filled):
    assert _names(desk, "nguyen van", text_field="name") == ["Nguyễn Văn Đông", "Nguyễn Văn Đức"]
    assert _names(desk, "nguyen van", text_field="address") == ["Trần Thị Hoa"]


def test_code_id_and_phone_lookups(desk, filled):
    with desk.db.read() as s:
        assert S.search(s, filled[1]).rows[0].applicant_name == "Nguyễn Văn Đức"
        assert S.search(s, filled[1].lower()).rows[0].code == filled[1]
        assert S.search(s, "000.17.22.H56-2611").mode == "code"
        assert len(S.search(s, "000.17.22.H56-2611").rows) == 4
        assert S.search(s, "038 085 000 222").rows[0].applicant_name == "Nguyễn Văn Đông"
        assert S.search(s, "+84 987 000 333").rows[0].applicant_name == "Trần Thị Hoa"
        assert S.search(s, "09870003").mode == "digits"
        assert [r.applicant_name for r in S.search(s, "09870003").rows] == ["Trần Thị Hoa"]


@pytest.mark.parametrize("hostile", ['"', "nguyen*", "NEAR(a b)", "a OR b", "(", "' OR 1=1 --", "dang AND",
                                     "^", "{search_name}:x", "\x00", "🙂", "-", ""])
def test_hostile_queries_never_break(desk, filled, hostile):
    with desk.db.read() as s:
        page = S.search(s, hostile)
    assert isinstance(page.rows, list)


def test_keyset_paging_walks_everything_once(desk, clerk, clock):
    for i in range(23):
        clock.now = dt.datetime(2026, 11, 19, 8, 0) + dt.timedelta(minutes=7 * i)
        receive(desk, IntakeRequest(procedure="1.001193", applicant=PersonIn(name=f"Lê Văn Số {chr(65 + i)}")),
                clerk)
    for query in ("", "le van so"):
        seen, cursor = [], None
        with desk.db.read() as s:
            while True:
                page = S.search(s, query, limit=5, cursor=cursor)
                seen += [r.code for r in page.rows]
                if page.next_cursor is None:
                    break
                cursor = page.next_cursor
        assert len(seen) == len(set(seen)) == 23, query


def test_filters_overdue_and_due_soon(desk, filled, clerk, admin, clock):
    from app.services import workflow

    clock.now = dt.datetime(2026, 11, 20, 10, 0)
    # HT-XNHN has 3 working days: received 16/11 09:00 → 19/11 09:00 (overdue now); 17/11 → 20/11 09:00
    # (overdue); 18/11 → 23/11 09:00; 19/11 → 25/11 09:00 (24/11 holiday).
    assert _names(desk, "", overdue=True) == ["Nguyễn Văn Đức", "Đặng Thị Ngọc Ánh"]
    workflow.transition(desk, filled[0], "result_ready", admin)
    assert _names(desk, "", overdue=True) == ["Nguyễn Văn Đức"]
    assert _names(desk, "", due_within_days=3) == ["Nguyễn Văn Đông"]
    assert _names(desk, "", statuses=[int(Status.RESULT_READY)]) == ["Đặng Thị Ngọc Ánh"]
    assert _names(desk, "nguyen", received_from=dt.date(2026, 11, 18)) == ["Trần Thị Hoa", "Nguyễn Văn Đông"]
    assert _names(desk, "nguyen", text_field="name", received_to=dt.date(2026, 11, 17)) == ["Nguyễn Văn Đức"]
    with desk.db.read() as s:
        assert S.overdue_count(s, clock.now) == 1
