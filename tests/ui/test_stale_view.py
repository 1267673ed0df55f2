"""Two counters on one store act on the same dossier: the second, acting from the screen it opened before
the first moved the dossier, is told who did what and where the dossier is now; nothing of its move is
written and its pane reloads. On SQLite (two desks on one file) and on the centre's PostgreSQL (two
counters of one server)."""

from __future__ import annotations

import pytest

from app.errors import ConcurrentChange
from app.operations import dossiers, moves
from app.operations.base import OpContext
from app.operations.corrections import CorrectionIn, correct_applicant
from app.operations.handback import HandBack, return_result
from app.services import intake
from app.services.dto import DossierDetail, IntakeRequest, PersonIn
from app.services.status import Status
from app.ui.reason_dialog import ReasonDialog
from tests.users import CLERK

from .conftest import settle, shown_pane, type_text

pytestmark = pytest.mark.both_engines


@pytest.fixture
def counter_b(second_counter):
    """A second counter on the same store, where clerk Hồng works."""
    return second_counter(CLERK)


@pytest.fixture
def pane(desk, engine, ui, admin_user, qtbot):
    req = IntakeRequest(procedure="1.004873", applicant=PersonIn(name="Vũ Thị Hạnh", id_number="036190004321",
                                                                 address="Xóm Chùa, xã Tân Lập"))
    d = intake.receive(desk, req, admin_user.actor())
    return shown_pane(ui, qtbot, d.id)


def _detail(ctx: OpContext, code: str) -> DossierDetail:
    return dossiers.detail(ctx, None, code)


def test_a_move_from_a_stale_screen_says_what_changed_and_writes_nothing(pane, ui, counter_b, qtbot):
    code, seen = pane.detail.code, pane.detail.version
    messages: list[tuple[str, str]] = []
    ui.bus.message.connect(lambda text, level: messages.append((text, level)))
    # Counter B forwards the dossier while counter A's pane still shows it as just received.
    moves.make_move(counter_b, code, moves.MoveRequest("forward", to_party="Công chức Tư pháp - Hộ tịch"))
    assert pane.detail.status == Status.RECEIVED and pane.detail.version == seen
    before = _detail(counter_b, code)
    # Counter A refuses it from the screen it has.
    pane.action_items["refuse"].trigger()
    dialog = pane.actions.dialog
    assert isinstance(dialog, ReasonDialog)
    type_text(dialog.reason, "Thiếu tờ khai có chữ ký")
    dialog.check()
    qtbot.waitUntil(lambda: pane.detail.status == Status.PROCESSING, timeout=10_000)
    settle(qtbot, ui)
    errors = [text for text, level in messages if level == "error"]
    assert errors == [f"Hồ sơ {code} vừa được Nguyễn Thị Hồng xử lý lúc {before.events[-1].at:%H:%M %d/%m/%Y}, nay "
                      "đang ở trạng thái «Đang xử lý». Thao tác của bạn chưa được ghi; hãy xem lại hồ sơ rồi "
                      "làm lại nếu vẫn cần."]
    after = _detail(counter_b, code)
    assert after.status == Status.PROCESSING and after.version == before.version
    assert [e.kind for e in after.events] == [e.kind for e in before.events]
    # The pane now shows the new state, and a move from it goes through.
    assert pane.detail.version == after.version and "refuse" in pane.action_items
    assert "Công chức Tư pháp - Hộ tịch" in pane.body.toPlainText()
    pane.action_items["refuse"].trigger()
    type_text(pane.actions.dialog.reason, "Thiếu tờ khai có chữ ký")
    pane.actions.dialog.check()
    qtbot.waitUntil(lambda: pane.detail.status == Status.REFUSED, timeout=10_000)
    settle(qtbot, ui)


def test_operations_take_the_version_seen(desk, admin_user, counter_b):
    req = IntakeRequest(procedure="1.004873", applicant=PersonIn(name="Đỗ Văn Bình", id_number="036190004322"))
    d = intake.receive(desk, req, admin_user.actor())
    moves.make_move(counter_b, d.code, moves.MoveRequest("handover", to_party="Tổ một cửa", version=d.version))
    for key, extra in (("handover", {"to_party": "Văn thư"}), ("forward", {"to_party": "Công chức Tư pháp - Hộ tịch"}), ("supplement", {"note": "Thiếu"})):
        with pytest.raises(ConcurrentChange):
            moves.make_move(counter_b, d.code, moves.MoveRequest(key, version=d.version, **extra))
    with pytest.raises(ConcurrentChange):
        moves.transition(counter_b, d.code, "processing", to_party="Công chức Tư pháp - Hộ tịch", version=d.version)
    seen = moves.transition(counter_b, d.code, "processing", to_party="Công chức Tư pháp - Hộ tịch",
                            version=d.version + 1).detail
    assert seen.status == Status.PROCESSING
    moves.make_move(OpContext(desk, admin_user.actor()), d.code, moves.MoveRequest("result_ready", version=seen.version))
    with pytest.raises(ConcurrentChange):  # the hand-back dialog opened on the screen before "result ready"
        return_result(counter_b, seen, HandBack("Đỗ Văn Bình", "036190004322"))
    assert _detail(counter_b, d.code).status == Status.RESULT_READY
    fix = CorrectionIn("Đỗ Văn Bính", "036190004322", "", "", "Gõ nhầm tên khi tiếp nhận")
    with pytest.raises(ConcurrentChange):
        correct_applicant(OpContext(desk, admin_user.actor()), d.code, fix, version=seen.version)
    assert _detail(counter_b, d.code).applicant_name == "Đỗ Văn Bình"
