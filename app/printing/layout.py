"""A small flowing layout for forms: wrapped mixed-style text, ruled tables, page breaks, a display list.

A `Doc` lays out one copy of a form into pages of drawing operations (coordinates in points, y measured
downward from the top of the frame). Nothing is drawn until `render.to_pdf` places the pages on sheets,
which lets one layout be put twice on an A4 sheet (two A5 copies) or on a roll whose length is whatever
the content needs (`height=None`). Text is wrapped word by word with real glyph widths; a word wider
than its box is broken by characters, so nothing runs out of a box. Pure Python, any thread.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from app.printing.fonts import ASCENT, DESCENT, STYLES, ensure_fonts, width

Run = tuple[str, str]  # (text, style): "r", "b", "i" or "bi"; a trailing "+" keeps the run on one line
Frag = tuple[float, str, str]  # (x offset, text, font)
Line = tuple[list[Frag], float]  # fragments and the line's width

# Only ASCII spaces and tabs are breakable: a no-break space keeps its width (used for gaps on a line).
_TOKENS = re.compile(r"\n|[ \t]+|[^ \t\n]+")


def wrap(runs: Sequence[Run], box: float, size: float) -> list[Line]:
    """Break styled runs into lines no wider than `box`; '\\n' forces a break."""
    lines: list[Line] = []
    cur: list[list[Any]] = []  # [text, font, width]
    cur_w = 0.0

    def flush() -> None:
        nonlocal cur, cur_w
        while cur and cur[-1][0] == " ":
            cur_w -= cur.pop()[2]
        frags: list[Frag] = []
        x = 0.0
        for text, font, w in cur:
            if frags and frags[-1][2] == font:
                frags[-1] = (frags[-1][0], frags[-1][1] + text, font)
            else:
                frags.append((x, text, font))
            x += w
        lines.append((frags, cur_w))
        cur, cur_w = [], 0.0

    for text, style in runs:
        if not unicodedata.is_normalized("NFC", text):  # data built by hand may skip slip.nfc()
            text = unicodedata.normalize("NFC", text)
        font = STYLES[style.rstrip("+")]
        tokens = _TOKENS.findall(text)
        if style.endswith("+") and width(text, font, size) <= box:
            tokens = [text]  # a name moves to the next line whole rather than break inside
        for tok in tokens:
            if tok == "\n":
                flush()
                continue
            if tok[0] in " \t":
                if cur and cur[-1][0] != " ":
                    w = width(" ", font, size)
                    cur.append([" ", font, w])
                    cur_w += w
                continue
            w = width(tok, font, size)
            if cur and cur_w + w > box:
                flush()
            if w <= box:
                cur.append([tok, font, w])
                cur_w += w
                continue
            for piece in _split_word(tok, font, size, box - cur_w, box):
                pw = width(piece, font, size)
                if cur and cur_w + pw > box:
                    flush()
                cur.append([piece, font, pw])
                cur_w += pw
    if cur or not lines:
        flush()
    return lines


def _split_word(word: str, font: str, size: float, first: float, box: float) -> list[str]:
    """Pieces of an over-long word (a URL, a code): the first fits `first`, the rest fit `box`; cuts
    fall after a '-', '/', '.', '_' or '@' when one is in the second half of the piece."""
    pieces, start, room = [], 0, first if first > size else box
    i = start + 1
    while i <= len(word):
        if width(word[start:i], font, size) > room and i - 1 > start:
            cut = i - 1
            soft = max(word.rfind(ch, start, cut) for ch in "-/._@")
            if soft >= start + (cut - start) // 2:
                cut = soft + 1
            pieces.append(word[start:cut])
            start, room = cut, box
            i = start + 1
            continue
        i += 1
    pieces.append(word[start:])
    return pieces


def baseline(top: float, leading: float, size: float) -> float:
    return top + (leading - (ASCENT + DESCENT) * size) / 2 + ASCENT * size


@dataclass
class Column:
    title: str
    share: float  # relative width of what the fixed columns leave
    align: str = "left"
    fixed: float = 0.0  # exact width in points, when the content must never wrap (dossier codes)


class Doc:
    """One copy of a form laid out into pages of operations; `height=None` is a roll with no breaks."""

    def __init__(self, width: float, height: float | None, margins: tuple[float, float, float, float],
                 on_new_page: Callable[[Doc], None] | None = None):
        ensure_fonts()
        self.width, self.height = width, height
        self.left, self.top, self.right, self.bottom = margins
        self.on_new_page = on_new_page
        self.pages: list[list[tuple[Any, ...]]] = []
        self.y = self.top
        self.fresh_y = self.top
        self.float_w = 0.0  # a box (QR code, upright barcode) floated at one margin until float_bottom
        self.float_bottom = 0.0
        self.float_left = False
        self.new_page()

    @property
    def inner(self) -> float:
        return self.width - self.left - self.right

    @property
    def limit(self) -> float:
        return math.inf if self.height is None else self.height - self.bottom

    def content_height(self) -> float:
        return self.y + self.bottom

    def new_page(self) -> None:
        self.pages.append([])
        self.ops = self.pages[-1]
        self.y = self.top
        self.float_w = self.float_bottom = 0.0
        if self.on_new_page is not None:
            self.on_new_page(self)
        self.fresh_y = self.y

    def ensure(self, h: float) -> bool:
        """Start a new page when `h` more points do not fit (unless the page is still empty)."""
        if self.y + h > self.limit and self.y > self.fresh_y + 0.01:
            self.new_page()
            return True
        return False

    def space(self, h: float) -> None:
        if self.y + h <= self.limit:
            self.y += h

    # --- drawing primitives ----------------------------------------------------------------------
    def line(self, x1: float, y1: float, x2: float, y2: float, lw: float = 0.6, dash: tuple[Any, ...] = ()) -> None:
        self.ops.append(("l", x1, y1, x2, y2, lw, dash))

    def rect(self, x: float, y: float, w: float, h: float, lw: float = 0.6) -> None:
        self.ops.append(("r", x, y, w, h, lw))

    def draw_lines(self, lines: list[Line], x: float, box: float, top: float, size: float, leading: float,
                   align: str = "left") -> None:
        for frags, lw in lines:
            dx = {"left": 0.0, "center": (box - lw) / 2, "right": box - lw}[align]
            base = baseline(top, leading, size)
            for fx, text, font in frags:
                self.ops.append(("t", x + dx + fx, base, font, size, text))
            top += leading

    def block(self, runs: Sequence[Run], x: float, box: float, top: float, size: float, *,
              align: str = "left", leading: float | None = None) -> float:
        """Draw a short block at a fixed place (header columns, signatures); returns its height."""
        leading = leading or size * 1.22
        lines = wrap(runs, box, size)
        self.draw_lines(lines, x, box, top, size, leading, align)
        return len(lines) * leading

    def para(self, runs: Sequence[Run], size: float, *, align: str = "left", leading: float | None = None,
             indent: float = 0.0, box: float | None = None, keep: int = 1) -> None:
        """Flowing paragraph at the cursor, broken across pages line by line (keep: lines kept together)."""
        leading = leading or size * 1.22
        x = self.left + indent
        box = box if box is not None else self.inner - indent
        if self.y < self.float_bottom:
            box -= self.float_w
            if self.float_left:
                x += self.float_w
        lines = wrap(runs, box, size)
        self.ensure(leading * min(keep, len(lines)))
        for line in lines:
            self.ensure(leading)
            self.draw_lines([line], x, box, self.y, size, leading, align)
            self.y += leading

    def float_box(self, w: float, bottom: float, left: bool = False) -> None:
        """Keep paragraphs that start above `bottom` clear of a `w`-wide box at the right (or left) margin."""
        self.float_w, self.float_bottom, self.float_left = w, bottom, left

    def clear_float(self) -> None:
        if self.y < self.float_bottom:
            self.y = self.float_bottom
        self.float_w = self.float_bottom = 0.0

    # --- tables ------------------------------------------------------------------------------------
    def table(self, columns: Sequence[Column], rows: Sequence[Sequence[str | Sequence[Run]]], *, size: float,
              head_size: float | None = None, numbered: bool = False, pad: float = 2.5,
              x: float | None = None, box: float | None = None, min_row: float = 0.0) -> None:
        """A ruled table whose header (and the column numbers) repeats at the top of every page."""
        self.clear_float()
        x = self.left if x is None else x
        box = self.inner if box is None else box
        rest = box - sum(c.fixed for c in columns)
        total = sum(c.share for c in columns if not c.fixed)
        widths = [c.fixed or rest * c.share / total for c in columns]
        lead = size * 1.18
        head_size = head_size or size
        head_lead = head_size * 1.15
        head_lines = [wrap([(c.title, "b")], w - 2 * pad, head_size) for c, w in zip(columns, widths, strict=True)]
        head_h = max(len(hl) for hl in head_lines) * head_lead + 2 * pad
        num_h = (size * 1.1 + 2) if numbered else 0.0

        def header() -> None:
            cx = x
            for hl, w in zip(head_lines, widths, strict=True):
                inner_h = len(hl) * head_lead
                self.draw_lines(hl, cx + pad, w - 2 * pad, self.y + (head_h - inner_h) / 2, head_size,
                                head_lead, "center")
                cx += w
            self._grid(x, self.y, widths, head_h)
            self.y += head_h
            if numbered:
                cx = x
                for i, w in enumerate(widths, 1):
                    self.draw_lines(wrap([(f"({i})", "i")], w, size * 0.9), cx, w, self.y + 1, size * 0.9,
                                    size * 1.1, "center")
                    cx += w
                self._grid(x, self.y, widths, num_h)
                self.y += num_h

        self.ensure(head_h + num_h + lead + 2 * pad)
        header()
        for row in rows:
            cells = []
            for cell, w, col in zip(row, widths, columns, strict=True):
                runs = [(cell, "r")] if isinstance(cell, str) else cell
                cells.append((wrap(runs, w - 2 * pad, size), col.align))
            self._row(cells, x, widths, size, lead, pad, min_row, header, head_h + num_h)

    def _row(self, cells: list[Any], x: float, widths: list[float], size: float, lead: float, pad: float,
             min_row: float, header: Callable[[], None], header_h: float) -> None:
        pending = [list(lines) for lines, _ in cells]
        while True:
            n = max(len(p) for p in pending)
            need = max(n * lead + 2 * pad, min_row)
            avail = self.limit - self.y
            crowded = self.y > self.fresh_y + header_h + 0.01
            if need > avail and crowded and (need <= self.limit - self.fresh_y - header_h
                                             or avail < 2 * lead + 2 * pad):
                self.new_page()
                header()
                continue
            fit = n if need <= avail else max(1, int((avail - 2 * pad) // lead))
            h = max(fit * lead + 2 * pad, min_row if fit == n else 0)
            cx = x
            for (_, align), w, lines in zip(cells, widths, pending, strict=True):
                self.draw_lines(lines[:fit], cx + pad, w - 2 * pad, self.y + pad, size, lead, align)
                del lines[:fit]
                cx += w
            self._grid(x, self.y, widths, h)
            self.y += h
            if not any(pending):
                return
            self.new_page()
            header()

    def _grid(self, x: float, y: float, widths: list[float], h: float) -> None:
        self.rect(x, y, sum(widths), h, 0.5)
        cx = x
        for w in widths[:-1]:
            cx += w
            self.line(cx, y, cx, y + h, 0.5)
