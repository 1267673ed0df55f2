"""Importing the commune's register from the provincial system's export: all of a file, or nothing.

`import_register` streams the rows of one sheet (register_sheet), reads each as a dossier (register_rows),
and writes them in chunks inside ONE write transaction: a refused row (bad date, due before received, a code
twice in the file, a wrong identity number…) means the transaction is rolled back and the report lists every
refusal with its row number, so the desk is unchanged. A dry run does the same reading and matching in a
read session and writes nothing. Each new dossier keeps its code as printed (never re-minted), is marked
imported (source, file, row, when, by whom) and gets one event and one audit entry, but no outbox row: the
province already has it. A code already imported is updated only when its data changed (audit entry; an
event when the status moved), and only its descriptive fields once the desk has made moves on it. Memory
stays flat: one chunk of rows and the set of codes seen. Any thread; a `progress(done, total)` callback may
raise to cancel, which rolls everything back.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Row, Table, func, select, text, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from app.models import Dossier, Event, Procedure
from app.models.base import Base
from app.models.fts import FTS_TABLE, FTS_TRIGGERS
from app.services import permissions
from app.services.desk import Desk
from app.services.dto import Actor
from app.services.ids import uuid7
from app.services.journal import AuditIn, audit, audit_many
from app.services.register_report import ImportReport, RegisterRefused
from app.services.register_rows import (
    OUTSIDE_KEY,
    OUTSIDE_NAME,
    Catalogue,
    ProcedureRef,
    RowReader,
    RowValues,
    is_blank,
    is_footer,
)
from app.services.register_sheet import (
    ColumnMapping,
    RegisterFile,
    RegisterFileError,
    SheetLayout,
    detect_layout,
)
from app.services.text import fold

SOURCE = "provincial_register"
CHUNK = 1000
PROGRESS_EVERY = 500
MAX_ROWS = 200_000
#: Fields a re-import may refresh at any time; the others only while the desk has made no move on it.
DESCRIPTIVE = ("procedure_id", "procedure_code", "procedure_name", "field_name", "applicant_name",
               "applicant_id_kind", "applicant_id_number", "applicant_phone", "applicant_address", "summary",
               "sets_count", "receiver_name", "handling_unit", "channel", "note", "search_name", "search_address")
WORKFLOW = ("received_at", "due_at", "original_due_at", "finished_at", "returned_at", "status")

Progress = Callable[[int, int], None]
FTS_INSERT = "dossiers_fts_ai"
_fold = lru_cache(maxsize=65536)(fold)  # names and addresses repeat across a register


@dataclass(frozen=True)
class PreviewRow:
    """One data row as the dossier it would become, or why it would be refused (`problem`)."""

    row: int
    code: str
    applicant_name: str
    procedure_name: str
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    status: int | None
    problem: str = ""


@dataclass
class RegisterPreview:
    layout: SheetLayout
    sheet_names: list[str]
    problems: list[str]  # what stops the import with this column mapping
    rows: list[PreviewRow]


def open_layout(path: Path, sheet: str | None = None, mapping: ColumnMapping | None = None) -> SheetLayout:
    with RegisterFile(path, sheet) as source:
        return detect_layout(source, mapping)


def preview_register(desk: Desk, path: Path, actor: Actor, *, sheet: str | None = None,
                     mapping: ColumnMapping | None = None, layout: SheetLayout | None = None,
                     limit: int = 20) -> RegisterPreview:
    """The detected header and mapping, and the first `limit` data rows read as dossiers. Writes nothing."""
    permissions.require(actor, "register.import")
    now = desk.now().replace(microsecond=0)
    with RegisterFile(Path(path), sheet or (layout.sheet if layout else None)) as source:
        layout = layout or detect_layout(source, mapping)
        problems = layout.problems()
        rows: list[PreviewRow] = []
        if problems:
            return RegisterPreview(layout, source.sheet_names, problems, rows)
        with desk.db.read() as s:
            reader = RowReader(layout.field_columns(), _catalogue(s, now, actor, False), desk.calendar, now)
        code_index = layout.field_columns()["code"]
        after_totals = False
        for number, cells in source.rows(layout.first_data_row):
            if len(rows) >= limit:
                break
            if is_blank(cells):
                continue
            if is_footer(cells, code_index, after_totals):
                after_totals = True
                continue
            try:
                v = reader.read(number, cells)
            except ValueError as exc:
                rows.append(PreviewRow(number, reader.text(cells, "code"), reader.text(cells, "applicant_name"),
                                       "", None, None, None, str(exc)))
            else:
                rows.append(PreviewRow(number, v.code, v.applicant_name, v.procedure_name, v.received_at, v.due_at,
                                       v.status))
        return RegisterPreview(layout, source.sheet_names, problems, rows)


def _catalogue(s: Session, now: dt.datetime, actor: Actor, write: bool) -> Catalogue:
    procs = list(s.execute(select(Procedure)).scalars())
    refs = [ProcedureRef(p.id, p.national_code or p.key, p.name, p.field, p.limit_kind, p.limit_value)
            for p in procs if p.key != OUTSIDE_KEY]
    outside = next((p for p in procs if p.key == OUTSIDE_KEY), None)
    if outside is None and write:
        outside = Procedure(key=OUTSIDE_KEY, national_code="", name=OUTSIDE_NAME, name_folded=fold(OUTSIDE_NAME),
                            limit_kind="working_days", limit_value=0, limit_text="Theo hệ thống của tỉnh",
                            active=False, updated_at=now)
        s.add(outside)
        s.flush()
        audit(s, actor, "catalogue.placeholder", "procedure", OUTSIDE_KEY, {"name": OUTSIDE_NAME}, at=now)
    out = ProcedureRef(outside.id if outside else 0, "", OUTSIDE_NAME, "", "working_days", 0)
    return Catalogue(refs, {p.id: p.name_folded or fold(p.name) for p in procs}, out)


def _raw(value: object) -> object:
    """A value as SQLAlchemy stores it on SQLite, so raw and ORM rows read and compare alike."""
    if isinstance(value, dt.datetime):
        text = value.isoformat(sep=" ")
        return text if value.microsecond else text + ".000000"
    if isinstance(value, (dt.date, bool)):
        return value.isoformat() if isinstance(value, dt.date) else int(value)
    return value


def _bulk_insert(s: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """One executemany straight to the driver: SQLAlchemy's per-row parameter processing cost as much as
    SQLite's own work. Columns left out take their model default."""
    if not rows:
        return
    defaults = {c.name: c.default.arg for c in table.columns
                if isinstance(c.default, ScalarElementColumnDefault) and c.name not in rows[0]}
    names = [*rows[0], *defaults]
    sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join(['?'] * len(names))})"
    s.connection().exec_driver_sql(sql, [tuple(_raw(row[n]) for n in rows[0]) + tuple(defaults.values())
                                         for row in rows])


