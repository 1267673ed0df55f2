"""Preview of a form (slip, supplement request, apology…) with Print and Save-as-PDF buttons.

Pages are rasterised with pypdfium2 on the read pool and shown as images in a scroll area; the dialog
opens at once with "Đang dựng trang…" and never waits on the renderer. Printing asks with the print dialog (`app.ui.print_dialog`, in Vietnamese).
UI thread.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.errors import MotCuaError
from app.operations.exports import save
from app.ui import screen_fit
from app.ui.context import UiContext
from app.ui.pdf_output import page_images, print_pdf
from app.ui.print_dialog import print_dialog
from app.ui.save_path import ask_save_path


class PdfPreviewDialog(QDialog):
    def __init__(self, ctx: UiContext, pdf: bytes, title: str, file_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.pdf, self.file_name = ctx, pdf, file_name
        self.setWindowTitle(title)
        self.pages = QWidget()
        self.pages_layout = QVBoxLayout(self.pages)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.status = QLabel(self.tr("Đang dựng trang…"))
        self.pages_layout.addWidget(self.status)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.pages)
        scroll.setStyleSheet("QScrollArea { background: #7a7a7a; }")
        self.print_button = QPushButton(self.tr("In… (Ctrl+P)"))
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self.print_with_dialog)
        save = QPushButton(self.tr("Lưu tệp PDF…"))
        save.clicked.connect(self.save_as)
        close = QPushButton(self.tr("Đóng"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel(title))
        buttons.addStretch(1)
        for b in (self.print_button, save, close):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_with_dialog)
        # A page is 860 px tall at screen size: on a 768-px screen the dialog takes the free height and the
        # page scrolls, so In / Lưu / Đóng stay on screen.
        screen_fit.fit_dialog(self, 720, 860)
        self.rendered = 0
        ctx.tasks.run(page_images, pdf, on_done=self._show_pages, on_error=self._render_failed)

    def _show_pages(self, images: list[QImage]) -> None:
        self.status.hide()
        for img in images:
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(img))
            label.setStyleSheet("background: white; margin: 6px;")
            self.pages_layout.addWidget(label)
        self.rendered = len(images)

    def _render_failed(self, exc: BaseException) -> None:
        self.status.setText(self.tr("Không dựng được bản xem trước; vẫn có thể in hoặc lưu tệp PDF."))

    def print_with_dialog(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = print_dialog(printer, self)
        dialog.setWindowTitle(self.tr("In phiếu"))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            pages = print_pdf(self.pdf, printer)
            self.ctx.say(self.tr("Đã gửi {pages} trang tới máy in.").format(pages=pages), "ok")

    def save_as(self) -> None:
        path = ask_save_path(self, self.tr("Lưu tệp PDF"), str(Path.home() / self.file_name),
                             self.tr("Tệp PDF (*.pdf)"))
        if path:  # "Ghi đè?" has been asked for an existing file; the data folder stays refused
            try:
                save(self.ctx.op, path, self.pdf, force=True)
            except MotCuaError as exc:
                self.ctx.say(exc.message, "error")
                return
            self.ctx.say(self.tr("Đã lưu {path}.").format(path=path), "ok")
