"""Files the desk writes on request: the one place a PDF, workbook or JSON reaches the disk (`save`), and
the dossier list exported to Excel page by page."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from app.errors import MotCuaError
from app.operations.base import OpContext
from app.operations.dossiers import search_page
from app.services import search
from app.services.search import SearchFilter
from app.services.status import CHANNELS, Status


def save(path: Path, data: bytes, *, make_folders: bool = False) -> Path:
    """Write `data` to `path`; an unwritable file is a Vietnamese MotCuaError. `make_folders`: the command
    line creates missing folders; a save dialog only offers folders that exist."""
    try:
        if make_folders:
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        raise MotCuaError(f"Không ghi được tệp {path} ({exc.strerror or exc}). Hãy chọn thư mục khác hoặc đóng "
                          "tệp nếu đang mở trong trình xem PDF hoặc Excel.") from None
    return path


class Progress(Protocol):
    """What a long operation reports to (the UI's TaskControl; None on the command line)."""

    def progress(self, done: int, total: int, text: str = "") -> None: ...


EXPORT_HEADERS = ["Mã hồ sơ", "Người nộp", "Số định danh", "Điện thoại", "Địa chỉ", "Mã thủ tục", "Thủ tục",
                  "Trạng thái", "Hình thức nộp", "Tiếp nhận", "Hẹn trả", "Kết thúc", "Đã trả"]


@dataclass
class Exported:
    path: Path
    rows: int


def export_list(ctx: OpContext, query: str, filt: SearchFilter, path: Path,
                control: Progress | None = None) -> Exported:
    """The whole list as it is filtered, page by page, into an Excel file.

    `control` reports progress and stops the export (by raising) when the user cancels; the file is only
    written when the export completes.
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
    save(path, buffer.getvalue())
    return Exported(path, count)
