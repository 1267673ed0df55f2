"""Mẫu 01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả, on A5, on A4 (two A5 copies side by side) or on an
80 mm roll, with a Code128 barcode and a QR code of each dossier code.

Two copies are printed: "Liên 1: Lưu" (kept with the dossier) and "Liên 2: Giao người nộp". A visit
with several procedures prints one slip listing every dossier, each with its code, barcode and return
date. On A5 the barcode module is 0.96 pt (2 px at 150 dpi, 8 dots at 600 dpi). On the roll the
72 mm print width cannot hold the symbol at a scannable 2-dot module, so the barcode is turned 90° and
drawn at exactly 2 dots (0.25 mm) of a 203 dpi printer. Pure Python, any thread.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm

from app.printing import common
from app.printing.fonts import BOLD, width
from app.printing.formsets import FormSet, FormText, form_set_for, load
from app.printing.layout import Column, Doc, Run
from app.printing.render import code128_length, code128_op, qr_op
from app.printing.slip import Header, Person, ReceiptSlip, SlipDossier
from app.services.dto import Component

ROLL_MODULE = 2 * 72 / 203  # two dots of a 203 dpi thermal head, in points
#: The line of a reprint of a dossier imported from the provincial register (received there, not here).
IMPORTED_LINE = ("Hồ sơ này được tiếp nhận trên Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh; phiếu "
                 "được in lại tại bộ phận một cửa từ dữ liệu nhập về.")


@dataclass(frozen=True)
class Geometry:
    page: tuple[float, float | None]
    margins: tuple[float, float, float, float]
    body: float  # body text size
    head: float  # header text size
    title: float
    module: float  # Code128 module width, points
    bar_height: float
    qr: float
    roll: bool = False


GEOMETRY = {
    "a5": Geometry(common.A5, (12 * mm, 7 * mm, 10 * mm, 9 * mm), 10.5, 10.0, 12.5, 0.96, 11 * mm, 20 * mm),
    "80mm": Geometry((common.ROLL_WIDTH, None), (4 * mm, 3 * mm, 4 * mm, 8 * mm), 9.0, 8.5, 10.5,
                     ROLL_MODULE, 13 * mm, 24 * mm, roll=True),
}


def id_label(number: str) -> str:
    return "Số định danh cá nhân" if len(number) == 12 and number.isdigit() else "Số giấy tờ tùy thân"


def person_lines(doc: Doc, p: Person, size: float, *, unit: str = "", owner: Person | None = None) -> None:
    """Who filed: name (after "<unit> tiếp nhận hồ sơ của:"), ID number, owner when different, address,
    phone and e-mail (dotted lines to fill in when unknown)."""
    if unit:
        doc.para([(f"{unit} ", "r"), (p.name, "b+")], size)
    else:
        doc.para([("Họ và tên: ", "r"), (p.name, "b+")], size)
    if p.id_number:
        doc.para([(f"{id_label(p.id_number)}: ", "r"), (p.id_number, "r")], size)
    if owner is not None:
        runs: list[Run] = [("Chủ hồ sơ: ", "r"), (owner.name, "b+")]
        if owner.id_number:
            runs.append((f"; {id_label(owner.id_number).lower()}: {owner.id_number}", "r"))
        doc.para(runs, size)
    doc.para([("Địa chỉ: ", "r"), (p.address or "……………………………………", "r")], size)
    contact: list[Run] = [("Số điện thoại: ", "r"), (p.phone or "……………", "r"),
                          ("\u00a0\u00a0\u00a0 Email: ", "r"), (p.email or "……………", "r")]
    doc.para(contact, size)


def components_table(doc: Doc, items: list[Component], size: float, roll: bool = False) -> None:
    if not items:
        doc.para([("(Không ghi nhận thành phần hồ sơ nào.)", "i")], size, indent=6)
        return
    pad = 2 if roll else 2.5
    tt = width("TT", BOLD, size - 1.5) + 2 * pad + 3
    cols = [Column("TT", 0, "center", fixed=tt), Column("Thành phần hồ sơ", 5.2),
            Column("Bản chính", 1.05, "center"), Column("Bản sao", 1.05, "center"),
            Column("Bản photo", 1.05, "center")]
    rows = [[str(i), c.name, common.two(c.originals) if c.originals else "",
             common.two(c.copies) if c.copies else "", common.two(c.photocopies) if c.photocopies else ""]
            for i, c in enumerate(items, 1)]
    doc.table(cols, rows, size=size - 0.5, head_size=size - 1.5, pad=pad)
    doc.y += 2


def marks(doc: Doc, d: SlipDossier, g: Geometry, qr_hint: str = "") -> None:
    """Barcode (code text under it) and QR code side by side; on the roll the barcode stands upright.
    `qr_hint` ("Quét mã QR để tra cứu hồ sơ") is printed on the roll only when the QR code holds a
    look-up address; a QR code holding the bare code gets just the code under it."""
    if g.roll:
        # Upright barcode at the left; the QR code, then the lines that follow, run beside it.
        length = code128_length(d.code, g.module)
        doc.ensure(length)
        top = doc.y
        doc.ops.append(code128_op(doc.left, top, d.code, g.module, g.bar_height, rotated=True))
        qx = doc.left + g.bar_height + 4 * mm
        box = doc.inner - g.bar_height - 4 * mm
        qsize = min(g.qr, box)
        doc.ops.append(qr_op(qx + (box - qsize) / 2, top, qsize, d.qr_data))
        under: list[Run] = [(qr_hint + "\n", "i")] if qr_hint and d.qr_data != d.code else []
        th = doc.block([*under, (d.code, "b")], qx, box, top + qsize + 1, g.body - 1, align="center")
        doc.y = top + qsize + th + 4
        doc.float_box(g.bar_height + 4 * mm, top + length + 2, left=True)
        return
    # 0.96 pt modules are 2 px at 150 dpi and 8 dots at 600 dpi. A code too long to sit beside the QR
    # code at that size (a longer code template) gets the full width; the QR code then floats at the
    # right of the lines that follow.
    beside = code128_length(d.code, g.module) + g.qr <= doc.inner
    module = g.module if beside else min(g.module, doc.inner / code128_length(d.code, 1.0))
    length = code128_length(d.code, module)
    text_h = g.body * 1.3
    h = max(g.bar_height + text_h, g.qr) if beside else g.bar_height + 1 + text_h
    doc.ensure(h + (2 if beside else g.qr + 4))
    top = doc.y
    x = doc.left + ((doc.inner - g.qr - length) / 2 if beside else (doc.inner - length) / 2)
    doc.ops.append(code128_op(x, top + 1, d.code, module, g.bar_height))
    doc.block([(d.code, "r")], x, length, top + 1 + g.bar_height + 1, g.body - 1.5, align="center")
    qy = top if beside else top + h + 1
    doc.ops.append(qr_op(doc.left + doc.inner - g.qr, qy, g.qr, d.qr_data))
    doc.y = top + h + 2
    if not beside:
        doc.float_box(g.qr + 3, qy + g.qr + 1)


def dossier_block(doc: Doc, f: FormText, h: Header, d: SlipDossier, g: Geometry, index: int, total: int) -> None:
    s = g.body
    if total > 1:
        doc.y += 3
        doc.para([(f"Hồ sơ {index}/{total} — Mã hồ sơ: ", "b"), (d.code, "b")], s + 0.5, keep=3)
        marks(doc, d, g, f.get("qr_hint"))
    proc: list[Run] = [(f.get("request") + " ", "r"), (d.procedure_name, "b")]
    if d.procedure_code:  # a desk's own key is never presented as the national code
        proc.append((f" (mã nội bộ {d.procedure_code})" if d.procedure_code_local else f" (mã TTHC {d.procedure_code})",
                     "r"))
    doc.para(proc, s)
    if d.owner is not None and total > 1:
        doc.para([("Chủ hồ sơ: ", "r"), (d.owner.name, "b+")], s)
    doc.para([(f.get("components"), "r")], s, keep=3)
    components_table(doc, d.components, s, g.roll)
    doc.para([(f.get("sets") + " ", "r"), (f"{common.two(d.sets_count)} bộ.", "r")], s)
    doc.para([(f.get("limit") + " ", "r"), (d.limit_text or "……", "r")], s)
    doc.para([(f.get("received_at") + " ", "r"), (common.moment(d.received_at), "r")], s)
    if d.imported:
        doc.para([(IMPORTED_LINE, "i")], s - 0.5)
    doc.para([(f.get("due_at") + " ", "r"), (common.moment(d.due_at), "b")], s)
    where = "delivery_post" if d.delivery == "post" else "delivery_counter"
    doc.para(common.runs(f.get(where, unit=h.unit_name)), s)
    book = d.register_book or "……"
    seq = common.two(d.register_seq) if d.register_seq else "……"
    doc.para(common.runs(f.get("register", book=book, seq=seq)), s)


def receipt_copy(slip: ReceiptSlip, fs: FormSet, label: str, g: Geometry) -> Doc:
    h, f = slip.header, fs.form("receipt")
    first = slip.dossiers[0]
    codes = first.code if len(slip.dossiers) == 1 else f"{first.code} và {len(slip.dossiers) - 1} hồ sơ khác"
    doc = Doc(g.page[0], g.page[1], g.margins,
              on_new_page=common.running_head(f"{label} — Giấy tiếp nhận hồ sơ {codes}", g.body - 2.5))
    common.corner(doc, label, fs.corner_for("receipt"), size=g.body - 2.5)
    no = common.number(first.register_seq, first.register_book)
    common.national_header(doc, h, no, first.received_at.date(), size=g.head, stacked=g.roll)
    total = len(slip.dossiers)
    common.title(doc, f.title, g.title, sub=f"(Tiếp nhận {total} hồ sơ trong cùng một lần nộp)" if total > 1 else "")
    if total == 1:
        doc.para([("Mã hồ sơ: ", "b"), (first.code, "b")], g.body + 1, align="center")
        marks(doc, first, g, f.get("qr_hint"))
    person_lines(doc, first.applicant, g.body, unit=f.get("received_from", unit=h.unit_name),
                 owner=first.owner if total == 1 else None)
    for i, d in enumerate(slip.dossiers, 1):
        dossier_block(doc, f, h, d, g, i, total)
    notes: list[Run] = []
    if h.lookup_url:
        notes.append((f.get("lookup", url=h.lookup_url) + " ", "i"))
    if h.hotline:
        notes.append((f.get("hotline", hotline=h.hotline), "i"))
    if notes:
        doc.para(notes, g.body - 1.5)
    hint = fs.common.get("sign_hint", "")
    signers = f.items("signers")
    common.signatures(doc, [(signers[0], hint, first.applicant.name), (signers[1], hint, slip.receiver_name)],
                      size=g.body - (1 if g.roll else 0), gap=(12 if g.roll else 16) * mm)
    common.page_numbers(doc, label)
    return doc


def build_receipt_pdf(slip: ReceiptSlip, fs: FormSet | None = None, paper: str = "a5") -> bytes:
    """Mẫu 01 of the set `fs` (None: the set in force when the dossier was received, default start date)
    as PDF bytes: both copies; paper is "a5", "a4" or "80mm"."""
    if paper not in common.PAPERS:
        raise ValueError(f"Khổ giấy «{paper}» không hỗ trợ; hãy chọn a5, a4 hoặc 80mm.")
    if not slip.dossiers:
        raise ValueError("Phiếu hẹn cần ít nhất một hồ sơ.")
    fs = fs or load(form_set_for(slip.dossiers[0].received_at))
    g = GEOMETRY["80mm" if paper == "80mm" else "a5"]
    copies = [receipt_copy(slip, fs, label, g) for label in fs.form("receipt").items("copies")]
    codes = ", ".join(d.code for d in slip.dossiers)
    return common.pdf(copies, paper, f"{fs.form('receipt').title.capitalize()} {codes}", slip.header, codes)
