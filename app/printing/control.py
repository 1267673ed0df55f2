"""The control sheet (Phiếu kiểm soát quá trình giải quyết hồ sơ: Mẫu 05 of 2018, Mẫu 06 of 2025):
the printed hand-over log that travels with the dossier, A4 portrait.

It names the receiving officer (the desk account that received the dossier), then one table row per
hand-over, starting "Giao: Bộ phận tiếp nhận và trả kết quả / Nhận: <processing unit>": the time,
a cell for the giver's and one for the receiver's signature, whether that step was before, on or after
the due date, and a note. Blank rows follow, to be filled in by hand. Pure Python, any thread.
"""

from __future__ import annotations

from reportlab.lib.units import mm

from app.printing import common
from app.printing.formsets import FormSet
from app.printing.layout import Column, Run
from app.printing.notices import SIZE, finish, start
from app.printing.slip import TIMELINESS, ControlSheet

MARGINS = (20 * mm, 12 * mm, 15 * mm, 12 * mm)  # Decree 30: left 30–35 mm on A4 is for binding; the
# sheet travels in a folder, not bound, so 20 mm keeps room for the table.
SHARES = (3.0, 2.0, 1.5, 1.5, 1.9, 1.6)
ALIGN = ("left", "center", "center", "center", "center", "left")


def build_control_pdf(sheet: ControlSheet, fs: FormSet) -> bytes:
    h, d, f = sheet.header, sheet.dossier, fs.form("control")
    doc = start(fs, "control", h, d, d.received_at, size=common.A4, margins=MARGINS)
    doc.para(common.runs(f.get("attached", applicant=f"**{d.applicant.name}**")), SIZE)
    doc.para([(f.get("request") + " ", "r"), (d.procedure_name, "b")], SIZE)
    doc.para([(f.get("received_at") + " ", "r"), (common.moment(d.received_at), "r")], SIZE)
    doc.para([(f.get("due_at") + " ", "r"), (common.moment(d.due_at), "b")], SIZE)
    doc.para([(f.get("receiver") + " ", "r"), (d.receiver_name or "……………………", "b")], SIZE)
    doc.para([(f.get("handling_unit") + " ", "r"), (sheet.handling_unit or "……………………", "r")], SIZE)
    doc.para([(f.get("cooperating") + " ", "r"), (sheet.cooperating_units or "……………………", "r")], SIZE)
    doc.y += 3
    columns = [Column(t, share, align) for t, share, align in zip(f.items("columns"), SHARES, ALIGN, strict=True)]
    rows: list[list[str | list[Run]]] = []
    for i, s in enumerate(sheet.steps, 1):
        who: list[Run] = [(f"{i}. Giao: ", "b"), ((s.giver or "……………") + "\n", "r"), ("Nhận: ", "b"),
                          (s.receiver or "……………", "r")]
        when = common.short(s.at) if s.at else "…… giờ …… phút\nngày …/…/……"
        rows.append([who, when, "", "", TIMELINESS.get(s.timeliness, ""), s.note])
    doc.table(columns, rows, size=SIZE - 1, head_size=SIZE - 1.5, min_row=22 * mm)
    return finish(doc, h, fs, "control", d)