class _Writer:
    """Collects checked rows and writes them a chunk at a time (or only compares, in a dry run)."""

    def __init__(self, s: Session, desk: Desk, actor: Actor, report: ImportReport, now: dt.datetime, write: bool):
        self.s, self.desk, self.actor, self.report, self.now, self.write = s, desk, actor, report, now, write
        self.buffer: list[RowValues] = []
        self.next_id = self.first_id = (s.scalar(select(func.max(Dossier.id))) or 0) + 1
        if write:
            # Indexing new rows for full-text search one trigger call at a time took half the writing time;
            # they are indexed in one statement by `finish`. Inside the transaction: a rollback restores it.
            s.execute(text(f"DROP TRIGGER {FTS_INSERT}"))

    def finish(self) -> None:
        self.flush()
        if self.write:
            self.s.execute(text(f"INSERT INTO {FTS_TABLE}(rowid, search_name, search_address) "
                                "SELECT id, search_name, search_address FROM dossiers WHERE id >= :first"),
                           {"first": self.first_id})
            self.s.execute(text(FTS_TRIGGERS[FTS_INSERT]))

    def add(self, row: RowValues) -> None:
        self.buffer.append(row)
        if len(self.buffer) >= CHUNK:
            self.flush()

    def _values(self, r: RowValues) -> dict[str, Any]:
        return {"procedure_id": r.procedure.id, "procedure_code": r.procedure_code,
                "procedure_name": r.procedure_name, "field_name": r.field_name, "applicant_name": r.applicant_name,
                "applicant_id_kind": r.id_kind, "applicant_id_number": r.id_number, "applicant_phone": r.phone,
                "applicant_address": r.address, "summary": r.summary, "sets_count": r.sets_count,
                "receiver_name": r.receiver_name, "handling_unit": r.handling_unit, "channel": r.channel,
                "note": r.note, "search_name": _fold(r.applicant_name), "search_address": _fold(r.address),
                "received_at": r.received_at, "due_at": r.due_at, "original_due_at": r.due_at,
                "finished_at": r.finished_at, "returned_at": r.returned_at, "status": r.status}

    def _note(self, r: RowValues) -> str:
        return (f"Nhập từ sổ theo dõi hồ sơ của hệ thống một cửa tỉnh (tệp {self.report.file_name}, "
                f"trang «{self.report.sheet}», dòng {r.row}); hồ sơ đã được tiếp nhận trên hệ thống của tỉnh.")

    def flush(self) -> None:
        rows, self.buffer = self.buffer, []
        if not rows:
            return
        cols = (Dossier.id, Dossier.imported_source, Dossier.version, *(getattr(Dossier, k) for k in
                                                                           (*DESCRIPTIVE, *WORKFLOW)))
        existing = {r.code: r for r in self.s.execute(select(Dossier.code, *cols)
                                                      .where(Dossier.code.in_([x.code for x in rows])))}
        moved = set(self.s.scalars(select(Event.dossier_id).where(
            Event.dossier_id.in_([e.id for e in existing.values()]), Event.source == "local").distinct()))
        new_rows: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        audits: list[AuditIn] = []
        for r in rows:
            values = self._values(r)
            old = existing.get(r.code)
            if old is None:
                self._create(r, values, new_rows, events, audits)
                continue
            if not old.imported_source:
                self.report.refuse(r.row, r.code, "mã hồ sơ này đã có trên máy (tiếp nhận tại quầy), không nhập đè")
                continue
            keys = DESCRIPTIVE if old.id in moved else (*DESCRIPTIVE, *WORKFLOW)
            changed = {k: values[k] for k in keys if getattr(old, k) != values[k]}
            self._count(r)
            if not changed:
                self.report.unchanged += 1
                continue
            self.report.updated += 1
            self._update(r, old, changed, events, audits)
        if self.write and self.report.ok:
            _bulk_insert(self.s, Base.metadata.tables["dossiers"], new_rows)
            _bulk_insert(self.s, Base.metadata.tables["events"], events)
            audit_many(self.s, audits)

    def _count(self, r: RowValues) -> None:
        self.report.importable += 1
        self.report.outside_catalogue += r.procedure.code == "" and r.procedure.name == OUTSIDE_NAME

    def _create(self, r: RowValues, values: dict[str, Any], new_rows: list[Any], events: list[Any], audits: list[Any]) -> None:
        self._count(r)
        self.report.created += 1
        did = self.next_id
        self.next_id += 1
        if self.write:
            self.report.dossier_ids.append(did)
        agency, device = self.desk.agency, self.desk.device
        new_rows.append({
            **values, "id": did, "uuid": uuid7(), "code": r.code, "limit_kind": r.procedure.limit_kind,
            "limit_value": r.procedure.limit_value, "form_set_version": agency.form_set_version,
            "applicant_type": 1, "result_delivery": "counter", "receiver_user_id": None, "device_id": device.id,
            "version": 1, "updated_at": self.now, "imported_source": SOURCE, "imported_file": self.report.file_name,
            "imported_row": r.row, "imported_at": self.now, "imported_by": self.actor.username})
        events.append(self._event(did, None, r.status, r, self.now))
        audits.append(AuditIn(self.actor.username, "dossier.import", "dossier", r.code,
                              {"file": self.report.file_name, "sheet": self.report.sheet, "row": r.row,
                               "procedure": r.procedure_code, "to": r.status}, self.now))

    def _update(self, r: RowValues, old: Row[Any], changed: dict[str, Any], events: list[Any], audits: list[Any]) -> None:
        if self.write:
            self.report.dossier_ids.append(old.id)
        extra = {}
        if "status" in changed:
            events.append(self._event(old.id, old.status, r.status, r, self.now))
            extra = {"version": old.version + 1}
        if self.write:
            self.s.execute(update(Dossier).where(Dossier.id == old.id)
                           .values(**changed, **extra, updated_at=self.now))
        audits.append(AuditIn(self.actor.username, "dossier.import_update", "dossier", r.code,
                              {"file": self.report.file_name, "row": r.row,
                               "changed": {k: [str(getattr(old, k)), str(v)] for k, v in changed.items()
                                           if not k.startswith("search_")}}, self.now))

    def _event(self, dossier_id: int, from_status: int | None, to_status: int, r: RowValues,
               at: dt.datetime) -> dict[str, Any]:
        # source "upstream": the province decided this, so it is not queued for sync (no outbox row).
        return {"uuid": uuid7(), "dossier_id": dossier_id, "at": at, "kind": "import", "from_status": from_status,
                "to_status": to_status, "from_party": "", "to_party": "", "actor": self.actor.full_name,
                "actor_title": self.actor.title, "note": self._note(r), "due_at": r.due_at, "source": "upstream"}


