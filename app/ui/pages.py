"""Page registry: the pages built on first show, and the sync indicator of the status bar.

Built-in and built at once: Hôm nay (start), Tiếp nhận (intake), Hồ sơ (list). The others are listed in
`LAZY_PAGES`, each with the function that builds it (its module is imported only then):

- Đồng bộ → ``app.ui.sync_page.create_page(ctx, parent)``
- Báo cáo → ``app.ui.reports_page.create_page(ctx, parent)``, shown to users with ``report.read``
- Quản trị → ``app.ui.admin_page.create_page(ctx, parent)`` (users and agency details), with ``user.manage``
- the status bar's sync indicator → ``app.ui.sync_status.create_status_widget(ctx, parent)``; if it has an
  ``open_requested`` signal, that signal opens the Sync page.

`ctx` gives the desk, the signed-in actor, `ctx.tasks.run(...)` for work off the UI thread (write=True for
database writes), `ctx.bus.changed(kind, ids)` to announce or hear changes, and `ctx.say(text, level)` for
the message strip. A page widget may define `page_shown()`, called each time its page is brought up, and
a page or the status widget may define `shutdown()`, called when the window closes (before the database
closes): the place to stop timers and wait for its own background threads.
A page is built the first time it is shown (the window opens without paying for it); one that fails to
import or build is logged and replaced by a short notice, so the rest of the window keeps working.
UI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.ui.context import UiContext

log = logging.getLogger(__name__)


Builder = Callable[[UiContext, QWidget | None], QWidget]


def _sync_page(ctx: UiContext, parent: QWidget | None) -> QWidget:
    from app.ui.sync_page import create_page

    return create_page(ctx, parent)


def _reports_page(ctx: UiContext, parent: QWidget | None) -> QWidget:
    from app.ui.reports_page import create_page

    return create_page(ctx, parent)


def _admin_page(ctx: UiContext, parent: QWidget | None) -> QWidget:
    from app.ui.admin_page import create_page

    return create_page(ctx, parent)


def _sync_status(ctx: UiContext, parent: QWidget | None) -> QWidget:
    from app.ui.sync_status import create_status_widget

    return create_status_widget(ctx, parent)


@dataclass(frozen=True)
class LazyPageSpec:
    key: str
    title: str
    build: Builder
    permission: str | None = None

    @property
    def label(self) -> str:
        return QCoreApplication.translate("Pages", self.title)


LAZY_PAGES = [
    LazyPageSpec("sync", QT_TRANSLATE_NOOP("Pages", "Đồng bộ"), _sync_page),
    LazyPageSpec("reports", QT_TRANSLATE_NOOP("Pages", "Báo cáo"), _reports_page, "report.read"),
    LazyPageSpec("admin", QT_TRANSLATE_NOOP("Pages", "Quản trị"), _admin_page, "user.manage"),
]
STATUS_WIDGET: Builder = _sync_status


def _notice(text: str, parent: QWidget | None) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet("color:#7f1d1d; padding:24px;")
    return label


class LazyPage(QWidget):
    """Holds an optional page and builds it the first time it is shown, so the window opens fast.

    Not a scroll area: the pages' own tables scroll, and a second scroll area around them cut their
    columns short. `motcua selftest --screen` checks that each page fits the screen."""

    def __init__(self, spec: LazyPageSpec, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.spec, self.ctx = spec, ctx
        self.page: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def ensure_built(self) -> QWidget:
        if self.page is None:
            self.page = _build(self.spec, self.ctx, self)
            self._layout.addWidget(self.page)
        return self.page

    def page_shown(self) -> None:
        page = self.ensure_built()
        if hasattr(page, "page_shown"):
            page.page_shown()

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.ensure_built()
        super().showEvent(event)


def _build(spec: LazyPageSpec, ctx: UiContext, parent: QWidget) -> QWidget:
    try:
        return spec.build(ctx, parent)
    except Exception as exc:  # one broken page must not keep the desk from working
        log.exception("page %s could not be built", spec.key)
        return _notice(QCoreApplication.translate(
            "Pages", "Trang «{page}» chưa mở được ({error}). Các phần khác vẫn dùng bình thường; "
            "hãy báo bộ phận CNTT.").format(page=spec.label, error=type(exc).__name__), parent)


def optional_pages(ctx: UiContext, parent: QWidget | None = None) -> list[tuple[LazyPageSpec, LazyPage]]:
    """The lazily built pages the signed-in user may see, each built on first show."""
    return [(spec, LazyPage(spec, ctx, parent)) for spec in LAZY_PAGES
            if not spec.permission or ctx.can(spec.permission)]


def status_widget(ctx: UiContext, parent: QWidget | None = None) -> QWidget | None:
    try:
        return STATUS_WIDGET(ctx, parent)
    except Exception:  # the status bar works without the sync indicator
        log.exception("the sync indicator could not be built")
        return None
