"""Work the window hands to the task helper: each function opens a short session inside a service call,
renders a form, or stores settings, and returns plain dataclasses or PDF bytes.

No Qt here, so these run on any thread (the task helper's pool threads in the app, the calling thread
in tests and in `motcua selftest`). Widgets never see a session.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app import printing
from app.services import catalogue, intake, queries, search, settings, workflow
from app.services.desk import Desk
from app.services.dto import Actor, DossierDetail, DossierRow, IntakeRequest
from app.services.outputs import write_with
from app.services.search import Page, SearchFilter

#: Paper names the printing package accepts, by the value of the `default_paper` setting.
PAPERS = ("a5", "a4", "80mm")


def search_page(desk: Desk, query: str, filt: SearchFilter, cursor: tuple | None, limit: int,
                now: dt.datetime) -> Page:
    with desk.db.read() as s:
        return search.search(s, query, filt, limit=limit, cursor=cursor, now=now)


def detail(desk: Desk, dossier_id: int | None = None, code: str | None = None) -> DossierDetail:
    with desk.db.read() as s:
        if code is not None:
            return queries.detail_by_code(s, code)
        assert dossier_id is not None
        return queries.detail_by_id(s, dossier_id)


def procedures(desk: Desk) -> list[catalogue.ProcedureInfo]:
    with desk.db.read() as s:
        return catalogue.list_procedures(s)


@dataclass
class TodayFigures:
    at: dt.datetime
    received_today: int
    due_today: int
    overdue: int
    due_soon: int
    overdue_rows: list[DossierRow]


def end_of_day(now: dt.datetime) -> dt.datetime:
    return dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time.min)


def due_today_filter(now: dt.datetime) -> SearchFilter:
    """Running dossiers due between now and midnight: `due_within_days` takes a fraction of a day."""
    return SearchFilter(due_within_days=(end_of_day(now) - now) / dt.timedelta(days=1))  # type: ignore[arg-type]


def today(desk: Desk, overdue_rows: int = 50) -> TodayFigures:
    now = desk.now()
    start = dt.datetime.combine(now.date(), dt.time.min)
    with desk.db.read() as s:
        received = search.received_count(s, start, end_of_day(now))
        due_today = search.due_between_count(s, now, end_of_day(now))
        overdue = search.overdue_count(s, now)
        soon = search.due_between_count(s, now, now + dt.timedelta(days=2))
        rows = search.search(s, "", SearchFilter(overdue=True),
                             limit=overdue_rows, now=now).rows
    return TodayFigures(now, received, due_today, overdue, soon, rows)


@dataclass
class Saved:
    """What intake hands back to the window: the new dossiers and their one slip."""

    details: list[DossierDetail]
    slip_pdf: bytes


def receive_and_render(desk: Desk, reqs: list[IntakeRequest], actor: Actor, paper: str) -> Saved:
    details = intake.receive_visit(desk, reqs, actor)
    return Saved(details, slip_pdf(desk, details, actor.full_name, paper))


def slip_pdf(desk: Desk, details: list[DossierDetail], receiver_name: str, paper: str) -> bytes:
    slip = printing.slip_from_details(desk.agency, details, receiver_name)
    return printing.build_receipt_pdf(slip, paper=paper)


def form_pdf(desk: Desk, form: str, dossier: DossierDetail, **extra: object) -> bytes:
    """Any form of one dossier; the receipt goes through the slip so reprints match the original."""
    if form == "receipt":
        return slip_pdf(desk, [dossier], dossier.receiver_name, desk.setting("default_paper"))
    return printing.render_form(form, desk.agency, dossier, **extra)


@dataclass
class Acted:
    """A move made on a dossier: the dossier afterwards, and the form to print (if the move has one)."""

    detail: DossierDetail
    form: str | None
    pdf: bytes | None


def act(desk: Desk, fn: Callable[..., DossierDetail], args: tuple, kwargs: dict, form: str | None,
        form_extra: dict) -> Acted:
    """Call one workflow service as `fn(desk, *args, **kwargs)`, then render its form."""
    d = fn(desk, *args, **kwargs)
    return Acted(d, form, form_pdf(desk, form, d, **form_extra) if form else None)


def return_result(desk: Desk, code: str, actor: Actor, collected_by: str, rating: str,
                  comment: str) -> DossierDetail:
    """Hand the result back, then record the citizen's satisfaction when they gave one."""
    d = workflow.transition(desk, code, "returned", actor, collected_by=collected_by)
    if rating:
        d = workflow.record_rating(desk, code, rating, actor, comment)
    return d


EXPORT_HEADERS = ["Mã hồ sơ", "Người nộp", "Số định danh", "Điện thoại", "Địa chỉ", "Mã thủ tục", "Thủ tục",
                  "Trạng thái", "Hình thức nộp", "Tiếp nhận", "Hẹn trả", "Kết thúc", "Đã trả"]


def export_xlsx(desk: Desk, query: str, filt: SearchFilter, path: str, control) -> int:  # type: ignore[no-untyped-def]
    """The whole list as it is filtered, page by page, into an Excel file; returns the row count.

    `control` (a TaskControl) reports progress and stops the export when the user cancels; the file is
    only written when the export completes.
    """
    from openpyxl import Workbook

    from app.services.status import CHANNELS, Status

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Hồ sơ")
    sheet.append(EXPORT_HEADERS)
    now, cursor, count = desk.now(), None, 0
    try:
        while True:
            page = search_page(desk, query, filt, cursor, search.MAX_LIMIT, now)
            for r in page.rows:
                sheet.append([r.code, r.applicant_name, r.applicant_id_number, r.applicant_phone,
                              r.applicant_address, r.procedure_code, r.procedure_name, Status(r.status).label,
                              CHANNELS.get(r.channel, r.channel), r.received_at, r.due_at, r.finished_at,
                              r.returned_at])
            count += len(page.rows)
            control.progress(count, 0)
            if page.next_cursor is None:
                break
            cursor = page.next_cursor
    except BaseException:
        # Finish the write-only sheet into memory and drop it: this also removes openpyxl's temporary file.
        book.save(io.BytesIO())
        raise
    write_with(Path(path), book.save, desk.paths.data_dir, force=True)  # the file dialog asked "Ghi đè?"
    return count


def store_settings(desk: Desk, values: dict, actor: Actor) -> dict:
    """Save changed settings in one transaction (with permission check and audit); returns what changed."""
    now = desk.now()
    changed = {}
    with desk.db.write() as s:
        for key, value in values.items():
            before = settings.change(s, key, value, actor, now)
            if before != value:
                changed[key] = value
    desk.invalidate()
    return changed
