"""The attachments panel where the clerk works: in the intake page (papers queued on the draft, attached
right after the save, following the selected component) and in the detail pane (the saved files listed)."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent

from app.services import files_read
from app.ui.detail_pane import DetailPane
from tests.files.support import pdf_bytes

from .conftest import settle
from .test_counter_flow import choose, fill_applicant, save_with_shortcut


def drop(panel, paths) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    panel.dropEvent(QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                               Qt.KeyboardModifier.NoModifier))


def rows(panel) -> list[str]:
    return [panel.papers.item(i).text() for i in range(panel.papers.count())]


def test_a_paper_attached_at_intake_is_on_the_saved_dossier_and_in_the_detail_pane(window, ui, desk, qtbot,
                                                                                     tmp_path):
    window.show_page("intake")
    page = window.intake
    settle(qtbot, ui)
    choose(page, qtbot, "đăng ký khai sinh")
    fill_applicant(page, qtbot)
    names = [c.name for c in page.components.components_for(page.picker.chosen[0].key)]
    assert names
    page.paper_tabs.setCurrentWidget(page.attachments)
    assert [r.split(" — ")[0] for r in rows(page.attachments)] == [f"{i}. {n}" for i, n in enumerate(names, 1)]
    page.paper_tabs.setCurrentIndex(0)
    page.components.table.setCurrentCell(0, 1)  # the focused component is the panel's target
    assert page.attachments.selected_target() == 1
    scan = tmp_path / "to-khai.pdf"
    scan.write_bytes(pdf_bytes(2, "Tờ khai đăng ký khai sinh"))
    drop(page.attachments, [scan])
    assert "chờ đính kèm" in rows(page.attachments)[0]

    save_with_shortcut(window, page, qtbot)
    code = page.last.details[0].code
    settle(qtbot, ui)
    qtbot.waitUntil(lambda: len(files_read.list_files(desk, code)) == 1, timeout=10_000)
    saved = files_read.list_files(desk, code)[0]
    assert (saved.position, saved.digitised, saved.pages) == (1, True, 2)
    assert rows(page.attachments) == [], "the next visit starts with no papers"

    pane = DetailPane(ui)
    qtbot.addWidget(pane)
    pane.show()
    pane.load(code=code)
    qtbot.waitUntil(lambda: pane.detail is not None and pane.attachments.data is not None)
    first = rows(pane.attachments)[0]
    assert first.startswith("1. ") and "chưa số hóa" not in first
