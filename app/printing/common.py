"""Pieces every form shares: paper sizes, the two-column national header, Vietnamese dates, signatures.

The header follows the administrative layout (Decree 30/2020 and Circular 01/2018): the agency on the
left with a short rule, the national motto on the right with a rule, then "Số: …" and the
"<place>, ngày … tháng … năm …" line in italics. Unit names, the place and signer titles come from the
`Header` (agency settings). Pure Python, any thread.
"""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm

from app.printing.fonts import BOLD, width
from app.printing.layout import Doc, Run, wrap
from app.printing.render import Sheet, to_pdf
from app.printing.slip import Header
from app.services import formats

A5 = (148 * mm, 210 * mm)
A4 = (210 * mm, 297 * mm)
A4_LANDSCAPE = (297 * mm, 210 * mm)
ROLL_WIDTH = 80 * mm
PAPERS = tuple(formats.PAPERS)  # the one paper vocabulary: app.services.formats

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def moment(t: dt.datetime | None) -> str:
    """'09 giờ 05 phút, ngày 20 tháng 11 năm 2026' (blank to fill in by hand when unknown)."""
    if t is None:
        return "…… giờ …… phút, ngày …… tháng …… năm ……"
    return f"{t:%H} giờ {t:%M} phút, ngày {t:%d} tháng {t:%m} năm {t:%Y}"


def day(d: dt.date | None) -> str:
    if d is None:
        return "ngày …… tháng …… năm ……"
    return f"ngày {d:%d} tháng {d:%m} năm {d:%Y}"


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


def corner(doc: Doc, left: str, right: str, size: float = 8.0) -> None:
    """Small italic notes above the header: the copy ("Liên 1: Lưu") and the form number and version."""
    if left:
        doc.block([(left, "i")], doc.left, doc.inner * 0.5, doc.y, size)
    if right:
        doc.block([(right, "i")], doc.left + doc.inner * 0.4, doc.inner * 0.6, doc.y, size, align="right")
    doc.y += size * 1.3


def national_header(doc: Doc, h: Header, number: str, on: dt.date, *, size: float = 10.0,
                    stacked: bool = False) -> None:
    """The two-column header; `stacked` puts the columns one under the other (80 mm roll)."""
    x, inner = doc.left, doc.inner
    if stacked:
        cols = [(x, inner), (x, inner)]
    else:
        cols = [(x, inner * 0.44), (x + inner * 0.44, inner * 0.56)]
    top = doc.y
    (lx, lw), (rx, rw) = cols
    left: list[Run] = []
    if h.parent_name:
        left.append((h.parent_name.upper() + "\n", "r"))
    left.append((h.unit_name.upper(), "b"))
    lh = doc.block(left, lx, lw, top, size - 0.5, align="center")
    rule = min(lw * 0.45, 30 * mm)
    doc.line(lx + (lw - rule) / 2, top + lh + 1.5, lx + (lw + rule) / 2, top + lh + 1.5, 0.6)
    lh += 4
    rtop = top + lh + 2 if stacked else top
    nation_size = size - 0.5
    while width(NATION, BOLD, nation_size) > rw and nation_size > 6:
        nation_size -= 0.25
    rh = doc.block([(NATION, "b")], rx, rw, rtop, nation_size, align="center")
    rh += doc.block([(MOTTO, "b")], rx, rw, rtop + rh, size, align="center")
    motto_w = min(width(MOTTO, BOLD, size), rw)
    doc.line(rx + (rw - motto_w) / 2, rtop + rh + 1.5, rx + (rw + motto_w) / 2, rtop + rh + 1.5, 0.6)
    rh += 4
    if stacked:
        doc.y = rtop + rh + 3
        doc.block([(f"Số: {number}", "r")], x, inner, doc.y, size - 0.5, align="center")
        doc.y += (size - 0.5) * 1.25
        doc.block([(date_line(h, on), "i")], x, inner, doc.y, size - 0.5, align="center")
        doc.y += (size - 0.5) * 1.25 + 4
        return
    doc.y = top + max(lh, rh) + 3
    hl = doc.block([(f"Số: {number}", "r")], lx, lw, doc.y, size - 0.5, align="center")
    hr = doc.block([(date_line(h, on), "i")], rx, rw, doc.y, size - 0.5, align="center")
    doc.y += max(hl, hr) + 6


def title(doc: Doc, text: str, size: float = 12.5, sub: str = "") -> None:
    doc.para([(text, "b")], size, align="center", leading=size * 1.2)
    if sub:
        doc.para([(sub, "i")], size - 2, align="center")
    doc.y += 4


def signatures(doc: Doc, blocks: list[tuple[str, str, str]], size: float = 10.0, gap: float = 17 * mm) -> None:
    """Signature blocks side by side: (title, instruction, printed name), an empty title leaves its column
    blank; the blocks are kept together on one page. A title may hold several lines ("KT. GIÁM ĐỐC\n…")."""
    doc.clear_float()
    n = len(blocks)
    box = doc.inner / n
    lead = size * 1.22
    heights = []
    for t, hint, name in blocks:
        lines = len(wrap([(t, "b")], box - 4, size)) + len(wrap([(hint, "i")], box - 4, size - 1))
        heights.append(lines * lead + gap + (len(wrap([(name, "b")], box - 4, size)) * lead if name else 0))
    doc.ensure(max(heights) + 6)
    doc.y += 4
    top = doc.y
    for i, (t, hint, name) in enumerate(blocks):
        if not t:
            continue
        x = doc.left + i * box + 2
        y = top + doc.block([(t, "b")], x, box - 4, top, size, align="center")
        y += doc.block([(hint, "i")], x, box - 4, y, size - 1, align="center")
        if name:
            doc.block([(name, "b")], x, box - 4, y + gap, size, align="center")
    doc.y = top + max(heights) + 2


def running_head(text: str, size: float = 8.0):  # type: ignore[no-untyped-def]
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


def pdf(copies: list[Doc], paper: str, title_text: str, h: Header) -> bytes:
    return to_pdf(sheets_for(copies, paper), title=title_text, subject=title_text, author=h.unit_name)
