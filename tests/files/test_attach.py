"""Attaching scans and PDFs through the real services: one PDF per component, bounded pages, the event,
audit entry and outbox row in the same transaction, results at hand-back, reuse, and bad input refused
with nothing half-attached."""

from __future__ import annotations

import hashlib

import pypdfium2 as pdfium
import pytest
from sqlalchemy import func, select

from app.errors import PermissionDenied, ValidationError
from app.models import AuditEntry, DossierFile, Event, OutboxRow, StoredFile
from app.services import files, files_read, files_reuse, settings, workflow
from app.services.dto import Actor
from app.services.files_convert import FileIn
from app.services.status import Status
from tests.files.support import CCCD, pdf_bytes, received, scan_jpeg, tiff_pages

OFFICER = Actor(username="xuly1", full_name="Phạm Văn Xử", role="officer")
LEADER = Actor(username="ld1", full_name="Vũ Thị Lãnh", role="leader")


def _counts(desk) -> tuple[int, ...]:
    with desk.db.read() as s:
        return tuple(s.scalar(select(func.count()).select_from(m))
                     for m in (Event, AuditEntry, OutboxRow, DossierFile, StoredFile))


def _blobs(desk) -> list:
    return sorted(p for p in (desk.paths.data_dir / "files").rglob("*") if p.is_file())


def test_three_page_scan_becomes_one_readable_a4_pdf(desk, clerk):
    code = received(desk, clerk)
    before = _counts(desk)
    pages = [FileIn(f"trang {i}.jpg", scan_jpeg(i)) for i in range(3)]
    result = files.attach_component(desk, code, pages, clerk, position=1)
    f = result.file
    assert (f.pages, f.digitised, f.reused, f.kind, f.position) == (3, True, False, "component", 1)
    assert f.size <= 3 * 300 * 1024, "a typical A4 page stays within 300 KB"
    assert _counts(desk) == tuple(n + 1 for n in before), "one event, audit entry, outbox row, attachment, file"
    data = files_read.content(desk, f.uuid)
    assert hashlib.sha256(data).hexdigest() == f.sha256
    doc = pdfium.PdfDocument(data)
    assert len(doc) == 3
    w, h = doc[0].get_size()
    assert abs(w / 72 * 25.4 - 210) < 2 and abs(h / 72 * 25.4 - 297) < 2, "page size is A4"
    img = doc[1].render(scale=150 / 72).to_pil().convert("L")
    low, high = img.getextrema()
    assert low < 80 and high > 200, "the text is still there, on a light page"
    with desk.db.read() as s:
        event = s.scalar(select(Event).order_by(Event.id.desc()).limit(1))
        assert "Số hóa thành phần 1" in event.note and "3 trang" in event.note
        row = s.scalar(select(DossierFile))
        assert row.event_uuid == event.uuid and row.attached_by == clerk.username


def test_pdf_is_kept_byte_for_byte_and_more_pages_append(desk, clerk):
    code = received(desk, clerk)
    original = pdf_bytes(2)
    first = files.attach_component(desk, code, [FileIn("giay khai sinh.pdf", original)], clerk, position=1)
    assert first.file.sha256 == hashlib.sha256(original).hexdigest() and first.file.pages == 2
    second = files.attach_component(desk, code, [FileIn("trang-3.tif", tiff_pages(2))], clerk, position=1)
    assert second.appended and second.file.pages == 4
    current = files_read.list_files(desk, code)
    assert [(x.position, x.pages, x.current) for x in current] == [(1, 4, True)]
    history = files_read.list_files(desk, code, history=True)
    assert [x.current for x in history] == [False, True]
    assert len(pdfium.PdfDocument(files_read.content(desk, second.file.uuid))) == 4


@pytest.mark.parametrize("name", ["Giấy khai sinh của bé Ánh.png", "../../../etc/passwd.png", "..\\..\\x y.png"])
def test_names_are_shown_never_used_as_paths(desk, clerk, tmp_path, name):
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGBA", (827, 1169), (255, 255, 255, 0)).save(buf, "PNG", dpi=(100, 100))
    code = received(desk, clerk)
    f = files.attach_component(desk, code, [FileIn(name, buf.getvalue())], clerk, position=1).file
    assert f.display_name.isascii() and "/" not in f.display_name and "\\" not in f.display_name
    blobs = _blobs(desk)
    assert [b.name for b in blobs] == [f.sha256] and blobs[0].parent.name == f.sha256[:2]
    assert not (desk.paths.data_dir.parent / "etc").exists()
    out = files_read.export(desk, code, tmp_path / "xuat")
    assert [p.parent for p in out] == [tmp_path / "xuat"]


def _huge_png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("1", (10000, 9000)).save(out, "PNG")  # 90 M pixels, a few kilobytes
    return out.getvalue()


