"""Mẫu 05 Phiếu kiểm soát quá trình giải quyết hồ sơ: the printed hand-over log that travels with the
dossier, A5 portrait.

One table row per hand-over ("Giao: X / Nhận: Y"), with the time, whether that step was before, on or
after the due date, a note and room for both signatures. Rows continue on the next page with the
table header repeated. Pure Python, any thread.
"""

from __future__ import annotations

from reportlab.lib.units import mm

from app.printing import common
from app.printing.layout import Column, Doc, Run
from app.printing.receipt import GEOMETRY, marks
from app.printing.slip import TIMELINESS, ControlSheet

G = GEOMETRY["a5"]
SIZE = G.body
COLUMNS = [
    Column("Tên cơ quan, người giao – nhận", 3.0),
    Column("Thời gian giao, nhận hồ sơ", 2.6, "center"),
    Column("Kết quả giải quyết (trước hạn / đúng hạn / quá hạn)", 1.9, "center"),
    Column("Ghi chú", 1.8),
]


def build_control_pdf(sheet: ControlSheet) -> bytes:
    h, d = sheet.header, sheet.dossier
    doc = Doc(G.page[0], G.page[1], G.margins,
              on_new_page=common.running_head(f"Mẫu số 05 — Mã hồ sơ {d.code}", SIZE - 2.5))
    version = d.form_set_version or h.form_set_version
    common.corner(doc, "", f"Mẫu số 05{' — ' + version if version else ''}", size=SIZE - 2.5)
    common.national_header(doc, h, "……", d.received_at.date(), size=G.head)
    common.title(doc, "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", G.title)
    doc.para([("Mã hồ sơ: ", "b"), (d.code, "b")], SIZE + 1, align="center")
    marks(doc, d, G)
    doc.para([("(Kèm theo hồ sơ của: ", "r"), (d.applicant.name, "b+"), (")", "r")], SIZE)
    doc.para([("Nội dung yêu cầu giải quyết: ", "r"), (d.procedure_name, "b")], SIZE)
    doc.para([("Ngày nhận hồ sơ: ", "r"), (common.moment(d.received_at), "r")], SIZE)
    doc.para([("Ngày hẹn trả kết quả: ", "r"), (common.moment(d.due_at), "b")], SIZE)
    doc.para([("Cơ quan (bộ phận) giải quyết hồ sơ: ", "r"), (sheet.handling_unit or "……………………", "r")], SIZE)
    doc.para([("Cơ quan phối hợp giải quyết hồ sơ: ", "r"), (sheet.cooperating_units or "……………………", "r")],
             SIZE)
    doc.y += 3
    rows = []
    for i, s in enumerate(sheet.steps, 1):
        who: list[Run] = [(f"{i}. Giao: ", "b"), (s.giver + "\n", "r"), ("Nhận: ", "b"), (s.receiver, "r")]
        when: list[Run] = [(common.short(s.at) + "\n", "r"), ("(người giao và người nhận ký)", "i")]
        rows.append([who, when, TIMELINESS.get(s.timeliness, ""), s.note])
    if not rows:
        rows.append([[("1. Giao: \nNhận: ", "b")], [("…… giờ …… phút, ngày …/…/……", "r")], "", ""])
    doc.table(COLUMNS, rows, size=SIZE - 1, head_size=SIZE - 1.5, min_row=22 * mm)
    common.page_numbers(doc)
    return common.pdf([doc], "a5", f"Phiếu kiểm soát quá trình giải quyết hồ sơ {d.code}", h)
