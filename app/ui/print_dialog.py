"""The desk's own print dialog, in Vietnamese: printer, number of copies, paper. Used instead of Qt's
QPrintDialog when Qt ships no Vietnamese for it (no qtbase_vi), so the clerk never meets an English
dialog. `print_dialog(printer, parent)` returns whichever applies; both configure `printer` on accept.
UI thread.
"""

from __future__ import annotations

from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QSpinBox, QWidget

from app.ui.fields import dialog_body, error_label
from app.ui.i18n import qt_translation_loaded

PAPERS = (("A4", QPageSize.PageSizeId.A4), ("A5", QPageSize.PageSizeId.A5))


class VnPrintDialog(QDialog):
    def __init__(self, printer: QPrinter, parent: QWidget | None = None):
        super().__init__(parent)
        self.printer = printer
        self.setWindowTitle(self.tr("In"))
        self.setMinimumWidth(420)
        self.printers = QComboBox()
        default = QPrinterInfo.defaultPrinterName()
        for name in QPrinterInfo.availablePrinterNames():
            self.printers.addItem(name + (self.tr(" (mặc định)") if name == default else ""), name)
        self.printers.setCurrentIndex(max(0, self.printers.findData(default)))
        self.copies = QSpinBox()
        self.copies.setRange(1, 20)
        self.paper = QComboBox()
        for text, size in PAPERS:
            self.paper.addItem(text, size)
        self.error = error_label()
        form = QFormLayout()
        form.addRow(self.tr("Máy in"), self.printers)
        form.addRow(self.tr("Số bản"), self.copies)
        form.addRow(self.tr("Khổ giấy"), self.paper)
        dialog_body(self, [form], self.error, self.tr("In"), self.tr("Hủy"), self.check)

    def check(self) -> None:
        if self.printers.count() == 0:
            self.error.setText(self.tr("Máy này chưa cài máy in nào. Hãy cài máy in, hoặc lưu tệp PDF để in ở máy khác."))
            self.error.show()
            return
        self.printer.setPrinterName(self.printers.currentData())
        self.printer.setCopyCount(self.copies.value())
        self.printer.setPageSize(QPageSize(self.paper.currentData()))
        self.accept()


def print_dialog(printer: QPrinter, parent: QWidget | None = None) -> QDialog:
    return QPrintDialog(printer, parent) if qt_translation_loaded() else VnPrintDialog(printer, parent)
