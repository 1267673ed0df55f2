"""Digitisation operations: attach scans/PDFs to a component or as the result, list, open (a private copy
streamed to disk), preview, export (streamed), reuse a citizen's earlier papers, and verify the stored
files. Attaching and reusing take `seen`, the attachment the person's screen showed as the paper's current
file ("" none; None: no screen, as on the command line without --seen-file): when it changed since, nothing
is written (ConcurrentChange names what changed). Permissions are checked by the services (attaching a component: clerk or officer; a result:
whoever may mark it ready or hand it back)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.errors import ValidationError
from app.operations.base import Changes, OpContext
from app.services import files as svc
from app.services import files_admin, files_read, files_reuse, files_view, permissions
from app.services.files import result_key
from app.services.files_convert import FileIn
from app.services.files_read import AttachedFile
from app.services.files_reuse import DossierPapers, PaperSlot, ReusablePaper
from app.services.pdfium_lock import PDFIUM

__all__ = ["AttachOutcome", "AttachedFile", "DossierPapers", "ExportOutcome", "FileIn", "PaperSlot", "ReusablePaper",
           "attach", "attach_data", "check", "digitisation", "drop_copy", "export", "list_files", "open_copy", "papers",
           "preview_png", "push", "result_key", "reusable", "reuse"]

if TYPE_CHECKING:  # the HTTP client loads when files are pushed
    from app.sync.files_push import FilePushReport


@dataclass(frozen=True)
class AttachOutcome:
    code: str
    file: AttachedFile
    appended: bool
    changes: Changes


@dataclass(frozen=True)
class ExportOutcome:
    code: str
    written: tuple[Path, ...]


def _outcome(r: svc.AttachResult) -> AttachOutcome:
    return AttachOutcome(r.code, r.file, r.appended, Changes.of("files", r.dossier_id))


def attach_data(ctx: OpContext, code: str, items: list[FileIn], *, component: int | None = None,
                result: bool = False, result_code: str = "", result_name: str = "",
                valid_until: dt.date | None = None, seen: str | None = None) -> AttachOutcome:
    """Attach files already in memory (a webcam shot, a dropped file read by the UI)."""
    ctx.require_account()  # the files service checks the permission itself
    if result == (component is not None):
        raise ValidationError({"target": "Hãy chọn đính kèm vào một thành phần (--component SỐ) hoặc làm kết quả "
                                         "(--result), chỉ một trong hai."})
    if result:
        return _outcome(svc.attach_result(ctx.desk, code, items, ctx.actor, result_code=result_code,
                                          result_name=result_name, seen=seen))
    assert component is not None
    return _outcome(svc.attach_component(ctx.desk, code, items, ctx.actor, position=component,
                                         valid_until=valid_until, seen=seen))


def attach(ctx: OpContext, code: str, paths: list[Path], *, component: int | None = None, result: bool = False,
           result_code: str = "", result_name: str = "", valid_until: dt.date | None = None,
           seen: str | None = None) -> AttachOutcome:
    """Attach files from disk: each is size-checked before it is read."""
    lim = svc.limits(ctx.desk)
    items = [svc.read_input(Path(p), lim) for p in paths]
    return attach_data(ctx, code, items, component=component, result=result, result_code=result_code,
                       result_name=result_name, valid_until=valid_until, seen=seen)


def list_files(ctx: OpContext, code: str, *, history: bool = False) -> list[AttachedFile]:
    return files_read.list_files(ctx.desk, code, history=history)


def papers(ctx: OpContext, code: str) -> DossierPapers:
    """A dossier's components with their current files, its results, and the citizen's reusable papers."""
    return files_reuse.dossier_papers(ctx.desk, code)


def open_copy(ctx: OpContext, file_uuid: str) -> Path:
    """A private copy of an attachment for the system's viewer, streamed to disk (never whole in memory);
    remove it with `drop_copy` when the viewer's panel closes."""
    return files_view.open_copy(ctx.desk, file_uuid)


def drop_copy(path: Path) -> None:
    files_view.drop(path)


def export(ctx: OpContext, code: str, out_dir: Path) -> ExportOutcome:
    return ExportOutcome(code, tuple(files_read.export(ctx.desk, code, out_dir)))


def reusable(ctx: OpContext, id_number: str) -> list[ReusablePaper]:
    return files_reuse.reusable_papers(ctx.desk, id_number)


def reuse(ctx: OpContext, code: str, component: int, source_uuid: str, *, seen: str | None = None) -> AttachOutcome:
    ctx.require_account()
    return _outcome(files_reuse.reuse(ctx.desk, code, component, source_uuid, ctx.actor, seen=seen))


def check(ctx: OpContext) -> files_admin.FilesCheck:
    """Every stored file against its SHA-256 (permission: store.check)."""
    return files_admin.verify_files(ctx.desk, ctx.actor)


def preview_png(ctx: OpContext, file_uuid: str, width: int = 300) -> bytes:
    """The first page of an attachment rendered (PDFium) to a PNG `width` pixels wide, for the preview."""
    import io

    import pypdfium2 as pdfium

    with files_view.local_copy(ctx.desk, file_uuid) as path, PDFIUM:  # PDFium reads the pages from disk
        doc = pdfium.PdfDocument(str(path))
        try:
            page = doc[0]
            bitmap = page.render(scale=width / page.get_width())
            try:
                out = io.BytesIO()
                bitmap.to_pil().save(out, "PNG")
                return out.getvalue()
            finally:
                bitmap.close()
        finally:
            doc.close()


def push(ctx: OpContext) -> FilePushReport:
    """Send the files whose dossier's record the province has acknowledged (resumable, idempotent)."""
    permissions.require(ctx.actor, "sync.configure")
    from app.sync.files_push import push_files

    return push_files(ctx.desk)


def digitisation(ctx: OpContext, first_day: dt.date, last_day: dt.date) -> files_admin.DigitisationFigures:
    """The digitisation figures of a period (Decision 766 group 4), with their rules (permission: report.read)."""
    permissions.require(ctx.actor, "report.read")
    return files_admin.digitisation_figures(ctx.desk, first_day, last_day)
