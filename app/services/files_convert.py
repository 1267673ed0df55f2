"""Turning what the clerk hands in (scans, photos, PDFs) into one readable, bounded PDF per paper.

The type is read from the first bytes, never from the name. Images (JPEG, PNG, TIFF with several
pages) become PDF pages with img2pdf at their own resolution: a JPEG page already small enough is
embedded as it is (no loss); a larger page is decoded at reduced scale (JPEG draft mode), downscaled to
`dpi` (default 200) and re-encoded as JPEG until it fits the per-page budget (default 300 KB); a
black-and-white scan stays 1-bit. PDFs are kept byte for byte after checking that PDFium opens every
page; a corrupt or password-protected PDF is refused. Several inputs are merged in order (pypdfium2).
Pages appended to a paper's current file are joined on disk: PDFium reads that file from the private
copy it was streamed to (files_view) and writes the joined PDF beside it, so neither is ever whole in
memory. Every refusal is a `ValidationError` in Vietnamese naming the file and what to do; nothing else
here writes.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import img2pdf
import pypdfium2 as pdfium
from PIL import Image, ImageChops, ImageSequence

from app.errors import ValidationError
from app.services.files_store import SEGMENT
from app.services.pdfium_lock import PDFIUM

A4_LONG_INCHES = 11.69
MIN_DPI, MAX_DPI = 72, 1200
MAX_PIXELS = 80_000_000  # an A4 page at 1200 dpi is 140 M: more than any desk scanner or phone makes
KINDS = {"pdf": "PDF", "jpeg": "ảnh JPEG", "png": "ảnh PNG", "tiff": "ảnh TIFF"}


@dataclass(frozen=True)
class FileLimits:
    max_bytes: int = 50 * 1024 * 1024
    max_pages: int = 100
    dpi: int = 200
    page_bytes: int = 300 * 1024


@dataclass(frozen=True)
class FileIn:
    """One file as handed in: the name it came with (only shown, never used as a path) and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Prepared:
    """The PDF to store for one paper: in memory, or (pages appended to a paper's file) the joined file on
    disk, in the private folder of the copy it was joined from, which lives as long as that copy."""

    pdf: bytes | Path
    pages: int
    sha256: str
    display_name: str
    size: int

    def content(self) -> bytes | Iterator[bytes]:
        """The PDF whole, or read from its file one chunk at a time (for the store's streamed `put`)."""
        if isinstance(self.pdf, bytes):
            return self.pdf
        return _chunks(self.pdf)


def _chunks(path: Path) -> Iterator[bytes]:
    with open(path, "rb") as fh:
        while piece := fh.read(SEGMENT):  # whole segments: the store takes them without a copy
            yield piece


def _sha256(pdf: bytes | Path) -> str:
    if isinstance(pdf, bytes):
        return hashlib.sha256(pdf).hexdigest()
    h = hashlib.sha256()
    for piece in _chunks(pdf):
        h.update(piece)
    return h.hexdigest()


def mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f}".replace(".", ",") + " MB"


def safe_name(name: str, default: str = "tep") -> str:
    """A name that is safe to show and to export: last path part only, Vietnamese letters folded to
    ASCII, anything else replaced by '-', at most 80 characters. Never used to find a stored file."""
    last = re.split(r"[\\/]", name or "")[-1]
    folded = unicodedata.normalize("NFKD", last.replace("đ", "d").replace("Đ", "D"))
    ascii_ = folded.encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_).strip("-._")
    return (cleaned or default)[:80]


def shown(name: str) -> str:
    """The name as the clerk knows it, for messages (last part, control characters removed)."""
    last = re.split(r"[\\/]", name or "")[-1]
    return "".join(ch for ch in last if ch.isprintable())[:120] or "(không tên)"


def sniff(data: bytes) -> str | None:
    head = data[:1024]
    if head.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if head[:3] == b"\xff\xd8\xff":
        return "jpeg"
    if head[:8] == b"\x89PNG\r\n\x1a\n":
        return "png"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    return None


def check_size(name: str, size: int, limits: FileLimits) -> None:
    """Refuse an empty or too large file before reading it."""
    if size == 0:
        raise ValidationError({"file": f"Tệp «{shown(name)}» rỗng (0 byte). Hãy quét hoặc chụp lại giấy tờ "
                                       "rồi đính kèm tệp mới."})
    if size > limits.max_bytes:
        raise ValidationError({"file": f"Tệp «{shown(name)}» nặng {mb(size)}, vượt giới hạn {mb(limits.max_bytes)}. "
                                       f"Hãy quét lại ở {limits.dpi} dpi hoặc tách thành nhiều tệp nhỏ hơn."})


