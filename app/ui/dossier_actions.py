"""The moves a clerk can make on one dossier, from the detail pane: which are offered (`services.moves`:
allowed from the current status and permitted to the signed-in role), the words on their buttons, the
small dialog each needs, and the operation (`operations.moves.make_move`) on the write worker, which
also renders the form printed afterwards (Mẫu 02 after a supplement request, 03 after a refusal, 04 after
a reschedule). Every move carries the dossier's version the clerk was looking at: when another counter
moved the dossier since, nothing is written, the clerk reads who did what and where the dossier is now,
and every view of it reloads. Dialogs open with `open()`, never a blocking `exec()`, so the window (and a
scanner) keeps working. UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QWidget

from app.errors import ConcurrentChange
from app.operations import moves, printing
from app.operations.base import Changes
from app.operations.corrections import CorrectionResult
from app.operations.handback import HandBack, Returned, return_result
from app.operations.moves import MoveRequest
from app.services import workflow
from app.services.dto import DossierDetail
from app.services.moves import Move, move_for, offered_moves
from app.ui import labels, print_flow
from app.ui.context import UiContext
from app.ui.correction_dialog import CorrectionDialog
from app.ui.forward_dialog import ForwardDialog
from app.ui.intake_draft import ask
from app.ui.reason_dialog import ReasonDialog
from app.ui.reschedule_dialog import RescheduleDialog
from app.ui.return_dialog import ReturnDialog
from app.ui.supplement_dialog import SupplementDialog
from app.ui.tasks import error_text


class DossierActions(QObject):
    #: A move succeeded: the dossier as it is now.
    done = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget):
        super().__init__(parent)
        self.ctx, self.parent_widget = ctx, parent
        self.dialog: QDialog | None = None
        self.last_preview: QDialog | None = None

    # --- what is offered ---------------------------------------------------------------------------
    def available(self, d: DossierDetail) -> list[Move]:
        """The moves offered on `d` to the signed-in role (services.moves, from the workflow's table)."""
        return offered_moves(d.status, self.ctx.actor.role)

    def text(self, key: str) -> str:
        """The words on a move's button."""
        return {
            "accept": self.tr("Tiếp nhận hồ sơ"),
            "receive_supplement": self.tr("Nhận hồ sơ bổ sung"),
            "forward": self.tr("Chuyển xử lý…"),
            "result_ready": self.tr("Đã xử lý xong"),
            "return": self.tr("Trả kết quả…"),
            "supplement": self.tr("Yêu cầu bổ sung (Mẫu 02)…"),
            "handover": self.tr("Bàn giao…"),
            "reschedule": self.tr("Hẹn lại, xin lỗi (Mẫu 04)…"),
            "payment": self.tr("Chờ nghĩa vụ tài chính…"),
            "refuse": self.tr("Từ chối (Mẫu 03)…"),
            "withdraw": self.tr("Công dân rút hồ sơ…"),
            "stop": self.tr("Dừng xử lý…"),
            "correct": self.tr("Sửa thông tin người nộp…"),
        }[key]

    # --- starting a move ---------------------------------------------------------------------------
    def start(self, key: str, d: DossierDetail | None) -> None:
        """Ask what the move needs (a small dialog for most), then make it on the write worker."""
        if d is None:
            return
        code, seen = d.code, d.version
        if key == "accept":
            self._run(d, MoveRequest(key, version=seen))
        elif key == "result_ready":
            self._confirm(self.tr("Ghi nhận hồ sơ {code} đã xử lý xong (có kết quả)? Kết quả được trả cho công dân "
                                  "ở bước sau.").format(code=code), self.tr("Đã xử lý xong"),
                          lambda: self._run(d, MoveRequest(key, version=seen)))
        elif key == "receive_supplement":
            self._confirm(self.tr("Ghi nhận đã nhận đủ hồ sơ bổ sung của {code}? Thời hạn giải quyết được tính "
                                  "tiếp từ bây giờ.").format(code=code), self.tr("Đã nhận bổ sung"),
                          lambda: self._run(d, MoveRequest(key, version=seen)))
        elif key == "correct":
            dialog = CorrectionDialog(self.ctx, d, self.parent_widget)
            dialog.corrected.connect(self._corrected)
            self.dialog = dialog
            dialog.open()
        elif key == "forward":
            self._ask(ForwardDialog(self.tr("Chuyển xử lý hồ sơ {code}").format(code=code), d.handling_unit,
                                    self.parent_widget, self.ctx),
                      lambda v: self._run(d, MoveRequest(key, to_party=v["to_party"], note=v["note"], version=seen)))
        elif key == "handover":
            self._ask(ForwardDialog(self.tr("Bàn giao hồ sơ {code}").format(code=code), "", self.parent_widget,
                                    self.ctx),
                      lambda v: self._run(d, MoveRequest(key, to_party=v["to_party"], note=v["note"], version=seen)))
        elif key == "supplement":
            self._ask(SupplementDialog(d, self.parent_widget),
                      lambda v: self._run(d, MoveRequest(key, note=v["reason"], items=v["items"], version=seen)))
        elif key == "return":
            self._ask(ReturnDialog(d, self.parent_widget), lambda h: self._hand_back(d, h))
        elif key == "reschedule":
            self._ask(RescheduleDialog(self.ctx, d, self.parent_widget),
                      lambda v: self._run(d, MoveRequest(key, new_due_at=v["new_due_at"], note=v["reason"],
                                                         approved_by=v["approved_by"], version=seen)))
        else:
            self._reason_move(key, d)

    def _hand_back(self, d: DossierDetail, h: HandBack) -> None:
        self.ctx.tasks.run(return_result, self.ctx.op, d, h, write=True, on_done=self._returned,
                           on_error=lambda exc: self._failed(d, exc))

    def _returned(self, result: Returned) -> None:
        self._acted(moves.Moved(result.detail, None, None, result.changed))

    def _confirm(self, text: str, yes: str, then: Callable[[], None]) -> None:
        """A one-click move asks once: a slip of the mouse must not move a dossier on."""
        self.dialog = ask(self.parent_widget, self.tr("Xác nhận"), text, yes, self.tr("Hủy"), then, default_yes=True)

    def _corrected(self, result: CorrectionResult) -> None:
        d = result.detail
        self.ctx.say(self.tr("Đã sửa thông tin hồ sơ {code}: {what}.").format(
            code=d.code, what=", ".join(c.label.lower() for c in result.changes)), "ok")
        self.done.emit(d)
        self.ctx.announce(result.changed)
        self.dialog = ask(self.parent_widget, self.tr("In lại phiếu hẹn?"),
                          self.tr("Thông tin người nộp đã đổi. In lại phiếu hẹn {code} với thông tin mới để đưa "
                                  "công dân?").format(code=d.code),
                          self.tr("In lại phiếu hẹn"), self.tr("Không in"), lambda: self.reprint("receipt", d),
                          default_yes=True)

    def _reason_move(self, key: str, d: DossierDetail) -> None:
        title = {
            "payment": self.tr("Chờ thực hiện nghĩa vụ tài chính"),
            "refuse": self.tr("Từ chối tiếp nhận, giải quyết hồ sơ"),
            "withdraw": self.tr("Công dân rút hồ sơ"),
            "stop": self.tr("Dừng xử lý hồ sơ"),
        }[key]
        move = move_for(d.status, key)
        assert move is not None and move.target is not None  # only offered moves are started
        approver_check = None
        if key == "stop" and workflow.missing_approver(self.ctx.desk, self.ctx.actor, ""):
            approver_check = partial(workflow.missing_approver, self.ctx.desk, self.ctx.actor)  # nobody to sign Mẫu 05
        dialog = ReasonDialog(f"{title} — {d.code}", move.target, self.parent_widget,
                              ask_approver=approver_check)
        self._ask(dialog, lambda v: self._run(d, MoveRequest(key, note=v["reason"], approved_by=v["approved_by"],
                                                             version=d.version)))

    def _ask(self, dialog: QDialog, then) -> None:  # type: ignore[no-untyped-def]
        self.dialog = dialog
        dialog.accepted.connect(lambda: then(dialog.values()))  # type: ignore[attr-defined]
        dialog.open()

    def _run(self, d: DossierDetail, req: MoveRequest) -> None:
        self.ctx.tasks.run(moves.make_move, self.ctx.op, d.code, req, write=True, on_done=self._acted,
                           on_error=lambda exc: self._failed(d, exc))

    def _failed(self, d: DossierDetail, exc: BaseException) -> None:
        """Say why the move was not made; when the dossier had moved on since the clerk looked at it (another
        counter, the back office), the message names its new state and every view of it reloads."""
        self.ctx.say(error_text(exc), "error")
        if isinstance(exc, ConcurrentChange):
            self.ctx.announce(Changes.of("dossier", d.id))

    def _acted(self, result: moves.Moved) -> None:
        d = result.detail
        self.ctx.say(self.tr("Hồ sơ {code}: {status}.").format(code=d.code, status=labels.status(d.status)), "ok")
        self.done.emit(d)
        self.ctx.announce(result.changes)
        if result.pdf is not None and result.form is not None:
            self.last_preview = print_flow.deliver(self.ctx, self.parent_widget, result.pdf, labels.form(result.form),
                                                   f"{result.form}-{d.code}.pdf")

    def reprint(self, form: str, d: DossierDetail | None) -> None:
        if d is None:
            return
        self.ctx.tasks.run(printing.form_pdf, self.ctx.op, form, d,
                           on_done=lambda pdf: self._preview(form, d, pdf),
                           on_error=lambda exc: self.ctx.say(error_text(exc), "error"))

    def _preview(self, form: str, d: DossierDetail, pdf: bytes) -> None:
        self.last_preview = print_flow.preview(self.ctx, self.parent_widget, pdf, labels.form(form),
                                               f"{form}-{d.code}.pdf")
