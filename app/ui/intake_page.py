"""The intake page (Tiếp nhận): procedures of the visit, applicant, papers handed in, channel, delivery,
priority, notes; Ctrl+S (or Ctrl+Enter) saves, shows the return date with its explanation and prints the
slip. Several procedures in one visit become several dossiers on one slip.

The save runs on the write worker (`intake.receive_visit` then the slip PDF); messages from the
service's ValidationError go beside their fields. UI thread.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import ValidationError
from app.operations import dossiers, intake
from app.services.catalogue import ProcedureInfo
from app.services.dto import IntakeRequest
from app.ui import labels, print_flow
from app.ui.applicant_form import ApplicantForm
from app.ui.attachments_panel import AttachmentsPanel
from app.ui.components_table import ComponentsTable
from app.ui.context import UiContext
from app.ui.fields import error_label, set_error
from app.ui.intake_draft import IntakeDrafts, ask
from app.ui.intake_result import IntakeResult
from app.ui.procedure_picker import ProcedurePicker
from app.ui.tasks import error_text


def _combo(items: dict[str, str], translate) -> QComboBox:  # type: ignore[no-untyped-def]
    box = QComboBox()
    for key in items:
        box.addItem(translate(key), key)
    return box


class _Columns(QWidget):
    """The form's two columns inside the scroll area. Their wrapped messages would make the scroll area
    ask for the preferred height (and scroll at once); it takes the minimum instead and scrolls only
    when even that does not fit."""

    def heightForWidth(self, width: int) -> int:
        return self.minimumSizeHint().height()


class IntakePage(QWidget):
    #: Dossiers were received: their DossierDetails.
    saved = Signal(list)
    #: The clerk asked to open a dossier from the result panel (its code).
    open_dossier = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.last: intake.Received | None = None
        self.saving = False
        self.picker = ProcedurePicker()
        self.components = ComponentsTable()
        self.applicant = ApplicantForm(ctx)
        # The owner (chủ hồ sơ) when not the applicant: a birth registration is filed by a parent for a child.
        self.owner_box = QCheckBox(self.tr("Chủ hồ sơ khác người nộp (ví dụ: khai sinh cho con)"))
        self.owner = ApplicantForm(ctx, prefix="owner", label="chủ hồ sơ")
        self.owner.setVisible(False)
        self.owner_box.toggled.connect(self.owner.setVisible)
        self.picker.current_changed.connect(self.components.show_procedure)
        self.picker.chosen_changed.connect(lambda procs: self.components.keep_only({p.key for p in procs}))
        self.components.show_procedure(None)
        self.components.table.setMinimumHeight(90)
        self.picker.chosen_list.setMinimumHeight(44)

        self.channel = _combo(labels.CHANNELS, labels.channel)
        self.delivery = _combo(labels.DELIVERIES, labels.delivery)
        self.priority = _combo(labels.PRIORITY_GROUPS, labels.priority)
        self.sets = QSpinBox()
        self.sets.setRange(1, 99)
        self.fee_exempt = QCheckBox(self.tr("Miễn lệ phí"))
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText(self.tr("Ghi chú cho cán bộ xử lý (không in trên phiếu)"))
        self.note.setMaximumHeight(70)
        self.errors = {"channel": error_label(), "result_delivery": error_label(), "priority_group": error_label(),
                       "sets_count": error_label(), "note": error_label()}

        procedures = QGroupBox(self.tr("1. Thủ tục"))
        QVBoxLayout(procedures).addWidget(self.picker)
        # The papers digitised while the applicant waits: queued here, attached right after the save.
        self.attachments = AttachmentsPanel(ctx)
        self.attachments.preview.setMinimumSize(120, 90)
        self.attachments.set_draft([])
        self.paper_tabs = QTabWidget()
        self.paper_tabs.addTab(self.components, self.tr("Thành phần"))
        self.paper_tabs.addTab(self.attachments, self.tr("Số hóa giấy tờ"))
        self.paper_tabs.currentChanged.connect(lambda _i: self._sync_draft())
        self.paper_tabs.currentChanged.connect(lambda _i: self._fit_papers(scroll=True))
        self.components.table.currentCellChanged.connect(lambda row, *_: self.attachments.select_paper(row + 1))
        self.picker.current_changed.connect(lambda _p: self._sync_draft())
        self.applicant.id_number.editingFinished.connect(
            lambda: self.attachments.show_reusable(self.applicant.id_number.text().strip()))
        scan_folder = str(ctx.setting("files_scan_folder") or "")
        if scan_folder and Path(scan_folder).is_dir():
            self.attachments.set_scan_folder(Path(scan_folder))
        papers = QGroupBox(self.tr("2. Thành phần hồ sơ đã nhận"))
        QVBoxLayout(papers).addWidget(self.paper_tabs)
        self.papers_box = papers
        person = QGroupBox(self.tr("3. Người nộp hồ sơ"))
        person_layout = QVBoxLayout(person)
        person_layout.addWidget(self.applicant)
        person_layout.addWidget(self.owner_box)
        person_layout.addWidget(self.owner)
        details = QGroupBox(self.tr("4. Tiếp nhận và trả kết quả"))
        form = QFormLayout(details)
        form.addRow(self.tr("Hình thức nộp"), self.channel)
        form.addRow(self.tr("Nơi nhận kết quả"), self.delivery)
        form.addRow(self.tr("Đối tượng ưu tiên"), self.priority)
        sets_row = QHBoxLayout()
        sets_row.addWidget(self.sets)
        sets_row.addWidget(QLabel(self.tr("bộ")))
        sets_row.addStretch(1)
        sets_row.addWidget(self.fee_exempt)
        form.addRow(self.tr("Số bộ hồ sơ"), sets_row)
        form.addRow(self.tr("Ghi chú"), self.note)
        for label in self.errors.values():
            form.addRow("", label)

        self.general = error_label()
        self.save_button = QPushButton(self.tr("Lưu và in phiếu hẹn (Ctrl+S)"))
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        self.new_button = QPushButton(self.tr("Lượt mới (Ctrl+N)"))
        self.new_button.clicked.connect(self.ask_new_visit)
        self.result = IntakeResult(ctx)
        self.result.open_dossier.connect(self.open_dossier)

        # Two columns: what is being filed (procedures, papers) on the left, who files it and how on the
        # right. The saved result goes under the papers: the left column's lists shrink to make room, so
        # at 1366×768 the return date shows without scrolling.
        left = QVBoxLayout()
        left.addWidget(procedures, 3)
        left.addWidget(papers, 2)
        left.addWidget(self.result, 2)
        right = QVBoxLayout()
        right.addWidget(person)
        right.addWidget(details)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 5)
        columns.addLayout(right, 6)
        bar = QHBoxLayout()
        bar.addWidget(self.general, 1)
        bar.addWidget(self.new_button)
        bar.addWidget(self.save_button)
        # The error summary wraps beside the buttons; it keeps its room while hidden, so the buttons stay
        # right-aligned and keep their width when it appears.
        self.general.setMinimumWidth(0)
        policy = self.general.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.general.setSizePolicy(policy)
        for button in (self.new_button, self.save_button):
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        # The form scrolls (only on a screen too small for it) above the bar, so "Lưu và in phiếu hẹn" and
        # "Lượt mới" stay on screen whatever the result panel and the messages need.
        form_area = _Columns()
        form_area.setLayout(columns)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("intakeScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(form_area)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(bar)

        for seq in ("Ctrl+S", "Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(seq), self, self.save, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence("Ctrl+N"), self, self.ask_new_visit,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence.StandardKey.Print, self, self.result.print_again,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        # Tab goes where the typing is: procedure → applicant → papers → how it is filed → save. Alt+1…4 jump
        # to the numbered groups.
        a = self.applicant
        o = self.owner
        order = [self.picker.search, a.id_number, a.name, a.birth_date, a.sex, a.phone, a.email, a.address,
                 self.owner_box, o.id_number, o.name, o.birth_date, o.sex, o.phone, o.email, o.address,
                 self.picker.chosen_list, self.components.table, self.components.extra, self.channel,
                 self.delivery, self.priority, self.sets, self.fee_exempt, self.note, self.save_button]
        for first, second in pairwise(order):
            self.setTabOrder(first, second)
        self.picker.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for key, target in (("Alt+1", self.picker.search), ("Alt+2", self.components.table),
                            ("Alt+3", a.id_number), ("Alt+4", self.channel)):
            QShortcut(QKeySequence(key), self, target.setFocus, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.ctx.bus.changed.connect(self._changed)
        self.drafts = IntakeDrafts(self)
        self.drafts.restored.connect(lambda at: self.ctx.say(self.tr(
            "Đã khôi phục lượt tiếp nhận đang nhập dở (lưu lúc {at}). Lưu bằng Ctrl+S, hoặc Ctrl+N để bỏ.")
            .format(at=at), "info"))
        self.apply_defaults()
        self.load_catalogue()

    # --- the digitising tab's room ---------------------------------------------------------------
    def _fit_papers(self, scroll: bool = False) -> None:
        """At 1366×768 the whole form sits at its minimum height, where the digitising tab shows two or three
        papers. While that tab is open, group 2 takes the page's whole visible height and (when the tab was
        just chosen) scrolls to the top of the page's view; back on "Thành phần" the form is as before."""
        digitising = self.paper_tabs.currentWidget() is self.attachments
        self.papers_box.setMinimumHeight(self.scroll.viewport().height() if digitising else 0)
        if digitising and scroll:
            QTimer.singleShot(0, self._scroll_to_papers)

    def _scroll_to_papers(self) -> None:
        self.papers_box.parentWidget().layout().activate()  # the taller group's place, before scrolling to it
        self.scroll.setWidgetResizable(True)  # the scroll area takes the form's new height now
        self.scroll.verticalScrollBar().setValue(self.papers_box.y())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_papers()

    # --- set-up ----------------------------------------------------------------------------------
    def load_catalogue(self) -> None:
        self.ctx.tasks.run(dossiers.procedures, self.ctx.op, on_done=self._catalogue_loaded)

    def _catalogue_loaded(self, procedures: list) -> None:
        self.picker.set_procedures(procedures)
        self.drafts.restore_pending()

    def _draft_procedure(self) -> ProcedureInfo | None:
        """The procedure whose papers the attachments panel shows: the one being edited, else the first."""
        current = self.picker.current()
        return current or (self.picker.chosen[0] if self.picker.chosen else None)

    def _sync_draft(self) -> None:
        proc = self._draft_procedure()
        names = [c.name for c in self.components.components_for(proc.key)] if proc else []
        self.attachments.rename_draft(names)

    def _attach_after_save(self, details: list) -> None:
        proc = self._draft_procedure()
        if proc is None or not self.attachments.draft.waiting():
            return
        target = next((d for d in details if d.procedure_code == proc.code), details[0])
        self.attachments.attach_queued(target.code)

    def apply_defaults(self) -> None:
        """Home-visit laptops default to the home channel; everyone else to the counter."""
        home = bool(self.ctx.setting("home_visit_mode"))
        self.channel.setCurrentIndex(self.channel.findData("home" if home else "counter"))

    def _changed(self, kind: str, ids: list) -> None:
        if kind == "catalogue":
            self.load_catalogue()
        elif kind == "settings":
            self.apply_defaults()

    def focus_start(self) -> None:
        self.picker.search.setFocus()

    def ask_new_visit(self) -> None:
        """Ctrl+N / "Lượt mới": start over, after a question when something was typed."""
        if not self.drafts.dirty():
            self.new_visit()
            return
        self.question = ask(self, self.tr("Bỏ lượt đang nhập?"),
                            self.tr("Lượt tiếp nhận này chưa được lưu. Bỏ những gì đã nhập để bắt đầu lượt mới?"),
                            self.tr("Bỏ, bắt đầu lượt mới"), self.tr("Quay lại nhập tiếp"), self.new_visit,
                            destructive=True)

    def new_visit(self) -> None:
        self.picker.clear()
        self.components.reset()
        self.applicant.clear()
        self.owner.clear()
        self.owner_box.setChecked(False)
        self.priority.setCurrentIndex(0)
        self.delivery.setCurrentIndex(0)
        self.sets.setValue(1)
        self.fee_exempt.setChecked(False)
        self.note.clear()
        set_error(self.general, "")
        for label in self.errors.values():
            set_error(label, "")
        self.apply_defaults()
        self.drafts.discard()
        self.attachments.set_draft([])
        self.paper_tabs.setCurrentIndex(0)
        self.focus_start()

    # --- save ------------------------------------------------------------------------------------
    def requests(self) -> list[IntakeRequest]:
        person = self.applicant.person()
        owner = self.owner.person() if self.owner_box.isChecked() else None
        return [IntakeRequest(procedure=p.key, applicant=person, owner=owner, channel=self.channel.currentData(),
                              result_delivery=self.delivery.currentData(), priority_group=self.priority.currentData(),
                              sets_count=self.sets.value(), components=self.components.components_for(p.key),
                              note=self.note.toPlainText(), fee_exempt=self.fee_exempt.isChecked())
                for p in self.picker.chosen]

    def save(self) -> None:
        if self.saving:
            return
        set_error(self.general, "")
        if not self.picker.chosen:
            set_error(self.picker.error, self.tr("Hãy chọn ít nhất một thủ tục: gõ tên thủ tục rồi Enter."))
            self.picker.search.setFocus()
            return
        for form in (self.applicant, self.owner) if self.owner_box.isChecked() else (self.applicant,):
            local = form.validate(show_all=True)
            if any(k.endswith("birth_date") for k in local):
                form.birth_date.setFocus()
                return
            form.capitalise_name()
        self.saving = True
        self.save_button.setEnabled(False)
        self.ctx.tasks.run(intake.receive_with_slip, self.ctx.op, self.requests(), write=True,
                           on_done=self._saved, on_error=self._failed)

    def _saved(self, result: intake.Received) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        self.last = result
        self.result.show_saved(result)
        codes = ", ".join(d.code for d in result.details)
        self.ctx.say(self.tr("Đã tiếp nhận {codes}. Ngày hẹn trả ở khung màu xanh dưới thành phần hồ sơ.").format(codes=codes), "ok")
        self.ctx.announce(result.changes)
        self.saved.emit(result.details)
        self._attach_after_save(result.details)
        self.new_visit()
        print_flow.deliver(self.ctx, self, result.slip_pdf or b"", self.tr("Phiếu hẹn {codes}").format(codes=codes),
                           f"phieu-hen-{result.details[0].code}.pdf")

    def _failed(self, exc: BaseException) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        if not isinstance(exc, ValidationError):
            set_error(self.general, error_text(exc))
            return
        # Several procedures prefix their fields with "[n]."; the applicant is shared, so fold them together.
        fields = {}
        for key, msg in exc.fields.items():
            fields.setdefault(key.split("].", 1)[1] if key.startswith("[") else key, msg)
        rest = self.applicant.show_service_errors(fields)
        if self.owner_box.isChecked():
            shown = {v for k, v in fields.items() if k in self.owner.errors}
            self.owner.show_service_errors(fields)
            rest = [m for m in rest if m not in shown]
        others = []
        for key, msg in fields.items():
            if key in self.errors:
                set_error(self.errors[key], msg)
            elif key == "procedure":
                set_error(self.picker.error, msg)
            elif key.startswith("components"):
                set_error(self.components.error, msg)
            elif msg in rest:
                others.append(msg)
        set_error(self.general, "\n".join(others) or self.tr("Hãy sửa các ô có thông báo đỏ rồi lưu lại (Ctrl+S)."))
