"""Digitisation at the desk: scanned papers attached to a dossier's components, and result papers.

`attach_component` turns what the clerk hands in into one PDF per component (files_convert), stores it
content-addressed and, on an encrypted store, encrypted (files_store), and records the attachment with
its event, audit entry and outbox row in one transaction, like every other move: the component is then
digitised (DuocSoHoa). Attaching again to the same component appends the new pages (the previous
attachment is kept as history, superseded). `attach_result` records the result paper (DanhSachGiayTo-
KetQua: code, name and file) once the dossier is "result ready" or "returned". Attaching takes `seen`,
the file the person's screen showed as the paper's current one: when it changed since, nothing is
written and they are told what changed (files_seen); whatever `seen`, a file attached elsewhere between
reading the paper and writing is refused the same way. Bad input is refused in Vietnamese before
anything is written; a stored file whose transaction fails is removed again unless another row uses it.
Reading files back is files_read, reusing a citizen's papers files_reuse, checks, backups and the
digitisation figures files_admin.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import PermissionDenied, ValidationError
from app.models import Dossier, DossierComponent, DossierFile, StoredFile
from app.services import permissions, queries, settings
from app.services.desk import Desk
from app.services.dto import Actor
from app.services.files_convert import FileIn, FileLimits, Prepared, check_size, prepare, safe_name, shown
from app.services.files_read import COMPONENT, RESULT, AttachedFile, current_file, view
from app.services.files_seen import changed, check_seen
from app.services.files_store import store_for
from app.services.files_view import local_copy
from app.services.ids import uuid7
from app.services.journal import record
from app.services.status import Status
from app.services.text import clean

COMPONENT_ACTIONS = ("dossier.receive", "dossier.request_supplement")
RESULT_ACTIONS = ("dossier.result_ready", "dossier.return")
RESULT_STATUSES = (Status.RESULT_READY, Status.RETURNED)


@dataclass(frozen=True)
class AttachResult:
    code: str
    dossier_id: int
    file: AttachedFile
    appended: bool  # pages were added to the paper's earlier file


def limits(desk: Desk) -> FileLimits:
    with desk.db.read() as s:
        return FileLimits(max_bytes=int(settings.get(s, "files_max_mb")) * 1024 * 1024,
                          max_pages=int(settings.get(s, "files_max_pages")),
                          dpi=int(settings.get(s, "files_scan_dpi")),
                          page_bytes=int(settings.get(s, "files_page_kb")) * 1024)


def read_input(path: Path, lim: FileLimits) -> FileIn:
    """Read a file the clerk chose, refusing an empty or too large one before reading it whole."""
    try:
        size = path.stat().st_size
    except OSError:
        raise ValidationError({"file": f"Không đọc được tệp «{shown(str(path))}». Hãy kiểm tra tệp còn đó và "
                                       "bạn có quyền đọc."}) from None
    check_size(path.name, size, lim)
    if not path.is_file():
        raise ValidationError({"file": f"«{shown(str(path))}» không phải một tệp. Hãy chọn tệp ảnh quét hoặc PDF."})
    return FileIn(path.name, path.read_bytes())


def require_any(actor: Actor, actions: tuple[str, ...]) -> None:
    if not any(permissions.allowed(actor, a) for a in actions):
        try:
            permissions.require(actor, actions[0])
        except PermissionDenied as exc:
            raise PermissionDenied(exc.message.replace(permissions.ACTION_LABELS[actions[0]],
                                                       "đính kèm giấy tờ số hóa", 1)) from None


def component_at(s: Session, d: Dossier, position: int) -> DossierComponent:
    comp = s.scalar(select(DossierComponent).where(DossierComponent.dossier_id == d.id,
                                                   DossierComponent.position == position))
    if comp is None:
        n = s.scalar(select(DossierComponent.position).where(DossierComponent.dossier_id == d.id)
                     .order_by(DossierComponent.position.desc()).limit(1)) or 0
        raise ValidationError({"component": f"Hồ sơ {d.code} không có thành phần số {position} (có {n} thành "
                                            "phần, đánh số từ 1). Hãy chọn đúng thành phần."})
    return comp


def _save(desk: Desk, code: str, prepared: Prepared, actor: Actor, *, kind: str, position: int,
          paper_name: str, result_code: str, valid_until: dt.date | None, replaced: int | None,
          appended: bool, note: str) -> AttachResult:
    """Store the blob, then the rows, event, audit and outbox in one transaction (the blob goes again
    if the transaction fails and nothing else uses it)."""
    store = store_for(desk)
    rel, encrypted = store.put(prepared.content(), prepared.sha256, prepared.size)
    try:
        with desk.db.write() as s:
            d = queries.dossier_by_code(s, code)
            now = desk.now()
            current = current_file(s, d.id, kind, position, result_code)
            if (current.id if current else None) != replaced:
                raise changed(s, d.code, paper_name, current, had_file=replaced is not None)
            f = s.scalar(select(StoredFile).where(StoredFile.sha256 == prepared.sha256))
            if f is None:
                f = StoredFile(sha256=prepared.sha256, size=prepared.size, pages=prepared.pages,
                               mime="application/pdf", blob=rel, encrypted=encrypted, created_at=now)
                s.add(f)
                s.flush()
            elif f.awaiting:  # the same paper a laptop attached and has not sent yet: here it is
                f.blob, f.encrypted, f.size, f.pages, f.awaiting = rel, encrypted, prepared.size, prepared.pages, ""
            if current is not None:
                current.superseded_at = now
            event = record(s, d, kind="note", actor=actor, at=now, note=note,
                           audit_summary={"action": f"file.attach.{kind}", "sha256": prepared.sha256,
                                          "pages": prepared.pages, "size": prepared.size, "position": position,
                                          "result_code": result_code, "appended": current is not None})
            row = DossierFile(uuid=uuid7(), dossier_id=d.id, kind=kind, position=position,
                              paper_name=paper_name[:500], result_code=result_code, file_id=f.id,
                              display_name=prepared.display_name, digitised=True, reused=False,
                              valid_until=valid_until, attached_at=now, attached_by=actor.username,
                              attached_by_name=actor.full_name, event_uuid=event.uuid)
            s.add(row)
            s.flush()
            attached = view(s, row, f)
            dossier_id = d.id
    except BaseException:
        with desk.db.read() as s:
            if s.scalar(select(StoredFile.id).where(StoredFile.sha256 == prepared.sha256)) is None:
                store.remove(rel)
        raise
    return AttachResult(code, dossier_id, attached, appended)


@contextlib.contextmanager
def _before(desk: Desk, current: DossierFile | None) -> Iterator[tuple[Path | None, int]]:
    """The current file of a paper to append to (unless it was reused from another dossier) and its page
    count: a private copy streamed to disk (files_view), removed with what was joined beside it when the
    block ends, whatever happens."""
    if current is None or current.reused:
        yield None, 0
        return
    with desk.db.read() as s:
        pages = s.scalar(select(StoredFile.pages).where(StoredFile.id == current.file_id))
    assert pages is not None
    with local_copy(desk, current.uuid) as path:  # a laptop's file not here yet is refused, saying why
        yield path, pages


def attach_component(desk: Desk, code: str, files: list[FileIn], actor: Actor, *, position: int,
                     valid_until: dt.date | None = None, seen: str | None = None) -> AttachResult:
    """Attach scans/PDFs to component number `position` (from 1) of dossier `code`, appending to its current
    file. `seen`: the uuid of the file the person's screen showed there ("" none; None: no screen)."""
    require_any(actor, COMPONENT_ACTIONS)
    lim = limits(desk)
    with desk.db.read() as s:
        d = queries.dossier_by_code(s, code)
        comp = component_at(s, d, position)
        current = current_file(s, d.id, COMPONENT, position)
        check_seen(s, d.code, comp.name, current, seen)
        name, replaced = comp.name, (current.id if current else None)
    with _before(desk, current) as (before, before_pages):
        prepared = prepare(files, lim, before=before, before_pages=before_pages,
                           display_name=f"{position:02d}-{safe_name(name, 'thanh-phan')[:60]}.pdf")
        verb = "Bổ sung trang cho" if before else "Số hóa"
        return _save(desk, code, prepared, actor, kind=COMPONENT, position=position, paper_name=name,
                     result_code="", valid_until=valid_until, replaced=replaced, appended=before is not None,
                     note=f"{verb} thành phần {position} «{name}»: {prepared.pages} trang "
                          f"({shown(files[0].name)}).")


