"""Helpers for the form tests: real dossiers through intake, and real PDFs read back with pypdfium2
(rendered images, extracted text, glyph boxes, font objects) and zxing-cpp (barcodes)."""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import zxingcpp

from app.services import intake
from app.services.dto import Component, IntakeRequest, PersonIn

# Every tone mark (huyền, sắc, hỏi, ngã, nặng) and every modified letter (ă â đ ê ô ơ ư), in both cases.
NAME = "Đặng Nguyễn Thị Ngọc Ánh Hường Hồ Quỳnh Ẩn Ỹ Ẵ"
ADDRESS = "Số 7, ngõ Ước Lễ, thôn Phượng Dực, xã Tân Lập, tỉnh Phú Thọ"


def receive(desk, clerk, *, name: str = NAME, address: str = ADDRESS, procedure: str = "1.004873",
            components: list[Component] | None = None, owner: PersonIn | None = None,
            id_number: str = "001186012345"):  # type: ignore[no-untyped-def]
    person = PersonIn(name=name, id_number=id_number, phone="0912345678", email="anh.huong@example.vn",
                      address=address)
    return intake.receive(desk, IntakeRequest(procedure, person, owner=owner, components=components), clerk)


@dataclass
class Page:
    width: float
    height: float
    text: str  # whitespace collapsed to single spaces
    boxes: list[tuple[float, float, float, float, str, float]]  # (left, bottom, right, top, char, baseline), pt


def pages(data: bytes, *, boxes: bool = True) -> list[Page]:
    pdf = pdfium.PdfDocument(data)
    out = []
    ox, oy = ctypes.c_double(), ctypes.c_double()
    for i in range(len(pdf)):
        page = pdf[i]
        tp = page.get_textpage()
        raw = tp.get_text_range()
        found = []
        if boxes:
            for k in range(tp.count_chars()):
                ch = raw[k] if k < len(raw) else ""
                if ch.strip():
                    pdfium_c.FPDFText_GetCharOrigin(tp.raw, k, ctypes.byref(ox), ctypes.byref(oy))
                    found.append((*tp.get_charbox(k, loose=False), ch, round(oy.value, 1)))
        w, h = page.get_size()
        out.append(Page(w, h, re.sub(r"\s+", " ", raw), found))
    return out


def text_of(data: bytes) -> str:
    return " ".join(p.text for p in pages(data, boxes=False))


def decode(data: bytes, dpi: float) -> list[list[tuple[str, str]]]:
    """(format, text) of every barcode found on each page rendered at `dpi`."""
    pdf = pdfium.PdfDocument(data)
    found = []
    for i in range(len(pdf)):
        img = pdf[i].render(scale=dpi / 72, grayscale=True).to_pil()
        found.append([(r.format.name, r.text) for r in zxingcpp.read_barcodes(img)])
    return found


def decode_image(img) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(r.format.name, r.text) for r in zxingcpp.read_barcodes(img)]


def fonts(data: bytes) -> dict[str, bool]:
    """Base font name -> embedded?, for the font of every text object on every page."""
    pdf = pdfium.PdfDocument(data)
    seen: dict[str, bool] = {}
    buf = (pdfium_c.c_char * 256)()
    for i in range(len(pdf)):
        for obj in pdf[i].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT]):
            font = pdfium_c.FPDFTextObj_GetFont(obj.raw)
            n = pdfium_c.FPDFFont_GetBaseFontName(font, buf, 256)
            name = bytes(buf[: max(n - 1, 0)]).decode("latin-1")
            seen[name] = bool(pdfium_c.FPDFFont_GetIsEmbedded(font))
    return seen


def outside(page: Page, left: float, top: float, right: float, bottom: float) -> list:
    """Glyph boxes not inside the page less the given margins (points); italic overhang (< 0.3 pt) is allowed."""
    return [b for b in page.boxes
            if b[0] < left - 0.3 or b[2] > page.width - right + 0.3
            or b[3] > page.height - top + 0.3 or b[1] < bottom - 0.3]


def overlaps(page: Page, shrink: float = 0.6) -> list:
    """Pairs of glyphs that collide: on different lines, boxes (shrunk a little) that intersect; on the
    same baseline, boxes that overlap by more than a third of a glyph (italic neighbours touch a little)."""
    cells: dict[tuple[int, int], list] = {}
    hits = []
    for b in page.boxes:
        lft, btm, rgt, top = b[0] + shrink, b[1] + shrink, b[2] - shrink, b[3] - shrink
        if rgt <= lft or top <= btm:
            continue
        keys = {(int(x // 20), int(y // 20)) for x in (lft, rgt) for y in (btm, top)}
        for key in keys:
            for o in cells.get(key, ()):
                ob = o[4]
                if not (lft < o[2] and o[0] < rgt and btm < o[3] and o[1] < top) or ob is b:
                    continue
                if abs(ob[5] - b[5]) < 0.3:
                    common = min(b[2], ob[2]) - max(b[0], ob[0])
                    if common <= 0.35 * min(b[2] - b[0], ob[2] - ob[0]):
                        continue
                hits.append((b[4], ob[4], round(b[0]), round(b[1])))
            cells.setdefault(key, []).append((lft, btm, rgt, top, b))
    return hits


@pytest.fixture
def dossier(desk, clerk):  # type: ignore[no-untyped-def]
    return receive(desk, clerk)
