"""Getting a rendered form onto paper: straight to the configured printer, through the print dialog, or
into a preview — the one place that decides, so intake, the detail pane and reprints behave alike.

The print dialog runs on the UI thread; rasterising and painting onto the printer (allowed off the GUI
thread for QPrinter) run on the task helper's read pool so a 300 dpi page never freezes the window.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from app.ui.context import UiContext
from app.ui.pdf_output import named_printer, print_pdf
from app.ui.pdf_preview_dialog import PdfPreviewDialog
from app.ui.print_dialog import print_dialog


def preview(ctx: UiContext, parent: QWidget | None, pdf: bytes, title: str, file_name: str) -> PdfPreviewDialog:
    dialog = PdfPreviewDialog(ctx, pdf, title, file_name, parent)
    dialog.setModal(False)
    dialog.show()
    return dialog


def send_to_printer(ctx: UiContext, pdf: bytes, printer: QPrinter, what: str) -> None:
    name = printer.printerName() or printer.outputFileName()
    ctx.tasks.run(print_pdf, pdf, printer,
                  on_done=lambda pages: ctx.say(
                      QCoreApplication.translate("PrintFlow", "Đã in {what} ({pages} trang) trên máy in {printer}.").format(
                          what=what, pages=pages, printer=name), "ok"),
                  on_error=lambda exc: ctx.say(
                      QCoreApplication.translate("PrintFlow", "Không in được {what}: máy in {printer} không nhận lệnh in. Hãy kiểm tra máy in, "
                          "hoặc mở bản xem trước để lưu tệp PDF.").format(what=what, printer=name), "error"))


def deliver(ctx: UiContext, parent: QWidget | None, pdf: bytes, title: str, file_name: str) -> QDialog | None:
    """Print per the settings; returns the preview dialog when one was opened instead."""
    if ctx.setting("print_direct"):
        printer = named_printer(ctx.setting("printer_name"))
        if printer is None:
            ctx.say(QCoreApplication.translate("PrintFlow", "Chưa có máy in mặc định nên chưa in được; đã mở bản xem trước. "
                        "Hãy cài máy in hoặc tắt «In thẳng» trong Thiết lập."), "error")
            return preview(ctx, parent, pdf, title, file_name)
        send_to_printer(ctx, pdf, printer, title)
        return None
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = print_dialog(printer, parent)
    dialog.setWindowTitle(title)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        send_to_printer(ctx, pdf, printer, title)
    return None
