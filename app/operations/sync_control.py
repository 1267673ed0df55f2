"""Sync control operations (the part helper "wire" owns): checking dossier records against the national
record's schema on demand. Reading only: no permission beyond an open desk, nothing changes."""

from __future__ import annotations

from app.operations.base import OpContext
from app.sync.checking import ValidationReport, validate_records


def validate(ctx: OpContext, code: str | None = None, *, limit: int = 100) -> ValidationReport:
    """`motcua sync validate [CODE]`: one dossier's record, or every record waiting to be sent."""
    return validate_records(ctx.desk, code, limit=limit)
