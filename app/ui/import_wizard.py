"""«Nhập sổ theo dõi từ hệ thống của tỉnh»: the administrator's wizard over app.operations.importing.

Four pages: pick the file (and sheet, and a saved column mapping), check the detected header row and edit
the column mapping (savable as a mapping file for next month), preview the first rows as dossiers with a
dry run of the whole file, then import with a progress bar and a Cancel button. Reading the file, the dry
run and the import run on the task helper (the import on the write worker); a cancelled or refused import
writes nothing. The pages live in import_source_pages (file, mapping) and import_run_pages (dry run,
import); the wizard holds what they share: the file's path, its preview and reading it. UI thread.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget, QWizard

from app.operations.importing import preview_register
from app.services.register_import import RegisterPreview
from app.services.register_report import ImportReport
from app.ui.context import UiContext
from app.ui.import_run_pages import ImportPage, PreviewPage
from app.ui.import_source_pages import FilePage, MappingPage
from app.ui.tasks import error_text


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
