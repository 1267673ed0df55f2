"""The calendar the desk can correct: importing the 2027 Tết days moves the due dates of new dossiers,
`recompute --apply` moves the open ones with an audit entry and a note, past days that decided a
finished dossier are refused, a receipt at 15:00:00 sharp is due the same day; and the command line.

Tết 2027 (hypothetical plan, as the Prime Minister's decision was not issued): off Wed 03/02, Thu 11/02
and Fri 12/02 besides the statutory Thu 04/02 – Wed 10/02, and Saturday 30/01 worked in exchange.
A 3-working-day dossier received Mon 01/02/2027 09:00 is due Thu 11/02 09:00 under the statutory days
(Mon → Tue → Wed → [Thu 04 … Wed 10 off] → Thu 11); with the plan: Mon → Tue 09:00 → (Tue 09:00–17:00 is
360 min, the other 90 on Mon 15/02 07:30–09:00) → Mon 15/02 09:00 → Tue 16/02 09:00.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from app.cli import main
from app.errors import PermissionDenied, ValidationError
from app.models import AuditEntry, OutboxRow
from app.operations import OpContext
from app.operations import calendar as cal_ops
from app.services import workflow
from app.services.calendar import WorkCalendar
from app.services.queries import detail_by_code
from tests.cli_support import run
from tests.rules.conftest import ADMIN, CLERK, OFFICER, at, intake

PLAN_2027 = [
    {"day": "2027-01-30", "kind": "work", "note": "Làm bù cho ngày 03/02/2027"},
    {"day": "2027-02-03", "kind": "off", "note": "Nghỉ Tết Nguyên đán (hoán đổi)"},
    {"day": "2027-02-11", "kind": "off", "note": "Nghỉ Tết Nguyên đán"},
    {"day": "2027-02-12", "kind": "off", "note": "Nghỉ Tết Nguyên đán"},
]


@pytest.fixture
def plan(tmp_path):  # type: ignore[no-untyped-def]
    f = tmp_path / "tet-2027.json"
    f.write_text(json.dumps(PLAN_2027, ensure_ascii=False), encoding="utf-8")
    return f


def test_import_moves_new_dossiers_and_recompute_moves_open_ones(desk, clock, plan):
    ctx = OpContext(desk, ADMIN)
    x = intake(desk, clock, dt.datetime(2027, 2, 1, 9, 0), "1.004873", "Xa Văn Xuân")
    with desk.db.read() as s:
        assert detail_by_code(s, x).due_at == dt.datetime(2027, 2, 11, 9, 0)
    at(clock, dt.datetime(2027, 2, 1, 9, 30))
    imported = cal_ops.import_calendar(ctx, plan)
    assert [d.day.isoformat() for d in imported.days] == [p["day"] for p in PLAN_2027]
    assert [(c.code, c.new_due_at) for c in imported.pending] == [(x, dt.datetime(2027, 2, 16, 9, 0))]
    # A new dossier already uses the imported days.
    y = intake(desk, clock, dt.datetime(2027, 2, 1, 10, 0), "1.004873", "Yên Thị Yến")
    with desk.db.read() as s:
        assert detail_by_code(s, y).due_at == dt.datetime(2027, 2, 16, 10, 0)
        assert detail_by_code(s, x).due_at == dt.datetime(2027, 2, 11, 9, 0)  # not moved until applied
    listed = cal_ops.recompute_due_dates(ctx)
    assert not listed.applied and [m.code for m in listed.moved] == [x]
    applied = cal_ops.recompute_due_dates(ctx, apply=True)
    assert applied.applied and [m.code for m in applied.moved] == [x]
    with desk.db.read() as s:
        d = detail_by_code(s, x)
        audit = s.execute(select(AuditEntry).where(AuditEntry.action == "calendar.recompute")).scalar_one()
        outbox = s.execute(select(OutboxRow).where(OutboxRow.dossier_id == d.id).order_by(OutboxRow.id.desc())).scalar()
        imports = s.execute(select(AuditEntry).where(AuditEntry.action == "calendar.import")).scalars().all()
    assert d.due_at == dt.datetime(2027, 2, 16, 9, 0)
    assert d.events[-1].kind == "note" and "in lại giấy tiếp nhận" in d.events[-1].note
    assert x in audit.summary and len(imports) == 1
    assert outbox.kind == "note"  # the province gets the new legal date
    assert cal_ops.recompute_due_dates(ctx).moved == []  # nothing left to move


def test_days_that_decided_a_finished_dossier_are_refused(desk, clock):
    ctx = OpContext(desk, ADMIN)
    z = intake(desk, clock, dt.datetime(2027, 1, 29, 9, 0), "1.004873", "Từ Văn Tài")  # due Wed 03/02 09:00
    at(clock, dt.datetime(2027, 2, 1, 8, 0))
    workflow.transition(desk, z, "result_ready", OFFICER)
    at(clock, dt.datetime(2027, 2, 1, 9, 0))
    with pytest.raises(ValidationError, match=z):
        cal_ops.set_calendar_day(ctx, dt.date(2027, 1, 29), "off", "Nghỉ bù")
    # From today on, and past days no finished dossier used, can still be corrected.
    cal_ops.set_calendar_day(ctx, dt.date(2027, 2, 2), "off", "Nghỉ theo quyết định của tỉnh")
    cal_ops.set_calendar_day(ctx, dt.date(2027, 1, 18), "off", "Ghi bổ sung")
    cal_ops.unset_calendar_day(ctx, dt.date(2027, 1, 18))
    with pytest.raises(PermissionDenied):
        cal_ops.set_calendar_day(OpContext(desk, CLERK), dt.date(2027, 2, 15), "off", "Không có quyền")
    with pytest.raises(ValidationError, match="lý do"):
        cal_ops.set_calendar_day(ctx, dt.date(2027, 2, 15), "off", "  ")
    year = cal_ops.list_calendar(ctx, 2027)
    by_day = {d.day: d for d in year.days}
    assert by_day[dt.date(2027, 2, 2)].source == "override"
    assert by_day[dt.date(2027, 2, 8)].source == "holiday"  # mùng 3 Tết, statutory
    assert dt.date(2027, 1, 18) not in by_day


def test_receipt_at_15_sharp_is_due_the_same_day(desk, clock):
    sharp = intake(desk, clock, dt.datetime(2027, 2, 15, 15, 0, 0), "1.001193", "Đinh Thị Đào")
    late = intake(desk, clock, dt.datetime(2027, 2, 15, 15, 0, 1), "1.001193", "Đinh Văn Đạt")
    with desk.db.read() as s:
        assert detail_by_code(s, sharp).due_at == dt.datetime(2027, 2, 15, 17, 0)
        assert detail_by_code(s, late).due_at == dt.datetime(2027, 2, 16, 17, 0)
    assert WorkCalendar().due_date_for("same_day", 0, dt.datetime(2027, 2, 15, 15, 0)).at.day == 15


def test_bad_calendar_files_write_nothing(desk, clock, tmp_path):
    ctx = OpContext(desk, ADMIN)
    at(clock, dt.datetime(2027, 1, 4, 9, 0))
    cases = {
        "bad-day.json": [{"day": "2027-02-30", "kind": "off", "note": "x"}],
        "bad-kind.json": [{"day": "2027-02-03", "kind": "holiday", "note": "x"}],
        "dupe.json": [{"day": "2027-02-03", "kind": "off"}, {"day": "2027-02-03", "kind": "work"}],
        "empty.json": [],
    }
    for name, body in cases.items():
        f = tmp_path / name
        f.write_text(json.dumps(body), encoding="utf-8")
        with pytest.raises(ValidationError) as exc:
            cal_ops.import_calendar(ctx, f)
        assert "tệp lịch" in exc.value.message.lower() or "Tệp lịch" in exc.value.message
    (tmp_path / "junk.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ValidationError, match="JSON"):
        cal_ops.import_calendar(ctx, tmp_path / "junk.json")
    assert not [d for d in cal_ops.list_calendar(ctx, 2027).days if d.source == "override"]


ME = ["--user", "quantri", "--password-stdin"]  # the administrator `init` makes


def test_calendar_commands(tmp_path, capsys):
    home = str(tmp_path / "home")
    assert run(capsys, "--data-dir", home, "init", "--parent-name", "ỦY BAN NHÂN DÂN XÃ TÂN LẬP", "--agency-code", "000.17.22.H56", "--agency-name",
                "Trung tâm Phục vụ hành chính công xã Tân Lập", "--admin", "quantri", "--admin-name", "Trần Thị Quản Trị", "--password-stdin")[0] == 0
    code, out, err = run(capsys, "--data-dir", home, *ME, "intake", "--procedure", "1.004873", "--name", "Hồ Văn Nam",
                          "--json")
    assert code == 0, err
    d = json.loads(out)
    due_day = dt.datetime.fromisoformat(d["due_at"]).date()  # on the real clock: a day from tomorrow on
    f = tmp_path / "ngay-nghi.json"
    f.write_text(json.dumps({"overrides": [{"day": due_day.isoformat(), "kind": "off",
                                            "note": "Nghỉ theo quyết định của tỉnh"}]}, ensure_ascii=False),
                 encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", home, *ME, "calendar", "import", str(f))
    assert code == 0 and "Đã nhập 1 ngày" in out and "1 hồ sơ đang giải quyết sẽ đổi hạn trả" in out, err
    code, out, _ = run(capsys, "--data-dir", home, "calendar", "list", "--year", str(due_day.year), "--json")
    days = {x["day"]: x for x in json.loads(out)}
    assert days[due_day.isoformat()]["source"] == "override" and days[due_day.isoformat()]["kind"] == "off"
    code, out, _ = run(capsys, "--data-dir", home, "calendar", "recompute")
    assert code == 0 and d["code"] in out and "--apply" in out
    code, out, _ = run(capsys, "--data-dir", home, *ME, "calendar", "recompute", "--apply", "--json")
    moved = json.loads(out)
    assert moved["applied"] and [m["code"] for m in moved["dossiers"]] == [d["code"]]
    code, out, _ = run(capsys, "--data-dir", home, "show", d["code"], "--json")
    assert dt.datetime.fromisoformat(json.loads(out)["due_at"]).date() > due_day
    with pytest.raises(SystemExit) as bad:
        main(["--data-dir", home, "calendar", "set", "2026-13-01", "--off", "--note", "x"])
    assert bad.value.code == 2 and "không đúng dạng" in capsys.readouterr().err
    code, out, err = run(capsys, "--data-dir", home, *ME, "calendar", "unset", due_day.isoformat())
    assert code == 0 and "Đã bỏ ngày" in out, err


def test_recompute_changes_nothing_when_the_calendar_did_not_change(desk, clock):
    """The replay (limit from the moment received, then each closed supplement pause) gives back exactly
    the dates intake and the supplement steps computed, for every kind of limit."""
    ctx = OpContext(desk, ADMIN)
    codes = [intake(desk, clock, dt.datetime(2026, 11, 20, 15, 0, 30), "1.001193"),  # same day, after 15:00
             intake(desk, clock, dt.datetime(2026, 11, 20, 9, 17, 45), "1.004873"),  # working days
             intake(desk, clock, dt.datetime(2026, 11, 20, 10, 0), "NCC-MTP"),  # calendar days
             intake(desk, clock, dt.datetime(2026, 11, 20, 10, 5), "1.001776")]
    at(clock, dt.datetime(2026, 11, 23, 9, 0))
    workflow.request_supplement(desk, codes[1], "Thiếu giấy tờ", ["Bản sao"], OFFICER)
    workflow.request_supplement(desk, codes[3], "Thiếu giấy tờ", ["Bản sao"], OFFICER)
    at(clock, dt.datetime(2026, 11, 26, 14, 40))
    workflow.receive_supplement(desk, codes[1], CLERK)  # closed pause (over the 24/11 holiday)
    with desk.db.read() as s:
        moved = detail_by_code(s, codes[1])
    assert moved.due_at != moved.original_due_at
    assert cal_ops.recompute_due_dates(ctx).moved == []
