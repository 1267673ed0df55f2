"""Reusing a citizen's digitised papers, and what the attachments panel shows for a dossier.

`reusable_papers` lists a citizen's digitised papers still usable (by ID number: current, not expired,
newest per paper) and `reuse` points a new dossier's component at one of them (DuocTaiSuDung) instead of
scanning again, with its event, audit entry and outbox row in one transaction; it takes `seen` as
attaching does (files_seen), and only the same citizen's papers from another dossier may be reused.
`dossier_papers` gathers what the panel shows: the components with their current files, the result
papers, and the papers from the citizen's other dossiers that may be reused.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.errors import ValidationError
from app.models import Dossier, DossierComponent, DossierFile, StoredFile
from app.services import queries
from app.services.desk import Desk
from app.services.dto import Actor
from app.services.files import COMPONENT_ACTIONS, AttachResult, component_at, require_any
from app.services.files_read import COMPONENT, RESULT, AttachedFile, current_file, list_files, view
from app.services.files_seen import check_seen
from app.services.ids import uuid7
from app.services.journal import record
from app.services.text import clean


@dataclass(frozen=True)
class ReusablePaper:
    uuid: str  # the attachment to reuse
    paper_name: str
    dossier_code: str
    attached_at: dt.datetime
    valid_until: dt.date | None
    pages: int
    sha256: str


def _positions(s: Session, d: Dossier) -> dict[int, str]:
    rows = s.execute(select(DossierComponent.position, DossierComponent.name)
                     .where(DossierComponent.dossier_id == d.id).order_by(DossierComponent.position))
    return {p: n for p, n in rows}


def _ids(d: Dossier) -> set[str]:
    return {x for x in (d.applicant_id_number, d.owner_id_number) if x}


def reusable_papers(desk: Desk, id_number: str, *, today: dt.date | None = None) -> list[ReusablePaper]:
    """A citizen's digitised papers (by ID number) still usable: current, not expired; newest per paper."""
    number = clean(id_number).replace(" ", "")
    if not number:
        return []
    today = today or desk.now().date()
    with desk.db.read() as s:
        rows = s.execute(
            select(DossierFile, StoredFile, Dossier.code).join(StoredFile, StoredFile.id == DossierFile.file_id)
            .join(Dossier, Dossier.id == DossierFile.dossier_id)
            .where(or_(Dossier.applicant_id_number == number, Dossier.owner_id_number == number),
                   DossierFile.kind == COMPONENT, DossierFile.superseded_at.is_(None),
                   or_(DossierFile.valid_until.is_(None), DossierFile.valid_until >= today))
            .order_by(DossierFile.attached_at.desc(), DossierFile.id.desc())).all()
    seen: set[tuple[str, str]] = set()
    out = []
    for row, f, dcode in rows:
        key = (row.paper_name.casefold(), f.sha256)
        if key in seen:
            continue
        seen.add(key)
        out.append(ReusablePaper(row.uuid, row.paper_name, dcode, row.attached_at, row.valid_until, f.pages,
                                 f.sha256))
    return out


def reuse(desk: Desk, code: str, position: int, source_uuid: str, actor: Actor, *,
          seen: str | None = None) -> AttachResult:
    """Point component `position` of dossier `code` at an already digitised paper of the same citizen,
    replacing its current file. `seen`: the file the person's screen showed there, as for attaching."""
    require_any(actor, COMPONENT_ACTIONS)
    with desk.db.write() as s:
        d = queries.dossier_by_code(s, code)
        comp = component_at(s, d, position)
        current = current_file(s, d.id, COMPONENT, position)
        check_seen(s, d.code, comp.name, current, seen)
        src = s.scalar(select(DossierFile).where(DossierFile.uuid == source_uuid))
        if src is None or src.kind != COMPONENT or src.superseded_at is not None:
            raise ValidationError({"reuse": "Giấy tờ chọn để tái sử dụng không còn dùng được. Hãy tải lại danh sách."})
        src_dossier = s.get(Dossier, src.dossier_id)
        assert src_dossier is not None
        if not _ids(d) & _ids(src_dossier) or src_dossier.id == d.id:
            raise ValidationError({"reuse": "Chỉ tái sử dụng giấy tờ của chính công dân này (cùng số định danh) "
                                            "từ hồ sơ khác. Hãy quét giấy tờ mới."})
        now = desk.now()
        if src.valid_until is not None and src.valid_until < now.date():
            raise ValidationError({"reuse": f"Giấy tờ «{src.paper_name}» đã hết hiệu lực ngày "
                                            f"{src.valid_until:%d/%m/%Y}. Hãy quét bản mới."})
        if current is not None:
            current.superseded_at = now
        f = s.get(StoredFile, src.file_id)
        assert f is not None
        event = record(s, d, kind="note", actor=actor, at=now,
                       note=f"Tái sử dụng giấy tờ đã số hóa «{src.paper_name}» (hồ sơ {src_dossier.code}) cho "
                            f"thành phần {position} «{comp.name}».",
                       audit_summary={"action": "file.reuse", "sha256": f.sha256, "position": position,
                                      "from": src_dossier.code})
        row = DossierFile(uuid=uuid7(), dossier_id=d.id, kind=COMPONENT, position=position,
                          paper_name=comp.name, result_code="", file_id=f.id, display_name=src.display_name,
                          digitised=False, reused=True, reused_from_id=src.id, valid_until=src.valid_until,
                          attached_at=now, attached_by=actor.username, attached_by_name=actor.full_name,
                          event_uuid=event.uuid)
        s.add(row)
        s.flush()
        return AttachResult(d.code, d.id, view(s, row, f), False)


@dataclass(frozen=True)
class PaperSlot:
    """One component of a dossier and its current file (None when not digitised yet)."""

    position: int
    name: str
    file: AttachedFile | None


@dataclass(frozen=True)
class DossierPapers:
    """What the attachments panel shows for a dossier: its components, its result papers, and the
    citizen's digitised papers from other dossiers that may be reused."""

    code: str
    status: int
    slots: list[PaperSlot]
    results: list[AttachedFile]
    reusable: list[ReusablePaper]
    dossier_id: int


def dossier_papers(desk: Desk, code: str) -> DossierPapers:
    current = list_files(desk, code)
    with desk.db.read() as s:
        d = queries.dossier_by_code(s, code)
        names, ids, status, real_code, dossier_id = _positions(s, d), sorted(_ids(d)), d.status, d.code, d.id
    by_pos = {f.position: f for f in current if f.kind == COMPONENT}
    slots = [PaperSlot(p, n, by_pos.get(p)) for p, n in names.items()]
    reusable: dict[str, ReusablePaper] = {}
    for number in ids:
        for paper in reusable_papers(desk, number):
            if paper.dossier_code != real_code:
                reusable.setdefault(paper.uuid, paper)
    return DossierPapers(real_code, status, slots, [f for f in current if f.kind == RESULT], list(reusable.values()),
                         dossier_id)
