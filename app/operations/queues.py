"""Operations for each role's work lists ("Hồ sơ của tôi", "Đã xử lý xong – chờ trả", "Chờ bổ sung giấy tờ") and the
accounts a dossier can be assigned to ("Giao cho"). Reads only; any signed-in account may read them, and
`start_queues` gives the lists the start page shows for the account's role. Any thread."""

from __future__ import annotations

from dataclasses import dataclass

from app.operations.base import OpContext
from app.services import queues
from app.services.dto import DossierRow
from app.services.queues import Assignee
from app.services.status import Status

__all__ = ["Assignee", "Queue", "assignees", "awaiting_supplement", "my_dossiers", "ready_to_return",
           "start_queues"]

MINE, READY, SUPPLEMENT = "mine", "ready", "supplement"
#: Named after the statuses they list ("Đã xử lý xong", "Yêu cầu bổ sung giấy tờ"), one name per status.
TITLES = {MINE: "Hồ sơ của tôi", READY: "Đã xử lý xong – chờ trả", SUPPLEMENT: "Chờ bổ sung giấy tờ"}
#: Which lists each role sees on the start page, in this order.
BY_ROLE = {"officer": (MINE,), "leader": (MINE,), "clerk": (READY, SUPPLEMENT), "admin": (READY, SUPPLEMENT, MINE)}


@dataclass(frozen=True)
class Queue:
    key: str
    title: str
    rows: list[DossierRow]


def my_dossiers(ctx: OpContext) -> Queue:
    """Dossiers assigned to the signed-in account and still to be worked on, soonest due first."""
    return Queue(MINE, TITLES[MINE], queues.assigned_to(ctx.desk, ctx.actor.full_name))


def ready_to_return(ctx: OpContext) -> Queue:
    return Queue(READY, TITLES[READY], queues.in_status(ctx.desk, Status.RESULT_READY))


def awaiting_supplement(ctx: OpContext) -> Queue:
    return Queue(SUPPLEMENT, TITLES[SUPPLEMENT], queues.in_status(ctx.desk, Status.SUPPLEMENT_REQUESTED))


def start_queues(ctx: OpContext) -> list[Queue]:
    read = {MINE: my_dossiers, READY: ready_to_return, SUPPLEMENT: awaiting_supplement}
    return [read[key](ctx) for key in BY_ROLE.get(ctx.actor.role, ())]


def assignees(ctx: OpContext) -> list[Assignee]:
    return queues.assignees(ctx.desk)