def import_register(desk: Desk, path: Path, actor: Actor, *, sheet: str | None = None,
                    mapping: ColumnMapping | None = None, layout: SheetLayout | None = None,
                    dry_run: bool = False, progress: Progress | None = None) -> ImportReport:
    """Read (and unless `dry_run`, write) one register export; raises RegisterRefused if any row is refused
    on a real import, RegisterFileError if the file itself cannot be used. `layout` (from the wizard, with the
    administrator's column choices) overrides the detected one."""
    permissions.require(actor, "register.import")
    started = time.perf_counter()
    path = Path(path)
    now = desk.now().replace(microsecond=0)
    _ = desk.agency, desk.device, desk.calendar  # before the write lock, so their reads do not wait on it
    with RegisterFile(path, sheet or (layout.sheet if layout else None)) as source:
        layout = layout or detect_layout(source, mapping)
        problems = layout.problems()
        if problems:
            raise RegisterFileError("\n".join(problems))
        report = ImportReport(path.name, layout.sheet, layout.header_row, dry_run)
        total = source.total_rows or 0
        session: AbstractContextManager[Session] = desk.db.read() if dry_run else desk.db.write()
        with session as s:
            reader = RowReader(layout.field_columns(), _catalogue(s, now, actor, not dry_run), desk.calendar, now)
            _read_rows(source, layout, reader, _Writer(s, desk, actor, report, now, not dry_run), report,
                       total, progress)
            if not report.ok and not dry_run:
                raise RegisterRefused(report)  # leaving the block rolls the transaction back
    report.seconds = round(time.perf_counter() - started, 2)
    return report


