"""Every allowed and every forbidden move of the status table, and the side effects of each."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select

from app.errors import TransitionError, ValidationError
from app.models import Dossier, Event, OutboxRow
from app.services import workflow
from app.services.dto import IntakeRequest, PersonIn
from app.services.intake import receive
from app.services.permissions import system_actor
from app.services.status import ALLOWED_MOVES, FINISHING, Status

pytestmark = pytest.mark.both_engines

# How to bring a fresh (received) dossier to each status through legal moves.
PATH_TO = {
    Status.RECEIVED: [],
    Status.PROCESSING: [Status.PROCESSING],
    Status.SUPPLEMENT_REQUESTED: [Status.SUPPLEMENT_REQUESTED],
    Status.AWAITING_PAYMENT: [Status.AWAITING_PAYMENT],
    Status.RESULT_READY: [Status.RESULT_READY],
    Status.RETURNED: [Status.RESULT_READY, Status.RETURNED],
    Status.REFUSED: [Status.REFUSED],
    Status.WITHDRAWN: [Status.WITHDRAWN],
    Status.STOPPED: [Status.STOPPED],
}


def _fresh(desk, admin) -> str:
    return receive(desk, IntakeRequest(procedure="HT-XNHN", applicant=PersonIn(name="Hồ Văn Nam")), admin).code


def _move(desk, code, to, admin):
    # A stop is a leader's (Mẫu 05 needs a signer, and this unit has no head in its settings).
    actor = dataclasses.replace(admin, role="leader") if to is Status.STOPPED else admin
    return workflow.transition(desk, code, to, actor, note="lý do kiểm thử", to_party="Công chức Tư pháp - Hộ tịch",
                               collected_by="Hồ Văn Nam")


CASES = [(src, dst) for src in PATH_TO for dst in Status if dst is not Status.REGISTERED]


@pytest.mark.parametrize(("src", "dst"), CASES, ids=[f"{a.slug}->{b.slug}" for a, b in CASES])
def test_transition_table(desk, admin, src, dst):
    code = _fresh(desk, admin)
    for step in PATH_TO[src]:
        _move(desk, code, step, admin)
    with desk.db.read() as s:
        outbox_before = s.scalar(select(func.count()).select_from(OutboxRow))
    if dst in ALLOWED_MOVES[src]:
        d = _move(desk, code, dst, admin)
        assert d.status == dst
        assert d.events[-1].from_status == src and d.events[-1].to_status == dst
        assert (d.finished_at is not None) == (dst in FINISHING or dst is Status.RETURNED or
                                               src in FINISHING)
        with desk.db.read() as s:
            assert s.scalar(select(func.count()).select_from(OutboxRow)) == outbox_before + 1
    else:
        with pytest.raises(TransitionError, match="không chuyển sang"):
            _move(desk, code, dst, admin)
        with desk.db.read() as s:
            assert s.scalar(select(func.count()).select_from(OutboxRow)) == outbox_before


def test_refusal_needs_a_reason(desk, admin):
    code = _fresh(desk, admin)
    with pytest.raises(ValidationError, match="lý do từ chối"):
        workflow.transition(desk, code, "refused", admin)


def _written(desk, code) -> tuple[int, int, int]:
    """(version, events, outbox rows) of one dossier: what a refused move must leave as it was."""
    with desk.db.read() as s:
        d = s.scalar(select(Dossier).where(Dossier.code == code))
        return (d.version, s.scalar(select(func.count()).select_from(Event).where(Event.dossier_id == d.id)),
                s.scalar(select(func.count()).select_from(OutboxRow).where(OutboxRow.dossier_id == d.id)))


def test_forwarding_names_who_receives_the_dossier(desk, admin):
    code = _fresh(desk, admin)
    before = _written(desk, code)
    for nobody in ("", "   "):
        with pytest.raises(ValidationError) as exc:
            workflow.transition(desk, code, "processing", admin, to_party=nobody)
        assert exc.value.fields == {"to_party": workflow.missing_recipient("")}
        assert "Hãy ghi người hoặc bộ phận nhận hồ sơ" in exc.value.message and "--to-party" in exc.value.message
    with pytest.raises(ValidationError, match="Hãy ghi người hoặc bộ phận nhận hồ sơ"):
        workflow.handover(desk, code, " ", admin)
    assert _written(desk, code) == before  # nothing half-written
    d = workflow.transition(desk, code, "processing", admin, to_party="Công chức Tư pháp - Hộ tịch")
    assert d.handling_unit == "Công chức Tư pháp - Hộ tịch"
    # The papers coming back after a supplement request return the dossier to whoever had it: no recipient.
    workflow.request_supplement(desk, code, "Thiếu bản sao giấy khai sinh", ["Bản sao giấy khai sinh"], admin)
    assert workflow.receive_supplement(desk, code, admin).status == Status.PROCESSING


def test_handing_back_names_who_collected_the_result(desk, admin):
    code = _fresh(desk, admin)
    workflow.transition(desk, code, "result_ready", admin)
    before = _written(desk, code)
    with pytest.raises(ValidationError) as exc:
        workflow.transition(desk, code, "returned", admin, collected_by=" ")
    assert exc.value.fields == {"collected_by": "Hãy ghi họ tên người nhận kết quả (trên dòng lệnh: --collected-by)."}
    assert _written(desk, code) == before
    assert workflow.transition(desk, code, "returned", admin, collected_by="Hồ Văn Nam").status == Status.RETURNED


def test_a_move_made_elsewhere_is_recorded_as_told(desk, admin):
    """The provincial system (or a laptop, through the centre's hub) does not always say who: its moves are
    recorded, the collector defaulting to the applicant."""
    code = _fresh(desk, admin)
    province = system_actor("sync")
    workflow.transition(desk, code, "processing", province, source="upstream")
    workflow.transition(desk, code, "result_ready", province, source="upstream")
    d = workflow.transition(desk, code, "returned", province, source="upstream")
    assert (d.status, d.collected_by) == (Status.RETURNED, "Hồ Văn Nam")


def test_supplement_pauses_the_clock(desk, admin, clock):
    clock.now = dt.datetime(2026, 11, 16, 9, 0)  # Monday
    code = _fresh(desk, admin)  # 3 working days → Thu 19/11 09:00
    clock.now = dt.datetime(2026, 11, 17, 9, 0)
    d = workflow.request_supplement(desk, code, "Thiếu bản sao giấy khai sinh", ["Bản sao giấy khai sinh"], admin)
    assert d.status == Status.SUPPLEMENT_REQUESTED and d.supplement_count == 1
    clock.now = dt.datetime(2026, 11, 19, 9, 0)  # waited two working days
    d = workflow.receive_supplement(desk, code, admin)
    assert d.status == Status.PROCESSING
    assert d.due_at == dt.datetime(2026, 11, 23, 9, 0)  # Thu 19 + 2 working days, over the weekend
    assert d.original_due_at == dt.datetime(2026, 11, 19, 9, 0)
    assert "không tính vào thời hạn" in d.due_explanation


def test_return_records_who_collected_and_rating(desk, admin):
    code = _fresh(desk, admin)
    workflow.transition(desk, code, "result_ready", admin)
    d = workflow.transition(desk, code, "returned", admin, collected_by="Hồ Thị Lan (con gái)")
    assert d.collected_by == "Hồ Thị Lan (con gái)" and d.returned_at is not None
    d = workflow.record_rating(desk, code, "very_satisfied", admin, "Nhanh gọn")
    assert d.rating == "very_satisfied"


def test_reschedule_with_apology(desk, admin, clock):
    code = _fresh(desk, admin)  # due Mon 25/11? received Fri 20/11 09:00 → Wed 25/11 09:00
    with pytest.raises(ValidationError, match="ngày nghỉ"):
        workflow.reschedule(desk, code, dt.datetime(2026, 11, 29, 9, 0), "Chờ xác minh", admin)
    with pytest.raises(ValidationError, match="lý do"):
        workflow.reschedule(desk, code, dt.datetime(2026, 12, 1, 9, 0), "", admin)
    d = workflow.reschedule(desk, code, dt.datetime(2026, 12, 1, 9, 0), "Chờ xác minh của xã khác", admin,
                            approved_by="Chủ tịch UBND xã")
    assert d.extended_due_at == dt.datetime(2026, 12, 1, 9, 0)  # the promised date
    assert d.due_at == d.original_due_at == dt.datetime(2026, 11, 26, 9, 0)  # legal (24/11 off): never moves
    assert d.reschedules[0].approver_name == "Chủ tịch UBND xã"
    assert d.reschedules[0].reason == "Chờ xác minh của xã khác"
    assert d.events[-1].kind == "reschedule"


def test_handover_logs_from_and_to(desk, admin):
    code = _fresh(desk, admin)
    d = workflow.handover(desk, code, "Công chức Tư pháp - Hộ tịch", admin, note="Chuyển thẩm định")
    assert (d.events[-1].from_party, d.events[-1].to_party) == (admin.full_name, "Công chức Tư pháp - Hộ tịch")
    assert d.status == Status.RECEIVED


def test_unknown_code_and_unknown_status(desk, admin):
    from app.errors import NotFoundError

    with pytest.raises(NotFoundError, match="Không tìm thấy hồ sơ"):
        workflow.transition(desk, "000.17.22.H56-261120-9999", "processing", admin)
    with pytest.raises(ValueError, match="Trạng thái"):
        Status.from_slug("done")
