"""Operations of the 2025 rules: the apology-and-extension letter and the stop notice as workflow steps.

`extend` records a later promised date (Circular 03/2025 Mẫu 04) approved by a leader; the legal due date
stays. `stop` ends processing (Mẫu 05) with its reason and legal basis. Both write the event, audit and
outbox rows of any move (app.services.workflow) and return the dossier as it now reads.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.operations.base import Changes, OpContext
from app.services import workflow
from app.services.dto import DossierDetail


@dataclass(frozen=True)
class StepResult:
    dossier: DossierDetail
    changes: Changes


def extend(ctx: OpContext, code: str, new_due_at: dt.datetime, reason: str, *, proposer: str = "",
           approver_name: str = "", approver_title: str = "", at: dt.datetime | None = None) -> StepResult:
    ctx.require_account()  # the workflow checks the permission itself
    d = workflow.extend(ctx.desk, code, new_due_at, reason, ctx.actor, proposer=proposer,
                        approver_name=approver_name, approver_title=approver_title, at=at)
    return StepResult(d, Changes.of("dossier", d.id))


def stop(ctx: OpContext, code: str, reason: str, *, legal_basis: str = "", proposer: str = "",
         approver_name: str = "", approver_title: str = "", at: dt.datetime | None = None) -> StepResult:
    ctx.require_account()  # the workflow checks the permission itself
    d = workflow.stop(ctx.desk, code, reason, ctx.actor, legal_basis=legal_basis, proposer=proposer,
                      approver_name=approver_name, approver_title=approver_title, at=at)
    return StepResult(d, Changes.of("dossier", d.id))
