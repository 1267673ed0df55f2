"""The detail pane's attachments panel and the dossier's version: attaching a paper is a step of the dossier
(an event, a new version), so the pane follows it and its next move goes through; and when another counter
attached to the paper first, the refused attachment brings the whole pane up to date — the paper, the
event history and the version its moves carry. On SQLite and on the centre's PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent

from app.operations import dossiers
from app.operations import files as ops
from app.services import intake
from app.services.dto import IntakeRequest, PersonIn
from app.services.status import Status
from app.ui.detail_pane import DetailPane
from tests.files.support import TAIL, pdf, pdf_bytes, written
from tests.users import OFFICER

from .conftest import settle, shown_pane, type_text

pytestmark = pytest.mark.both_engines


@pytest.fixture
def counter_b(second_counter):
    """A second counter on the same store, where officer Xử works."""
    return second_counter(OFFICER)


@pytest.fixture
def pane(desk, ui, admin_user, qtbot):
    req = IntakeRequest(procedure="1.004873", applicant=PersonIn(name="Vũ Thị Hạnh", id_number="036190004321"))
    d = intake.receive(desk, req, admin_user.actor())
    p = shown_pane(ui, qtbot, d.id)
    qtbot.waitUntil(lambda: p.attachments.data is not None)
    return p


def drop(pane: DetailPane, path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    pane.attachments.dropEvent(QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                          Qt.KeyboardModifier.NoModifier))


def refuse(pane: DetailPane, qtbot, ui) -> None:
    pane.action_items["refuse"].trigger()
    type_text(pane.actions.dialog.reason, "Thiếu tờ khai có chữ ký")
    pane.actions.dialog.check()
    settle(qtbot, ui)


def test_a_paper_attached_in_the_pane_leaves_its_moves_working(pane, ui, qtbot, tmp_path):
    seen = pane.detail.version
    scan = tmp_path / "to khai.pdf"
    scan.write_bytes(pdf_bytes(1, "Tờ khai"))
    pane.attachments.select_paper(1)
    drop(pane, scan)
    settle(qtbot, ui)
    assert pane.detail.version == seen + 1 and "Số hóa thành phần 1" in pane.body.toPlainText()
    refuse(pane, qtbot, ui)
    assert pane.detail.status == Status.REFUSED


def test_a_refused_attachment_brings_the_pane_up_to_date(desk, pane, ui, counter_b, clock, qtbot, tmp_path):
    code = pane.detail.code
    said: list[tuple[str, str]] = []
    ui.bus.message.connect(lambda text, level: said.append((text, level)))
    clock.now = dt.datetime(2026, 11, 20, 11, 15)
    ops.attach_data(counter_b, code, pdf("Tờ khai của quầy 2"), component=1)  # the pane still shows paper 1 empty
    before = written(desk)
    now = dossiers.detail(counter_b, None, code)
    scan = tmp_path / "to khai.pdf"
    scan.write_bytes(pdf_bytes(1, "Tờ khai"))
    pane.attachments.select_paper(1)
    drop(pane, scan)
    settle(qtbot, ui)
    errors = [text for text, level in said if level == "error"]
    assert len(errors) == 1 and errors[0].endswith(f"vừa được Trần Văn Xử đính kèm tệp (1 trang) lúc 11:15 "
                                                   f"20/11/2026.{TAIL}")
    assert written(desk) == before
    assert pane.detail.version == now.version and "Trần Văn Xử" in pane.body.toPlainText()
    assert "1 trang" in pane.attachments.papers.item(0).text()
    refuse(pane, qtbot, ui)  # from the state shown now, a move goes through
    assert pane.detail.status == Status.REFUSED
