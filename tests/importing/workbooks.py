"""Register exports shaped like the provincial systems' own, built with openpyxl for the import tests.

`public_export` follows the public implementation's columns (STT, Mã hồ sơ, Trích yếu, Số bộ hồ sơ, Chủ hồ
sơ, Địa chỉ, Số điện thoại, Ngày tiếp nhận, Ngày hẹn trả, Ngày trả as text dd/MM/yyyy HH:mm:ss, Người nhận hồ
sơ, Địa bàn) under three title rows, with names in capitals and a totals row and signature at the bottom.
`merged_export` has a two-row merged header ("Ngày" over Tiếp nhận / Hẹn trả / Có kết quả / Trả), dates
as Excel serial numbers, procedure name and code, status and CMND/CCCD columns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import openpyxl

PUBLIC_HEADER = ["STT", "Mã hồ sơ", "Trích yếu", "Số bộ hồ sơ", "Chủ hồ sơ", "Địa chỉ", "Số điện thoại",
                 "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày trả", "Người nhận hồ sơ", "Địa bàn"]


@dataclass
class Row:
    code: str
    summary: str
    name: str
    address: str
    phone: str
    received: str | dt.datetime
    due: str | dt.datetime
    returned: str | dt.datetime = ""
    receiver: str = "NGUYỄN THỊ HỒNG"
    area: str = "Xã Tân Lập"
    sets: int = 1


def public_rows() -> list[Row]:
    return [
        Row("000.17.22.H56-261102-0001", "Đăng ký khai sinh cho cháu Lê Minh Khôi", "LÊ VĂN ĐẠT",
            "Thôn Đông, xã Tân Lập", "0912345678", "02/11/2026 08:15:00", "02/11/2026 17:00:00",
            "02/11/2026 16:20:00"),
        Row("H56.12-20261103-0000042", "Chứng thực bản sao từ bản chính", "TRẦN THỊ ÁNH NGUYỆT",
            "Xóm Bến, xã Tân Lập", "+84 987 654 321", "03/11/2026 09:00:00", "03/11/2026 17:00:00"),
        Row("TL-2026/0137", "Cấp Giấy xác nhận tình trạng hôn nhân", "ĐẶNG QUỐC ỨNG",
            "Thôn Tây, xã Tân Lập", "0977111222", "10/11/2026 14:30:00", "13/11/2026 14:30:00"),
        Row("000.17.22.H56-261112-0003", "Xin xác nhận đơn vay vốn", "Phạm Thị Lụa", "Thôn Bắc",
            "0355123456", "12/11/2026 10:05:00", "17/11/2026 10:05:00", "16/11/2026 09:00:00"),
    ]


def public_export(path: Path, rows: list[Row] | None = None, *, sheet: str = "SoTheoDoi") -> Path:
    rows = public_rows() if rows is None else rows
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(["SỔ THEO DÕI HỒ SƠ"])
    ws.append(["Trung tâm Phục vụ hành chính công xã Tân Lập"])
    ws.append(["Từ ngày 01/11/2026 đến ngày 30/11/2026"])
    ws.append([])
    ws.append(PUBLIC_HEADER)
    for i, r in enumerate(rows, 1):
        ws.append([i, r.code, r.summary, r.sets, r.name, r.address, r.phone, r.received, r.due, r.returned or None,
                   r.receiver, r.area])
    ws.append([None])
    ws.append(["Tổng cộng", None, f"{len(rows)} hồ sơ"])
    ws.append([None, None, None, None, None, None, None, None, None, "Người lập biểu"])
    ws.append([None, None, None, None, None, None, None, None, None, "Nguyễn Thị Hồng"])
    wb.save(path)
    return path


MERGED_TOP = ["STT", "Mã hồ sơ", "Thủ tục", None, "Chủ hồ sơ", None, None, "CMND/CCCD", "Ngày", None, None, None,
              "Trạng thái"]
MERGED_BOTTOM = [None, None, "Mã thủ tục", "Tên thủ tục", "Họ tên", "Địa chỉ", "Điện thoại", None, "Tiếp nhận",
                 "Hẹn trả", "Có kết quả", "Trả", None]


def serial(moment: dt.datetime) -> float:
    return (moment - dt.datetime(1899, 12, 30)).total_seconds() / 86400


def merged_export(path: Path, rows: list[list] | None = None) -> Path:
    """Two-row merged header, serial dates (raw numbers, as some exports store them), numbering row."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sổ theo dõi"
    ws.append(["ỦY BAN NHÂN DÂN XÃ TÂN LẬP"])
    ws.append(["SỔ THEO DÕI HỒ SƠ"])
    ws.append(MERGED_TOP)
    ws.append(MERGED_BOTTOM)
    ws.append([f"({i})" for i in range(1, 14)])
    for span in ("C3:D3", "E3:G3", "I3:L3"):
        ws.merge_cells(span)
    for col in ("A", "B", "H", "M"):
        ws.merge_cells(f"{col}3:{col}4")
    for i, r in enumerate(rows if rows is not None else merged_rows(), 1):
        ws.append([i, *r])
    ws.append(["Cộng: 3 hồ sơ"])
    wb.save(path)
    return path


def merged_rows() -> list[list]:
    return [
        ["000.17.22.H56-261105-0009", "1.001193", "Đăng ký khai sinh", "NGUYỄN VĂN AN", "Thôn Nam, xã Tân Lập",
         912000111, "001090012345", serial(dt.datetime(2026, 11, 5, 8, 30)), serial(dt.datetime(2026, 11, 5, 17, 0)),
         serial(dt.datetime(2026, 11, 5, 11, 0)), None, "Đã xử lý xong"],
        ["000.17.22.H56-261106-0010", "", "Chứng thực chữ ký", "Bùi Thị Hạnh", "Xóm Chợ", "0903555777",
         22195001234, serial(dt.datetime(2026, 11, 6, 9, 0)), serial(dt.datetime(2026, 11, 6, 17, 0)), None, None,
         "Đang giải quyết"],
        ["000.17.22.H56-261109-0011", "2.000815", "", "HOÀNG ĐỨC THẮNG", "Thôn Đông", "", "",
         46335.375, 46335.0, 46335.5, 46335.625, ""],
    ]
