"""The attachments panel with real widgets (pytest-qt, offscreen): drop files on it, the watched scan
folder with F8 assigning a new scan to the selected component, reuse of a citizen's earlier paper,
the PDFium preview, a refused file, a result paper once the dossier is ready, and Enter opening a
paper in the system's viewer from a private copy removed with the panel."""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QObject, QPoint, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QDropEvent

from app.services import files, files_read, workflow
from app.services.status import Status
from app.ui.attachments_panel import RESULT_ROW, AttachmentsPanel
from app.ui.context import UiContext
from tests.files.support import pdf_bytes, received, scan_jpeg


@pytest.fixture
def ctx(desk, clerk):
    c = UiContext(desk, clerk)
    yield c
    c.tasks.wait()


@pytest.fixture
def panel(ctx, qtbot):
    p = AttachmentsPanel(ctx)
    qtbot.addWidget(p)
    p.resize(1366, 768)
    p.show()
    p.activateWindow()
    qtbot.waitExposed(p)
    return p


def settle(qtbot, ctx) -> None:
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=20_000)


def rows(panel) -> list[str]:
    return [panel.papers.item(i).text() for i in range(panel.papers.count())]


def drop(panel, paths) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    panel.dropEvent(event)


def test_drop_files_then_preview_and_a_refused_file(desk, clerk, ctx, panel, qtbot, tmp_path):
    code = received(desk, clerk)
    panel.set_dossier(code)
    settle(qtbot, ctx)
    assert len(rows(panel)) == 3 and all("chưa số hóa" in r for r in rows(panel))
    pages = []
    for i in range(2):
        pages.append(tmp_path / f"trang {i + 1}.jpg")
        pages[-1].write_bytes(scan_jpeg(i))
    drop(panel, pages)
    settle(qtbot, ctx)
    assert rows(panel)[0].startswith("1. ") and "2 trang" in rows(panel)[0] and "số hóa" in rows(panel)[0]
    qtbot.waitUntil(lambda: panel.preview.pixmap() is not None and not panel.preview.pixmap().isNull())
    assert panel.preview.pixmap().width() == 300
    note = tmp_path / "ghi chú.txt"
    note.write_text("không phải ảnh", encoding="utf-8")
    panel.select_paper(3)
    drop(panel, [note])
    settle(qtbot, ctx)
    assert "không phải ảnh quét" in panel.status.text() and "chưa số hóa" in rows(panel)[2]


def test_watched_scan_folder_and_f8(desk, clerk, ctx, panel, qtbot, tmp_path):
    code = received(desk, clerk)
    folder = tmp_path / "may-quet"
    folder.mkdir()
    (folder / "cu.jpg").write_bytes(scan_jpeg(9))  # already there: not a new scan
    panel.set_dossier(code)
    settle(qtbot, ctx)
    panel.set_scan_folder(folder)
    (folder / "Scan_0001.jpg").write_bytes(scan_jpeg(1))
    qtbot.waitUntil(lambda: panel.incoming.count() == 1, timeout=10_000)
    assert panel.incoming.item(0).text() == "Scan_0001.jpg"
    panel.select_paper(2)
    panel.papers.setFocus()
    qtbot.keyClick(panel.papers, Qt.Key.Key_F8)
    settle(qtbot, ctx)
    assert "1 trang" in rows(panel)[1] and panel.incoming.count() == 0
    assert not (folder / "Scan_0001.jpg").exists() and (folder / "da-dinh-kem" / "Scan_0001.jpg").exists()
    assert [f.position for f in files_read.list_files(desk, code)] == [2]


def test_reuse_and_result(desk, clerk, admin, ctx, panel, qtbot):
    first = received(desk, clerk)
    files.attach_component(desk, first, [files.FileIn("cccd.pdf", pdf_bytes(1))], clerk, position=2)
    second = received(desk, clerk)
    panel.set_dossier(second)
    settle(qtbot, ctx)
    assert panel.reusable.count() == 1 and first in panel.reusable.item(0).text()
    panel.select_paper(2)
    panel.papers.setFocus()
    qtbot.keyClick(panel.papers, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, ctx)
    assert f"dùng lại từ hồ sơ {first}" in rows(panel)[1]
    workflow.transition(desk, second, Status.RESULT_READY, admin)
    panel.reload()
    settle(qtbot, ctx)
    assert rows(panel)[-1].startswith("Kết quả giải quyết")
    panel.select_paper(RESULT_ROW)
    assert panel.selected_target() == RESULT_ROW


