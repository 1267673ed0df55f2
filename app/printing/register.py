"""Mẫu 06 Sổ theo dõi hồ sơ: the register of dossiers received in a date range, A4 landscape.

Eleven numbered columns as in Circular 01/2018; the column header (with its numbers) and a running
head repeat on every page, and pages are numbered "Trang i/n". Hundreds of rows are normal; each cell
wraps inside its column. Pure Python, any thread.
"""

from __future__ import annotations

import dataclasses

from reportlab.lib.units import mm

from app.printing import common
from app.printing.fonts import REGULAR, width
from app.printing.layout import Column, Doc
from app.printing.slip import RegisterBook

SIZE = 8.5
COLUMNS = [
    Column("TT", 0.5, "center"),
    Column("Mã hồ sơ", 0, "center"),  # fixed to the longest code
    Column("Tên thủ tục hành chính", 2.5),
    Column("Tên tổ chức, cá nhân", 1.6),
    Column("Địa chỉ, số điện thoại", 2.7),
    Column("Cơ quan chủ trì giải quyết", 1.3),
    Column("Ngày, tháng, năm nhận hồ sơ", 1.0, "center"),
    Column("Ngày hẹn trả kết quả", 1.0, "center"),
    Column("Ngày, tháng, năm trả kết quả", 1.0, "center"),
    Column("Hình thức trả kết quả", 1.05, "center"),
    Column("Ký nhận", 0.85),
]


def build_register_pdf(book: RegisterBook) -> bytes:
    h = book.header
    span = f"Từ {common.day(book.date_from)} đến {common.day(book.date_to)}"
    w, ht = common.A4_LANDSCAPE

    def running_head(doc: Doc) -> None:
        if len(doc.pages) > 1:
            doc.block([(f"SỔ THEO DÕI HỒ SƠ — {h.unit_name} — {span} (tiếp theo)", "i")], doc.left, doc.inner,
                      doc.y, SIZE)
            doc.y += SIZE * 1.6

    doc = Doc(w, ht, (12 * mm, 9 * mm, 10 * mm, 10 * mm), on_new_page=running_head)
    version = h.form_set_version
    common.corner(doc, "", f"Mẫu số 06{' — ' + version if version else ''}", size=8)
    common.national_header(doc, h, "……", book.date_to, size=10.5)
    common.title(doc, "SỔ THEO DÕI HỒ SƠ", 14, sub=f"{span} — {len(book.rows)} hồ sơ")
    # The code column is as wide as the longest code: a code cut in two cannot be read or typed back.
    code_w = max([width(r.code, REGULAR, SIZE) for r in book.rows] + [width("Mã hồ sơ", REGULAR, SIZE)]) + 5
    columns = [dataclasses.replace(c, fixed=code_w) if c.title == "Mã hồ sơ" else c for c in COLUMNS]
    rows = []
    for i, r in enumerate(book.rows, 1):
        contact = r.address + (f"\nĐT: {r.phone}" if r.phone else "")
        rows.append([str(i), r.code, r.procedure_name, r.applicant_name, contact, r.handling_unit,
                     common.short(r.received_at), common.short(r.due_at), common.short(r.returned_at),
                     r.how_returned, ""])
    doc.table(columns, rows, size=SIZE, head_size=SIZE, numbered=True, pad=2)
    common.page_numbers(doc)
    return common.pdf([doc], "a4l", f"Sổ theo dõi hồ sơ {span}", h)
