"""The import wizard's first two pages: which file to import, and how its columns map to a dossier's fields.

`FilePage` picks the register (a spreadsheet or CSV; the sheet when there are several) and, optionally, a
column mapping saved last month; it shows the header row the reader detected. `MappingPage` shows each
column with the field it fills, lets the administrator change one (the wizard reads the file again with
the new mapping) and saves the mapping to a file for next time. File dialogs are window-modal. UI thread;
reading runs on the task helper through the wizard (ImportWizard.read).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from app.operations.importing import FIELD_CHOICES, save_mapping
from app.services.register_import import RegisterPreview
from app.ui.tasks import error_text

if TYPE_CHECKING:
    from app.ui.import_wizard import ImportWizard

ERROR_STYLE = "color:#a4262c;"


def file_dialog(parent: QWidget, title: str, name_filter: str, save: bool) -> QFileDialog:
    """A window-modal file dialog (not the static helpers, which block): the caller connects fileSelected."""
    dialog = QFileDialog(parent, title, "", name_filter)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen)
    if not save:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return dialog


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Chọn tệp sổ theo dõi"))
        self.setSubTitle(self.tr("Sổ xuất từ hệ thống một cửa của tỉnh, dạng Excel (.xlsx) hoặc CSV."))
        self.file = QLineEdit()
        self.file.setObjectName("file")
        browse = QPushButton(self.tr("Chọn tệp…"))
        self.read_button = QPushButton(self.tr("Đọc tệp"))
        self.read_button.setObjectName("read")
        self.sheet = QComboBox()
        self.sheet.setObjectName("sheet")
        self.mapping = QLineEdit()
        self.mapping.setObjectName("mapping")
        self.mapping.setPlaceholderText(self.tr("(không bắt buộc) tệp ghép cột đã lưu lần trước"))
        pick_mapping = QPushButton(self.tr("Chọn tệp ghép cột…"))
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        for label, widgets in ((self.tr("Tệp:"), (self.file, browse, self.read_button)),
                               (self.tr("Trang:"), (self.sheet,)),
                               (self.tr("Ghép cột:"), (self.mapping, pick_mapping))):
            row = QHBoxLayout()
            row.addWidget(QLabel(label))
            for widget in widgets:
                row.addWidget(widget, 1 if isinstance(widget, (QLineEdit, QComboBox)) else 0)
            layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addStretch(1)
        browse.clicked.connect(self._browse)
        pick_mapping.clicked.connect(self._browse_mapping)
        self.read_button.clicked.connect(lambda: self.w.read())
        self.sheet.activated.connect(lambda _i: self.w.read())
        self.file.textEdited.connect(self._forget)

    def _forget(self) -> None:
        self.w.preview = None
        self.sheet.clear()
        self.completeChanged.emit()

    def _browse(self) -> None:
        dialog = file_dialog(self, self.tr("Chọn sổ theo dõi"), self.tr("Sổ theo dõi (*.xlsx *.csv *.xls)"), False)
        dialog.fileSelected.connect(self._picked)
        dialog.open()

    def _browse_mapping(self) -> None:
        dialog = file_dialog(self, self.tr("Chọn tệp ghép cột"), self.tr("Tệp ghép cột (*.json)"), False)
        dialog.fileSelected.connect(self._picked_mapping)
        dialog.open()

    def _picked(self, name: str) -> None:
        self.file.setText(name)
        self._forget()
        self.w.read()

    def _picked_mapping(self, name: str) -> None:
        self.mapping.setText(name)
        self.w.read()

    def show_preview(self, preview: RegisterPreview) -> None:
        current = self.sheet.currentText()
        self.sheet.blockSignals(True)
        self.sheet.clear()
        self.sheet.addItems(preview.sheet_names)
        self.sheet.setCurrentText(current or preview.layout.sheet)
        self.sheet.blockSignals(False)
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Đã đọc trang «{sheet}»: dòng tiêu đề {row}, {n} cột được nhận ra.").format(
            sheet=preview.layout.sheet, row=preview.layout.header_row,
            n=sum(1 for c in preview.layout.columns if c.field)))
        self.completeChanged.emit()

    def show_error(self, text: str) -> None:
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(text)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.w.preview is not None


class MappingPage(QWizardPage):
    COL_LETTER, COL_HEADER, COL_FIELD = range(3)

    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Dòng tiêu đề và ghép cột"))
        self.header = QLabel()
        self.header.setObjectName("header")
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("columns")
        self.table.setHorizontalHeaderLabels([self.tr("Cột"), self.tr("Tiêu đề trong tệp"), self.tr("Là trường")])
        self.table.horizontalHeader().setSectionResizeMode(self.COL_HEADER, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setColumnWidth(self.COL_FIELD, 260)
        self.problems = QLabel()
        self.problems.setObjectName("problems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(ERROR_STYLE)
        self.save_button = QPushButton(self.tr("Lưu tệp ghép cột…"))
        self.save_button.setObjectName("saveMapping")
        self.saved = QLabel()
        self.saved.setObjectName("saved")
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problems)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.saved, 1)
        layout.addLayout(row)
        self.save_button.clicked.connect(self._ask_save)

    def combo(self, row: int) -> QComboBox:
        widget = self.table.cellWidget(row, self.COL_FIELD)
        assert isinstance(widget, QComboBox)
        return widget

    def show_preview(self, preview: RegisterPreview) -> None:
        layout = preview.layout
        self.header.setText(self.tr("Dòng tiêu đề: dòng {row} ({height} dòng); hồ sơ bắt đầu từ dòng {first}.")
                            .format(row=layout.header_row, height=layout.header_rows, first=layout.first_data_row))
        self.table.setRowCount(len(layout.columns))
        for r, column in enumerate(layout.columns):
            self.table.setItem(r, self.COL_LETTER, QTableWidgetItem(column.letter))
            self.table.setItem(r, self.COL_HEADER, QTableWidgetItem(column.header))
            combo = QComboBox()
            for choice in FIELD_CHOICES:
                combo.addItem(choice.label, choice.key)
            combo.setCurrentIndex(combo.findData(column.field))
            combo.activated.connect(lambda _i, r=r: self._remap(r))
            self.table.setCellWidget(r, self.COL_FIELD, combo)
        self.problems.setText("\n".join(preview.problems))
        self.completeChanged.emit()

    def show_error(self, text: str) -> None:
        self.problems.setText(text)
        self.completeChanged.emit()

    def _remap(self, row: int) -> None:
        assert self.w.preview is not None
        column = self.w.preview.layout.columns[row]
        self.w.read({column.index: self.combo(row).currentData()})

    def _ask_save(self) -> None:
        dialog = file_dialog(self, self.tr("Lưu tệp ghép cột"), self.tr("Tệp ghép cột (*.json)"), True)
        dialog.setDefaultSuffix("json")
        dialog.fileSelected.connect(self.save_to)
        dialog.open()

    def save_to(self, name: str) -> None:
        assert self.w.preview is not None
        self.w.ctx.tasks.run(save_mapping, self.w.op, self.w.preview.layout, Path(name),
                             on_done=lambda path: self.saved.setText(self.tr("Đã lưu {path}").format(path=path)),
                             on_error=lambda exc: self.saved.setText(error_text(exc)))

    def isComplete(self) -> bool:
        return self.w.preview is not None and not self.w.preview.problems