def test_intake_draft_queues_papers_until_the_dossier_is_saved(desk, clerk, ctx, panel, qtbot, tmp_path):
    earlier = received(desk, clerk)
    files.attach_component(desk, earlier, [files.FileIn("cccd.pdf", pdf_bytes(1))], clerk, position=2)
    panel.set_draft(["Tờ khai", "Căn cước công dân", "Giấy khám sức khỏe"], id_number="001086012345")
    settle(qtbot, ctx)
    assert panel.reusable.count() == 1
    scan, bad = tmp_path / "to khai.jpg", tmp_path / "hong.pdf"
    scan.write_bytes(scan_jpeg(4))
    bad.write_bytes(b"%PDF-1.4 hong")
    drop(panel, [scan])
    panel.select_paper(2)
    panel.reuse_selected()
    panel.select_paper(3)
    drop(panel, [bad])
    assert ["chờ đính kèm" in r or "dùng lại" in r for r in rows(panel)] == [True, True, True]
    assert files_read.list_files(desk, earlier)[0].position == 2, "nothing is written before the save"
    code = received(desk, clerk)  # the intake page saved the dossier
    panel.attach_queued(code)
    settle(qtbot, ctx)
    settle(qtbot, ctx)
    got = {f.position: (f.digitised, f.reused) for f in files_read.list_files(desk, code)}
    assert got == {1: (True, False), 2: (False, True)}
    assert "Thành phần 3" in panel.status.text() and "bị hỏng" in panel.status.text()
    assert "chưa số hóa" in rows(panel)[2]


def test_a_paper_awaited_from_a_laptop_says_so(desk, clerk, ctx, panel, qtbot):
    from sqlalchemy import text

    from app.services.files_convert import FileIn

    code = received(desk, clerk)
    files.attach_component(desk, code, [FileIn("cccd.pdf", pdf_bytes(1))], clerk, position=2)
    with desk.db.write() as s:  # as the hub records a laptop's attachment before its content arrives
        s.execute(text("UPDATE stored_files SET awaiting = 'Lưu động 1'"))
    panel.set_dossier(code)
    settle(qtbot, ctx)
    assert "chờ máy lưu động «Lưu động 1» gửi tệp về" in rows(panel)[1]
    panel.select_paper(2)
    settle(qtbot, ctx)
    qtbot.waitUntil(lambda: "chưa được gửi về máy chủ Trung tâm" in panel.status.text())


class _Viewer(QObject):
    """Stands for the system's PDF viewer: QDesktopServices hands it the file URLs the app opens."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[Path] = []

    @Slot(QUrl)
    def show(self, url: QUrl) -> None:
        self.opened.append(Path(url.toLocalFile()))


def test_enter_opens_a_private_copy_that_goes_with_the_panel(desk, clerk, ctx, qtbot):
    code = received(desk, clerk)
    f = files.attach_component(desk, code, [files.FileIn("cccd.pdf", pdf_bytes(2))], clerk, position=2).file
    viewer = _Viewer()
    QDesktopServices.setUrlHandler("file", viewer, "show")
    try:
        panel = AttachmentsPanel(ctx)
        panel.show()
        panel.set_dossier(code)
        settle(qtbot, ctx)
        panel.select_paper(2)
        panel.papers.setFocus()
        qtbot.keyClick(panel.papers, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: len(viewer.opened) == 1, timeout=10_000)
        copy = viewer.opened[0]
        assert copy.parent.parent == desk.paths.temp and copy.name == f.display_name
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600 and stat.S_IMODE(copy.parent.stat().st_mode) == 0o700
        assert hashlib.sha256(copy.read_bytes()).hexdigest() == f.sha256
        settle(qtbot, ctx)
        panel.deleteLater()
        qtbot.waitUntil(lambda: not copy.parent.exists(), timeout=10_000)
    finally:
        QDesktopServices.unsetUrlHandler("file")
