"""Reading attachments back: what a dossier's files are and their clear content.

The vocabulary of an attachment (a component's scan or a result paper) and its view as `AttachedFile`,
the current file of a paper (`current_file`: the one not superseded), the listing of a dossier's files,
their clear content (whole, for checks and tests, or one segment at a time: `pieces`, which opening and
previewing stream to a private copy through files_view) and the export of a dossier's current files to a
folder under safe names, never overwriting one. A laptop's file whose content has not reached the centre
yet is refused with what to do (`arrived`). Where the bytes live is files_store's `store_for`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFoundError
from app.models import Dossier, DossierFile, StoredFile
from app.services import queries
from app.services.desk import Desk
from app.services.files_convert import safe_name
from app.services.files_store import store_for

COMPONENT, RESULT = "component", "result"


@dataclass(frozen=True)
class AttachedFile:
    uuid: str
    kind: str  # component | result
    position: int
    paper_name: str
    result_code: str
    display_name: str
    sha256: str
    size: int
    pages: int
    digitised: bool  # DuocSoHoa
    reused: bool  # DuocTaiSuDung
    reused_from_code: str
    attached_at: dt.datetime
    attached_by: str
    valid_until: dt.date | None
    current: bool
    awaiting: str = ""  # the home-visit laptop whose content has not reached the centre yet


def view(s: Session, row: DossierFile, f: StoredFile) -> AttachedFile:
    source = ""
    if row.reused_from_id:
        source = s.scalar(select(Dossier.code).join(DossierFile, DossierFile.dossier_id == Dossier.id)
                          .where(DossierFile.id == row.reused_from_id)) or ""
    return AttachedFile(row.uuid, row.kind, row.position, row.paper_name, row.result_code, row.display_name,
                        f.sha256, f.size, f.pages, row.digitised, row.reused, source, row.attached_at,
                        row.attached_by_name or row.attached_by, row.valid_until, row.superseded_at is None,
                        f.awaiting)


def current_file(s: Session, dossier_id: int, kind: str, position: int, result_code: str = "") -> DossierFile | None:
    q = select(DossierFile).where(DossierFile.dossier_id == dossier_id, DossierFile.kind == kind,
                                  DossierFile.position == position, DossierFile.superseded_at.is_(None))
    if kind == RESULT:
        q = q.where(DossierFile.result_code == result_code)
    return s.scalar(q.order_by(DossierFile.id.desc()).limit(1))


def arrived(f: StoredFile) -> None:
    """Refuse a laptop's file whose content has not reached the centre yet, saying what to do."""
    if f.awaiting:
        raise NotFoundError(f"Tệp này được đính kèm trên máy lưu động «{f.awaiting}» và chưa được gửi về máy chủ "
                            "Trung tâm. Hãy đồng bộ máy lưu động đó (khi về mạng của Trung tâm) rồi mở lại.")


def list_files(desk: Desk, code: str, *, history: bool = False) -> list[AttachedFile]:
    with desk.db.read() as s:
        d = queries.dossier_by_code(s, code)
        q = (select(DossierFile, StoredFile).join(StoredFile, StoredFile.id == DossierFile.file_id)
             .where(DossierFile.dossier_id == d.id))
        if not history:
            q = q.where(DossierFile.superseded_at.is_(None))
        rows = s.execute(q.order_by(DossierFile.kind, DossierFile.position, DossierFile.id)).all()
        return [view(s, r, f) for r, f in rows]


def content(desk: Desk, file_uuid: str) -> bytes:
    """The clear bytes of one attachment, whole in memory (checks and tests; what a person opens or
    previews is streamed to a private copy: files_view)."""
    return b"".join(pieces(desk, file_uuid))


def pieces(desk: Desk, file_uuid: str) -> Iterator[bytes]:
    """The clear bytes of one attachment, one segment at a time (for export)."""
    with desk.db.read() as s:
        row = s.execute(select(StoredFile).join(DossierFile, DossierFile.file_id == StoredFile.id)
                        .where(DossierFile.uuid == file_uuid)).scalar()
        if row is None:
            raise NotFoundError(f"Không thấy tệp đính kèm {file_uuid}.")
        arrived(row)
        blob, encrypted = row.blob, row.encrypted
    return store_for(desk).segments(blob, encrypted)


def export(desk: Desk, code: str, out_dir: Path) -> list[Path]:
    """Write the dossier's current files into `out_dir` under safe names; never overwrites a file."""
    files = list_files(desk, code)
    if not files:
        raise NotFoundError(f"Hồ sơ {code} chưa có tệp đính kèm nào để xuất.")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for f in files:
        stem = safe_name(f.display_name).removesuffix(".pdf")
        for n in range(1, 1000):
            target = out_dir / (f"{stem}.pdf" if n == 1 else f"{stem}-{n}.pdf")
            try:
                fh = open(target, "xb")
            except FileExistsError:
                continue
            try:
                with fh:
                    for piece in pieces(desk, f.uuid):
                        fh.write(piece)
            except BaseException:
                target.unlink(missing_ok=True)  # never half a paper under its name
                raise
            written.append(target)
            break
    return written
