"""Importing the commune's register from the provincial system's export (administrators only).

`preview_register` shows the detected header, the column mapping and the first rows as dossiers;
`import_register` runs a dry run or the real import of one file (all rows or none) and says which dossiers
changed; `save_mapping` / `load_mapping` keep the administrator's column choices for next month's file.
The rules live in app/services/register_import.py (rows, writing) and register_sheet.py (file, header).
Any thread; a `progress(done, total)` callback may raise to cancel, and nothing is then written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.operations.base import Changes, OpContext
from app.services import permissions
from app.services import register_import as service
from app.services.register_import import Progress, RegisterPreview
from app.services.register_report import ImportReport
from app.services.register_sheet import FIELDS, ColumnMapping, SheetLayout


@dataclass(frozen=True)
class FieldChoice:
    key: str  # "" = ignore the column
    label: str


#: What a column can be mapped to, in the order the wizard lists them.
FIELD_CHOICES: tuple[FieldChoice, ...] = (FieldChoice("", "(bỏ qua cột này)"),
                                          *(FieldChoice(f.key, f.label) for f in FIELDS))


@dataclass(frozen=True)
class ImportOutcome:
    report: ImportReport
    changes: Changes


def load_mapping(ctx: OpContext, path: Path) -> ColumnMapping:
    permissions.require(ctx.actor, "register.import")
    return ColumnMapping.load(Path(path))


def save_mapping(ctx: OpContext, layout: SheetLayout, path: Path) -> Path:
    """Save the column choices of `layout` as a mapping file (JSON) for the next export."""
    permissions.require(ctx.actor, "register.import")
    path = Path(path)
    layout.mapping().save(path)
    return path


def preview_register(ctx: OpContext, path: Path, *, sheet: str | None = None, mapping_file: Path | None = None,
                     layout: SheetLayout | None = None, limit: int = 20) -> RegisterPreview:
    mapping = load_mapping(ctx, mapping_file) if mapping_file else None
    return service.preview_register(ctx.desk, Path(path), ctx.actor, sheet=sheet, mapping=mapping, layout=layout,
                                    limit=limit)


def import_register(ctx: OpContext, path: Path, *, sheet: str | None = None, mapping_file: Path | None = None,
                    layout: SheetLayout | None = None, dry_run: bool = False,
                    progress: Progress | None = None) -> ImportOutcome:
    """Raises RegisterRefused (with its report) when any row is refused on a real import: nothing written."""
    if not dry_run:
        ctx.require_account("register.import")
    mapping = load_mapping(ctx, mapping_file) if mapping_file else None
    report = service.import_register(ctx.desk, Path(path), ctx.actor, sheet=sheet, mapping=mapping, layout=layout,
                                     dry_run=dry_run, progress=progress)
    return ImportOutcome(report, Changes.of("dossier", *report.dossier_ids))
