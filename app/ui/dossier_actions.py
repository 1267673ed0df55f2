"""The moves a clerk can make on one dossier, from the detail pane: which are offered (allowed from the
current status and permitted to the signed-in role), the small dialog each needs, the service call on the
write worker, and the form printed afterwards (Mẫu 02 after a supplement request, 03 after a refusal,
04 after a reschedule). Dialogs open with `open()`, never a blocking `exec()`, so the window (and a
scanner) keeps working. UI thread.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QWidget

from app.operations.base import OpContext
from app.operations.corrections import CorrectionResult
from app.operations.handback import HandBack, return_result
from app.services import workflow
from app.services.dto import DossierDetail
from app.services.permissions import MOVE_ACTIONS
from app.services.status import OPEN, Status
from app.ui import jobs, labels, print_flow
from app.ui.context import UiContext
from app.ui.correction_dialog import CorrectionDialog
from app.ui.forward_dialog import ForwardDialog
from app.ui.intake_draft import ask
from app.ui.reason_dialog import ReasonDialog
from app.ui.reschedule_dialog import RescheduleDialog
from app.ui.return_dialog import ReturnDialog
from app.ui.supplement_dialog import SupplementDialog
from app.ui.tasks import error_text

S = Status


class DossierActions(QObject):
    #: A move succeeded: the dossier as it is now.
    done = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget):
        super().__init__(parent)
        self.ctx, self.parent_widget = ctx, parent
        self.dialog: QDialog | None = None
        self.last_preview: QDialog | None = None

    # --- what is offered ---------------------------------------------------------------------------
    def available(self, d: DossierDetail) -> list[tuple[str, str, bool]]:
        """(key, button text, secondary) for every move offered on `d`."""
        moves = set(workflow.allowed_moves(d.status))
        status = Status(d.status)
        offer: list[tuple[str, str, bool, str]] = []

        def move(target: Status, key: str, text: str, secondary: bool = False) -> None:
            if target in moves:
                offer.append((key, text, secondary, MOVE_ACTIONS[target]))

        move(S.RECEIVED, "accept", self.tr("Tiếp nhận hồ sơ"))
        if status is S.SUPPLEMENT_REQUESTED:
            move(S.PROCESSING, "receive_supplement", self.tr("Nhận hồ sơ bổ sung"))
        else:
            move(S.PROCESSING, "forward", self.tr("Chuyển xử lý…"))
        move(S.RESULT_READY, "result_ready", self.tr("Đã xử lý xong"))
        move(S.RETURNED, "return", self.tr("Trả kết quả…"))
        move(S.SUPPLEMENT_REQUESTED, "supplement", self.tr("Yêu cầu bổ sung (Mẫu 02)…"))
        if status in OPEN or status is S.RESULT_READY:
            offer.append(("handover", self.tr("Bàn giao…"), True, "dossier.handover"))
        if status in OPEN:
            offer.append(("reschedule", self.tr("Hẹn lại, xin lỗi (Mẫu 04)…"), True, "dossier.reschedule"))
        move(S.AWAITING_PAYMENT, "payment", self.tr("Chờ nghĩa vụ tài chính…"), True)
        move(S.REFUSED, "refuse", self.tr("Từ chối (Mẫu 03)…"), True)
        move(S.WITHDRAWN, "withdraw", self.tr("Công dân rút hồ sơ…"), True)
        move(S.STOPPED, "stop", self.tr("Dừng xử lý…"), True)
        if status in OPEN or status is S.RESULT_READY:
            offer.append(("correct", self.tr("Sửa thông tin người nộp…"), True, "dossier.correct"))
        return [(k, t, sec) for k, t, sec, perm in offer if self.ctx.can(perm)]

    def printable_forms(self, d: DossierDetail) -> list[str]:
        forms = ["receipt", "control"]
        if d.supplements:
            forms.append("supplement")
        if d.status == S.REFUSED:
            forms.append("refusal")
        if d.reschedules:
            forms.append("apology")
        return forms

    # --- starting a move ---------------------------------------------------------------------------
    def start(self, key: str, d: DossierDetail | None) -> None:
        if d is None:
            return
        code, me = d.code, self.ctx.actor
        if key == "accept":
            self._run(workflow.transition, code, S.RECEIVED, me)
        elif key == "result_ready":
            self._confirm(self.tr("Ghi nhận hồ sơ {code} đã xử lý xong (có kết quả)? Kết quả được trả cho công dân "
                                  "ở bước sau.").format(code=code), self.tr("Đã xử lý xong"),
                          lambda: self._run(workflow.transition, code, S.RESULT_READY, me))
        elif key == "receive_supplement":
            self._confirm(self.tr("Ghi nhận đã nhận đủ hồ sơ bổ sung của {code}? Thời hạn giải quyết được tính "
                                  "tiếp từ bây giờ.").format(code=code), self.tr("Đã nhận bổ sung"),
                          lambda: self._run(workflow.receive_supplement, code, me))
        elif key == "correct":
            dialog = CorrectionDialog(self.ctx, d, self.parent_widget)
            dialog.corrected.connect(self._corrected)
            self.dialog = dialog
            dialog.open()
        elif key == "forward":
            self._ask(ForwardDialog(self.tr("Chuyển xử lý hồ sơ {code}").format(code=code), d.handling_unit,
                                    self.parent_widget, self.ctx),
                      lambda v: self._run(workflow.transition, code, S.PROCESSING, me, to_party=v["to_party"],
                                          note=v["note"]))
        elif key == "handover":
            self._ask(ForwardDialog(self.tr("Bàn giao hồ sơ {code}").format(code=code), "", self.parent_widget,
                                    self.ctx),
                      lambda v: self._run(workflow.handover, code, v["to_party"], me, note=v["note"]))
        elif key == "supplement":
            self._ask(SupplementDialog(d, self.parent_widget),
                      lambda v: self._run(workflow.request_supplement, code, v["reason"], v["items"], me,
                                          form="supplement", form_extra={"guide_name": me.full_name}))
        elif key == "return":
            self._ask(ReturnDialog(d, self.parent_widget), lambda h: self._hand_back(d, h))
        elif key == "reschedule":
            self._ask(RescheduleDialog(self.ctx, d, self.parent_widget),
                      lambda v: self._run(workflow.reschedule, code, v["new_due_at"], v["reason"], me,
                                          approved_by=v["approved_by"], form="apology"))
        else:
            self._reason_move(key, d)

    def _hand_back(self, d: DossierDetail, h: HandBack) -> None:
        self.ctx.tasks.run(return_result, OpContext(self.ctx.desk, self.ctx.actor), d, h, write=True,
                           on_done=lambda r: self._acted(jobs.Acted(r.detail, None, None)),
                           on_error=lambda exc: self.ctx.say(error_text(exc), "error"))

    def _confirm(self, text: str, yes: str, then: Callable[[], None]) -> None:
        """A one-click move asks once: a slip of the mouse must not move a dossier on."""
        self.dialog = ask(self.parent_widget, self.tr("Xác nhận"), text, yes, self.tr("Hủy"), then, default_yes=True)

    def _corrected(self, result: CorrectionResult) -> None:
        d = result.detail
        self.ctx.say(self.tr("Đã sửa thông tin hồ sơ {code}: {what}.").format(
            code=d.code, what=", ".join(c.label.lower() for c in result.changes)), "ok")
        self.done.emit(d)
        self.ctx.notify_changed(result.changed.kind, list(result.changed.ids))
        self.dialog = ask(self.parent_widget, self.tr("In lại phiếu hẹn?"),
                          self.tr("Thông tin người nộp đã đổi. In lại phiếu hẹn {code} với thông tin mới để đưa "
                                  "công dân?").format(code=d.code),
                          self.tr("In lại phiếu hẹn"), self.tr("Không in"), lambda: self.reprint("receipt", d),
                          default_yes=True)

    def _reason_move(self, key: str, d: DossierDetail) -> None:
        target, title, required, form = {
            "payment": (S.AWAITING_PAYMENT, self.tr("Chờ thực hiện nghĩa vụ tài chính"), False, None),
            "refuse": (S.REFUSED, self.tr("Từ chối tiếp nhận, giải quyết hồ sơ"), True, "refusal"),
            "withdraw": (S.WITHDRAWN, self.tr("Công dân rút hồ sơ"), False, None),
            "stop": (S.STOPPED, self.tr("Dừng xử lý hồ sơ"), True, None),
        }[key]
        extra = {"receiver_name": self.ctx.actor.full_name}
        dialog = ReasonDialog(f"{title} — {d.code}", required, self.parent_widget)
        self._ask(dialog, lambda v: self._run(workflow.transition, d.code, target, self.ctx.actor, note=v["reason"],
                                              form=form, form_extra={**extra, "reason": v["reason"]}))

    def _ask(self, dialog: QDialog, then) -> None:  # type: ignore[no-untyped-def]
        self.dialog = dialog
        dialog.accepted.connect(lambda: then(dialog.values()))  # type: ignore[attr-defined]
        dialog.open()

    def _run(self, fn, *args, form: str | None = None, form_extra: dict | None = None,  # type: ignore[no-untyped-def]
             **kwargs) -> None:
        self.ctx.tasks.run(jobs.act, self.ctx.desk, fn, args, kwargs, form, form_extra or {}, write=True,
                           on_done=self._acted, on_error=lambda exc: self.ctx.say(error_text(exc), "error"))

    def _acted(self, result: jobs.Acted) -> None:
        d = result.detail
        self.ctx.say(self.tr("Hồ sơ {code}: {status}.").format(code=d.code, status=labels.status(d.status)), "ok")
        self.done.emit(d)
        self.ctx.notify_changed("dossier", [d.id])
        if result.pdf is not None and result.form is not None:
            self.last_preview = print_flow.deliver(self.ctx, self.parent_widget, result.pdf, labels.form(result.form),
                                                   f"{result.form}-{d.code}.pdf")

    def reprint(self, form: str, d: DossierDetail | None) -> None:
        if d is None:
            return
        self.ctx.tasks.run(jobs.form_pdf, self.ctx.desk, form, d,
                           on_done=lambda pdf: self._preview(form, d, pdf),
                           on_error=lambda exc: self.ctx.say(error_text(exc), "error"))

    def _preview(self, form: str, d: DossierDetail, pdf: bytes) -> None:
        self.last_preview = print_flow.preview(self.ctx, self.parent_widget, pdf, labels.form(form),
                                               f"{form}-{d.code}.pdf")
