"""Long work with a progress bar and a Cancel button: `run_with_progress` starts a task that takes a
`control`, shows a progress dialog after a short moment (quick jobs never flash a window), and cancels
the task when the user asks. UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.ui.context import UiContext
from app.ui.tasks import TaskCancelled, TaskControl, error_text


def run_with_progress(ctx: UiContext, parent: QWidget | None, title: str, fn: Callable[..., Any], *args: Any,
                      on_done: Callable[[Any], None], describe: Callable[[int, int], str] | None = None,
                      write: bool = False) -> tuple[TaskControl, QProgressDialog]:
    dialog = QProgressDialog(title, QCoreApplication.translate("ProgressDialog", "Hủy"), 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoReset(False)
    dialog.setAutoClose(False)

    def progress(done: int, total: int, text: str) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(done if total else 0)
        if describe is not None:
            dialog.setLabelText(describe(done, total))

    def finished(result: Any) -> None:
        dialog.close()
        on_done(result)

    def failed(exc: BaseException) -> None:
        dialog.close()
        ctx.say(error_text(exc), "info" if isinstance(exc, TaskCancelled) else "error")

    control = ctx.tasks.run(fn, *args, with_control=True, write=write, on_done=finished, on_error=failed,
                            on_progress=progress)
    dialog.canceled.connect(control.cancel)
    return control, dialog
