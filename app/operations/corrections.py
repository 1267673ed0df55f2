"""Operation "Sửa thông tin": correct a saved dossier's applicant (name, ID number, phone, address) with a
reason; the rules live in `app.services.corrections`. Returns the dossier afterwards, each field changed
(old and new), and what changed for the bus. Any thread."""

from __future__ import annotations

from dataclasses import dataclass

from app.operations.base import Changes, OpContext
from app.services import corrections
from app.services.corrections import CorrectionIn, FieldChange
from app.services.dto import DossierDetail

__all__ = ["CorrectionIn", "CorrectionResult", "correct_applicant"]


@dataclass(frozen=True)
class CorrectionResult:
    detail: DossierDetail
    changes: list[FieldChange]
    changed: Changes


def correct_applicant(ctx: OpContext, code: str, new: CorrectionIn, version: int | None = None) -> CorrectionResult:
    """`version`: the dossier's version the person was looking at (ConcurrentChange when it moved on since)."""
    ctx.require_account("dossier.correct")
    done = corrections.correct_applicant(ctx.desk, code, new, ctx.actor, expected_version=version)
    return CorrectionResult(done.detail, done.changes, Changes.of("dossier", done.detail.id))
