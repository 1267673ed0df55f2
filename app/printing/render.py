"""Turning laid-out pages into PDF bytes, and the two machine-readable marks: Code128 and QR.

The Code128 bars come from python-barcode's module pattern and are drawn as vector rectangles, so
they stay sharp at any printer resolution; the QR matrix comes from reportlab's QR widget encoder and
is drawn the same way. Both keep their quiet zones (10 modules for Code128, 4 for QR) inside the space
the layout reserved for them. Pure Python, any thread.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, cast

from barcode.codex import Code128
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.pdfgen import canvas

from app.errors import MotCuaError
from app.printing.fonts import REGULAR, ensure_fonts

CODE128_QUIET = 10  # modules each side (ISO/IEC 15417 minimum)
QR_QUIET = 4


@lru_cache(maxsize=512)
def code128_modules(code: str) -> str:
    """'1' for a dark module, '0' for a light one, without the quiet zones."""
    return cast(str, Code128(code).build()[0])


def code128_length(code: str, module: float) -> float:
    """Length of the symbol with both quiet zones, in points."""
    return (len(code128_modules(code)) + 2 * CODE128_QUIET) * module


@lru_cache(maxsize=512)
def qr_matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    widget = QrCodeWidget(data, barLevel="M")
    widget.qr.make()  # type: ignore[attr-defined]
    return tuple(tuple(bool(v) for v in row) for row in widget.qr.modules)  # type: ignore[attr-defined]


def code128_op(x: float, y: float, code: str, module: float, bar_height: float, rotated: bool = False) -> tuple[Any, ...]:
    """Bars left to right from (x, y) top-left, quiet zones included; rotated: bars horizontal, top to bottom."""
    return ("bc", x, y, code128_modules(code), module, bar_height, rotated)


def qr_op(x: float, y: float, size: float, data: str) -> tuple[Any, ...]:
    return ("qr", x, y, size, qr_matrix(data))


@dataclass
class Sheet:
    """One physical page: its size and the laid-out pages placed on it at (x, y-from-top)."""

    width: float
    height: float
    placements: list[tuple[list[tuple[Any, ...]], float, float]] = field(default_factory=list)


def _runs(cells: Sequence[object]) -> list[tuple[int, int]]:
    """(start, length) of each run of dark modules."""
    out, i, n = [], 0, len(cells)
    while i < n:
        if cells[i] and cells[i] != "0":
            j = i
            while j < n and cells[j] and cells[j] != "0":
                j += 1
            out.append((i, j - i))
            i = j
        else:
            i += 1
    return out


@lru_cache(maxsize=512)
def _bars_code(modules: str, rotated: bool) -> str:
    """The bars as PDF path operators in module units (integers), origin at the symbol's top-left."""
    if rotated:  # x across the bar height (0..1), y down the symbol
        return " ".join(f"0 -{s + n + CODE128_QUIET} 1 {n} re" for s, n in _runs(modules)) + " f"
    return " ".join(f"{s + CODE128_QUIET} -1 {n} 1 re" for s, n in _runs(modules)) + " f"


@lru_cache(maxsize=512)
def _qr_code(matrix: tuple[tuple[bool, ...], ...]) -> str:
    parts = []
    for r, row in enumerate(matrix):
        for s, n in _runs(row):
            # A hair of extra height closes anti-aliasing seams between rows on screen renders.
            parts.append(f"{s + QR_QUIET} -{r + QR_QUIET + 1} {n} 1.02 re")
    return " ".join(parts) + " f"


def _literal(c: canvas.Canvas, a: float, d: float, e: float, f: float, code: str) -> None:
    """Draw integer-unit path code scaled by (a, d) with its origin at (e, f): one cm, one fill."""
    c.addLiteral(f"q 0 g {a:.5f} 0 0 {d:.5f} {e:.3f} {f:.3f} cm {code} Q")


def _bars(c: canvas.Canvas, ox: float, top: float, op: tuple[Any, ...]) -> None:
    _, x, y, modules, mw, bh, rotated = op
    if rotated:
        _literal(c, bh, mw, ox + x, top - y, _bars_code(modules, True))
    else:
        _literal(c, mw, bh, ox + x, top - y, _bars_code(modules, False))


def _qr(c: canvas.Canvas, ox: float, top: float, op: tuple[Any, ...]) -> None:
    _, x, y, size, matrix = op
    cell = size / (len(matrix) + 2 * QR_QUIET)
    _literal(c, cell, cell, ox + x, top - y, _qr_code(matrix))


def to_pdf(sheets: list[Sheet], *, title: str, subject: str = "", author: str = "") -> bytes:
    """Draw every sheet; fonts are embedded as subsets of the glyphs used.

    The canvas starts in the embedded serif: reportlab's default would declare the standard (not
    embedded) Helvetica on every page even though no text uses it.
    """
    ensure_fonts()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(sheets[0].width, sheets[0].height), pageCompression=1,
                      initialFontName=REGULAR, initialFontSize=10, lang="vi")  # type: ignore[arg-type]
    c.setTitle(title)
    c.setSubject(subject)
    c.setAuthor(author)
    c.setCreator("Một Cửa desk")
    for sheet in sheets:
        c.setPageSize((sheet.width, sheet.height))
        for ops, ox, oy in sheet.placements:
            top = sheet.height - oy
            font = None
            for op in ops:
                kind = op[0]
                if kind == "t":
                    _, x, y, f, size, text = op
                    if font != (f, size):
                        c.setFont(f, size)
                        font = (f, size)
                    c.drawString(ox + x, top - y, text)
                elif kind == "l":
                    _, x1, y1, x2, y2, lw, dash = op
                    c.setLineWidth(lw)
                    c.setDash(*dash) if dash else c.setDash()
                    c.line(ox + x1, top - y1, ox + x2, top - y2)
                elif kind == "r":
                    _, x, y, w, h, lw = op
                    c.setLineWidth(lw)
                    c.setDash()
                    c.rect(ox + x, top - y - h, w, h, stroke=1, fill=0)
                elif kind == "bc":
                    _bars(c, ox, top, op)
                elif kind == "qr":
                    _qr(c, ox, top, op)
        c.showPage()
    c.save()
    return buf.getvalue()


def to_pdfa(data: bytes) -> bytes:
    """The same PDF as PDF/A-2b, for archiving: pikepdf adds the sRGB output intent and the XMP
    metadata declaring conformance, drops reportlab's empty page transitions (/Trans, which PDF/A
    validators do not accept unchecked), writes the file and validates what it wrote (≈ 60–100 ms, so
    the counter's slip is printed without it). Fonts are already embedded subsets."""
    import pikepdf  # only archive copies need it: the counter's slip stays fast to import and build
    import pikepdf.pdfa as pdfa

    pdf = pikepdf.open(io.BytesIO(data))
    for page in pdf.pages:
        if "/Trans" in page.obj:
            del page.obj["/Trans"]
    out = io.BytesIO()
    try:
        pdfa.save(pdf, out, "2b")
    except pdfa.PdfaError as exc:
        raise MotCuaError(f"Không tạo được bản PDF/A-2b để lưu trữ ({exc}). Bản in thường vẫn dùng được; "
                          "hãy báo cho bộ phận CNTT kèm mã hồ sơ.") from exc
    return out.getvalue()
