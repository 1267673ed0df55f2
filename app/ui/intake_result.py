"""What the clerk sees after saving an intake: each new code, its return date in words and why that date,
with buttons to print the slip again, preview it, or open the dossier. UI thread.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from app.operations.intake import Received
from app.services.calendar import fmt_moment
from app.ui import print_flow
from app.ui.context import UiContext


class IntakeResult(QFrame):
    open_dossier = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.saved: Received | None = None
        self.setObjectName("intakeResult")
        self.setStyleSheet("#intakeResult { background:#f3f8f3; border:1px solid #a5d6a7; border-radius:6px; }")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.text)
        scroll.setStyleSheet("background: transparent;")
        scroll.setMinimumHeight(60)
        self.print_button = QPushButton(self.tr("In lại phiếu (Ctrl+P)"))
        self.print_button.clicked.connect(self.print_again)
        self.preview_button = QPushButton(self.tr("Xem trước phiếu"))
        self.preview_button.clicked.connect(self.preview)
        self.open_button = QPushButton(self.tr("Mở hồ sơ"))
        self.open_button.clicked.connect(lambda: self.saved and self.open_dossier.emit(self.saved.details[0].code))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.open_button, self.preview_button, self.print_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self.last_preview = None
        self.hide()

    def show_saved(self, saved: Received) -> None:
        self.saved = saved
        parts = []
        for d in saved.details:
            parts.append(self.tr("<p><b>{code}</b> — {procedure}<br>Hẹn trả kết quả: <b>{due}</b><br>"
                                 "<span style='color:#555'>{why}</span></p>").format(
                code=escape(d.code), procedure=escape(d.procedure_name), due=escape(fmt_moment(d.due_at)),
                why=escape(d.due_explanation)))
        head = self.tr("Đã tiếp nhận {n} hồ sơ của {name}:").format(n=len(saved.details),
                                                                  name=escape(saved.details[0].applicant_name))
        self.text.setText(f"<p>{head}</p>" + "".join(parts))
        self.show()

    def _title(self) -> str:
        assert self.saved is not None
        return self.tr("Phiếu hẹn {codes}").format(codes=", ".join(d.code for d in self.saved.details))

    def print_again(self) -> None:
        if self.saved is not None:
            print_flow.deliver(self.ctx, self, self.saved.slip_pdf or b"", self._title(),
                               f"phieu-hen-{self.saved.details[0].code}.pdf")

    def preview(self) -> None:
        if self.saved is not None:
            self.last_preview = print_flow.preview(self.ctx, self, self.saved.slip_pdf or b"", self._title(),
                                                   f"phieu-hen-{self.saved.details[0].code}.pdf")
