"""Mẫu 01 read back from the real PDF: barcodes decoded, text extracted, fonts embedded, nothing off the page."""

from __future__ import annotations

import dataclasses
import unicodedata

import pypdfium2 as pdfium
import pytest
from reportlab.lib.units import mm

from app.printing import render_form
from app.printing.common import moment
from app.printing.convert import slip_from_details
from app.printing.receipt import build_receipt_pdf
from app.printing.slip import lookup_link
from app.services import intake
from app.services.dto import Component, IntakeRequest, PersonIn
from tests.printing.conftest import (
    ADDRESS,
    NAME,
    decode,
    decode_image,
    fonts,
    outside,
    overlaps,
    pages,
    receive,
    text_of,
)

A5 = (148 * mm, 210 * mm)


def test_a5_two_copies_scan_and_read_back(desk, dossier):
    data = render_form("receipt", desk.agency, dossier)
    found = pages(data)
    assert len(found) == 2
    for page, label in zip(found, ("Liên 1: Lưu", "Liên 2: Giao người nộp"), strict=True):
        assert (page.width, page.height) == pytest.approx(A5, abs=0.5)
        assert label in page.text
        assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in page.text
        assert NAME in page.text
        assert ADDRESS in page.text
        assert moment(dossier.due_at) in page.text
        assert moment(dossier.received_at) in page.text
        assert dossier.code in page.text
        assert "001186012345" in page.text
        assert "Cấp Giấy xác nhận tình trạng hôn nhân" in page.text
        assert f"Quyển số: {dossier.register_book}, Số thứ tự: {dossier.register_seq:02d}" in page.text
        assert "NGƯỜI NỘP HỒ SƠ" in page.text and "NGƯỜI TIẾP NHẬN HỒ SƠ" in page.text
        assert "ỦY BAN NHÂN DÂN XÃ TÂN LẬP" in page.text and "Tân Lập, ngày 20 tháng 11 năm 2026" in page.text
        assert "Mẫu số 01 — Thông tư 03/2025/TT-VPCP" in page.text  # received in 2026: the 2025 set
        assert not outside(page, 10 * mm, 5 * mm, 8 * mm, 5 * mm)
        assert not overlaps(page)
    for codes in decode(data, 150):
        assert ("Code128", dossier.code) in codes
        qr = [t for f, t in codes if f == "QRCode"]
        assert qr == [lookup_link(desk.agency.lookup_url, dossier.code)]
        assert "0011" not in qr[0] and "Hường" not in qr[0]


def test_every_font_is_embedded_liberation_serif(desk, dossier):
    used = fonts(render_form("receipt", desk.agency, dossier))
    assert len(used) >= 3  # regular, bold, italic
    assert all(used.values()), used
    assert all("LiberationSerif" in name or "MotCuaSerif" in name for name in used), used


def test_roll_80mm_scans_at_203_dpi_and_stays_inside_the_print_width(desk, dossier):
    data = render_form("receipt", desk.agency, dossier, paper="80mm")
    found = pages(data)
    assert len(found) == 2
    for page in found:
        assert page.width == pytest.approx(80 * mm, abs=0.5)
        assert NAME in page.text and moment(dossier.due_at) in page.text
        # 80 mm thermal heads print 72 mm: keep every glyph within 4 mm of each edge.
        assert not outside(page, 4 * mm, 2 * mm, 4 * mm, 2 * mm)
        assert not overlaps(page)
    for codes in decode(data, 203):
        assert ("Code128", dossier.code) in codes
        assert ("QRCode", lookup_link(desk.agency.lookup_url, dossier.code)) in codes


def test_roll_barcode_bars_fall_inside_the_printable_72_mm(desk, dossier):
    data = render_form("receipt", desk.agency, dossier, paper="80mm")
    page = pdfium.PdfDocument(data)[0]
    img = page.render(scale=203 / 72, grayscale=True).to_pil()
    w = img.width
    margin = int(4 * mm / 72 * 203)
    dark_cols = [x for x in range(w) if any(img.getpixel((x, y)) < 128 for y in range(0, img.height, 3))]
    assert min(dark_cols) >= margin - 1 and max(dark_cols) <= w - margin + 1


def test_a4_puts_both_copies_on_one_landscape_sheet_each_half_scans(desk, dossier):
    data = render_form("receipt", desk.agency, dossier, paper="a4")
    pdf = pdfium.PdfDocument(data)
    assert len(pdf) == 1
    w, h = pdf[0].get_size()
    assert (w, h) == pytest.approx((297 * mm, 210 * mm), abs=0.5)
    text = text_of(data)
    assert "Liên 1: Lưu" in text and "Liên 2: Giao người nộp" in text
    img = pdf[0].render(scale=150 / 72, grayscale=True).to_pil()
    half = img.width // 2
    for box in ((0, 0, half, img.height), (half, 0, img.width, img.height)):
        assert ("Code128", dossier.code) in decode_image(img.crop(box))


def test_one_visit_several_procedures_on_one_slip(desk, clerk):
    person = PersonIn(name=NAME, id_number="001186012345", phone="0912345678", address=ADDRESS)
    details = intake.receive_visit(desk, [IntakeRequest("1.001193", person), IntakeRequest("1.004873", person),
                                          IntakeRequest("2.000815", person)], clerk)
    data = render_form("receipt", desk.agency, details)
    text = text_of(data)
    assert "Tiếp nhận 3 hồ sơ trong cùng một lần nộp" in text
    for d in details:
        assert d.code in text and moment(d.due_at) in text and d.procedure_name in text
    found = [c for codes in decode(data, 150) for c in codes]
    for d in details:  # both copies carry every code
        assert found.count(("Code128", d.code)) == 2


