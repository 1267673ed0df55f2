"""Mẫu 02–07 built from real dossiers and their event log, read back from the PDF (the desk's clock
is in November 2026, so these print with the 2025 set)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pypdfium2 as pdfium
import pytest
from reportlab.lib.units import mm

from app.printing import render_form, render_register
from app.printing.common import moment
from app.printing.convert import header_from
from app.printing.register import build_register_pdf
from app.printing.slip import RegisterBook, RegisterRow
from app.services import workflow
from app.services.dto import Actor
from tests.printing.conftest import NAME, decode, fonts, outside, overlaps, pages, text_of

LEADER = Actor(username="lead", full_name="Lê Văn Thành", role="leader", title="Phó Chủ tịch UBND xã")
A5_MARGINS = (10 * mm, 5 * mm, 8 * mm, 3 * mm)


def _clean(data: bytes, size: tuple[float, float] = (148 * mm, 210 * mm),
           margins: tuple[float, ...] = A5_MARGINS) -> str:
    found = pages(data)
    for page in found:
        assert (page.width, page.height) == pytest.approx(size, abs=0.5)
        assert not outside(page, *margins), outside(page, *margins)[:5]
        assert not overlaps(page), overlaps(page)[:5]
    assert all(fonts(data).values())
    return " ".join(p.text for p in found)


def test_supplement_lists_everything_missing_and_whom_to_call(desk, clerk, dossier, clock):
    clock.advance(hours=1)
    d = workflow.request_supplement(desk, dossier.code, "Giấy tờ nộp chưa đủ theo quy định",
                                    ["Bản sao Giấy xác nhận cư trú", "Tờ khai có chữ ký của người yêu cầu",
                                     "Giấy ủy quyền (nếu nộp thay)"], clerk)
    agency = dataclasses.replace(desk.agency, hotline="0210 3812 345")
    text = _clean(render_form("supplement", agency, d))
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert NAME in text and d.code in text
    for item in ("Bản sao Giấy xác nhận cư trú", "Tờ khai có chữ ký của người yêu cầu", "Giấy ủy quyền"):
        assert item in text
    assert "Giấy tờ nộp chưa đủ theo quy định" in text
    assert "0210 3812 345" in text and desk.agency.lookup_url in text
    assert "NGƯỜI HƯỚNG DẪN" in text and clerk.full_name in text
    assert "Mẫu số 02" in text


def test_refusal_gives_the_concrete_reason_and_both_signatures(desk, clerk, dossier):
    d = workflow.transition(desk, dossier.code, "refused", clerk,
                            note="Thủ tục thuộc thẩm quyền của Sở Tư pháp, không thuộc thẩm quyền cấp xã")
    text = _clean(render_form("refusal", desk.agency, d))
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text
    assert NAME in text and "Thủ tục thuộc thẩm quyền của Sở Tư pháp" in text
    assert "NGƯỜI NỘP HỒ SƠ" in text and "NGƯỜI TIẾP NHẬN HỒ SƠ" in text and clerk.full_name in text


def test_extension_letter_has_both_dates_and_is_signed_by_the_approving_leader(desk, clerk, dossier, clock):
    clock.advance(days=1)
    new_due = dt.datetime(2026, 12, 2, 10, 0)
    d = workflow.reschedule(desk, dossier.code, new_due, "Cần xác minh thông tin hộ tịch tại nơi cư trú trước đây",
                            LEADER)
    agency = dataclasses.replace(desk.agency, head_title="KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", head_name="Lò Thị Mỷ")
    text = _clean(render_form("extension", agency, d))
    assert "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT" in text and "Mẫu số 04" in text
    assert "Nơi nhận:" in text
    assert f"Kính gửi: Ông/Bà {NAME}" in text
    assert moment(dossier.due_at) in text and moment(new_due) in text
    assert "Cần xác minh thông tin hộ tịch" in text
    assert LEADER.full_name in text and "Lò Thị Mỷ" not in text  # the acting leader approved the extension
    assert clerk.full_name not in text  # the head signs, not the clerk


def test_control_sheet_is_the_hand_over_log(desk, clerk, dossier, clock):
    clock.advance(hours=1)
    workflow.transition(desk, dossier.code, "processing", clerk, to_party="Công chức Tư pháp - Hộ tịch")
    clock.advance(hours=2)
    workflow.handover(desk, dossier.code, "Phó Chủ tịch UBND xã", clerk, from_party="Công chức Tư pháp - Hộ tịch",
                      note="Trình ký giấy xác nhận")
    clock.advance(days=10)
    d = workflow.handover(desk, dossier.code, "Bộ phận trả kết quả", clerk, from_party="Phó Chủ tịch UBND xã")
    data = render_form("control", desk.agency, d, cooperating_units="Công an xã")
    text = _clean(data, (210 * mm, 297 * mm), (19 * mm, 11 * mm, 14 * mm, 11 * mm))
    assert "1. Giao: Bộ phận tiếp nhận" in text  # desk → processing unit comes first
    assert "Người giao (ký)" in text and "Người nhận (ký)" in text and "Mẫu số 06" in text
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
    assert "Giao: Công chức Tư pháp - Hộ tịch Nhận: Phó Chủ tịch UBND xã" in text
    assert "Nhận: Bộ phận trả kết quả" in text
    assert "Trước hạn" in text and "Quá hạn" in text
    assert "Trình ký giấy xác nhận" in text and "Công an xã" in text
    assert "Công chức Tư pháp - Hộ tịch" in text  # handling unit set by the forwarding step
    assert ("Code128", d.code) in decode(data, 150)[0]


def _register(n: int) -> RegisterBook:
    from app.services.desk import AgencyInfo

    agency = AgencyInfo("000.17.22.H56", "Trung tâm Phục vụ hành chính công xã Tân Lập", "ỦY BAN NHÂN DÂN XÃ TÂN LẬP",
                        "Tân Lập", "{agency}-{yymmdd}-{seq:4}", "", "", "GIÁM ĐỐC", "", "TT01/2018")
    start = dt.datetime(2026, 10, 1, 7, 30)
    rows = []
    for i in range(n):
        at = start + dt.timedelta(minutes=37 * i)
        rows.append(RegisterRow(
            code=f"000.17.22.H56-{at:%y%m%d}-{i % 9999 + 1:04d}",
            procedure_name=["Đăng ký khai sinh", "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan "
                            "có thẩm quyền của Việt Nam cấp", "Cấp Giấy xác nhận tình trạng hôn nhân"][i % 3],
            applicant_name=[NAME, "Trần Văn Bình", "Hoàng Thị Thủy Tiên"][i % 3],
            address="Số 7, ngõ Ước Lễ, thôn Phượng Dực, xã Tân Lập, tỉnh Phú Thọ" * (1 + (i % 7 == 0)),
            phone="0912345678", handling_unit="Công chức Tư pháp - Hộ tịch" if i % 2 else "",
            received_at=at, due_at=at + dt.timedelta(days=3),
            returned_at=at + dt.timedelta(days=2) if i % 4 else None, outcome="Tại Trung tâm" if i % 4 else ""))
    return RegisterBook(header_from(agency), dt.date(2026, 10, 1), dt.date(2026, 12, 31), rows)


def test_register_500_rows_a4_landscape_numbered_columns_header_on_every_page():
    book = _register(500)
    data = build_register_pdf(book)
    found = pages(data)
    assert len(found) > 10
    for i, page in enumerate(found, 1):
        assert (page.width, page.height) == pytest.approx((297 * mm, 210 * mm), abs=0.5)
        assert "Mã hồ sơ" in page.text and "Tên thủ tục hành chính" in page.text and "(1)" in page.text
        assert "(11)" in page.text and f"Trang {i}/{len(found)}" in page.text
        assert not outside(page, 11 * mm, 5 * mm, 9 * mm, 3 * mm), outside(page, 11 * mm, 5 * mm, 9 * mm, 3 * mm)[:3]
        assert not overlaps(page), overlaps(page)[:5]
    text = " ".join(p.text for p in found)
    assert "SỔ THEO DÕI HỒ SƠ" in found[0].text
    assert "Từ ngày 01 tháng 10 năm 2026 đến ngày 31 tháng 12 năm 2026" in text
    for row in book.rows:  # every code printed whole, on one line
        assert row.code in text
    assert all(fonts(data).values())


def test_register_from_real_dossiers_in_order_received(desk, clerk, clock):
    from tests.printing.conftest import receive

    codes = []
    for name in ("Lê Thị Hồng Nhung", "Vũ Đức Thắng", NAME):
        codes.append(receive(desk, clerk, name=name).code)
        clock.advance(minutes=20)
    with desk.db.read() as s:
        from app.services import queries

        rows = [queries.detail_by_code(s, c) for c in reversed(codes)]
    data = render_register(desk.agency, rows, dt.date(2026, 11, 20), dt.date(2026, 11, 20))
    text = text_of(data)
    positions = [text.index(c) for c in codes]
    assert positions == sorted(positions)
    assert NAME in text and "Vũ Đức Thắng" in text
    assert pdfium.PdfDocument(data)[0].get_size()[0] == pytest.approx(297 * mm, abs=0.5)
