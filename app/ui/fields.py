"""Small building blocks for forms: the red message shown beside a field, and how a ValidationError's
field keys are spread over those messages. UI thread.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.dialog_keys import submit_on_ctrl_enter

ERROR_STYLE = "color:#b3261e;"


def error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setMinimumWidth(180)
    label.hide()
    return label


def set_error(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def show_errors(labels: dict[str, QLabel], errors: dict[str, str], *, only: set[str] | None = None) -> list[str]:
    """Put each message beside its field; returns the messages that have no field on this form."""
    for key, label in labels.items():
        if only is None or key in only:
            set_error(label, errors.get(key, ""))
    return [msg for key, msg in errors.items() if key not in labels]


def with_error(field: QWidget, label: QLabel) -> QWidget:
    """The field and its message side by side, for a QFormLayout row. The message keeps its room while
    hidden, so the field never changes width as a message comes and goes."""
    policy = label.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    label.setSizePolicy(policy)
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(field, 3)
    row.addWidget(label, 2)
    return box


def button_box(accept_text: str, reject_text: str) -> tuple[QDialogButtonBox, QPushButton]:
    """OK and Cancel for a dialog. Only OK is ever the default button, so Enter never means "Cancel"
    (a focused Cancel button would otherwise take over Enter while OK is busy)."""
    box = QDialogButtonBox()
    ok = box.addButton(accept_text, QDialogButtonBox.ButtonRole.AcceptRole)
    cancel = box.addButton(reject_text, QDialogButtonBox.ButtonRole.RejectRole)
    cancel.setAutoDefault(False)
    ok.setDefault(True)
    return box, ok


def dialog_body(dialog: QDialog, parts: list[QWidget | QLayout], error: QLabel, accept_text: str,
                reject_text: str, on_accept: Callable[[], None]) -> QPushButton:
    """Lay out a small form dialog the one way they all share: its parts top to bottom, the error
    message, then OK (checks via `on_accept`) and Cancel; Ctrl+Enter submits from any field, even a
    multi-line one. Returns the OK button."""
    buttons, ok = button_box(accept_text, reject_text)
    submit_on_ctrl_enter(dialog, lambda: ok.isEnabled() and on_accept())
    buttons.accepted.connect(on_accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    for part in parts:
        if isinstance(part, QLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part)
    layout.addWidget(error)
    layout.addWidget(buttons)
    return ok


def set_busy(ok: QPushButton, busy: bool) -> None:
    ok.setEnabled(not busy)
    if not busy:
        ok.setDefault(True)
