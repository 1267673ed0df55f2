"""The digitising tab of the intake at 1366×768: the form sits at its minimum height there, where the
papers' list showed two or three rows. With the tab open, group 2 takes the page's visible height and is
scrolled into view: the list shows six rows or more (eleven at the default font) and the whole panel is on
screen. Back on "Thành phần" the form is as before."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt

from .conftest import settle, type_text


def on_screen(page, widget) -> bool:  # type: ignore[no-untyped-def]
    viewport = page.scroll.viewport()
    top_left = widget.mapTo(viewport, QPoint(0, 0))
    return QRect(QPoint(0, 0), viewport.size()).contains(QRect(top_left, widget.size()))


def test_the_digitising_tab_gets_the_page_height(window, ui, qtbot):
    window.resize(1366, 768)
    window.show_page("intake")
    page = window.intake
    settle(qtbot, ui)
    type_text(page.picker.search, "đăng ký khai sinh")
    qtbot.keyClick(page.picker.search, Qt.Key.Key_Return)
    settle(qtbot, ui)
    panel = page.attachments
    row = panel.papers.sizeHintForRow(0)
    assert row > 0
    page.paper_tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: on_screen(page, page.paper_tabs.parentWidget()))
    # At its minimum the list is 70 px (two or three rows under its scroll bar); now it has several times that.
    assert panel.papers.height() >= 1.5 * panel.papers.minimumSizeHint().height()
    assert panel.papers.viewport().height() >= 6 * row
    assert on_screen(page, panel) and on_screen(page, panel.reuse_button)
    window.grab().save(str(window.ctx.desk.paths.data_dir / "digitising-1366x768.png"))
    page.paper_tabs.setCurrentIndex(0)
    assert page.paper_tabs.parentWidget().minimumHeight() == 0