def test_thirty_components_and_a_long_address_wrap_and_continue_cleanly(desk, clerk):
    components = [Component(f"Giấy tờ số {i}: bản sao chứng thực giấy xác nhận thông tin về cư trú của "
                              f"thành viên hộ gia đình thứ {i}", originals=1, copies=i % 3, photocopies=i % 2)
                  for i in range(1, 31)]
    address = ("Số 1234/56/78 đường Nguyễn Thị Minh Khai nối dài, tổ dân phố Đông Thượng Hạ, khu tái định cư "
               "Phượng Hoàng, xã Tân Lập, tỉnh Phú Thọ, gần chợ Đồng Xuân cũ và trường tiểu học Quỳnh Lưu số 2")
    address = (address + " " + "x" * 200)[:200]
    d = receive(desk, clerk, address=address, components=components)
    for paper, margins in (("a5", (10 * mm, 5 * mm, 8 * mm, 3 * mm)), ("80mm", (4 * mm, 2 * mm, 4 * mm, 2 * mm))):
        data = render_form("receipt", desk.agency, d, paper=paper)
        found = pages(data)
        assert len(found) >= 2
        for page in found:
            assert not outside(page, *margins), (paper, outside(page, *margins)[:5])
            assert not overlaps(page), (paper, overlaps(page)[:5])
        text = " ".join(p.text for p in found)
        assert "Giấy tờ số 30" in text and moment(d.due_at) in text
        assert address.split(",")[0] in text
    a5 = pages(render_form("receipt", desk.agency, d))
    assert any("trang 2/" in p.text for p in a5)


def test_nfc_everywhere_even_from_decomposed_input(desk, dossier):
    decomposed = dataclasses.replace(dossier, applicant_name=unicodedata.normalize("NFD", NAME))
    text = text_of(render_form("receipt", desk.agency, decomposed))
    assert NAME in text
    assert unicodedata.normalize("NFC", text) == text


def test_unknown_paper_is_refused_in_vietnamese(desk, dossier):
    with pytest.raises(ValueError, match="Khổ giấy"):
        render_form("receipt", desk.agency, dossier, paper="letter")


def test_receiver_and_names_come_from_data_not_code(desk, dossier):
    agency = dataclasses.replace(desk.agency, name="Trung tâm Phục vụ hành chính công phường Hòa Khánh",
                                 parent_name="ỦY BAN NHÂN DÂN PHƯỜNG HÒA KHÁNH", place="Đà Nẵng")
    text = text_of(render_form("receipt", agency, dossier, receiver_name="Võ Thị Thu Sương"))
    assert "ỦY BAN NHÂN DÂN PHƯỜNG HÒA KHÁNH" in text
    assert "Đà Nẵng, ngày 20 tháng 11 năm 2026" in text
    assert "Võ Thị Thu Sương" in text
    assert "TÂN LẬP" not in text


@pytest.mark.parametrize("shift", [0.0, 0.12, 0.24, 0.36])
def test_a5_barcode_scans_whatever_the_pixel_phase(desk, dossier, shift):
    """Shifting the page by a fraction of a pixel moves every bar edge: the scan must not depend on luck."""
    page = pdfium.PdfDocument(render_form("receipt", desk.agency, dossier))[0]
    img = page.render(scale=150 / 72, grayscale=True, crop=(shift, shift, 0, 0)).to_pil()
    assert ("Code128", dossier.code) in decode_image(img)


def test_longer_code_template_gets_a_full_width_barcode_that_still_scans(make_desk, clerk):
    desk = make_desk("long", template="{agency}-{yyyymmdd}-{seq:7}")
    d = receive(desk, clerk)
    assert len(d.code) > 25
    data = render_form("receipt", desk.agency, d)
    assert len(pages(data)) == 2  # the full-width barcode does not push the slip onto a second page
    for codes in decode(data, 150):
        assert ("Code128", d.code) in codes
        assert ("QRCode", lookup_link(desk.agency.lookup_url, d.code)) in codes
    for page in pages(data):
        assert not outside(page, 10 * mm, 5 * mm, 8 * mm, 5 * mm) and not overlaps(page)
    for codes in decode(render_form("receipt", desk.agency, d, paper="80mm"), 203):
        assert ("Code128", d.code) in codes


def test_owner_is_printed_when_different_from_the_applicant(desk, clerk):
    owner = PersonIn(name="Hoàng Văn Thụ", id_number="001086054321", address="Xóm Ải, xã Tân Lập")
    d = receive(desk, clerk, owner=owner)
    text = text_of(render_form("receipt", desk.agency, d))
    assert "Chủ hồ sơ: Hoàng Văn Thụ" in text and "001086054321" in text and NAME in text


def test_slip_built_by_hand_with_decomposed_text_is_drawn_nfc(desk, dossier):
    slip = slip_from_details(desk.agency, [dossier])
    slip.dossiers[0].procedure_name = unicodedata.normalize("NFD", "Đăng ký kết hôn lưu động")
    text = text_of(build_receipt_pdf(slip))
    assert "Đăng ký kết hôn lưu động" in text