def _too_many(name: str, pages: int, limits: FileLimits) -> ValidationError:
    return ValidationError({"file": f"«{shown(name)}» có {pages} trang, vượt giới hạn {limits.max_pages} trang "
                                    "cho một thành phần. Hãy tách thành nhiều tệp và đính kèm vào đúng thành "
                                    "phần của từng phần."})


def pdf_pages(name: str, data: bytes) -> int:
    """The page count of a PDF that PDFium opens whole; refuses a damaged or password-protected one."""
    with PDFIUM:
        return _pdf_pages(name, data)


def _pdf_pages(name: str, data: bytes) -> int:
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium.raw.FPDF_ERR_PASSWORD:
            raise ValidationError({"file": f"Tệp PDF «{shown(name)}» có mật khẩu nên không lưu được. Hãy mở "
                                           "bằng mật khẩu rồi in/lưu ra PDF không mật khẩu, hoặc quét lại bản giấy."}
                                  ) from None
        raise ValidationError({"file": f"Tệp PDF «{shown(name)}» bị hỏng, không mở được. Hãy lấy lại tệp gốc "
                                       "hoặc quét lại bản giấy."}) from None
    try:
        n = len(doc)
        for i in range(n):
            doc[i].close()
    except pdfium.PdfiumError:
        raise ValidationError({"file": f"Tệp PDF «{shown(name)}» có trang bị hỏng. Hãy lấy lại tệp gốc hoặc "
                                       "quét lại bản giấy."}) from None
    finally:
        doc.close()
    if n == 0:
        raise ValidationError({"file": f"Tệp PDF «{shown(name)}» không có trang nào. Hãy kiểm tra lại tệp."})
    return n


def _dpi(img: Image.Image) -> float:
    """The page's resolution: from the file when plausible, else as if the long side were A4's."""
    raw = img.info.get("dpi")
    try:
        x = float(raw[0]) if raw else 0.0
    except (TypeError, ValueError, IndexError):
        x = 0.0
    if MIN_DPI < x <= MAX_DPI and x != 72:
        return x
    return max(MIN_DPI, max(img.size) / A4_LONG_INCHES)


def _encode(img: Image.Image, dpi: float, quality: int) -> bytes:
    out = io.BytesIO()
    img.save(out, "JPEG", quality=quality, dpi=(round(dpi), round(dpi)), optimize=False)
    return out.getvalue()


def _page(img: Image.Image, src: bytes | None, limits: FileLimits) -> bytes:
    """One image page as JPEG or 1-bit PNG bytes (with its dpi) for img2pdf, within the page budget.

    `src` is the file's own bytes for a JPEG (decoded lazily: draft mode scales while decoding)."""
    dpi = _dpi(img)
    if src is not None and len(src) <= limits.page_bytes and dpi <= limits.dpi * 1.05:
        img.load()  # a damaged small JPEG is refused here
        return src  # embedded losslessly
    if img.mode == "1":
        out = io.BytesIO()
        img.save(out, "PNG", dpi=(round(dpi), round(dpi)), optimize=False)
        return out.getvalue()
    if src is not None:
        width = img.width
        scale = min(1.0, limits.dpi / dpi)
        grey = img.mode == "L" or (img.mode == "RGB" and _greyish(_thumbnail(src)))
        # libjpeg scales (1/2, 1/4…) and drops the colour planes of a black-and-white paper while decoding
        img.draft("L" if grey else "RGB", (round(img.width * scale), round(img.height * scale)))
        img.load()
        dpi = dpi * img.width / width
    page = img.convert("RGB") if img.mode not in ("L", "RGB") else img
    if page.mode == "RGB" and _greyish(page):
        page = page.convert("L")  # a colour scan of a black-and-white paper: a third of the bytes
    data = b""
    scaled: dict[int, Image.Image] = {}
    for target, quality in ((limits.dpi, 75), (limits.dpi, 60), (min(limits.dpi, 150), 55),
                            (min(limits.dpi, 120), 45)):
        scale = min(1.0, target / dpi)
        if target not in scaled:
            size = (max(1, round(page.width * scale)), max(1, round(page.height * scale)))
            scaled[target] = page if size == page.size else page.resize(size, Image.Resampling.BILINEAR)
        data = _encode(scaled[target], dpi * scale, quality)
        if len(data) <= limits.page_bytes:
            break
    return data


