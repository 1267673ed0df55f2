"""Digitisation at the desk: scanned papers attached to a dossier's components, result papers, reuse.

`attach_component` turns what the clerk hands in into one PDF per component (files_convert), stores it
content-addressed and, on an encrypted store, encrypted (files_store), and records the attachment with
its event, audit entry and outbox row in one transaction, like every other move: the component is then
digitised (DuocSoHoa). Attaching again to the same component appends the new pages (the previous
attachment is kept as history, superseded). `attach_result` records the result paper (DanhSachGiayTo-
KetQua: code, name and file) once the dossier is "result ready" or "returned". `reusable_papers` lists
a citizen's digitised papers still usable (by ID number) and `reuse` points a new dossier's component
at one of them (DuocTaiSuDung) instead of scanning again. Attaching and reusing take `seen`, the file the
person's screen showed as the paper's current one: when it changed since, nothing is written and they are
told what changed (files_seen); whatever `seen`, a file attached elsewhere between reading the paper and
writing is refused the same way. Bad input is refused in Vietnamese before anything is written; a
stored file whose transaction fails is removed again unless another row uses it. Checks, backups and the
digitisation figures live in files_admin.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.errors import NotFoundError, PermissionDenied, ValidationError
from app.models import Dossier, DossierComponent, DossierFile, StoredFile
from app.services import permissions, queries, settings
from app.services.desk import Desk
from app.services.dto import Actor
from app.services.files_convert import FileIn, FileLimits, Prepared, check_size, prepare, safe_name, shown
from app.services.files_seen import changed, check_seen
from app.services.files_store import Blobs, BlobStore
from app.services.ids import uuid7
from app.services.journal import record
from app.services.status import Status
from app.services.text import clean

COMPONENT, RESULT = "component", "result"
COMPONENT_ACTIONS = ("dossier.receive", "dossier.request_supplement")
RESULT_ACTIONS = ("dossier.result_ready", "dossier.return")
RESULT_STATUSES = (Status.RESULT_READY, Status.RETURNED)


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


@dataclass(frozen=True)
class AttachResult:
    code: str
    dossier_id: int
    file: AttachedFile
    appended: bool  # pages were added to the paper's earlier file


@dataclass(frozen=True)
class ReusablePaper:
    uuid: str  # the attachment to reuse
    paper_name: str
    dossier_code: str
    attached_at: dt.datetime
    valid_until: dt.date | None
    pages: int
    sha256: str


def store_for(desk: Desk) -> Blobs:
    """Where this desk's files are: the data folder on SQLite, the database on a centre's server (the one
    place that chooses)."""
    if on_server(desk):
        from app.services.files_dbstore import DbBlobStore

        return DbBlobStore(desk.db, desk.db.key)
    return BlobStore(desk.paths.data_dir, desk.db.key)


def on_server(desk: Desk) -> bool:
    """Whether the files live in the database (a centre's PostgreSQL server) rather than in the folder."""
    return desk.db.engine.dialect.name == "postgresql"


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


def _require_any(actor: Actor, actions: tuple[str, ...]) -> None:
    if not any(permissions.allowed(actor, a) for a in actions):
        try:
            permissions.require(actor, actions[0])
        except PermissionDenied as exc:
            raise PermissionDenied(exc.message.replace(permissions.ACTION_LABELS[actions[0]],
                                                       "đính kèm giấy tờ số hóa", 1)) from None


def _view(s: Session, row: DossierFile, f: StoredFile) -> AttachedFile:
    source = ""
    if row.reused_from_id:
        source = s.scalar(select(Dossier.code).join(DossierFile, DossierFile.dossier_id == Dossier.id)
                          .where(DossierFile.id == row.reused_from_id)) or ""
    return AttachedFile(row.uuid, row.kind, row.position, row.paper_name, row.result_code, row.display_name,
                        f.sha256, f.size, f.pages, row.digitised, row.reused, source, row.attached_at,
                        row.attached_by_name or row.attached_by, row.valid_until, row.superseded_at is None,
                        f.awaiting)


def _current(s: Session, dossier_id: int, kind: str, position: int, result_code: str = "") -> DossierFile | None:
    q = select(DossierFile).where(DossierFile.dossier_id == dossier_id, DossierFile.kind == kind,
                                  DossierFile.position == position, DossierFile.superseded_at.is_(None))
    if kind == RESULT:
        q = q.where(DossierFile.result_code == result_code)
    return s.scalar(q.order_by(DossierFile.id.desc()).limit(1))


def _component(s: Session, d: Dossier, position: int) -> DossierComponent:
    comp = s.scalar(select(DossierComponent).where(DossierComponent.dossier_id == d.id,
                                                   DossierComponent.position == position))
    if comp is None:
        n = s.scalar(select(DossierComponent.position).where(DossierComponent.dossier_id == d.id)
                     .order_by(DossierComponent.position.desc()).limit(1)) or 0
        raise ValidationError({"component": f"Hồ sơ {d.code} không có thành phần số {position} (có {n} thành "
                                            "phần, đánh số từ 1). Hãy chọn đúng thành phần."})
    return comp


def _positions(s: Session, d: Dossier) -> dict[int, str]:
    rows = s.execute(select(DossierComponent.position, DossierComponent.name)
                     .where(DossierComponent.dossier_id == d.id).order_by(DossierComponent.position))
    return {p: n for p, n in rows}


def _save(desk: Desk, code: str, prepared: Prepared, actor: Actor, *, kind: str, position: int,
          paper_name: str, result_code: str, valid_until: dt.date | None, replaced: int | None,
          appended: bool, note: str) -> AttachResult:
    """Store the blob, then the rows, event, audit and outbox in one transaction (the blob goes again
    if the transaction fails and nothing else uses it)."""
    store = store_for(desk)
    rel, encrypted = store.put(prepared.pdf, prepared.sha256)
    try:
        with desk.db.write() as s:
            d = queries.dossier_by_code(s, code)
            now = desk.now()
            current = _current(s, d.id, kind, position, result_code)
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
            view = _view(s, row, f)
            dossier_id = d.id
    except BaseException:
        with desk.db.read() as s:
            if s.scalar(select(StoredFile.id).where(StoredFile.sha256 == prepared.sha256)) is None:
                store.remove(rel)
        raise
    return AttachResult(code, dossier_id, view, appended)


def _before(desk: Desk, current: DossierFile | None) -> tuple[bytes | None, int]:
    """The current file of a paper (to append to), unless it was reused from another dossier."""
    if current is None or current.reused:
        return None, 0
    with desk.db.read() as s:
        f = s.get(StoredFile, current.file_id)
        assert f is not None
        _arrived(f)
        return store_for(desk).read(f.blob, f.encrypted), f.pages


def _arrived(f: StoredFile) -> None:
    """Refuse a laptop's file whose content has not reached the centre yet, saying what to do."""
    if f.awaiting:
        raise NotFoundError(f"Tệp này được đính kèm trên máy lưu động «{f.awaiting}» và chưa được gửi về máy chủ "
                            "Trung tâm. Hãy đồng bộ máy lưu động đó (khi về mạng của Trung tâm) rồi mở lại.")


def attach_component(desk: Desk, code: str, files: list[FileIn], actor: Actor, *, position: int,
                     valid_until: dt.date | None = None, seen: str | None = None) -> AttachResult:
    """Attach scans/PDFs to component number `position` (from 1) of dossier `code`, appending to its current
    file. `seen`: the uuid of the file the person's screen showed there ("" none; None: no screen)."""
    _require_any(actor, COMPONENT_ACTIONS)
    lim = limits(desk)
    with desk.db.read() as s:
        d = queries.dossier_by_code(s, code)
        comp = _component(s, d, position)
        current = _current(s, d.id, COMPONENT, position)
        check_seen(s, d.code, comp.name, current, seen)
        name, replaced = comp.name, (current.id if current else None)
    before, before_pages = _before(desk, current)
    prepared = prepare(files, lim, before=before, before_pages=before_pages,
                       display_name=f"{position:02d}-{safe_name(name, 'thanh-phan')[:60]}.pdf")
    verb = "Bổ sung trang cho" if before else "Số hóa"
    return _save(desk, code, prepared, actor, kind=COMPONENT, position=position, paper_name=name,
                 result_code="", valid_until=valid_until, replaced=replaced, appended=before is not None,
                 note=f"{verb} thành phần {position} «{name}»: {prepared.pages} trang ({shown(files[0].name)}).")


def attach_result(desk: Desk, code: str, files: list[FileIn], actor: Actor, *, result_code: str = "",
                  result_name: str = "", seen: str | None = None) -> AttachResult:
    """Attach the scanned (or electronic) result paper once the dossier is result ready or returned
    (`seen`: the file the screen showed for that result code, as for a component)."""
    _require_any(actor, RESULT_ACTIONS)
    result_code = result_key(result_code)
    lim = limits(desk)
    with desk.db.read() as s:
        d = queries.dossier_by_code(s, code)
        if Status(d.status) not in RESULT_STATUSES:
            raise ValidationError({"status": f"Hồ sơ {d.code} đang «{Status(d.status).label}»: chỉ đính kèm kết quả "
                                             "khi hồ sơ «Đã xử lý xong» hoặc «Đã trả kết quả». Hãy chuyển trạng "
                                             "thái trước."})
        name = clean(result_name)[:500] or f"Kết quả giải quyết: {d.procedure_name}"[:500]
        current = _current(s, d.id, RESULT, 0, result_code)
        check_seen(s, d.code, name, current, seen)
    before, before_pages = _before(desk, current)
    prepared = prepare(files, lim, before=before, before_pages=before_pages,
                       display_name=f"ket-qua-{safe_name(result_code or code)[:60]}.pdf")
    return _save(desk, code, prepared, actor, kind=RESULT, position=0, paper_name=name,
                 result_code=result_code, valid_until=None, replaced=current.id if current else None,
                 appended=before is not None, note=f"Số hóa kết quả «{name}»{' số ' + result_code if result_code else ''}: "
                      f"{prepared.pages} trang.")


def result_key(result_code: str) -> str:
    """A result paper's code as stored (MaGiayToKetQua): what tells one result paper from another."""
    return clean(result_code)[:60]


def list_files(desk: Desk, code: str, *, history: bool = False) -> list[AttachedFile]:
    with desk.db.read() as s:
        d = queries.dossier_by_code(s, code)
        q = (select(DossierFile, StoredFile).join(StoredFile, StoredFile.id == DossierFile.file_id)
             .where(DossierFile.dossier_id == d.id))
        if not history:
            q = q.where(DossierFile.superseded_at.is_(None))
        rows = s.execute(q.order_by(DossierFile.kind, DossierFile.position, DossierFile.id)).all()
        return [_view(s, r, f) for r, f in rows]


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
        _arrived(row)
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
    _require_any(actor, COMPONENT_ACTIONS)
    with desk.db.write() as s:
        d = queries.dossier_by_code(s, code)
        comp = _component(s, d, position)
        current = _current(s, d.id, COMPONENT, position)
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
        return AttachResult(d.code, d.id, _view(s, row, f), False)


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
