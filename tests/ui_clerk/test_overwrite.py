"""Saving over an existing file asks "Ghi đè?" in Vietnamese (not the file dialog's English prompt), with
"Không ghi đè" as the default; a backup copy outside backups/ says how it is stored."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.ui.admin_dialogs import DataSafetyDialog
from app.ui.save_path import confirm_overwrite

from .conftest import settle


def _answer(label: str, seen: list[str]) -> None:
    """Click `label` on the question once it is open (it runs its own event loop)."""
    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        seen.append(box.windowTitle() + " | " + box.text() + " | " + box.defaultButton().text())
        next(b for b in box.buttons() if b.text() == label).click()
    QTimer.singleShot(0, click)


def test_an_existing_file_is_written_over_only_when_the_person_agrees(qtbot, tmp_path):
    new = tmp_path / "moi.pdf"
    assert confirm_overwrite(None, new)  # nothing to ask
    old = tmp_path / "phieu-hen.pdf"
    old.write_bytes(b"old")
    seen: list[str] = []
    _answer("Không ghi đè", seen)
    assert not confirm_overwrite(None, old)
    assert seen and seen[0].startswith("Ghi đè? | Tệp «phieu-hen.pdf» đã có") and seen[0].endswith("| Không ghi đè")
    _answer("Ghi đè", seen)
    assert confirm_overwrite(None, old)
    assert old.read_bytes() == b"old"  # asking writes nothing


def test_backup_copy_outside_backups_says_it_is_clear(ui, qtbot, tmp_path):
    dialog = DataSafetyDialog(ui)
    qtbot.addWidget(dialog)
    dialog.backup_to(tmp_path / "ban-sao.sqlite3")
    settle(qtbot, ui)
    qtbot.waitUntil(lambda: "Đã sao lưu" in dialog.report.toPlainText())
    text = dialog.report.toPlainText()
    assert "ngoài thư mục backups" in text and "KHÔNG được mã hóa" in text