def _thumbnail(src: bytes) -> Image.Image:
    """A JPEG decoded at 1/8 of its size (cheap): enough to tell colour from black and white."""
    thumb = Image.open(io.BytesIO(src))
    thumb.draft("RGB", (max(1, thumb.width // 8), max(1, thumb.height // 8)))
    return thumb.convert("RGB")


def _greyish(img: Image.Image) -> bool:
    """True when no pixel of a small copy has visibly different colour channels."""
    small = img.resize((64, 90), Image.Resampling.BOX)
    r, g, b = small.split()
    spread = ImageChops.lighter(ImageChops.difference(r, g), ImageChops.difference(g, b))
    return cast(tuple[int, int], spread.getextrema())[1] <= 24


def _flatten(img: Image.Image) -> Image.Image:
    if img.mode in ("RGBA", "LA", "P", "PA"):
        rgba = img.convert("RGBA")
        white = Image.new("RGB", rgba.size, "white")
        white.paste(rgba, mask=rgba.getchannel("A"))
        white.info["dpi"] = img.info.get("dpi")
        return white
    if img.mode in ("I;16", "I", "F"):
        return img.convert("L")
    if img.mode == "CMYK":
        return img.convert("RGB")
    return img


def image_pages(f: FileIn, kind: str, limits: FileLimits, budget: int) -> list[bytes]:
    """The pages of an image file, each ready for img2pdf; refuses a damaged image or too many pages."""
    bad = ValidationError({"file": f"Tệp {KINDS[kind]} «{shown(f.name)}» bị hỏng hoặc không đọc được. Hãy quét "
                                   "hoặc chụp lại giấy tờ."})
    try:
        with warnings.catch_warnings():  # the size is checked just below, with our own message
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(f.data))
        if img.width * img.height > MAX_PIXELS:
            raise ValidationError({"file": f"Ảnh «{shown(f.name)}» quá lớn ({img.width}×{img.height} điểm ảnh). "
                                           f"Hãy quét lại ở {limits.dpi} dpi hoặc chụp với độ phân giải thấp hơn."})
        frames = getattr(img, "n_frames", 1)
        if frames > budget:
            raise _too_many(f.name, frames, limits)
        pages = []
        if kind == "jpeg":
            pages.append(_page(img, f.data, limits))
        else:
            for frame in ImageSequence.Iterator(img):
                frame.load()
                page = _flatten(frame.copy())
                page.info.setdefault("dpi", frame.info.get("dpi"))
                pages.append(_page(page, None, limits))
        return pages
    except ValidationError:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, EOFError):
        raise bad from None


def merge_pdfs(parts: list[bytes | Path], out: Path | None = None) -> bytes | Path:
    """The parts' pages in order as one PDF: in memory, or written to `out` when given (a part given as a
    path is read from disk by PDFium, never whole into memory)."""
    with PDFIUM:
        dst = pdfium.PdfDocument.new()
        try:
            for part in parts:
                src = pdfium.PdfDocument(part)
                try:
                    dst.import_pages(src)
                finally:
                    src.close()
            if out is not None:
                dst.save(out)
                return out
            buf = io.BytesIO()
            dst.save(buf)
            return buf.getvalue()
        finally:
            dst.close()


def prepare(files: list[FileIn], limits: FileLimits, *, before: Path | None = None,
            before_pages: int = 0, display_name: str = "") -> Prepared:
    """One PDF from `files` in order; appended to `before` when given (the private copy of the paper's
    current PDF, of `before_pages` pages), the joined PDF is written beside it, in the copy's folder."""
    if not files:
        raise ValidationError({"file": "Chưa chọn tệp nào để đính kèm. Hãy chọn tệp ảnh quét hoặc PDF."})
    parts: list[bytes | Path] = [before] if before else []
    pages = before_pages
    for f in files:
        check_size(f.name, len(f.data), limits)
        kind = sniff(f.data)
        if kind is None:
            raise ValidationError({"file": f"Tệp «{shown(f.name)}» không phải ảnh quét (JPEG, PNG, TIFF) hay PDF. "
                                           "Hãy quét lại giấy tờ hoặc lưu tệp dưới dạng PDF rồi đính kèm."})
        if kind == "pdf":
            n = pdf_pages(f.name, f.data)
            if pages + n > limits.max_pages:
                raise _too_many(f.name, pages + n, limits)
            parts.append(f.data)
        else:
            imgs = image_pages(f, kind, limits, limits.max_pages - pages)
            n = len(imgs)
            parts.append(img2pdf.convert(imgs, rotation=img2pdf.Rotation.ifvalid))
        pages += n
    joined = before.with_name("ghep-" + before.name) if before else None  # never the copy's own name
    pdf = parts[0] if len(parts) == 1 else merge_pdfs(parts, joined)
    size = len(pdf) if isinstance(pdf, bytes) else pdf.stat().st_size
    if size > limits.max_bytes:
        raise ValidationError({"file": f"Tệp PDF sau khi ghép nặng {mb(size)}, vượt giới hạn "
                                       f"{mb(limits.max_bytes)}. Hãy tách giấy tờ thành nhiều lần đính kèm."})
    name = display_name or safe_name(files[0].name)
    if not name.lower().endswith(".pdf"):
        name = name.rsplit(".", 1)[0] + ".pdf" if "." in name else name + ".pdf"
    return Prepared(pdf, pages, _sha256(pdf), name, size)
