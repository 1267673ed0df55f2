"""Pieces every form shares: paper sizes, the two-column national header, Vietnamese dates, signatures.

The header follows Decree 30/2020/NĐ-CP (Phụ lục I): the governing body ("ỦY BAN NHÂN DÂN XÃ …") above
the unit's name in bold capitals, a short solid rule (0.4 of the name's width) a few points *below*
the name, the national motto on the right with a rule as wide as the motto, then "Số: 01/…" and the
"<place>, ngày 05 tháng 8 năm 2026" line in italics (a leading zero only for days below 10 and for
months 1 and 2). Letters end with "Nơi nhận:" at the left and the signer at the right; a signer block
is the title in capitals, the signature space, then the full name. Unit names, the place and signer
titles come from the `Header` (agency settings). Pure Python, any thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from reportlab.lib.units import mm

from app.printing.fonts import BOLD, REGULAR, width
from app.printing.formsets import FormSet
from app.printing.layout import Doc, Run, wrap
from app.printing.render import Sheet, to_pdf
from app.printing.slip import Header, Signer
from app.services import formats

A5 = (148 * mm, 210 * mm)
A4 = (210 * mm, 297 * mm)
A4_LANDSCAPE = (297 * mm, 210 * mm)
ROLL_WIDTH = 80 * mm
PAPERS = tuple(formats.PAPERS)  # the one paper vocabulary: app.services.formats

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def month(m: int) -> str:
    """Decree 30/2020: months 1 and 2 take a leading zero ("tháng 01"), the others none ("tháng 8")."""
    return f"{m:02d}" if m < 3 else str(m)


def day(d: dt.date | None) -> str:
    """'ngày 05 tháng 8 năm 2026', 'ngày 12 tháng 01 năm 2027' (blank to fill in by hand when unknown)."""
    if d is None:
        return "ngày …… tháng …… năm ……"
    return f"ngày {d.day:02d} tháng {month(d.month)} năm {d.year}"


def moment(t: dt.datetime | None) -> str:
    """'09 giờ 05 phút, ngày 20 tháng 11 năm 2026' (blank to fill in by hand when unknown)."""
    if t is None:
        return "…… giờ …… phút, ngày …… tháng …… năm ……"
    return f"{t:%H} giờ {t:%M} phút, {day(t)}"


def short(t: dt.datetime | dt.date | None) -> str:
    if t is None:
        return ""
    if isinstance(t, dt.datetime):
        return f"{t:%H:%M %d/%m/%Y}"
    return f"{t:%d/%m/%Y}"


def date_line(h: Header, d: dt.date) -> str:
    return f"{h.place or '……'}, {day(d)}"


def two(n: int) -> str:
    """Counts on forms are written with two digits: 01 bộ, 05 ngày."""
    return f"{n:02d}"


def number(seq: int, suffix: str = "") -> str:
    """'01/Q.2026-11' (two digits at least), or dots to fill in by hand when the form has no number."""
    tail = f"/{suffix}" if suffix else "/……"
    return f"{seq:02d}{tail}" if seq else f"……{tail}"


def runs(text: str, style: str = "r") -> list[Run]:
    """A sentence from a form set: `**…**` spans are bold, the rest in `style`."""
    out: list[Run] = []
    for i, part in enumerate(text.split("**")):
        if part:
            out.append((part, "b" if i % 2 else style))
    return out


def corner(doc: Doc, left: str, right: str, size: float = 8.0) -> None:
    """Small italic notes above the header: the copy ("Liên 1: Lưu") and the form number and version."""
    if left:
        doc.block([(left, "i")], doc.left, doc.inner * 0.5, doc.y, size)
    if right:
        doc.block([(right, "i")], doc.left + doc.inner * 0.4, doc.inner * 0.6, doc.y, size, align="right")
    doc.y += size * 1.3


def national_header(doc: Doc, h: Header, no: str, on: dt.date, *, size: float = 10.0,
                    stacked: bool = False) -> None:
    """The two-column header; `stacked` puts the columns one under the other (80 mm roll)."""
    x, inner = doc.left, doc.inner
    if stacked:
        cols = [(x, inner), (x, inner)]
    else:
        cols = [(x, inner * 0.42), (x + inner * 0.44, inner * 0.56)]  # a gap between the two columns
    top = doc.y
    (lx, lw), (rx, rw) = cols
    # The governing body; when the setting is empty a dotted line keeps its place, to be written by hand.
    lsize = size - 0.5
    parent = h.parent_name.upper() or "……………………………"
    psize = lsize
    while width(parent, REGULAR, psize) > lw and psize > lsize - 1.5:  # one line when it nearly fits
        psize -= 0.25
    lh = doc.block([(parent, "r")], lx, lw, top, psize, align="center", leading=lsize * 1.22)
    name_lines = wrap([(h.unit_name.upper(), "b")], lw, lsize)
    lh += doc.block([(h.unit_name.upper(), "b")], lx, lw, top + lh, lsize, align="center")
    rule = 0.4 * max(w for _, w in name_lines)  # Decree 30: 1/3 to 1/2 of the name's width, below it
    doc.line(lx + (lw - rule) / 2, top + lh + 3.5, lx + (lw + rule) / 2, top + lh + 3.5, 0.6)
    lh += 6
    rtop = top + lh + 2 if stacked else top
    nation_size = size - 0.5
    while width(NATION, BOLD, nation_size) > rw and nation_size > 6:
        nation_size -= 0.25
    rh = doc.block([(NATION, "b")], rx, rw, rtop, nation_size, align="center")
    rh += doc.block([(MOTTO, "b")], rx, rw, rtop + rh, size, align="center")
    motto_w = min(width(MOTTO, BOLD, size), rw)
    doc.line(rx + (rw - motto_w) / 2, rtop + rh + 2.5, rx + (rw + motto_w) / 2, rtop + rh + 2.5, 0.6)
    rh += 5
    if stacked:
        doc.y = rtop + rh + 3
        doc.block([(f"Số: {no}", "r")], x, inner, doc.y, size - 0.5, align="center")
        doc.y += (size - 0.5) * 1.25
        doc.block([(date_line(h, on), "i")], x, inner, doc.y, size - 0.5, align="center")
        doc.y += (size - 0.5) * 1.25 + 4
        return
    doc.y = top + max(lh, rh) + 3
    hl = doc.block([(f"Số: {no}", "r")], lx, lw, doc.y, size - 0.5, align="center")
    hr = doc.block([(date_line(h, on), "i")], rx, rw, doc.y, size - 0.5, align="center")
    doc.y += max(hl, hr) + 6


def title(doc: Doc, text: str, size: float = 12.5, sub: str = "") -> None:
    doc.para([(text, "b")], size, align="center", leading=size * 1.2)
    if sub:
        doc.para([(sub, "i")], size - 2, align="center")
    doc.y += 4


def letter_foot(doc: Doc, fs: FormSet, recipients: list[str], signer: Signer, size: float = 10.0,
                gap: float = 20 * mm) -> None:
    """Decree 30 foot of a letter: "Nơi nhận:" and its list at the left, the signer at the right,
    both starting on the same line; the two are kept together on one page."""
    doc.clear_float()
    half = doc.inner / 2
    note: list[Run] = [(fs.common.get("recipients_label", "Nơi nhận:") + "\n", "bi")]
    note += [(f"- {r}\n", "r") for r in recipients]
    note_h = len(wrap(note, half - 4, size - 1.5)) * (size - 1.5) * 1.22
    sign: list[Run] = [(signer.title.upper(), "b")]
    sign_h = (len(wrap(sign, half - 4, size)) + 1) * size * 1.22 + gap + (size * 1.22 if signer.name else 0)
    doc.ensure(max(note_h, sign_h) + 10)
    doc.y += 6
    top = doc.y
    doc.block(note, doc.left, half - 4, top + size * 0.3, size - 1.5)
    x = doc.left + half + 2
    y = top + doc.block(sign, x, half - 4, top, size, align="center")
    y += doc.block([(fs.common.get("seal_hint", ""), "i")], x, half - 4, y, size - 1, align="center")
    if signer.name:
        doc.block([(signer.name, "b")], x, half - 4, y + gap, size, align="center")
    doc.y = top + max(note_h, sign_h) + 2


def signatures(doc: Doc, blocks: list[tuple[str, str, str]], size: float = 10.0, gap: float = 17 * mm) -> None:
    """Signature blocks side by side: (title, instruction, printed name), an empty title leaves its column
    blank; the blocks are kept together on one page and the printed names share one line, whatever the
    titles' heights. A title may hold several lines ("KT. GIÁM ĐỐC\n…")."""
    doc.clear_float()
    n = len(blocks)
    box = doc.inner / n
    lead = size * 1.22
    heads, names = [], []
    for t, hint, name in blocks:
        heads.append(len(wrap([(t, "b")], box - 4, size)) * lead
                     + len(wrap([(hint, "i")], box - 4, size - 1)) * (size - 1) * 1.22)
        names.append(len(wrap([(name, "b")], box - 4, size)) * lead if name else 0.0)
    height = max(heads) + gap + max(names)
    doc.ensure(height + 6)
    doc.y += 4
    top = doc.y
    for i, (t, hint, name) in enumerate(blocks):
        if not t:
            continue
        x = doc.left + i * box + 2
        y = top + doc.block([(t, "b")], x, box - 4, top, size, align="center")
        doc.block([(hint, "i")], x, box - 4, y, size - 1, align="center")
        if name:
            doc.block([(name, "b")], x, box - 4, top + max(heads) + gap, size, align="center")
    doc.y = top + height + 2


