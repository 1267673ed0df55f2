"""Two attachments panels on one dossier, at two counters of one store (pytest-qt, real widgets): the second
clerk reuses a paper or drops a scan on a paper the first counter has changed since the second panel showed
it. Nothing is written, the panel says who did what and when, and shows the paper as it is now; from there
the same action goes through. The clerk's own scans assigned in quick succession (F8, F8) to one paper
follow each other and are never taken for someone else's; after a refused one, the next is refused too. On SQLite (two desks on one file) and on the
centre's PostgreSQL (two counters of one server)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent

from app.operations import files as ops
from app.services.desk import Desk
from app.ui.attachments_panel import AttachmentsPanel
from app.ui.context import UiContext
from app.ui.tasks import Tasks
from tests.files.support import TAIL, pdf, pdf_bytes, received, scan_jpeg, written
from tests.ui.pools import HeldPool
from tests.users import CLERK, OFFICER

pytestmark = pytest.mark.both_engines


def _panel(ctx: UiContext, qtbot) -> AttachmentsPanel:
    p = AttachmentsPanel(ctx)
    qtbot.addWidget(p)
    p.resize(1366, 768)
    p.show()
    qtbot.waitExposed(p)
    return p


@pytest.fixture
def counter_a(desk, qtbot):
    """Clerk Hồng's counter: her panel and what it says."""
    ctx = UiContext(desk, CLERK)
    said: list[tuple[str, str]] = []
    ctx.bus.message.connect(lambda text, level: said.append((text, level)))
    yield ctx, _panel(ctx, qtbot), said
    ctx.tasks.wait()


@pytest.fixture
def counter_b(desk, clock, qtbot):
    """Officer Xử's counter on the same store (its own connections) and its panel."""
    other = Desk.open(desk.paths, clock=clock)
    ctx = UiContext(other, OFFICER)
    yield ctx, _panel(ctx, qtbot)
    ctx.tasks.wait()
    other.close()


def settle(qtbot, *ctxs: UiContext) -> None:
    qtbot.waitUntil(lambda: all(c.tasks.pending == 0 for c in ctxs), timeout=20_000)


def rows(panel: AttachmentsPanel) -> list[str]:
    return [panel.papers.item(i).text() for i in range(panel.papers.count())]


def drop(panel: AttachmentsPanel, paths) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    panel.dropEvent(QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                               Qt.KeyboardModifier.NoModifier))


def ctrl_r(panel: AttachmentsPanel, qtbot) -> None:
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    panel.papers.setFocus()
    qtbot.keyClick(panel.papers, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)