BAD = {
    "text": (lambda: FileIn("ghi chu.txt", "Không phải ảnh".encode()), "không phải ảnh quét"),
    "empty": (lambda: FileIn("rong.pdf", b""), "rỗng (0 byte)"),
    "corrupt_pdf": (lambda: FileIn("hong.pdf", b"%PDF-1.4\n" + b"\x00garbage" * 50), "bị hỏng"),
    "password_pdf": (lambda: FileIn("mat khau.pdf", pdf_bytes(1, password="1234")), "có mật khẩu"),
    "corrupt_jpeg": (lambda: FileIn("hong.jpg", scan_jpeg(0)[:5000]), "bị hỏng"),
    "too_many_pages": (lambda: FileIn("dai.pdf", pdf_bytes(101)), "vượt giới hạn 100 trang"),
    "huge_image": (lambda: FileIn("to.png", _huge_png()), "quá lớn"),
    "too_big": (lambda: FileIn("to.pdf", pdf_bytes(1) + b"\n%" + b"x" * (51 * 1024 * 1024)), "vượt giới hạn 50,0 MB"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_is_refused_in_vietnamese_and_nothing_is_attached(desk, clerk, case):
    code = received(desk, clerk)
    make, words = BAD[case]
    before = _counts(desk)
    with pytest.raises(ValidationError) as err:
        files.attach_component(desk, code, [FileIn("tot.pdf", pdf_bytes(1)), make()], clerk, position=1)
    assert words in err.value.message and "Hãy" in err.value.message
    assert _counts(desk) == before and _blobs(desk) == []


def test_limits_are_settings(desk, clerk, admin):
    code = received(desk, clerk)
    with desk.db.write() as s:
        settings.change(s, "files_max_pages", 2, admin, desk.now())
    with pytest.raises(ValidationError, match="vượt giới hạn 2 trang"):
        files.attach_component(desk, code, [FileIn("a.tif", tiff_pages(3))], clerk, position=1)


def test_wrong_component_and_permissions(desk, clerk):
    code = received(desk, clerk)
    with pytest.raises(ValidationError, match="không có thành phần số 9"):
        files.attach_component(desk, code, [FileIn("a.pdf", pdf_bytes())], clerk, position=9)
    with pytest.raises(PermissionDenied, match="đính kèm giấy tờ số hóa"):
        files.attach_component(desk, code, [FileIn("a.pdf", pdf_bytes())], LEADER, position=1)
    assert files.attach_component(desk, code, [FileIn("a.pdf", pdf_bytes())], OFFICER, position=1).file.pages == 1


def test_result_is_attached_only_when_ready(desk, clerk, admin):
    code = received(desk, clerk)
    with pytest.raises(ValidationError, match="chỉ đính kèm kết quả"):
        files.attach_result(desk, code, [FileIn("kq.pdf", pdf_bytes())], admin, result_code="123/XNHN")
    workflow.transition(desk, code, Status.RESULT_READY, admin)
    r = files.attach_result(desk, code, [FileIn("kq.jpg", scan_jpeg(7))], admin, result_code="123/XNHN",
                            result_name="Giấy xác nhận tình trạng hôn nhân")
    assert (r.file.kind, r.file.result_code, r.file.paper_name) == ("result", "123/XNHN",
                                                                  "Giấy xác nhận tình trạng hôn nhân")
    workflow.transition(desk, code, Status.RETURNED, clerk, collected_by="Hồ Văn Nam")
    again = files.attach_result(desk, code, [FileIn("kq2.pdf", pdf_bytes())], clerk, result_code="123/XNHN")
    assert again.appended and again.file.pages == 2


def test_reuse_a_paper_on_a_second_dossier_of_the_same_citizen(desk, clerk):
    first = received(desk, clerk)
    attached = files.attach_component(desk, first, [FileIn("cccd.jpg", scan_jpeg(3))], clerk, position=1).file
    other = received(desk, clerk, name="Người Khác", id_number="079090001111")
    files.attach_component(desk, other, [FileIn("x.pdf", pdf_bytes())], clerk, position=1)
    second = received(desk, clerk)
    papers = files_reuse.reusable_papers(desk, CCCD)
    assert [(p.dossier_code, p.sha256) for p in papers] == [(first, attached.sha256)]
    blobs = _blobs(desk)
    r = files_reuse.reuse(desk, second, 1, papers[0].uuid, clerk)
    assert (r.file.reused, r.file.digitised, r.file.sha256, r.file.reused_from_code) == (True, False,
                                                                                        attached.sha256, first)
    assert _blobs(desk) == blobs, "the paper is not stored again"
    assert files_read.content(desk, r.file.uuid) == files_read.content(desk, attached.uuid)
    stranger = files_reuse.reusable_papers(desk, "079090001111")[0]
    with pytest.raises(ValidationError, match="chính công dân này"):
        files_reuse.reuse(desk, second, 1, stranger.uuid, clerk)


def test_a_red_stamp_keeps_its_colour(desk, clerk):
    from PIL import ImageChops, ImageDraw

    from tests.files.support import jpeg, scan_image

    page = scan_image(5).convert("RGB")
    ImageDraw.Draw(page).ellipse((1500, 2800, 2100, 3400), outline=(200, 20, 20), width=40)
    code = received(desk, clerk)
    f = files.attach_component(desk, code, [FileIn("con dau.jpg", jpeg(page))], clerk, position=1).file
    img = pdfium.PdfDocument(files_read.content(desk, f.uuid))[0].render(scale=100 / 72).to_pil().convert("RGB")
    red = img.crop((img.width * 1500 // 2480, img.height * 2800 // 3508, img.width * 2100 // 2480,
                    img.height * 3400 // 3508))
    r_band, g_band, _b = red.split()
    assert r_band.getextrema()[1] > 150 and ImageChops.subtract(r_band, g_band).getextrema()[1] > 80, "still red"