def attach_result(desk: Desk, code: str, files: list[FileIn], actor: Actor, *, result_code: str = "",
                  result_name: str = "", seen: str | None = None) -> AttachResult:
    """Attach the scanned (or electronic) result paper once the dossier is result ready or returned
    (`seen`: the file the screen showed for that result code, as for a component)."""
    require_any(actor, RESULT_ACTIONS)
    result_code = result_key(result_code)
    lim = limits(desk)
    with desk.db.read() as s:
        d = queries.dossier_by_code(s, code)
        if Status(d.status) not in RESULT_STATUSES:
            raise ValidationError({"status": f"Hồ sơ {d.code} đang «{Status(d.status).label}»: chỉ đính kèm kết quả "
                                             "khi hồ sơ «Đã xử lý xong» hoặc «Đã trả kết quả». Hãy chuyển trạng "
                                             "thái trước."})
        name = clean(result_name)[:500] or f"Kết quả giải quyết: {d.procedure_name}"[:500]
        current = current_file(s, d.id, RESULT, 0, result_code)
        check_seen(s, d.code, name, current, seen)
    number = f" số {result_code}" if result_code else ""
    with _before(desk, current) as (before, before_pages):
        prepared = prepare(files, lim, before=before, before_pages=before_pages,
                           display_name=f"ket-qua-{safe_name(result_code or code)[:60]}.pdf")
        return _save(desk, code, prepared, actor, kind=RESULT, position=0, paper_name=name,
                     result_code=result_code, valid_until=None, replaced=current.id if current else None,
                     appended=before is not None, note=f"Số hóa kết quả «{name}»{number}: {prepared.pages} trang.")


def result_key(result_code: str) -> str:
    """A result paper's code as stored (MaGiayToKetQua): what tells one result paper from another."""
    return clean(result_code)[:60]
