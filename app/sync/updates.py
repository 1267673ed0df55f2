"""Status updates decided upstream, applied to local dossiers as workflow events (source "upstream").

A status change goes through `workflow.transition(..., source="upstream")`, so it is checked against
the allowed moves and leaves an event, an audit entry and an outbox row like any local change (the
outbox row tells the province the desk has applied it). An update without a status but naming a unit
is a hand-over. An update for an unknown dossier, one already applied, or one the workflow refuses is
skipped and logged; it never stops the run.
"""

from __future__ import annotations

import logging

from sqlalchemy import select

from app.errors import MotCuaError
from app.models import Dossier
from app.services import permissions, workflow
from app.services.desk import Desk
from app.services.dto import Actor
from app.services.status import ALLOWED_MOVES, Status
from app.sync.protocol import Update

log = logging.getLogger(__name__)

UPSTREAM_NAME = "Hệ thống một cửa tỉnh"
DEFAULT_NOTE = "Cập nhật từ hệ thống một cửa của tỉnh"


def apply_update(desk: Desk, u: Update) -> bool:
    """True when the update changed the dossier; False when it was skipped (logged)."""
    with desk.db.read() as s:
        q = select(Dossier.code, Dossier.status, Dossier.received_at)
        row = (s.execute(q.where(Dossier.uuid == u.dossier_uuid)).first() if u.dossier_uuid else None) \
            or (s.execute(q.where(Dossier.code == u.code)).first() if u.code else None)
    if row is None:
        log.warning("update %s: no local dossier %s %s; skipped", u.id, u.code, u.dossier_uuid)
        return False
    code, status, received_at = row
    actor = Actor(username="system:sync", full_name=u.actor or UPSTREAM_NAME, role=permissions.SYSTEM)
    at = min(max(u.at, received_at), desk.now())
    try:
        if u.status is not None and u.status != status:
            target = Status(u.status)
            if target not in ALLOWED_MOVES[Status(status)]:
                log.warning("update %s: %s cannot move from %s to %s; skipped", u.id, code, status, u.status)
                return False
            workflow.transition(desk, code, target, actor, at=at, note=u.note or DEFAULT_NOTE,
                                to_party=u.unit, source="upstream")
            log.info("update %s: %s moved %s -> %s", u.id, code, status, u.status)
            return True
        if u.status is None and u.unit:
            workflow.handover(desk, code, u.unit, actor, note=u.note or DEFAULT_NOTE, at=at, source="upstream")
            log.info("update %s: %s handed over to %s", u.id, code, u.unit)
            return True
    except MotCuaError as exc:
        log.warning("update %s for %s refused by the workflow: %s", u.id, code, exc.message)
        return False
    return False
