"""Sổ theo dõi hồ sơ (Mẫu 06 of 2018, Mẫu 07 of 2025): the register of dossiers received in a date
range, A4 landscape.

Eleven numbered columns (titles from the form set); the column header (with its numbers) and a running
head repeat on every page, and pages are numbered "Trang i/n". A refused, stopped or withdrawn dossier
says so in the outcome column rather than leave it blank. Hundreds of rows are normal; each cell wraps
inside its column. Pure Python, any thread.
"""

from __future__ import annotations

from reportlab.lib.units import mm

from app.printing import common
from app.printing.fonts import REGULAR, width
from app.printing.formsets import FormSet, form_set_for, load
from app.printing.layout import Column, Doc
from app.printing.slip import RegisterBook

SIZE = 8.5
CODE = 1  # the code column: as wide as the longest code
SHARES = (0.5, 0, 2.5, 1.6, 2.7, 1.3, 1.0, 1.0, 1.0, 1.15, 0.8)
ALIGN = ("center", "center", "left", "left", "left", "left", "center", "center", "center", "center", "left")


def build_register_pdf(book: RegisterBook, fs: FormSet | None = None) -> bytes:
    """The register in the set `fs` (None: the set in force on `date_to`, default start date)."""
    fs = fs or load(form_set_for(book.date_to))
    h, f = book.header, fs.form("register")
    span = f"Từ {common.day(book.date_from)} đến {common.day(book.date_to)}"
    w, ht = common.A4_LANDSCAPE

    def running_head(doc: Doc) -> None:
        if len(doc.pages) > 1:
            doc.block([(f"{f.title} — {h.unit_name} — {span} (tiếp theo)", "i")], doc.left, doc.inner,
                      doc.y, SIZE)
            doc.y += SIZE * 1.6

    doc = Doc(w, ht, (12 * mm, 9 * mm, 10 * mm, 10 * mm), on_new_page=running_head)
    common.corner(doc, "", fs.corner_for("register"), size=8)
    common.national_header(doc, h, common.number(0), book.date_to, size=10.5)
    common.title(doc, f.title, 14, sub=f"{span} — {len(book.rows)} hồ sơ")
    # The code column is as wide as the longest code: a code cut in two cannot be read or typed back.
    code_w = max([width(r.code, REGULAR, SIZE) for r in book.rows] + [width("Mã hồ sơ", REGULAR, SIZE)]) + 5
    columns = [Column(t, share, align, fixed=code_w if i == CODE else 0.0)
               for i, (t, share, align) in enumerate(zip(f.items("columns"), SHARES, ALIGN, strict=True))]
    rows = []
    for i, r in enumerate(book.rows, 1):
        contact = r.address + (f"\nĐT: {r.phone}" if r.phone else "")
        rows.append([str(i), r.code, r.procedure_name, r.applicant_name, contact, r.handling_unit,
                     common.short(r.received_at), common.short(r.due_at), common.short(r.returned_at),
                     r.outcome, ""])
    doc.table(columns, rows, size=SIZE, head_size=SIZE, numbered=True, pad=2)
    common.page_numbers(doc)
    return common.pdf([doc], "a4l", f"{f.title.capitalize()} {span}", h, span)
