"""PDF bytes to the screen and to a printer: pages rasterised with pypdfium2, drawn with QPainter.

PySide6-Essentials has no QtPdf module, so previews and printing both go through pypdfium2 (the same
renderer the tests use to read barcodes back). Printing sets the printer's page size to the PDF's page
size, so an A5 slip, an A4 form or an 80 mm roll receipt each come out at their real size.
`page_images` may run on any thread (QImage is not a widget); `print_pdf` and `default_printer` on the
UI thread.
"""

from __future__ import annotations

import pypdfium2 as pdfium
from PySide6.QtCore import QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from app.services.pdfium_lock import PDFIUM

POINTS_PER_INCH = 72.0
#: Raster resolution for printing: sharp barcodes without multi-hundred-megabyte pages.
PRINT_DPI = 300


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """Each page's (width, height) in points."""
    with PDFIUM:
        doc = pdfium.PdfDocument(pdf)
        try:
            return [tuple(doc[i].get_size()) for i in range(len(doc))]  # type: ignore[misc]
        finally:
            doc.close()


def page_images(pdf: bytes, dpi: float = 110, pages: list[int] | None = None) -> list[QImage]:
    """Rasterise pages to QImages (white background)."""
    with PDFIUM:
        doc = pdfium.PdfDocument(pdf)
        try:
            out = []
            for i in pages if pages is not None else range(len(doc)):
                bitmap = doc[i].render(scale=dpi / POINTS_PER_INCH, prefer_bgrx=True, may_draw_forms=False)
                # BGRx bytes are QImage's RGB32 on little-endian machines; copy() detaches from pdfium's buffer.
                img = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB32)
                out.append(img.copy())
                bitmap.close()
            return out
        finally:
            doc.close()


def default_printer() -> QPrinter | None:
    """The system's default printer, or None when none is configured."""
    info = QPrinterInfo.defaultPrinter()
    if info.isNull():
        return None
    return QPrinter(info, QPrinter.PrinterMode.HighResolution)


def named_printer(name: str) -> QPrinter | None:
    info = QPrinterInfo.printerInfo(name) if name else QPrinterInfo()
    if info.isNull():
        return default_printer()
    return QPrinter(info, QPrinter.PrinterMode.HighResolution)


def print_pdf(pdf: bytes, printer: QPrinter, dpi: int = PRINT_DPI) -> int:
    """Send every page of `pdf` to `printer` at its own paper size; returns the number of pages printed."""
    sizes = page_sizes(pdf)
    if not sizes:
        return 0
    printer.setFullPage(True)

    def set_size(w: float, h: float) -> None:
        layout = QPageLayout(QPageSize(QSizeF(w, h), QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch),
                             QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))
        printer.setPageLayout(layout)

    set_size(*sizes[0])
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("printer refused to start")
    try:
        for i, (w, h) in enumerate(sizes):
            if i:
                set_size(w, h)
                printer.newPage()
            img = page_images(pdf, dpi, [i])[0]
            target = painter.viewport()
            painter.drawImage(QRectF(0, 0, target.width(), target.height()), img)
    finally:
        painter.end()
    return len(sizes)
