"""Each role's work list: an officer's dossiers (assigned to them, soonest due first), the clerk's results
waiting to be handed back and dossiers waiting for the citizen's extra papers, and the desk's accounts a
dossier can be assigned to. Reads only; plain dataclasses out.

A dossier is assigned by "Giao cho" when it is forwarded for processing: `handling_unit` holds the
officer's full name (free text remains for units outside the desk), so "mine" means the handling unit is
the signed-in account's full name.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.models import Dossier, User
from app.services.desk import Desk
from app.services.dto import DossierRow
from app.services.queries import ROW_COLUMNS, row_from_tuple
from app.services.status import Status

#: Statuses in which an assigned dossier is still the officer's to work on.
MINE = (Status.RECEIVED, Status.PROCESSING, Status.SUPPLEMENT_REQUESTED, Status.AWAITING_PAYMENT)
LIMIT = 500


@dataclass(frozen=True)
class Assignee:
    """A desk account that can be given a dossier to process."""

    username: str
    full_name: str
    title: str
    role: str

    @property
    def label(self) -> str:
        return f"{self.full_name} — {self.title}" if self.title else self.full_name


def assigned_to(desk: Desk, full_name: str, limit: int = LIMIT) -> list[DossierRow]:
    with desk.db.read() as s:
        rows = s.execute(select(*ROW_COLUMNS).where(Dossier.handling_unit == full_name,
                                                   Dossier.status.in_([int(x) for x in MINE]))
                         .order_by(Dossier.due_at, Dossier.id).limit(limit)).all()
    return [row_from_tuple(r) for r in rows]


def in_status(desk: Desk, status: Status, limit: int = LIMIT) -> list[DossierRow]:
    """Dossiers in one status, the longest waiting first (by due date)."""
    with desk.db.read() as s:
        rows = s.execute(select(*ROW_COLUMNS).where(Dossier.status == int(status))
                         .order_by(Dossier.due_at, Dossier.id).limit(limit)).all()
    return [row_from_tuple(r) for r in rows]


def assignees(desk: Desk) -> list[Assignee]:
    """Active officers and leaders of this desk, by name."""
    with desk.db.read() as s:
        users = s.execute(select(User).where(User.active.is_(True), User.role.in_(("officer", "leader")))
                          .order_by(User.full_name)).scalars()
        return [Assignee(u.username, u.full_name, u.title or "", u.role) for u in users]
