"""Real inputs for the digitisation tests: scanned pages (text rendered at 300 dpi with scanner noise),
PDFs made with reportlab (plain, password-protected, many pages), and a received dossier; and what an
attachment writes, to show that a refused one wrote nothing."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib import pdfencrypt
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from sqlalchemy import func, select

from app.models import AuditEntry, Dossier, DossierFile, Event, OutboxRow, StoredFile
from app.models.files import FileSegment
from app.services.desk import Desk
from app.services.dto import Component, IntakeRequest, PersonIn
from app.services.files_convert import FileIn
from app.services.intake import receive

CCCD = "001086012345"
#: How a refusal of an attachment made from a stale screen ends (services/files_seen).
TAIL = " Thao tác của bạn chưa được ghi; hãy xem lại giấy tờ rồi làm lại nếu vẫn cần."


def scan_image(seed: int = 0, dpi: int = 300, mode: str = "L") -> Image.Image:
    rnd = random.Random(seed)
    w, h = round(8.27 * dpi), round(11.69 * dpi)
    img = Image.new("L", (w, h), 245)
    d = ImageDraw.Draw(img)
    font = ImageFont.load_default(size=int(dpi / 7))
    y = dpi
    while y < h - dpi:
        words = ("".join(rnd.choice("abcdefghiklmnopqrstuvxy") for _ in range(rnd.randint(2, 8))) for _ in range(10))
        d.text((dpi, y), " ".join(words), fill=20, font=font)
        y += int(dpi / 4)
    img = Image.blend(img, Image.effect_noise((w, h), 12), 0.08)
    return img.convert(mode)


def jpeg(img: Image.Image, dpi: int = 300, quality: int = 90) -> bytes:
    out = io.BytesIO()
    img.save(out, "JPEG", quality=quality, dpi=(dpi, dpi))
    return out.getvalue()


def scan_jpeg(seed: int = 0, dpi: int = 300) -> bytes:
    return jpeg(scan_image(seed, dpi), dpi)


def tiff_pages(n: int, dpi: int = 150) -> bytes:
    pages = [scan_image(i, dpi) for i in range(n)]
    out = io.BytesIO()
    pages[0].save(out, "TIFF", save_all=True, append_images=pages[1:], dpi=(dpi, dpi), compression="tiff_lzw")
    return out.getvalue()


def pdf_bytes(pages: int = 1, text: str = "Giấy khai sinh", password: str = "") -> bytes:
    out = io.BytesIO()
    enc = pdfencrypt.StandardEncryption(password, "owner-secret") if password else None
    c = canvas.Canvas(out, pagesize=A4, encrypt=enc)
    for i in range(pages):
        c.drawString(72, 760, f"{text} - trang {i + 1}")
        c.showPage()
    c.save()
    return out.getvalue()


def received(desk, actor, name: str = "Lê Thị Thu", id_number: str = CCCD) -> str:
    comps = [Component("Tờ khai cấp Giấy xác nhận tình trạng hôn nhân", originals=1),
             Component("Căn cước công dân", copies=1), Component("Giấy khám sức khỏe", originals=1)]
    req = IntakeRequest(procedure="HT-XNHN", applicant=PersonIn(name=name, id_number=id_number), components=comps)
    return receive(desk, req, actor).code


def big_pdf(seed: int, side: int = 1000, label: str = "") -> bytes:
    """A one-page PDF of about 3 bytes per pixel (a noise image does not compress): a large real file
    (saying `label` above the image, when given)."""
    from PIL import Image as PILImage
    from reportlab.lib.utils import ImageReader

    rnd = random.Random(seed)
    img = PILImage.frombytes("RGB", (side, side), rnd.randbytes(side * side * 3))
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    c.drawImage(ImageReader(img), 36, 36, width=500, height=500)
    if label:
        c.drawString(72, 760, label)
    c.showPage()
    c.save()
    return out.getvalue()


def pdf(name: str, pages: int = 1) -> list[FileIn]:
    """A PDF of `pages` pages saying `name`, as the operations take it."""
    return [FileIn(f"{name}.pdf", pdf_bytes(pages, name))]


def written(desk: Desk) -> tuple:
    """Everything an attachment or a reuse writes: rows of every table it touches, the dossiers' versions,
    the files folder."""
    with desk.db.read() as s:
        rows = tuple(s.scalar(select(func.count()).select_from(t))
                     for t in (StoredFile, DossierFile, Event, AuditEntry, OutboxRow, FileSegment))
        versions = tuple(s.scalars(select(Dossier.version).order_by(Dossier.id)))
    blobs = sorted(p.name for p in (desk.paths.data_dir / "files").rglob("*") if p.is_file())
    return rows, versions, blobs
