"""Moving a dossier along the workflow (accept, forward, supplement, return, refuse, hand over, reschedule…)
and printing the form the move calls for. The moves offered come from `services.moves`; the rules of each
move (reasons, dates, allowed statuses) from `services.workflow`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from app.errors import TransitionError, ValidationError
from app.operations.base import Changes, OpContext
from app.operations.printing import form_pdf
from app.services import moves, workflow
from app.services.dto import DossierDetail
from app.services.permissions import MOVE_ACTIONS
from app.services.status import Status


@dataclass
class MoveRequest:
    """What a person filled in for one move; only the fields the move needs are read."""

    key: str
    note: str = ""
    to_party: str = ""
    collected_by: str = ""
    rating: str = ""
    comment: str = ""
    items: list[str] = field(default_factory=list)
    new_due_at: dt.datetime | None = None
    approved_by: str = ""
    at: dt.datetime | None = None
    #: The dossier's version the person was looking at (DossierDetail.version): when it has moved on since,
    #: nothing is written and ConcurrentChange says what changed. None: no screen to compare with.
    version: int | None = None


@dataclass
class Moved:
    """A move made: the dossier afterwards, the form to print (if the move has one) and what changed."""

    detail: DossierDetail
    form: str | None
    pdf: bytes | None
    changes: Changes


def make_move(ctx: OpContext, code: str, req: MoveRequest) -> Moved:
    """Make the move `req.key` on dossier `code` as `ctx.actor`, then render its form."""
    if req.key not in moves.KEYS:
        raise ValidationError({"move": f"Không có bước «{req.key}». Các bước: {', '.join(moves.KEYS)}."})
    d = _MOVES[req.key](ctx, code, req)
    form = moves.FORM_AFTER.get(req.key)
    pdf = None
    if form:
        extra: dict[str, object] = {}
        if form == "supplement":
            extra["guide_name"] = ctx.actor.full_name
        elif form == "refusal":
            extra.update(receiver_name=ctx.actor.full_name, reason=req.note)
        pdf = form_pdf(ctx, form, d, **extra)
    return Moved(d, form, pdf, Changes.of("dossier", d.id))


def transition(ctx: OpContext, code: str, to: str, *, note: str = "", to_party: str = "", collected_by: str = "",
               at: dt.datetime | None = None, version: int | None = None) -> Moved:
    """The command line's `transition CODE --to STATUS`: the move that reaches `to` from where the dossier is."""
    try:
        target = Status.from_slug(to)
    except ValueError as exc:
        raise ValidationError({"to": str(exc)}) from None
    ctx.require_account(_move_action(target))
    d = workflow.transition(ctx.desk, code, target, ctx.actor, at=at, note=note, to_party=to_party,
                            collected_by=collected_by, expected_version=version)
    return Moved(d, None, None, Changes.of("dossier", d.id))


def _move_action(target: Status) -> str:
    if target not in MOVE_ACTIONS:
        raise TransitionError(f"Không chuyển hồ sơ về trạng thái «{target.label}» được.")
    return MOVE_ACTIONS[target]


def _status_move(target: Status) -> Callable[[OpContext, str, MoveRequest], DossierDetail]:
    def run(ctx: OpContext, code: str, req: MoveRequest) -> DossierDetail:
        ctx.require_account(_move_action(target))
        return workflow.transition(ctx.desk, code, target, ctx.actor, at=req.at, note=req.note,
                                   to_party=req.to_party, expected_version=req.version)
    return run


def _receive_supplement(ctx: OpContext, code: str, req: MoveRequest) -> DossierDetail:
    ctx.require_account("dossier.forward")
    return workflow.receive_supplement(ctx.desk, code, ctx.actor, at=req.at, note=req.note,
                                       expected_version=req.version)


def _supplement(ctx: OpContext, code: str, req: MoveRequest) -> DossierDetail:
    ctx.require_account("dossier.request_supplement")
    return workflow.request_supplement(ctx.desk, code, req.note, req.items, ctx.actor, at=req.at,
                                       expected_version=req.version)


def _return(ctx: OpContext, code: str, req: MoveRequest) -> DossierDetail:
    """Hand the result back, then record the citizen's satisfaction when they gave one."""
    ctx.require_account("dossier.return")
    if req.rating:
        ctx.require("dossier.rating")
    d = workflow.transition(ctx.desk, code, Status.RETURNED, ctx.actor, at=req.at, collected_by=req.collected_by,
                            expected_version=req.version)
    if req.rating:
        d = workflow.record_rating(ctx.desk, code, req.rating, ctx.actor, req.comment)
    return d


def _handover(ctx: OpContext, code: str, req: MoveRequest) -> DossierDetail:
    ctx.require_account("dossier.handover")
    return workflow.handover(ctx.desk, code, req.to_party, ctx.actor, note=req.note, at=req.at,
                             expected_version=req.version)


def _reschedule(ctx: OpContext, code: str, req: MoveRequest) -> DossierDetail:
    ctx.require_account("dossier.reschedule")
    if req.new_due_at is None:
        raise ValidationError({"new_due_at": "Hãy chọn ngày hẹn trả mới."})
    return workflow.reschedule(ctx.desk, code, req.new_due_at, req.note, ctx.actor, approved_by=req.approved_by,
                               at=req.at, expected_version=req.version)


def _stop(ctx: OpContext, code: str, req: MoveRequest) -> DossierDetail:
    """Mẫu 05 names who approved the stop: the acting leader, the unit's head, else the one given here."""
    ctx.require_account(_move_action(Status.STOPPED))
    return workflow.stop(ctx.desk, code, req.note, ctx.actor, approver_name=req.approved_by, at=req.at,
                         expected_version=req.version)


_MOVES = {
    "accept": _status_move(Status.RECEIVED),
    "forward": _status_move(Status.PROCESSING),
    "receive_supplement": _receive_supplement,
    "result_ready": _status_move(Status.RESULT_READY),
    "return": _return,
    "supplement": _supplement,
    "handover": _handover,
    "reschedule": _reschedule,
    "payment": _status_move(Status.AWAITING_PAYMENT),
    "refuse": _status_move(Status.REFUSED),
    "withdraw": _status_move(Status.WITHDRAWN),
    "stop": _stop,
}
