"""«Nhập sổ theo dõi từ hệ thống của tỉnh»: the administrator's wizard over app.operations.importing.

Four pages: pick the file (and sheet, and a saved column mapping), check the detected header row and edit
the column mapping (savable as a mapping file for next month), preview the first rows as dossiers with a
dry run of the whole file, then import with a progress bar and a Cancel button. Reading the file, the dry
run and the import run on the task helper (the import on the write worker); a cancelled or refused import
writes nothing. UI thread.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.operations import OpContext
from app.operations.importing import FIELD_CHOICES, import_register, preview_register, save_mapping
from app.services.register_import import RegisterPreview
from app.services.register_report import ImportReport, RegisterRefused
from app.ui import labels
from app.ui.context import UiContext
from app.ui.tasks import TaskCancelled, TaskControl, error_text

ERROR_STYLE = "color:#a4262c;"


def _dry_run(op: OpContext, path: Path, preview: RegisterPreview, control: TaskControl) -> ImportReport:
    return import_register(op, path, layout=preview.layout, dry_run=True,
                           progress=lambda done, total: control.progress(done, total)).report


def _import(op: OpContext, path: Path, preview: RegisterPreview, control: TaskControl) -> ImportReport:
    return import_register(op, path, layout=preview.layout,
                           progress=lambda done, total: control.progress(done, total)).report


def _dialog(parent: QWidget, title: str, name_filter: str, save: bool) -> QFileDialog:
    """A window-modal file dialog (not the static helpers, which block): the caller connects fileSelected."""
    dialog = QFileDialog(parent, title, "", name_filter)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen)
    if not save:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return dialog


class ImportWizard(QWizard):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.op = ctx.op
        self.preview: RegisterPreview | None = None
        self.report: ImportReport | None = None
        self.setWindowTitle(self.tr("Nhập sổ theo dõi hồ sơ từ hệ thống của tỉnh"))
        self.resize(1000, 640)
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.import_page = ImportPage(self)
        for page in (self.file_page, self.mapping_page, self.preview_page, self.import_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Tiếp theo >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< Quay lại"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Xong"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Đóng"))

    @property
    def path(self) -> Path:
        return Path(self.file_page.file.text().strip())

    def read(self, layout_fields: dict[int, str] | None = None) -> None:
        """(Re)read the header and the first rows; `layout_fields` re-maps columns of the current layout."""
        layout = self.preview.layout.with_fields(layout_fields) if self.preview and layout_fields is not None else None
        mapping = Path(self.file_page.mapping.text().strip()) if self.file_page.mapping.text().strip() else None
        sheet = self.file_page.sheet.currentText() or None
        self.file_page.status.setText(self.tr("Đang đọc tệp…"))
        self.ctx.tasks.run(preview_register, self.op, self.path, sheet=sheet, mapping_file=mapping, layout=layout,
                           on_done=self._read_done, on_error=self._read_failed)

    def _read_done(self, preview: RegisterPreview) -> None:
        self.preview = preview
        self.file_page.show_preview(preview)
        self.mapping_page.show_preview(preview)

    def _read_failed(self, exc: BaseException) -> None:
        self.preview = None
        self.file_page.show_error(error_text(exc))
        self.mapping_page.show_error(error_text(exc))


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
        dialog = _dialog(self, self.tr("Chọn sổ theo dõi"), self.tr("Sổ theo dõi (*.xlsx *.csv *.xls)"), False)
        dialog.fileSelected.connect(self._picked)
        dialog.open()

    def _browse_mapping(self) -> None:
        dialog = _dialog(self, self.tr("Chọn tệp ghép cột"), self.tr("Tệp ghép cột (*.json)"), False)
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
        dialog = _dialog(self, self.tr("Lưu tệp ghép cột"), self.tr("Tệp ghép cột (*.json)"), True)
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


class PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Xem trước và chạy thử"))
        headers = [self.tr("Dòng"), self.tr("Mã hồ sơ"), self.tr("Chủ hồ sơ"), self.tr("Thủ tục"),
                   self.tr("Ngày tiếp nhận"), self.tr("Ngày hẹn trả"), self.tr("Trạng thái"), self.tr("Lỗi")]
        self.table = QTableWidget(0, len(headers))
        self.table.setObjectName("preview")
        self.table.setHorizontalHeaderLabels(headers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.progress = QProgressBar()
        self.progress.setObjectName("dryProgress")
        self.summary = QPlainTextEdit()
        self.summary.setReadOnly(True)
        self.summary.setObjectName("drySummary")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary, 2)
        self.report: ImportReport | None = None

    def initializePage(self) -> None:
        preview = self.w.preview
        assert preview is not None
        self.table.setRowCount(len(preview.rows))
        for r, row in enumerate(preview.rows):
            values = (str(row.row), row.code, row.applicant_name, row.procedure_name,
                      f"{row.received_at:%d/%m/%Y %H:%M}" if row.received_at else "",
                      f"{row.due_at:%d/%m/%Y %H:%M}" if row.due_at else "",
                      labels.status(row.status) if row.status else "", row.problem)
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.report = None
        self.summary.setPlainText(self.tr("Đang chạy thử toàn bộ tệp (không ghi gì)…"))
        self.progress.setRange(0, 0)
        self.w.ctx.tasks.run(_dry_run, self.w.op, self.w.path, preview, with_control=True,
                             on_done=self._done, on_error=self._failed, on_progress=self._progress)

    def _progress(self, done: int, total: int, _text: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _done(self, report: ImportReport) -> None:
        self.report = report
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.summary.setPlainText(report.text())
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self.progress.setRange(0, 1)
        self.summary.setPlainText(error_text(exc))

    def isComplete(self) -> bool:
        return self.report is not None and self.report.ok


class ImportPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Nhập vào máy"))
        self.setSubTitle(self.tr("Mọi dòng được ghi cùng một lần: nếu hủy hoặc có lỗi thì không dòng nào được ghi. "
                                 "Trong lúc nhập, quầy không lưu được hồ sơ mới: hãy nhập ngoài giờ tiếp nhận."))
        self.import_button = QPushButton(self.tr("Nhập sổ"))
        self.import_button.setObjectName("importButton")
        self.cancel_button = QPushButton(self.tr("Hủy nhập"))
        self.cancel_button.setObjectName("cancelImport")
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setObjectName("importProgress")
        self.result = QPlainTextEdit()
        self.result.setReadOnly(True)
        self.result.setObjectName("importResult")
        row = QHBoxLayout()
        row.addWidget(self.import_button)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.progress)
        layout.addWidget(self.result, 1)
        self.control: TaskControl | None = None
        self.done = False
        self.import_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)

    def start(self) -> None:
        assert self.w.preview is not None
        self.import_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.result.setPlainText(self.tr("Đang nhập…"))
        self.control = self.w.ctx.tasks.run(
            _import, self.w.op, self.w.path, self.w.preview, with_control=True, write=True,
            on_done=self._done, on_error=self._failed, on_progress=self._progress)

    def cancel(self) -> None:
        if self.control is not None:
            self.control.cancel()
        self.cancel_button.setEnabled(False)

    def _progress(self, done: int, total: int, _text: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _done(self, report: ImportReport) -> None:
        self.w.report = report
        self.done = True
        self.cancel_button.setEnabled(False)
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.result.setPlainText(report.text())
        self.w.ctx.notify_changed("dossier", report.dossier_ids)
        self.w.ctx.say(self.tr("Đã nhập {n} hồ sơ từ sổ theo dõi của tỉnh.").format(n=report.created), "ok")
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self.cancel_button.setEnabled(False)
        self.import_button.setEnabled(True)
        self.progress.setValue(0)
        if isinstance(exc, TaskCancelled):
            self.result.setPlainText(self.tr("Đã hủy: chưa nhập hồ sơ nào."))
        elif isinstance(exc, RegisterRefused):
            self.result.setPlainText(exc.report.text())
        else:
            self.result.setPlainText(error_text(exc))

    def isComplete(self) -> bool:
        return self.done
