"""The leaders' report as an Excel workbook (openpyxl): one sheet per table.

Takes the dict of `reports.build_report` and returns the .xlsx bytes. Every sheet has a title row, a
subtitle row (unit, period), one bold header row frozen under them, real numbers and dates with number
formats (counts `#,##0`, rates `0.0%`, days `0.00`, moments `dd/mm/yyyy hh:mm`) and fitted column
widths. Pure Python, any thread.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.services.report_labels import BREAKDOWN_COLUMNS, FIGURES, LISTS
from app.services.status import CHANNELS
from app.services.text import thousands

HEADER_ROW = 3
FORMATS = {"count": "#,##0", "rate": "0.0%", "days": "0.00", "moment": "dd/mm/yyyy hh:mm", "text": "@"}
_HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")

#: Columns of the dossier lists: (item key, header, kind, width).
LIST_COLUMNS = [
    ("code", "Mã hồ sơ", "text", 28), ("procedure_name", "Thủ tục", "text", 40),
    ("applicant_name", "Người nộp", "text", 24), ("applicant_phone", "Điện thoại", "text", 13),
    ("channel", "Kênh", "text", 14), ("status_label", "Trạng thái", "text", 20),
    ("received_at", "Tiếp nhận", "moment", 17), ("original_due_at", "Hẹn trả ban đầu", "moment", 17),
    ("due_at", "Hạn theo quy định", "moment", 17), ("extended_due_at", "Hẹn mới (gia hạn)", "moment", 17),
    ("finished_at", "Ngày có kết quả", "moment", 17),
    ("days_late", "Số ngày trễ (ngày làm việc)", "count", 12), ("supplement_count", "Số lần bổ sung", "count", 10),
    ("apology", "Đã có văn bản xin lỗi, gia hạn", "text", 12), ("receiver_name", "Cán bộ tiếp nhận", "text", 22),
]


def _moment(value: str | None) -> dt.datetime | None:
    # Excel has no time zones: show Vietnam wall-clock time, as printed on the slips.
    return dt.datetime.fromisoformat(value).replace(tzinfo=None) if value else None


def _sheet(wb: Workbook, title: str, heading: str, data: dict[str, Any], columns: list[tuple[str, str, int]],
           subtitle: str = "") -> Worksheet:
    ws: Worksheet = wb.create_sheet(title)
    ws.cell(1, 1, heading).font = Font(bold=True, size=13)
    period = data["period"]
    ws.cell(2, 1, subtitle or f"{data['agency']['name']} — {period['label']} "
                              f"({period['from']} → {period['to']})").font = Font(italic=True)
    for col, (header, _kind, width) in enumerate(columns, 1):
        c = ws.cell(HEADER_ROW, col, header)
        c.font = Font(bold=True)
        c.fill = _HEADER_FILL
        c.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[HEADER_ROW].height = 32
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)  # type: ignore[assignment]
    return ws


def _put(ws: Worksheet, row: int, values: list[tuple[Any, str]]) -> None:
    for col, (value, kind) in enumerate(values, 1):
        c = ws.cell(row, col, value)
        c.number_format = FORMATS[kind]


def _breakdown(wb: Workbook, title: str, heading: str, data: dict[str, Any], rows: list[dict[str, Any]],
               lead: list[tuple[str, str, str, int]]) -> None:
    cols = [(h, k, w) for _key, h, k, w in lead] + [(h, k, 11) for _key, h, k in BREAKDOWN_COLUMNS]
    ws = _sheet(wb, title, heading, data, cols)
    for i, r in enumerate(rows, HEADER_ROW + 1):
        _put(ws, i, [(r.get(key), kind) for key, _h, kind, _w in lead]
             + [(r.get(key), kind) for key, _h, kind in BREAKDOWN_COLUMNS])


def build_report_xlsx(data: dict[str, Any]) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    title = f"BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ — {data['period']['label'].upper()}"
    ws = _sheet(wb, "Tổng hợp", title, data, [("Chỉ tiêu", "text", 48), ("Số liệu", "count", 14),
                                               ("Mã chỉ tiêu", "text", 30)])
    row = HEADER_ROW + 1
    for key, label, kind in FIGURES:
        _put(ws, row, [(label, "text"), (data.get(key), kind), (key, "text")])
        row += 1
    _put(ws, row, [("Chỉ tiêu tỷ lệ đúng hạn (QĐ 766/QĐ-TTg)", "text"), (data["on_time_target"], "rate"),
                   ("on_time_target", "text")])
    row += 1
    sat = data["satisfaction"]
    _put(ws, row, [("Tỷ lệ hài lòng (rất hài lòng và hài lòng)", "text"), (sat["satisfied_rate"], "rate"),
                   ("satisfaction.satisfied_rate", "text")])

    channels = [dict(r, name=CHANNELS.get(slug, slug), key=slug) for slug, r in data["by_channel"].items()]
    _breakdown(wb, "Theo kênh", "THEO KÊNH TIẾP NHẬN", data, channels,
               [("name", "Kênh tiếp nhận", "text", 24), ("share", "Tỷ lệ tiếp nhận", "rate", 11)])
    _breakdown(wb, "Theo lĩnh vực", "THEO LĨNH VỰC", data, data["by_field"], [("name", "Lĩnh vực", "text", 32)])
    _breakdown(wb, "Theo thủ tục", "THEO THỦ TỤC HÀNH CHÍNH", data, data["by_procedure"],
               [("code", "Mã thủ tục", "text", 12), ("name", "Tên thủ tục", "text", 44),
                ("field", "Lĩnh vực", "text", 18),
                ("avg_processing_working_days", "Thời gian GQ trung bình (ngày LV)", "days", 13)])
    _breakdown(wb, "Theo cán bộ", "THEO CÁN BỘ TIẾP NHẬN", data, data["by_officer"],
               [("name", "Cán bộ tiếp nhận", "text", 28)])

    ws = _sheet(wb, "Hài lòng", "MỨC ĐỘ HÀI LÒNG CỦA NGƯỜI DÂN (hồ sơ trả kết quả trong kỳ)", data,
                [("Mức độ", "text", 28), ("Số phiếu", "count", 12), ("Tỷ lệ", "rate", 12), ("Mã", "text", 18)])
    row = HEADER_ROW + 1
    for key, label in sat["labels"].items():
        _put(ws, row, [(label, "text"), (sat[key], "count"), (sat["shares"][key], "rate"), (key, "text")])
        row += 1
    _put(ws, row, [("Tổng số phiếu đánh giá", "text"), (sat["rated"], "count"), (None, "rate"), ("rated", "text")])
    _put(ws, row + 1, [("Chưa đánh giá (không tính vào tỷ lệ)", "text"), (sat["not_rated"], "count"), (None, "rate"),
                       ("not_rated", "text")])
    _put(ws, row + 2, [("Tỷ lệ hài lòng (rất hài lòng và hài lòng)", "text"), (None, "count"),
                       (sat["satisfied_rate"], "rate"), ("satisfied_rate", "text")])

    for key, heading, sheet in LISTS:
        block = data[key]
        shown = len(block["items"])
        note = f"{thousands(shown)} hồ sơ" if shown == block["total"] else \
            f"Hiển thị {thousands(shown)} trong {thousands(block['total'])} hồ sơ"
        ws = _sheet(wb, sheet, heading.upper(), data, [(h, k, w) for _key, h, k, w in LIST_COLUMNS],
                    subtitle=f"{data['agency']['name']} — {data['period']['label']} — {note}")
        for i, item in enumerate(block["items"], HEADER_ROW + 1):
            values = []
            for col, _h, kind, _w in LIST_COLUMNS:
                v = item.get(col)
                if kind == "moment":
                    v = _moment(v)
                elif col == "apology":
                    v = "Có" if v else "Chưa"
                elif col == "channel":
                    v = CHANNELS.get(v, v)
                values.append((v, kind))
            _put(ws, i, values)

    digit = data["digitisation"]
    ws = _sheet(wb, "Số hóa", f"{digit['title'].upper()} ({digit['basis']})", data,
                [("Chỉ tiêu", "text", 40), ("Số lượng", "count", 12), ("Trên tổng số", "count", 12),
                 ("Tỷ lệ", "rate", 10), ("Cách tính", "text", 90)])
    for i, r in enumerate(digit["rows"], HEADER_ROW + 1):
        _put(ws, i, [(r["label"], "text"), (r["count"], "count"), (r["out_of"], "count"), (r["rate"], "rate"),
                     (r["rule"], "text")])
        ws.cell(i, 5).alignment = Alignment(wrap_text=True, vertical="top")

    ws = _sheet(wb, "Cách tính", "CÁCH TÍNH SỐ LIỆU", data, [("Quy tắc", "text", 120)])
    for i, rule in enumerate(data["rules"], HEADER_ROW + 1):
        ws.cell(i, 1, rule).alignment = Alignment(wrap_text=True)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
