"""The apology-and-extension letter and the stop notice as workflow steps: legal date kept, promised
date beside it, the step's facts on the event under fixed keys, audit and outbox rows like any move;
and the command line (`extend`, `stop`, `transition --to stopped`, `show --json`)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from app.errors import PermissionDenied, ValidationError
from app.models import AuditEntry, OutboxRow
from app.operations import OpContext
from app.operations import rules as rule_ops
from app.services.calendar import WorkCalendar
from app.services.workflow import STEP_KEYS
from app.sync.payload import OutboxReader
from tests.cli_support import run
from tests.rules.conftest import CLERK, LEADER, at, intake

KEYS = {"reason", "proposer", "approver_name", "approver_title", "new_due_at", "legal_basis"}


def _counts(desk, code):  # type: ignore[no-untyped-def]
    with desk.db.read() as s:
        audits = s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.entity_id == code))
        outbox = s.scalar(select(func.count()).select_from(OutboxRow))
    return audits, outbox


def test_extension_keeps_the_legal_date_and_records_who_approved(desk, clock):
    code = intake(desk, clock, dt.datetime(2026, 11, 16, 9, 0), "1.004873")  # due Thu 19/11 09:00
    before = _counts(desk, code)
    at(clock, dt.datetime(2026, 11, 19, 8, 0))
    r = rule_ops.extend(OpContext(desk, LEADER), code, dt.datetime(2026, 11, 25, 16, 0),
                        "Cần xác minh tại nơi cư trú trước đây", proposer="Lê Văn Tuấn")
    d = r.dossier
    assert (d.due_at, d.extended_due_at) == (dt.datetime(2026, 11, 19, 9, 0), dt.datetime(2026, 11, 25, 16, 0))
    assert r.changes.kind == "dossier" and r.changes.ids == (d.id,)
    event = d.events[-1]
    assert event.kind == "reschedule" and set(event.data) == KEYS == set(STEP_KEYS)
    assert event.data == {"reason": "Cần xác minh tại nơi cư trú trước đây", "proposer": "Lê Văn Tuấn",
                          "approver_name": "Phạm Thị Lành", "approver_title": "Phó Chủ tịch UBND xã",
                          "new_due_at": "2026-11-25 16:00:00", "legal_basis": ""}
    assert _counts(desk, code) == (before[0] + 1, before[1] + 1)  # one audit entry, one outbox row
    assert "hạn giải quyết theo quy định vẫn là" in d.due_explanation
    # The sync payload sends the legal date as NgayHenTra and the promised one beside it.
    items = [json.loads(i.body) for i in OutboxReader(desk)]
    last = [i for i in items if i["HoSo"]["MaHoSo"] == code][-1]
    assert last["HoSo"]["NgayHenTra"] == "20261119090000"  # the legal date
    assert last["MoRongMotCua"]["NgayHenTraSauGiaHan"] == "20261125160000"  # the promise, in the desk's extension
    # A second letter must promise a later date than the current promise, not just the legal date.
    with pytest.raises(ValidationError, match="sau ngày hẹn hiện tại"):
        rule_ops.extend(OpContext(desk, LEADER), code, dt.datetime(2026, 11, 23, 16, 0), "Lần hai")
    with pytest.raises(PermissionDenied):
        rule_ops.extend(OpContext(desk, CLERK), code, dt.datetime(2026, 11, 30, 16, 0), "Không có quyền")


def test_stop_notice_carries_reason_basis_proposer_and_approver(desk, clock):
    code = intake(desk, clock, dt.datetime(2026, 11, 16, 9, 0), "1.004873")
    at(clock, dt.datetime(2026, 11, 17, 9, 0))
    d = rule_ops.stop(OpContext(desk, LEADER), code, "Người yêu cầu đề nghị dừng để bổ sung giấy tờ ở nước ngoài",
                      legal_basis="Khoản 2 Điều 19 Nghị định 118/2025/NĐ-CP", proposer="Lê Văn Tuấn").dossier
    assert d.status == 8 and d.finished_at == dt.datetime(2026, 11, 17, 9, 0)
    data = d.events[-1].data
    assert set(data) == KEYS
    assert (data["legal_basis"], data["proposer"], data["approver_name"], data["new_due_at"]) == (
        "Khoản 2 Điều 19 Nghị định 118/2025/NĐ-CP", "Lê Văn Tuấn", "Phạm Thị Lành", None)


ME = ["--user", "quantri", "--password-stdin"]  # the administrator `init` makes


@pytest.fixture
def home(tmp_path, capsys):  # type: ignore[no-untyped-def]
    d = str(tmp_path / "home")
    code, _out, err = run(capsys, "--data-dir", d, "init", "--parent-name", "ỦY BAN NHÂN DÂN XÃ TÂN LẬP", "--agency-code", "000.17.22.H56", "--agency-name",
                           "Trung tâm Phục vụ hành chính công xã Tân Lập", "--place", "Tân Lập",
                           "--admin", "quantri", "--admin-name", "Trần Thị Quản Trị", "--password-stdin")
    assert code == 0, err
    return d


def test_cli_extend_show_json_and_transition_to_stopped(home, capsys):
    received = (dt.datetime.now() - dt.timedelta(days=10)).replace(hour=9, minute=0, second=0, microsecond=0)
    code, out, err = run(capsys, "--data-dir", home, *ME, "intake", "--procedure", "1.004873", "--name", "Hồ Văn Nam",
                          "--received-at", received.isoformat(), "--json")
    assert code == 0, err
    first = json.loads(out)
    legal = first["due_at"]
    new_due = (dt.datetime.now() + dt.timedelta(days=14)).replace(hour=16, minute=0, second=0, microsecond=0)
    while not WorkCalendar().is_working_day(new_due.date()):  # the command runs on the real clock
        new_due += dt.timedelta(days=1)
    code, out, err = run(capsys, "--data-dir", home, *ME, "extend", first["code"], "--new-due", new_due.isoformat(),
                          "--reason", "Chờ xác minh của xã khác", "--approver", "Nguyễn Văn Chủ",
                          "--approver-title", "Chủ tịch UBND xã")
    assert code == 0, err
    assert "Hạn giải quyết theo quy định vẫn là" in out
    code, out, _ = run(capsys, "--data-dir", home, "show", first["code"], "--json")
    shown = json.loads(out)
    assert shown["due_at"] == legal  # the legal date
    assert shown["extended_due_at"] == new_due.isoformat() + "+07:00"
    assert shown["events"][-1]["data"]["approver_title"] == "Chủ tịch UBND xã"
    # The unit has no head and the administrator is no leader: nobody would sign Mẫu 05, so neither the plain
    # transition nor `motcua stop` without --approver stops the dossier, and nothing is written.
    for argv in (["transition", first["code"], "--to", "stopped", "--note", "Công dân đề nghị dừng"],
                 ["stop", first["code"], "--reason", "Công dân đề nghị dừng"]):
        code, _out, err = run(capsys, "--data-dir", home, *ME, *argv)
        assert code != 0 and "Thông báo dừng (Mẫu 05) chưa có người ký" in err, err
    code, out, _ = run(capsys, "--data-dir", home, "show", first["code"], "--json")
    assert json.loads(out)["status"] != "stopped" and len(json.loads(out)["events"]) == len(shown["events"])
    # Naming the approving leader stops it, and the stop's facts carry the reason and the approver.
    code, out, err = run(capsys, "--data-dir", home, *ME, "stop", first["code"], "--reason", "Công dân đề nghị dừng",
                          "--approver", "Nguyễn Văn Chủ", "--approver-title", "Chủ tịch UBND xã", "--json")
    assert code == 0, err
    stopped = json.loads(out)
    assert stopped["status"] == "stopped" and stopped["events"][-1]["data"]["reason"] == "Công dân đề nghị dừng"
    assert stopped["events"][-1]["data"]["approver_name"] == "Nguyễn Văn Chủ"
    code, _out, err = run(capsys, "--data-dir", home, *ME, "extend", first["code"], "--new-due", new_due.isoformat(),
                           "--reason", "Quá muộn")
    assert code != 0 and "đã kết thúc" in err
