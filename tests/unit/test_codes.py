"""Dossier codes: template, per-device blocks, uniqueness across offline devices (property test)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.errors import CodeBlockExhausted
from app.services.codes import CodeTemplate, next_numbers
from app.services.dto import IntakeRequest, PersonIn
from app.services.intake import receive

pytestmark = pytest.mark.both_engines


def test_default_template_formats_the_circular_example():
    t = CodeTemplate("{agency}-{yymmdd}-{seq:4}")
    assert t.format("000.17.22.H56", dt.date(2021, 5, 31), 1) == "000.17.22.H56-210531-0001"
    assert t.pattern("000.17.22.H56").match("000.17.22.H56-210531-0001")
    assert list(t.slot_range(0))[:2] == [1, 2] and t.slot_range(0)[-1] == 999
    assert t.slot_range(3)[0] == 3001 and t.slot_range(3)[-1] == 3999


def test_national_sample_template_with_seven_digits():
    t = CodeTemplate("{agency}-{yyyymmdd}-{seq:7}")
    assert t.format("H21.65", dt.date(2026, 11, 20), t.slot_range(2)[0]) == "H21.65-20261120-2000001"


@pytest.mark.parametrize("bad", ["{agency}-{seq:4}", "{agency}-{yymmdd}", "{agency}-{yymmdd}-{seq:4}-{seq:4}",
                                 "{agency}-{yymmdd}-{seq:2}", "{agency}-{ddmmyy}-{seq:4}"])
def test_bad_templates_are_refused_in_vietnamese(bad):
    with pytest.raises(ValueError, match="Mẫu mã hồ sơ|Số chữ số"):
        CodeTemplate(bad)


def test_block_exhaustion_is_a_clear_error(desk):
    t = CodeTemplate("{agency}-{yymmdd}-{seq:3}")  # blocks of 99 numbers
    day = dt.date(2026, 11, 20)
    with desk.db.write() as s:
        codes = [next_numbers(s, t, "H21.65", 1, day).code for _ in range(99)]
    assert codes[0].endswith("-101") and codes[-1].endswith("-199")
    with pytest.raises(CodeBlockExhausted, match="hết 99 số thứ tự"), desk.db.write() as s:
        next_numbers(s, t, "H21.65", 1, day)


@pytest.mark.sqlite_only  # slot blocks are for devices working offline, which stay on SQLite
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=st.lists(st.tuples(st.integers(0, 9), st.integers(0, 2)), min_size=1, max_size=60))
def test_codes_never_collide_across_device_slots(make_desk, plan):
    """Ten offline devices of one commune each take codes on a few days: all codes are distinct,
    each falls inside its own slot's block, and each matches the template."""
    t = CodeTemplate("{agency}-{yymmdd}-{seq:4}")
    desk = make_desk(f"codes-{abs(hash(tuple(plan)))}", init=True)
    seen: dict[str, int] = {}
    with desk.db.write() as s:
        for slot, day_offset in plan:
            code = next_numbers(s, t, "000.17.22.H56", slot,
                                dt.date(2026, 11, 18) + dt.timedelta(days=day_offset)).code
            assert code not in seen
            seen[code] = slot
            seq = int(code.rsplit("-", 1)[1])
            assert seq in t.slot_range(slot)
            assert t.pattern("000.17.22.H56").match(code)


def test_two_real_devices_receiving_offline_get_distinct_codes(make_desk, clerk):
    a, b = make_desk("device-a", slot=0), make_desk("device-b", slot=1)
    req = IntakeRequest(procedure="1.001193", applicant=PersonIn(name="Lê Văn Tám"))
    codes_a = {receive(a, req, clerk).code for _ in range(5)}
    codes_b = {receive(b, req, clerk).code for _ in range(5)}
    assert not codes_a & codes_b
    assert all(c.endswith(("-0001", "-0002", "-0003", "-0004", "-0005")) for c in codes_a)
    assert all(c.rsplit("-", 1)[1].startswith("1") for c in codes_b)
