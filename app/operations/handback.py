"""Operation "Trả kết quả" with who collected it: their name and ID number, and — when they collect on
someone else's behalf — the authorisation they showed (giấy ủy quyền). Recorded on the returned event
(its note) and in the audit log; then the citizen's rating when they gave one. Nothing is written when
the collector's details are incomplete. Any thread."""

from __future__ import annotations

from dataclasses import dataclass

from app.errors import ValidationError
from app.operations.base import Changes, OpContext
from app.services import workflow
from app.services.dto import DossierDetail
from app.services.status import Status
from app.services.text import clean, fold
from app.services.validation import parse_citizen_id


@dataclass(frozen=True)
class HandBack:
    collector_name: str
    collector_id: str
    authorisation: str = ""  # number and date of the authorisation, when not the applicant (or owner)
    rating: str = ""
    comment: str = ""


@dataclass(frozen=True)
class Returned:
    detail: DossierDetail
    changed: Changes


def on_behalf(d: DossierDetail, collector_name: str) -> bool:
    """Whether the collector is someone other than the applicant (names compared without diacritics)."""
    return bool(clean(collector_name)) and fold(clean(collector_name)) != fold(d.applicant_name)


def check(d: DossierDetail, h: HandBack) -> dict[str, str]:
    errors: dict[str, str] = {}
    if missing := workflow.missing_collector(h.collector_name):
        errors["collector_name"] = missing
    if clean(h.collector_id):
        try:
            parse_citizen_id(clean(h.collector_id))
        except ValueError as exc:
            errors["collector_id"] = str(exc)
    elif on_behalf(d, h.collector_name):
        errors["collector_id"] = "Người nhận thay phải xuất trình giấy tờ tùy thân: hãy ghi số định danh."
    if on_behalf(d, h.collector_name) and not clean(h.authorisation):
        errors["authorisation"] = ("Người nhận thay cần giấy ủy quyền: hãy ghi số, ngày của giấy ủy quyền "
                                   "(hoặc để người nộp tự nhận).")
    return errors


def describe(h: HandBack) -> str:
    parts = [f"Người nhận: {clean(h.collector_name)}"]
    if clean(h.collector_id):
        parts.append(f"số định danh {clean(h.collector_id)}")
    if clean(h.authorisation):
        parts.append(f"nhận thay theo giấy ủy quyền {clean(h.authorisation)}")
    return ", ".join(parts)


def return_result(ctx: OpContext, d: DossierDetail, h: HandBack) -> Returned:
    ctx.require_account("dossier.return")
    errors = check(d, h)
    if errors:
        raise ValidationError(errors)
    # `d` is the dossier as the clerk saw it: if someone moved it since, nothing is handed back.
    done = workflow.transition(ctx.desk, d.code, Status.RETURNED, ctx.actor, collected_by=h.collector_name,
                               note=describe(h), expected_version=d.version)
    if h.rating:
        done = workflow.record_rating(ctx.desk, d.code, h.rating, ctx.actor, h.comment)
    return Returned(done, Changes.of("dossier", done.id))
