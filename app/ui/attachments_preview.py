"""The attachments panel's preview: the selected paper's first page, and opening it in the system's viewer.

`show_file(file)` asks for the first page rendered by PDFium (operations.files.preview_png, 300 px wide)
and shows it unless the clerk has moved on to another paper meanwhile; a paper not digitised yet says how
to attach one. `open_file(file)` streams a private copy to disk (files_view) and hands it to the system's
viewer; the copies are removed when the panel that holds this preview goes. Its texts belong to the
panel's translation context. UI thread; the work runs in ctx.tasks.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QPixmap
from PySide6.QtWidgets import QLabel, QWidget

from app.operations import files as ops
from app.ui.context import UiContext


class PaperPreview(QLabel):
    def __init__(self, ctx: UiContext, on_error: Callable[[BaseException], None], parent: QWidget | None = None):
        super().__init__(QCoreApplication.translate("AttachmentsPanel", "Chọn một giấy tờ đã số hóa để xem trang đầu."),
                         parent)
        self.ctx = ctx
        self.on_error = on_error
        self._preview_for = ""
        # Private copies opened in the system's viewer (files_view): removed when the panel goes.
        self._copies: list[Path] = []
        self.destroyed.connect(lambda *_a, copies=self._copies: [ops.drop_copy(p) for p in copies])
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(220, 300)
        self.setWordWrap(True)

    def show_file(self, f: ops.AttachedFile | None) -> None:
        if f is None:
            self.setPixmap(QPixmap())
            self.setText(QCoreApplication.translate(
                "AttachmentsPanel", "Giấy tờ này chưa số hóa. Kéo thả tệp, Ctrl+O hoặc F8 để đính kèm."))
            return
        self._preview_for = f.uuid
        self.ctx.tasks.run(ops.preview_png, self.ctx.op, f.uuid, 300, on_error=self.on_error,
                           on_done=lambda png, uuid=f.uuid: self._preview_ready(uuid, png))

    def _preview_ready(self, uuid: str, png: bytes) -> None:
        if uuid != self._preview_for:
            return  # the clerk has moved on
        pixmap = QPixmap()
        pixmap.loadFromData(png, "PNG")
        self.setPixmap(pixmap)

    def open_file(self, f: ops.AttachedFile) -> None:
        """The paper opens in the system's viewer from a private copy streamed to disk."""

        def opened(path: Path) -> None:
            if not shiboken6.isValid(self):  # the pane closed before the copy was ready
                ops.drop_copy(path)
                return
            self._copies.append(path)
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

        self.ctx.tasks.run(ops.open_copy, self.ctx.op, f.uuid, on_done=opened, on_error=self.on_error)