def _read_rows(source: RegisterFile, layout: SheetLayout, reader: RowReader, writer: _Writer,
               report: ImportReport, total: int, progress: Progress | None) -> None:
    code_index = layout.field_columns()["code"]
    seen: dict[str, int] = {}
    blank_run = 0
    after_totals = False
    for number, cells in source.rows(layout.first_data_row):
        if progress and number % PROGRESS_EVERY == 0:
            progress(number, max(total, number))
        if is_blank(cells):
            blank_run += 1  # counted only if a filled row follows (Excel keeps formatted empty rows at the end)
            continue
        report.rows_read += blank_run + 1
        report.skipped_empty += blank_run
        blank_run = 0
        if report.rows_read > MAX_ROWS:
            raise RegisterFileError(f"Tệp có hơn {MAX_ROWS:,} dòng hồ sơ; hãy xuất sổ theo từng năm và nhập lần "
                                    "lượt từng tệp.".replace(",", "."))
        code = reader.text(cells, "code")
        if is_footer(cells, code_index, after_totals):
            after_totals = True
            report.skipped_totals += 1
            continue
        if code and code in seen:
            report.refuse(number, code, f"mã hồ sơ trùng với dòng {seen[code]}")
            continue
        seen[code] = number
        try:
            row = reader.read(number, cells)
        except ValueError as exc:
            report.refuse(number, code, str(exc))
        else:
            writer.add(row)
    writer.finish()
    if progress:
        progress(max(total, 1), max(total, 1))
