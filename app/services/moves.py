"""Which moves a desk offers on a dossier (and the form each prints), derived from the workflow's own
table (`status.ALLOWED_MOVES`) and the permission table, so the detail pane, the command line and the
workflow never disagree. The words on the buttons belong to the front end; the keys are here.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.services import permissions
from app.services.dto import Actor
from app.services.status import ALLOWED_MOVES, OPEN, Status

S = Status
#: Statuses from which a dossier may be handed over (Mẫu 05) or rescheduled with an apology (Mẫu 04).
HANDOVER_FROM = frozenset(OPEN) | {S.RESULT_READY}
RESCHEDULE_FROM = frozenset(OPEN)
#: Statuses in which the applicant's details may still be corrected (operations.corrections).
CORRECT_FROM = frozenset(OPEN) | {S.RESULT_READY}


@dataclass(frozen=True)
class Move:
    """One move offered on a dossier. `target` is None for moves that keep the status."""

    key: str
    target: Status | None
    action: str  # the permission it needs
    secondary: bool  # offered in the "other" menu rather than as a button
    form: str | None = None  # the form printed after it (Mẫu 02, 03, 04)


#: Moves in the order offered: target status -> (key, secondary, form).
_BY_TARGET: dict[Status, tuple[str, bool, str | None]] = {
    S.RECEIVED: ("accept", False, None),
    S.PROCESSING: ("forward", False, None),
    S.RESULT_READY: ("result_ready", False, None),
    S.RETURNED: ("return", False, None),
    S.SUPPLEMENT_REQUESTED: ("supplement", False, "supplement"),
    S.AWAITING_PAYMENT: ("payment", True, None),
    S.REFUSED: ("refuse", True, "refusal"),
    S.WITHDRAWN: ("withdraw", True, None),
    S.STOPPED: ("stop", True, None),
}
#: The form printed after a move, by move key.
FORM_AFTER = {key: form for key, _, form in _BY_TARGET.values() if form} | {"reschedule": "extension"}
KEYS = ("accept", "forward", "receive_supplement", "result_ready", "return", "supplement", "handover",
        "reschedule", "payment", "refuse", "withdraw", "stop")
#: Offered beside the moves but made by its own operation (operations.corrections), not `make_move`.
OTHER_KEYS = ("correct",)


def _all_moves(status: Status) -> list[Move]:
    moves = []
    for target, (key, secondary, form) in _BY_TARGET.items():
        if target in ALLOWED_MOVES[status]:
            if target is S.PROCESSING and status is S.SUPPLEMENT_REQUESTED:
                key = "receive_supplement"  # back to processing = the papers arrived
            moves.append(Move(key, target, permissions.MOVE_ACTIONS[target], secondary, form))
    extra = []
    if status in HANDOVER_FROM:
        extra.append(Move("handover", None, "dossier.handover", True))
    if status in RESCHEDULE_FROM:
        extra.append(Move("reschedule", None, "dossier.reschedule", True, "extension"))
    primary = [m for m in moves if not m.secondary]
    last = [Move("correct", None, "dossier.correct", True)] if status in CORRECT_FROM else []
    return primary + extra + [m for m in moves if m.secondary] + last


def offered_moves(status: int, role: str) -> list[Move]:
    """The moves a person with `role` may make on a dossier in `status`, in the order offered."""
    probe = Actor(username="probe", full_name="", role=role)
    return [m for m in _all_moves(Status(status)) if permissions.allowed(probe, m.action)]


def move_for(status: int, key: str) -> Move | None:
    """The move `key` if the workflow allows it from `status` (whoever asks)."""
    return next((m for m in _all_moves(Status(status)) if m.key == key), None)