def test_a_reuse_and_a_scan_from_a_stale_panel_are_refused_then_made_from_the_reloaded_one(
        desk, clock, counter_a, counter_b, qtbot, tmp_path):
    (a, panel, said), (b, other) = counter_a, counter_b
    earlier = received(desk, CLERK)
    ops.attach_data(a.op, earlier, pdf("CCCD cũ"), component=2)
    code = received(desk, CLERK)
    ops.attach_data(a.op, code, pdf("CCCD"), component=2)
    for p in (panel, other):
        p.set_dossier(code)
    settle(qtbot, a, b)
    assert "1 trang" in rows(panel)[1] and panel.reusable.count() == 1
    # Counter B adds the card's back to paper 2 at 09:40.
    clock.now = dt.datetime(2026, 11, 20, 9, 40)
    back = tmp_path / "mat sau.pdf"
    back.write_bytes(pdf_bytes(1, "Mặt sau"))
    other.select_paper(2)
    drop(other, [back])
    settle(qtbot, b)
    before = written(desk)
    assert "1 trang" in rows(panel)[1], "counter A still shows the old state"

    # Counter A reuses the old card for paper 2: refused, nothing written, the panel shows paper 2 now.
    panel.select_paper(2)
    ctrl_r(panel, qtbot)
    settle(qtbot, a)
    message = (f"Giấy tờ «Căn cước công dân» của hồ sơ {code} vừa được Trần Văn Xử đính kèm tệp khác (2 trang) "
               f"lúc 09:40 20/11/2026.{TAIL}")
    assert panel.status.text() == message and said[-1] == (message, "error")
    assert written(desk) == before
    assert "2 trang" in rows(panel)[1] and panel.selected_target() == 2
    # Counter B scans the form (paper 1) at 09:45, after counter A's panel reloaded.
    clock.now = dt.datetime(2026, 11, 20, 9, 45)
    form = tmp_path / "to khai.jpg"
    form.write_bytes(scan_jpeg(2))
    other.select_paper(1)
    drop(other, [form])
    settle(qtbot, b)
    before = written(desk)
    assert "chưa số hóa" in rows(panel)[0]
    # Counter A drops its scan of the form on paper 1, which it shows as not digitised: refused the same way.
    mine = tmp_path / "to khai cua A.pdf"
    mine.write_bytes(pdf_bytes(2, "Tờ khai"))
    panel.select_paper(1)
    drop(panel, [mine])
    settle(qtbot, a)
    assert panel.status.text() == (f"Giấy tờ «Tờ khai cấp Giấy xác nhận tình trạng hôn nhân» của hồ sơ {code} vừa "
                                   f"được Trần Văn Xử đính kèm tệp (1 trang) lúc 09:45 20/11/2026.{TAIL}")
    assert written(desk) == before and "1 trang" in rows(panel)[0]

    # From the reloaded panel both go through: pages added to the file it now shows, the card reused.
    drop(panel, [mine])
    settle(qtbot, a)
    assert "3 trang" in rows(panel)[0] and panel.status.text().startswith("Đã đính kèm")
    panel.select_paper(2)
    ctrl_r(panel, qtbot)
    settle(qtbot, a)
    assert f"dùng lại từ hồ sơ {earlier}" in rows(panel)[1]
    current = {f.position: f for f in ops.list_files(a.op, code)}
    assert (current[1].pages, current[2].reused_from_code) == (3, earlier)


def test_own_scans_assigned_in_quick_succession_follow_each_other(desk, counter_b, qtbot, tmp_path):
    b, other = counter_b
    code = received(desk, CLERK)
    ops.attach_data(b.op, code, pdf("Tờ khai"), component=1)
    writes = HeldPool()  # the write lane holds both F8s until the test lets them run, one after the other
    ctx = UiContext(desk, CLERK, tasks=Tasks(writes=writes))
    panel = _panel(ctx, qtbot)
    folder = tmp_path / "may-quet"
    folder.mkdir()
    panel.set_dossier(code)
    settle(qtbot, ctx)
    panel.set_scan_folder(folder)
    for i in (1, 2):
        (folder / f"Scan_000{i}.jpg").write_bytes(scan_jpeg(i))
        qtbot.waitUntil(lambda n=i: panel.incoming.count() == n, timeout=10_000)
    panel.select_paper(1)
    panel.papers.setFocus()
    qtbot.keyClick(panel.papers, Qt.Key.Key_F8)
    qtbot.keyClick(panel.papers, Qt.Key.Key_F8)
    assert len(writes.held) == 2 and panel.incoming.count() == 0
    writes.release()
    writes.release()
    settle(qtbot, ctx)
    assert "3 trang" in rows(panel)[0] and panel.status.text().startswith("Đã đính kèm")
    assert [f.pages for f in ops.list_files(ctx.op, code)] == [3]
    # Another counter's page arrives meanwhile: two more F8s from this panel's old view are both refused (the
    # second expects what the first would have left), and nothing is written.
    ops.attach_data(b.op, code, pdf("Trang 4"), component=1)
    before = written(desk)
    for i in (3, 4):
        (folder / f"Scan_000{i}.jpg").write_bytes(scan_jpeg(i))
        qtbot.waitUntil(lambda n=i - 2: panel.incoming.count() == n, timeout=10_000)
    qtbot.keyClick(panel.papers, Qt.Key.Key_F8)
    qtbot.keyClick(panel.papers, Qt.Key.Key_F8)
    writes.release()
    writes.release()
    settle(qtbot, ctx)
    assert "vừa được Trần Văn Xử đính kèm tệp khác (4 trang)" in panel.status.text()
    assert written(desk) == before and [f.pages for f in ops.list_files(ctx.op, code)] == [4]
    assert panel.incoming.count() == 2 and (folder / "Scan_0004.jpg").exists(), "the scans wait to be assigned again"
    assert "4 trang" in rows(panel)[0]
    ctx.tasks.wait()