def running_head(text: str, size: float = 8.0) -> Callable[[Doc], None]:
    """A page-start hook: continuation pages say which form and dossier they belong to."""

    def draw(doc: Doc) -> None:
        if len(doc.pages) > 1:
            doc.block([(f"{text} (tiếp theo)", "i")], doc.left, doc.inner, doc.y, size)
            doc.y += size * 1.6

    return draw


def page_numbers(doc: Doc, label: str = "", size: float = 8.0) -> None:
    """'Trang i/n' in the bottom margin when a copy runs over several pages."""
    n = len(doc.pages)
    if n < 2 or doc.height is None:
        return
    for i, ops in enumerate(doc.pages, 1):
        text = f"{label} — trang {i}/{n}" if label else f"Trang {i}/{n}"
        doc.ops = ops
        doc.block([(text, "i")], doc.left, doc.inner, doc.height - doc.bottom + 2, size, align="center")
    doc.ops = doc.pages[-1]


def sheets_for(copies: list[Doc], paper: str) -> list[Sheet]:
    """A5: one copy per page. A4: two A5 copies side by side on landscape A4, to be cut in half.
    80 mm: each copy is one page exactly as long as its content (the printer cuts between pages)."""
    if paper == "a4":
        w, h = A4_LANDSCAPE
        out = []
        for i in range(0, len(copies), 2):
            pair = copies[i:i + 2]
            for p in range(max(len(d.pages) for d in pair)):
                sheet = Sheet(w, h)
                for k, d in enumerate(pair):
                    if p < len(d.pages):
                        sheet.placements.append((d.pages[p], k * w / 2, 0.0))
                if len(pair) == 2:
                    sheet.placements.append(([("l", w / 2, 4 * mm, w / 2, h - 4 * mm, 0.3, (2, 3))], 0.0, 0.0))
                out.append(sheet)
        return out
    out = []
    for d in copies:
        for ops in d.pages:
            out.append(Sheet(d.width, d.height if d.height is not None else d.content_height(), [(ops, 0.0, 0.0)]))
    return out


def pdf(copies: list[Doc], paper: str, title_text: str, h: Header, subject: str) -> bytes:
    """The PDF with its metadata: title, author = the agency, subject = the dossier code(s)."""
    return to_pdf(sheets_for(copies, paper), title=title_text, subject=subject, author=h.unit_name)
