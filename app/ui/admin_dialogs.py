""""Sao lưu và kiểm tra dữ liệu": the administrator's backup, restore and check, from inside the app.

One dialog with three actions, each run by `app.services.backup` / `app.services.checks` on the task
helper (writes on the write worker, so a restore waits for any save in progress). After a restore every
view is told that everything changed. The services check the permission again; the menu entry should
only be shown when `ctx.can("backup.run")`. UI thread.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.operations import store
from app.services import backup, checks
from app.ui.context import UiContext
from app.ui.save_path import ask_save_path
from app.ui.tasks import error_text


class DataSafetyDialog(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Sao lưu và kiểm tra dữ liệu"))
        self.setMinimumSize(640, 420)
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        row = QHBoxLayout()
        self.backup_button = QPushButton(self.tr("Sao lưu ngay…"))
        self.restore_button = QPushButton(self.tr("Khôi phục từ bản sao lưu…"))
        self.check_button = QPushButton(self.tr("Kiểm tra dữ liệu"))
        for b in (self.backup_button, self.restore_button, self.check_button):
            row.addWidget(b)
        layout.addLayout(row)
        self.report = QPlainTextEdit(readOnly=True)
        layout.addWidget(self.report, 1)
        buttons = QDialogButtonBox()
        buttons.addButton(self.tr("Đóng"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.backup_button.clicked.connect(self._ask_backup)
        self.restore_button.clicked.connect(self._ask_restore)
        self.check_button.clicked.connect(self.run_check)
        self._show_summary()

    # --- what is there -------------------------------------------------------------------------
    def _show_summary(self) -> None:
        folder = self.ctx.desk.paths.backups
        copies = sorted(folder.glob("*.sqlite3"), key=lambda p: p.stat().st_mtime, reverse=True)
        latest = copies[0].name if copies else self.tr("chưa có")
        encrypted = self.tr("được mã hóa") if self.ctx.desk.db.encrypted else self.tr("không mã hóa")
        self.summary.setText(self.tr(
            "Mỗi ngày ứng dụng tự sao lưu một lần và giữ 7 bản hằng ngày, 4 bản hằng tuần, 12 bản hằng tháng "
            "trong thư mục {folder}. Hiện có {n} bản; mới nhất: {latest}. Cơ sở dữ liệu và các bản sao lưu: {enc}."
        ).format(folder=folder, n=len(copies), latest=latest, enc=encrypted))

    def _busy(self, busy: bool) -> None:
        for b in (self.backup_button, self.restore_button, self.check_button):
            b.setEnabled(not busy)

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        self.report.setPlainText(error_text(exc))

    # --- backup ------------------------------------------------------------------------------
    def _ask_backup(self) -> None:
        stamp = self.ctx.desk.now().strftime("%Y%m%d-%H%M%S")
        start = str(self.ctx.desk.paths.backups / f"{backup.MANUAL_PREFIX}{stamp}.sqlite3")
        path = ask_save_path(self, self.tr("Lưu bản sao lưu"), start, self.tr("Bản sao lưu Một Cửa (*.sqlite3)"))
        if path:
            self.backup_to(path)

    def backup_to(self, path: Path) -> None:
        self._busy(True)
        self.report.setPlainText(self.tr("Đang sao lưu…"))
        # force: `ask_save_path` has asked "Ghi đè?"; a copy in backups/ is still never written over.
        self.ctx.tasks.run(store.backup_now, self.ctx.op, path, force=True, write=True,
                           on_done=self._backed_up, on_error=self._failed)

    def _backed_up(self, done: store.BackedUp) -> None:
        self._busy(False)
        # A copy outside backups/ stays as it is written (clear, or under today's key): the service says so.
        self.report.setPlainText("\n".join([self.tr("Đã sao lưu vào {path}.").format(path=done.path),
                                            *done.warnings]))
        self._show_summary()

    # --- restore -----------------------------------------------------------------------------
    def _ask_restore(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Chọn bản sao lưu"), str(self.ctx.desk.paths.backups),
                                              self.tr("Bản sao lưu Một Cửa (*.sqlite3)"))
        if not path:
            return
        answer = QMessageBox.question(self, self.tr("Khôi phục dữ liệu"), self.tr(
            "Thay toàn bộ dữ liệu hiện tại bằng bản sao lưu {name}? Tệp được kiểm tra trước; dữ liệu hiện tại được "
            "giữ lại thành một bản sao lưu riêng nên có thể quay lại.").format(name=Path(path).name))
        if answer == QMessageBox.StandardButton.Yes:
            self.restore_from(Path(path))

    def restore_from(self, path: Path) -> None:
        self._busy(True)
        self.report.setPlainText(self.tr("Đang kiểm tra và khôi phục…"))
        self.ctx.tasks.run(store.restore, self.ctx.op, path, write=True,
                           on_done=self._restored, on_error=self._failed)

    def _restored(self, restored: store.Restored) -> None:
        self._busy(False)
        rep = restored.report
        lines = [self.tr("Đã khôi phục từ {src} ({n} hồ sơ).").format(src=rep.restored_from.name, n=rep.dossiers),
                 self.tr("Dữ liệu trước khi khôi phục được giữ ở {aside}.").format(aside=rep.set_aside), *rep.notes]
        self.report.setPlainText("\n".join(lines))
        for kind in ("dossier", "settings", "catalogue", "sync"):
            self.ctx.notify_changed(kind)
        self._show_summary()

    # --- check -------------------------------------------------------------------------------
    def run_check(self) -> None:
        self._busy(True)
        self.report.setPlainText(self.tr("Đang kiểm tra (có thể mất vài phút với dữ liệu lớn)…"))
        self.ctx.tasks.run(store.run_checks, self.ctx.op, on_done=self._checked,
                           on_error=self._failed)

    def _checked(self, rep: checks.CheckReport) -> None:
        self._busy(False)
        self.report.setPlainText(rep.text())
