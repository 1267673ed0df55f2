"""Files the desk writes on request: the one place a PDF, workbook or JSON reaches the disk (`save`), and
the dossier list exported to Excel page by page."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from app.operations.base import OpContext
from app.operations.dossiers import search_page
from app.services import search
from app.services.outputs import write_output
from app.services.search import SearchFilter
from app.services.status import CHANNELS, Status


def save(ctx: OpContext, path: Path, data: bytes, *, force: bool = False) -> Path:
    """Write `data` to `path` through `outputs.write_output`: atomically (temporary file, fsync, rename),
    never inside the data folder, and over an existing file only with `force` (the command line's
    --force, the UI's "Ghi đè?"). Errors are Vietnamese `OutputError`s."""
    return write_output(path, data, ctx.desk.paths.data_dir, force=force)


class Progress(Protocol):
    """What a long operation reports to (the UI's TaskControl; None on the command line)."""

    def progress(self, done: int, total: int, text: str = "") -> None: ...


EXPORT_HEADERS = ["Mã hồ sơ", "Người nộp", "Số định danh", "Điện thoại", "Địa chỉ", "Mã thủ tục", "Thủ tục",
                  "Trạng thái", "Hình thức nộp", "Tiếp nhận", "Hẹn trả", "Kết thúc", "Đã trả"]


@dataclass
class Exported:
    path: Path
    rows: int


def export_list(ctx: OpContext, query: str, filt: SearchFilter, path: Path, force: bool = False,
                control: Progress | None = None) -> Exported:
    """The whole list as it is filtered, page by page, into an Excel file.

    `control` reports progress and stops the export (by raising) when the user cancels; the file is only
    written when the export completes (over an existing file only with `force`: the save dialog asked).
    """
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Hồ sơ")
    sheet.append(EXPORT_HEADERS)
    now, cursor, count = ctx.desk.now(), None, 0
    try:
        while True:
            page = search_page(ctx, query, filt, cursor, search.MAX_LIMIT, now)
            for r in page.rows:
                sheet.append([r.code, r.applicant_name, r.applicant_id_number, r.applicant_phone,
                              r.applicant_address, r.procedure_code, r.procedure_name, Status(r.status).label,
                              CHANNELS.get(r.channel, r.channel), r.received_at, r.due_at, r.finished_at,
                              r.returned_at])
            count += len(page.rows)
            if control is not None:
                control.progress(count, 0)
            if page.next_cursor is None:
                break
            cursor = page.next_cursor
    except BaseException:
        # Finish the write-only sheet into memory and drop it: this also removes openpyxl's temporary file.
        book.save(io.BytesIO())
        raise
    buffer = io.BytesIO()
    book.save(buffer)
    save(ctx, path, buffer.getvalue(), force=force)
    return Exported(path, count)
