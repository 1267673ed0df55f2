"""A paper's current file against the one a person's screen showed, for attaching and reusing.

The attachments panel sends the attachment it showed as a paper's current file (its uuid, "" when it
showed none): when another counter attached, appended or reused a file at that paper since, attaching
(which would append to a file the clerk has not seen) or reusing (which would replace it) is refused,
nothing written, with one message naming who did what and when (`ConcurrentChange`, as for a move made
from a stale screen). `seen=None` means no screen to compare with: the command line without
`--seen-file`, a laptop's step replayed by the hub (recorded as told). Reads only; the callers hold the
session.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import ConcurrentChange
from app.models import Dossier, DossierFile, StoredFile


def check_seen(s: Session, code: str, paper: str, current: DossierFile | None, seen: str | None) -> None:
    """Refuse (ConcurrentChange) when the paper's current file is not the one the screen showed."""
    if seen is not None and (current.uuid if current else "") != seen:
        raise changed(s, code, paper, current, had_file=bool(seen))


def changed(s: Session, code: str, paper: str, current: DossierFile | None, *, had_file: bool) -> ConcurrentChange:
    """The message for the second of two people attaching to one paper: what its current file is now."""
    tail = " Thao tác của bạn chưa được ghi; hãy xem lại giấy tờ rồi làm lại nếu vẫn cần."
    if current is None:
        return ConcurrentChange(f"Giấy tờ «{paper}» của hồ sơ {code} vừa được thay đổi ở máy khác: tệp bạn đang "
                                f"xem không còn là tệp hiện tại.{tail}")
    if current.reused:
        source = s.scalar(select(Dossier.code).join(DossierFile, DossierFile.dossier_id == Dossier.id)
                          .where(DossierFile.id == current.reused_from_id)) or ""
        what = f"dùng lại giấy tờ đã số hóa của hồ sơ {source}"
    else:
        pages = s.scalar(select(StoredFile.pages).where(StoredFile.id == current.file_id)) or 0
        what = "đính kèm tệp khác" if had_file else "đính kèm tệp"
        what += f" ({pages} trang)" if pages else ""
    who = current.attached_by_name or current.attached_by
    return ConcurrentChange(f"Giấy tờ «{current.paper_name or paper}» của hồ sơ {code} vừa được {who} {what} "
                            f"lúc {current.attached_at:%H:%M %d/%m/%Y}.{tail}")
