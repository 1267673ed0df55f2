"""The dossier detail pane: applicant, procedure, papers, the return date with its explanation, the event
history, and buttons for the moves allowed from the current status (plus hand-over, reschedule with
apology and reprint of any form). The moves themselves live in `DossierActions`. UI thread.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.operations import dossiers, printing
from app.services.calendar import fmt_moment
from app.services.dto import DossierDetail
from app.services.due import due_state
from app.services.status import Status
from app.ui import labels
from app.ui.attachments_panel import AttachmentsPanel
from app.ui.context import UiContext
from app.ui.dossier_actions import DossierActions
from app.ui.dossier_model import COLOURS
from app.ui.tasks import error_text


def _row(label: str, value: str) -> str:
    return f"<tr><td style='color:#555;padding-right:10px'>{escape(label)}</td><td>{value}</td></tr>"


class DetailPane(QWidget):
    #: The dossier shown was loaded (its DossierDetail) — tests and the list wait on it.
    shown = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.detail: DossierDetail | None = None
        self.actions = DossierActions(ctx, self)
        self.actions.done.connect(self.show_detail)
        self.title = QLabel(self.tr("Chọn một hồ sơ trong danh sách, hoặc quét mã trên phiếu hẹn."))
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size:15px; font-weight:600;")
        self.body = QTextBrowser()
        self.body.setOpenLinks(False)
        self.body.setHtml(self.tr(
            "<div style='color:#667; font-size:11pt; margin:12px'><p>Phím tắt:</p><ul>"
            "<li><b>Ctrl+F</b> — tìm theo mã, số định danh, điện thoại, họ tên (không cần dấu)</li>"
            "<li><b>↓</b> hoặc <b>Enter</b> từ ô tìm kiếm — vào danh sách; <b>↑ ↓</b> — chọn hồ sơ</li>"
            "<li><b>Enter</b> trên hồ sơ — việc chính (chuyển xử lý, trả kết quả…)</li>"
            "<li>Quét mã vạch trên phiếu hẹn ở bất kỳ đâu trong cửa sổ để mở hồ sơ</li>"
            "<li><b>F2</b> — tiếp nhận hồ sơ mới</li></ul></div>"))
        self.buttons_box = QWidget()
        self.buttons = QHBoxLayout(self.buttons_box)
        self.buttons.setContentsMargins(0, 0, 0, 0)
        self.other = QToolButton()
        self.other.setText(self.tr("Việc khác…"))
        self.other.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.other.setMenu(QMenu(self.other))
        self.reprint = QToolButton()
        self.reprint.setText(self.tr("In lại mẫu…"))
        self.reprint.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.reprint.setMenu(QMenu(self.reprint))
        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.other)
        heading.addWidget(self.reprint)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addLayout(heading)
        layout.addWidget(self.buttons_box)
        # The dossier's digitised papers (and its result document once ready) beside its details.
        self.attachments = AttachmentsPanel(ctx)
        self.attachments.preview.setMinimumSize(160, 160)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.body, self.tr("Thông tin hồ sơ"))
        # The panel scrolls inside its tab, so the pane (and the window) keep fitting 1366×768.
        papers = QScrollArea()
        papers.setWidgetResizable(True)
        papers.setFrameShape(QFrame.Shape.NoFrame)
        papers.setWidget(self.attachments)
        self.tabs.addTab(papers, self.tr("Giấy tờ số hóa"))
        layout.addWidget(self.tabs, 1)
        self.action_buttons: dict[str, QPushButton] = {}
        self.action_items: dict[str, QAction] = {}
        ctx.bus.changed.connect(self._changed)
        self._render_buttons()

    # --- loading -----------------------------------------------------------------------------------
    def load(self, dossier_id: int | None = None, code: str | None = None) -> None:
        self.ctx.tasks.run(dossiers.detail, self.ctx.op, dossier_id, code, on_done=self.show_detail,
                           on_error=lambda exc: self.ctx.say(error_text(exc), "error"))

    def _changed(self, kind: str, ids: list) -> None:
        if kind == "dossier" and self.detail is not None and (not ids or self.detail.id in ids):
            self.load(self.detail.id)
        elif kind == "files" and self.detail is not None and (not ids or self.detail.id in ids):
            self.load(self.detail.id)  # an attachment is a step: the dossier's version and events moved on

    def show_detail(self, d: DossierDetail) -> None:
        self.detail = d
        if self.attachments.code != d.code:
            self.attachments.set_dossier(d.code)
        else:
            self.attachments.reload()  # a move (result ready, returned) opens the result document's row
        state = due_state(d, self.ctx.desk.now())
        colour = COLOURS[state][1] if state else "#1b5e20" if d.status == Status.RETURNED else "#0b3d6b"
        self.title.setText(f"<span>{escape(d.code)}</span> &nbsp; <span style='color:{colour}'>"
                           f"{escape(labels.status(d.status))}</span>")
        self.body.setHtml(self._html(d))
        self._render_buttons()
        self.shown.emit(d)

    def _html(self, d: DossierDetail) -> str:
        person = [d.applicant_name]
        if d.applicant_id_number:
            person.append(self.tr("Số định danh {number}").format(number=d.applicant_id_number))
        if d.applicant_birth_date:
            person.append(self.tr("sinh {date}").format(date=f"{d.applicant_birth_date:%d/%m/%Y}"))
        rows = [
            _row(self.tr("Người nộp"), escape(", ".join(person))),
            _row(self.tr("Địa chỉ"), escape(d.applicant_address)),
            _row(self.tr("Liên hệ"), escape(" · ".join(x for x in (d.applicant_phone, d.applicant_email) if x))),
            _row(self.tr("Thủ tục"), escape(f"{d.procedure_name} ({d.procedure_code}"
                                           + (self.tr(", mã nội bộ") if d.procedure_code_local else "") + ")")),
            _row(self.tr("Thời hạn"), escape(d.limit_text)),
            _row(self.tr("Hình thức nộp"), escape(labels.channel(d.channel))),
            _row(self.tr("Nhận kết quả"), escape(labels.delivery(d.result_delivery))),
            _row(self.tr("Tiếp nhận"), escape(f"{fmt_moment(d.received_at)} — {d.receiver_name}")),
            _row(self.tr("Hạn theo quy định"), f"<b>{escape(fmt_moment(d.due_at))}</b><br><span style='color:#555'>"
                                 f"{escape(d.due_explanation)}</span>"),
        ]
        if d.extended_due_at:
            rows.append(_row(self.tr("Hẹn mới (xin lỗi, gia hạn)"), escape(fmt_moment(d.extended_due_at))))
        if d.priority_group:
            rows.append(_row(self.tr("Ưu tiên"), escape(labels.priority(d.priority_group))))
        if d.handling_unit:
            rows.append(_row(self.tr("Đơn vị xử lý"), escape(d.handling_unit)))
        if d.returned_at:
            rows.append(_row(self.tr("Đã trả"), escape(f"{fmt_moment(d.returned_at)} — {d.collected_by}")))
        if d.rating:
            rows.append(_row(self.tr("Mức hài lòng"), escape(labels.rating(d.rating))))
        if d.note:
            rows.append(_row(self.tr("Ghi chú"), escape(d.note)))
        papers = "".join(f"<tr><td>{c.position}</td><td>{escape(c.name)}</td><td align=center>{c.originals}</td>"
                         f"<td align=center>{c.copies}</td><td align=center>{c.photocopies}</td></tr>"
                         for c in d.components)
        events = "".join(
            f"<tr><td>{e.at:%d/%m/%Y %H:%M}</td><td>{escape(self._event_text(e))}</td>"
            # The receipt's note is the due-date explanation, already shown above.
            f"<td>{escape(e.actor)}</td><td>{escape('' if e.kind == 'receive' else e.note)}</td></tr>"
            for e in d.events)
        head = "style='background:#eef2f6'"
        return (f"<table cellspacing=0 cellpadding=2>{''.join(rows)}</table>"
                f"<h4>{self.tr('Thành phần hồ sơ')}</h4><table border=1 cellspacing=0 cellpadding=3 width='100%'>"
                f"<tr {head}><th>TT</th><th>{self.tr('Tên giấy tờ')}</th><th>{self.tr('Bản chính')}</th>"
                f"<th>{self.tr('Bản sao')}</th><th>{self.tr('Bản photo')}</th></tr>{papers}</table>"
                f"<h4>{self.tr('Quá trình xử lý')}</h4><table border=1 cellspacing=0 cellpadding=3 width='100%'>"
                f"<tr {head}><th>{self.tr('Thời điểm')}</th><th>{self.tr('Việc')}</th><th>{self.tr('Người thực hiện')}</th>"
                f"<th>{self.tr('Ghi chú')}</th></tr>{events}</table>")

    def _event_text(self, e) -> str:  # type: ignore[no-untyped-def]
        if e.kind == "handover":
            return self.tr("Bàn giao: {giver} → {taker}").format(giver=e.from_party, taker=e.to_party)
        if e.kind == "reschedule":
            return self.tr("Hẹn lại ngày trả (xin lỗi)")
        if e.kind == "correct":
            return self.tr("Sửa thông tin người nộp")
        if e.kind == "rating":
            return self.tr("Ghi nhận mức hài lòng")
        if e.to_status:
            text = labels.status(e.to_status)
            return f"{text} → {e.to_party}" if e.to_party and e.kind != "receive" else text
        return e.kind

    def start_main_action(self) -> None:
        """Enter on the list: the first main move offered (e.g. "Trả kết quả…" once the result is ready)."""
        if self.detail is not None and self.action_buttons:
            self.actions.start(next(iter(self.action_buttons)), self.detail)

    # --- buttons -------------------------------------------------------------------------------------
    def _render_buttons(self) -> None:
        """Main moves as buttons; the rarer ones (hand-over, apology, refusal, withdrawal…) in one menu, so
        the pane stays narrow enough to leave the list readable beside it."""
        while self.buttons.count():
            item = self.buttons.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.action_buttons, self.action_items = {}, {}
        d = self.detail
        self.buttons_box.setVisible(d is not None)
        self.reprint.setVisible(d is not None)
        self.other.setVisible(False)
        if d is None:
            return
        other_menu = self.other.menu()
        other_menu.clear()
        other_menu.setToolTipsVisible(True)
        for move in self.actions.available(d):
            key, text, secondary = move.key, self.actions.text(move.key), move.secondary
            action = QAction(text, self)
            action.setObjectName(f"action_{key}")
            action.triggered.connect(lambda _=False, k=key: self.actions.start(k, self.detail))
            if key == "correct" and d.imported_source:
                # An imported dossier's facts belong to the provincial system: corrected there, imported again.
                action.setEnabled(False)
                action.setToolTip(self.tr("Hồ sơ này nhập từ sổ theo dõi của tỉnh: hãy sửa trên hệ thống của "
                                          "tỉnh rồi nhập lại sổ; trên máy này không sửa được."))
            self.action_items[key] = action
            if secondary:
                other_menu.addAction(action)
            else:
                button = QPushButton(text)
                button.clicked.connect(action.trigger)
                self.buttons.addWidget(button)
                self.action_buttons[key] = button
        self.other.setVisible(not other_menu.isEmpty())
        self.buttons.addStretch(1)
        menu = self.reprint.menu()
        menu.clear()
        for form in printing.printable(self.ctx.op, d):
            menu.addAction(labels.form(form), lambda f=form: self.actions.reprint(f, self.detail))
