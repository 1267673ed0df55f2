"""Page registry: the built-in pages and the optional ones other parts of the app provide.

Built-in: Hôm nay (start), Tiếp nhận (intake), Hồ sơ (list). Optional pages are modules that may or may
not be present; each is imported by name and, when present, asked for its widget:

- ``app.ui.sync_page``    → ``create_page(ctx: UiContext, parent: QWidget | None) -> QWidget`` (Đồng bộ)
- ``app.ui.reports_page`` → ``create_page(ctx: UiContext, parent: QWidget | None) -> QWidget`` (Báo cáo;
  shown to users with the ``report.read`` permission)
- ``app.ui.sync_status``  → ``create_status_widget(ctx: UiContext, parent: QWidget | None) -> QWidget``, put
  at the right of the status bar; if it has an ``open_requested`` signal, that signal opens the Sync page.

`ctx` gives the desk, the signed-in actor, `ctx.tasks.run(...)` for work off the UI thread (write=True for
database writes), `ctx.bus.changed(kind, ids)` to announce or hear changes, and `ctx.say(text, level)` for
the message strip. A page widget may define `page_shown()`, called each time its page is brought up, and
a page or the status widget may define `shutdown()`, called when the window closes (before the database
closes): the place to stop timers and wait for its own background threads.
A missing module is skipped; a page is built the first time it is shown (the window opens without paying
for it); one that fails to import or build is logged and replaced by a short notice, so the rest of the
window keeps working. UI thread.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QWidget

from app.ui.context import UiContext

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OptionalPage:
    key: str
    title: str
    module: str
    permission: str | None = None

    @property
    def label(self) -> str:
        return QCoreApplication.translate("Pages", self.title)


OPTIONAL_PAGES = [
    OptionalPage("sync", QT_TRANSLATE_NOOP("Pages", "Đồng bộ"), "app.ui.sync_page"),
    OptionalPage("reports", QT_TRANSLATE_NOOP("Pages", "Báo cáo"), "app.ui.reports_page", "report.read"),
]
STATUS_WIDGET_MODULE = "app.ui.sync_status"


def _notice(text: str, parent: QWidget | None) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet("color:#7f1d1d; padding:24px;")
    return label


class LazyPage(QScrollArea):
    """Holds an optional page and builds it the first time it is shown, so the window opens fast.

    In a scroll area as well, so a wide page never forces the whole window wider than the screen."""

    def __init__(self, spec: OptionalPage, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.spec, self.ctx = spec, ctx
        self.page: QWidget | None = None
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)

    def ensure_built(self) -> QWidget:
        if self.page is None:
            self.page = _build(self.spec, self.ctx, self)
            self.setWidget(self.page)
        return self.page

    def page_shown(self) -> None:
        page = self.ensure_built()
        if hasattr(page, "page_shown"):
            page.page_shown()

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.ensure_built()
        super().showEvent(event)


def _build(spec: OptionalPage, ctx: UiContext, parent: QWidget) -> QWidget:
    try:
        return importlib.import_module(spec.module).create_page(ctx, parent)
    except Exception as exc:  # one broken page must not keep the desk from working
        log.exception("page %s could not be built", spec.module)
        return _notice(QCoreApplication.translate(
            "Pages", "Trang «{page}» chưa mở được ({error}). Các phần khác vẫn dùng bình thường; "
            "hãy báo bộ phận CNTT.").format(page=spec.label, error=type(exc).__name__), parent)


def _present(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def optional_pages(ctx: UiContext, parent: QWidget | None = None) -> list[tuple[OptionalPage, LazyPage]]:
    """The optional pages present in this build that the signed-in user may see, each built on first show."""
    return [(spec, LazyPage(spec, ctx, parent)) for spec in OPTIONAL_PAGES
            if (not spec.permission or ctx.can(spec.permission)) and _present(spec.module)]


def status_widget(ctx: UiContext, parent: QWidget | None = None) -> QWidget | None:
    if not _present(STATUS_WIDGET_MODULE):
        return None
    try:
        return importlib.import_module(STATUS_WIDGET_MODULE).create_status_widget(ctx, parent)
    except Exception:  # the status bar works without the sync indicator
        log.exception("status widget %s could not be built", STATUS_WIDGET_MODULE)
        return None
