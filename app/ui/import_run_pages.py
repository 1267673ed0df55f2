"""The import wizard's last two pages: a dry run of the whole file, then the import itself.

`PreviewPage` shows the first rows as the dossiers they would become and runs the whole file as a dry run
(nothing written) with a progress bar, so the administrator sees every refused row before importing.
`ImportPage` imports on the write worker with a progress bar and a Cancel button; a cancelled or refused
import writes nothing, and the page says what was imported or why not. UI thread; the work runs on the
task helper.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QHBoxLayout,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from app.operations import OpContext
from app.operations.importing import import_register
from app.services.register_import import RegisterPreview
from app.services.register_report import ImportReport, RegisterRefused
from app.ui import labels
from app.ui.tasks import TaskCancelled, TaskControl, error_text

if TYPE_CHECKING:
    from app.ui.import_wizard import ImportWizard


def _dry_run(op: OpContext, path: Path, preview: RegisterPreview, control: TaskControl) -> ImportReport:
    return import_register(op, path, layout=preview.layout, dry_run=True,
                           progress=lambda done, total: control.progress(done, total)).report


def _import(op: OpContext, path: Path, preview: RegisterPreview, control: TaskControl) -> ImportReport:
    return import_register(op, path, layout=preview.layout,
                           progress=lambda done, total: control.progress(done, total)).report


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
