"""Asking where to save a file (PDF, Excel, backup copy…) and, when that file exists, "Ghi đè?" in
Vietnamese — the platform file dialog's own overwrite prompt is English on many desks, so it is turned
off (DontConfirmOverwrite) and this module asks instead. The operation then writes with force=True:
the person has agreed. UI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


def tr(text: str) -> str:
    return QCoreApplication.translate("SavePath", text)


def ask_save_path(parent: QWidget, title: str, start: str, file_filter: str) -> Path | None:
    """The path the person chose, or None when they cancelled or would not write over an existing file."""
    path, _ = QFileDialog.getSaveFileName(parent, title, start, file_filter,
                                          options=QFileDialog.Option.DontConfirmOverwrite)
    if not path:
        return None
    target = Path(path)
    return target if confirm_overwrite(parent, target) else None


def overwrite_box(parent: QWidget | None, path: Path) -> QMessageBox:
    """The question, with Vietnamese buttons; "Không ghi đè" is the default (Enter keeps the old file)."""
    box = QMessageBox(QMessageBox.Icon.Warning, tr("Ghi đè?"),
                      tr("Tệp «{name}» đã có trong thư mục {folder}.\nGhi đè lên tệp đó? Nội dung cũ sẽ mất.").format(
                          name=path.name, folder=path.parent), QMessageBox.StandardButton.NoButton, parent)
    box.addButton(tr("Ghi đè"), QMessageBox.ButtonRole.AcceptRole)
    keep = box.addButton(tr("Không ghi đè"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    return box


def confirm_overwrite(parent: QWidget | None, path: Path) -> bool:
    """True when `path` does not exist yet or the person agreed to write over it."""
    if not path.exists():
        return True
    box = overwrite_box(parent, path)
    box.exec()
    return box.buttonRole(box.clickedButton()) == QMessageBox.ButtonRole.AcceptRole
