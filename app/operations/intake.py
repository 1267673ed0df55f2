"""Receiving a visit at the desk: the dossiers of one applicant saved together, and their one slip; plus the
applicant seen last time with the same ID number (the intake form fills what the desk already knows).
The procedures offered come from `operations.dossiers.procedures`."""

from __future__ import annotations

from dataclasses import dataclass

from app.operations.base import Changes, OpContext
from app.operations.printing import slip_pdf
from app.services import intake
from app.services.dto import DossierDetail, IntakeRequest, PersonIn
from app.services.formats import check_paper


@dataclass
class Received:
    """What intake hands back: the new dossiers, their one slip, and what changed."""

    details: list[DossierDetail]
    slip_pdf: bytes | None
    changes: Changes


def receive(ctx: OpContext, reqs: list[IntakeRequest], paper: str | None = None) -> Received:
    """Receive one or more procedures of one applicant, all or nothing; render the slip when `paper` is set."""
    ctx.require_account("dossier.receive")
    if paper:
        check_paper(paper)  # before anything is saved
    details = intake.receive_visit(ctx.desk, reqs, ctx.actor)
    pdf = slip_pdf(ctx, details, ctx.actor.full_name, paper) if paper else None
    return Received(details, pdf, Changes.of("dossier", *(d.id for d in details)))


def receive_with_slip(ctx: OpContext, reqs: list[IntakeRequest]) -> Received:
    """The counter's Save: receive, with the slip on the desk's default paper, read here on the worker (a
    centre's server may be away: the UI thread never waits for it)."""
    return receive(ctx, reqs, ctx.desk.setting("default_paper"))


def last_applicant(ctx: OpContext, id_number: str) -> PersonIn | None:
    return intake.last_applicant(ctx.desk, id_number)
