"""Both form sets end to end: every form of the 2018 set (Mẫu 01–06) and of the 2025 set (Mẫu 01–07)
printed from real dossiers received before and after the 2025 set's start date, read back with
pypdfium2 (text, glyph boxes, fonts, metadata) and zxing-cpp (barcodes)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from types import SimpleNamespace

import pytest
from reportlab.lib.units import mm

from app.printing import form_set_for, printable, render_form, render_register
from app.services import queries, settings, workflow
from app.services.dto import Actor
from tests.printing.conftest import NAME, decode, fonts, outside, overlaps, pages, receive, text_of

LEADER = Actor(username="lead", full_name="Lê Văn Thành", role="leader", title="Phó Chủ tịch UBND xã")
HEAD = "Lò Thị Mỷ"
A5, A4, A4L = (148 * mm, 210 * mm), (210 * mm, 297 * mm), (297 * mm, 210 * mm)
# Glyphs must stay inside the page less these margins (left, top, right, bottom): the layout margins
# less 2 mm, so nothing reaches the edge a printer cannot print.
INSIDE = {A5: (10 * mm, 5 * mm, 8 * mm, 3 * mm), A4: (18 * mm, 10 * mm, 13 * mm, 10 * mm),
          A4L: (10 * mm, 7 * mm, 8 * mm, 8 * mm)}
# (kind, form number, title, paper) of each set
SET_2018 = [("receipt", "01", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", A5),
            ("supplement", "02", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", A5),
            ("refusal", "03", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", A5),
            ("extension", "04", "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", A5),
            ("control", "05", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", A4),
            ("register", "06", "SỔ THEO DÕI HỒ SƠ", A4L)]
SET_2025 = [("receipt", "01", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", A5),
            ("supplement", "02", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", A5),
            ("refusal", "03", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", A5),
            ("extension", "04", "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT", A5),
            ("stop", "05", "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ", A5),
            ("control", "06", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", A4),
            ("register", "07", "SỔ THEO DÕI HỒ SƠ", A4L)]
CIRCULAR = {"2018": "Thông tư 01/2018/TT-VPCP", "2025": "Thông tư 03/2025/TT-VPCP"}
# Received 5 February 2025 (before the 2025 set's start) and 5 August 2026 (after it): days below 10
# take a leading zero, months only when they are 1 or 2.
RECEIVED = {"2018": dt.datetime(2025, 2, 5, 9, 5), "2025": dt.datetime(2026, 8, 5, 9, 5)}
DATE_TEXT = {"2018": "ngày 05 tháng 02 năm 2025", "2025": "ngày 05 tháng 8 năm 2026"}


def _dossiers(desk, clerk, clock, when: dt.datetime):  # type: ignore[no-untyped-def]
    """Four dossiers received at `when`, each taken to the step its form prints."""
    clock.now = when
    base = receive(desk, clerk)
    supplement, refused, extended, stopped = (receive(desk, clerk) for _ in range(4))
    clock.now = when + dt.timedelta(hours=1)
    workflow.transition(desk, base.code, "processing", clerk, to_party="Công chức Tư pháp - Hộ tịch")
    workflow.request_supplement(desk, supplement.code, "Giấy tờ nộp chưa đủ",
                                ["Bản sao Giấy xác nhận cư trú", "Tờ khai có chữ ký"], clerk)
    workflow.transition(desk, refused.code, "refused", clerk, note="Không thuộc thẩm quyền cấp xã")
    new_due = extended.due_at + dt.timedelta(days=7)
    while not desk.calendar.is_working_day(new_due.date()):
        new_due += dt.timedelta(days=1)
    workflow.reschedule(desk, extended.code, new_due,
                        "Cần xác minh thông tin tại nơi cư trú trước đây", LEADER, approved_by=LEADER.full_name)
    workflow.transition(desk, stopped.code, "stopped", LEADER, note="Người yêu cầu đề nghị dừng giải quyết")
    with desk.db.read() as s:
        back = {d.code: queries.detail_by_code(s, d.code) for d in (base, supplement, refused, extended, stopped)}
    return {"receipt": back[base.code], "control": back[base.code], "supplement": back[supplement.code],
            "refusal": back[refused.code], "extension": back[extended.code], "stop": back[stopped.code]}


def _render(kind: str, d, agency):  # type: ignore[no-untyped-def]
    if kind == "register":
        return render_register(agency, list(d), d[0].received_at.date(), d[0].received_at.date())
    return render_form(kind, agency, d, legal_basis="điểm b khoản 1 Điều 19 Nghị định số 118/2025/NĐ-CP")


@pytest.mark.parametrize("set_id", ["2018", "2025"])
def test_every_form_of_the_set_in_force_on_the_received_day(desk, clerk, clock, set_id):
    details = _dossiers(desk, clerk, clock, RECEIVED[set_id])
    agency = dataclasses.replace(desk.agency, head_title="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", head_name=HEAD)
    signer = {"receipt": clerk.full_name, "control": clerk.full_name, "supplement": clerk.full_name,
              "refusal": clerk.full_name, "extension": LEADER.full_name, "stop": LEADER.full_name}
    assert form_set_for(RECEIVED[set_id]) == set_id
    for kind, number, title, paper in SET_2018 if set_id == "2018" else SET_2025:
        d = list(details.values())[:1] + [details["refusal"], details["stop"]] if kind == "register" else details[kind]
        data = _render(kind, d, agency)
        found = pages(data)
        text = " ".join(p.text for p in found)
        assert title in text and NAME in text, kind
        assert f"Mẫu số {number} — {CIRCULAR[set_id]}" in text, kind
        assert "ỦY BAN NHÂN DÂN XÃ TÂN LẬP" in found[0].text and "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG" in text
        assert DATE_TEXT[set_id] in text, kind
        for page in found:
            assert (page.width, page.height) == pytest.approx(paper, abs=0.5), kind
            assert not outside(page, *INSIDE[paper]), (kind, outside(page, *INSIDE[paper])[:3])
            assert not overlaps(page), (kind, overlaps(page)[:3])
        assert fonts(data) and all(fonts(data).values()) and b"Helvetica" not in data, kind
        if kind == "register":
            assert "Từ chối tiếp nhận" in text and "Dừng giải quyết" in text  # outcome never left blank
            continue
        assert signer[kind] in text, kind
        assert ("Code128", d.code) in decode(data, 150)[0], kind
        assert "root" not in text


def test_a_letter_has_its_recipients_and_the_approving_leader_signs(desk, clerk, clock):
    d = _dossiers(desk, clerk, clock, RECEIVED["2025"])
    agency = dataclasses.replace(desk.agency, head_title="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", head_name=HEAD)
    ext = text_of(render_form("extension", agency, d["extension"]))
    assert "Nơi nhận: - Như trên; - Lưu: hồ sơ." in ext and LEADER.full_name in ext and HEAD not in ext
    assert "Cần xác minh thông tin tại nơi cư trú trước đây" in ext
    stop = text_of(render_form("stop", agency, d["stop"], legal_basis="khoản 2 Điều 19 Nghị định số 118/2025/NĐ-CP"))
    assert "Căn cứ khoản 2 Điều 19 Nghị định số 118/2025/NĐ-CP" in stop and "Nơi nhận:" in stop
    assert "Người yêu cầu đề nghị dừng giải quyết" in stop
    assert LEADER.full_name in stop and HEAD not in stop  # the leader who stopped it is recorded as approver


def test_the_2018_set_has_no_stop_notice_and_says_which_forms_it_has(desk, clerk, clock):
    d = _dossiers(desk, clerk, clock, RECEIVED["2018"])
    with pytest.raises(ValueError, match="không có biểu mẫu «stop»"):
        render_form("stop", desk.agency, d["stop"])
    assert "Thông tư 03/2025/TT-VPCP" in text_of(render_form("stop", desk.agency, d["stop"], form_set="2025"))


def test_start_date_setting_moves_the_switch_and_reprints_keep_their_set(desk, clerk, clock):
    clock.now = dt.datetime(2026, 8, 5, 9, 5)
    d = receive(desk, clerk)
    assert "Thông tư 03/2025/TT-VPCP" in text_of(render_form("receipt", desk.agency, d))
    with desk.db.write() as s:
        settings.put(s, "forms_2025_from", "2026-09-01")
    start = desk.setting("forms_2025_from")
    assert "Thông tư 01/2018/TT-VPCP" in text_of(render_form("receipt", desk.agency, d, forms_2025_from=start))
    clock.now = dt.datetime(2027, 1, 12, 8, 0)  # months 1 and 2 keep the zero; a reprint keeps 2025
    later = receive(desk, clerk)
    text = text_of(render_form("receipt", desk.agency, later, forms_2025_from=start))
    assert "Thông tư 03/2025/TT-VPCP" in text and "ngày 12 tháng 01 năm 2027" in text
    with pytest.raises(ValueError, match="NNNN-TT-NN"):
        render_form("receipt", desk.agency, d, forms_2025_from="1/9/2026")


def test_governing_body_left_blank_keeps_its_line_and_the_rule_sits_below_the_name(desk, clerk, clock):
    d = receive(desk, clerk)
    agency = dataclasses.replace(desk.agency, parent_name="")
    page = pages(render_form("refusal", agency, d))[0]
    assert page.text.index("……") < page.text.index("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG")
    assert "Số: ……/……" in page.text


def test_signer_is_never_an_operating_system_login(desk, clock):
    root = Actor(username="os:root", full_name="root", role="admin")
    d = receive(desk, root)
    receipt = text_of(render_form("receipt", desk.agency, d))
    assert "NGƯỜI TIẾP NHẬN HỒ SƠ" in receipt and "root" not in receipt  # the line is left to sign by hand
    assert "root" not in text_of(render_form("control", desk.agency, d))


def test_supplement_has_address_contacts_and_the_fixed_sentence(desk, clerk, clock):
    d = _dossiers(desk, clerk, clock, RECEIVED["2025"])["supplement"]
    text = text_of(render_form("supplement", desk.agency, d))
    assert "Địa chỉ: Số 7, ngõ Ước Lễ" in text and "Số điện thoại: 0912345678" in text
    assert "Email: anh.huong@example.vn" in text
    assert "đề nghị ông/bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau" in text
    assert "Bản sao Giấy xác nhận cư trú" in text and "Tờ khai có chữ ký" in text


def test_receipt_line_6_says_where_once(desk, clerk):
    text = text_of(render_form("receipt", desk.agency, receive(desk, clerk)))
    assert "6. Đăng ký nhận kết quả tại: Trung tâm Phục vụ hành chính công xã Tân Lập." in text
    assert "tại: Tại" not in text


@pytest.mark.parametrize("url", ["", "https://dichvucong.example.gov.vn/tra-cuu"])
def test_roll_says_scan_to_look_up_only_when_the_qr_holds_an_address(desk, clerk, url):
    d = receive(desk, clerk)
    agency = dataclasses.replace(desk.agency, lookup_url=url)
    data = render_form("receipt", agency, d, paper="80mm")
    codes = decode(data, 203)[0]
    qr = [t for f, t in codes if f == "QRCode"]
    assert ("Quét mã QR để tra cứu hồ sơ" in text_of(data)) == bool(url)
    assert qr == ([f"{url}?ma={d.code}"] if url else [d.code])


def test_pdf_metadata_names_the_agency_and_the_code(desk, clerk):
    import pypdfium2 as pdfium

    d = receive(desk, clerk)
    meta = pdfium.PdfDocument(render_form("extension", desk.agency, d)).get_metadata_dict()
    assert meta["Author"] == desk.agency.name and meta["Subject"] == d.code
    assert meta["Title"].startswith("Văn bản xin lỗi và đề nghị gia hạn") and d.code in meta["Title"]


def test_extension_and_stop_read_who_proposed_and_approved_from_event_data():
    at = dt.datetime(2026, 11, 20, 9, 0)

    def event(kind: str, to_status: int | None, data: object) -> SimpleNamespace:
        return SimpleNamespace(at=at, kind=kind, to_status=to_status, note="ghi chú", actor="Nguyễn Thị Hồng",
                               due_at=at, data=data)

    ext = event("extension", None, '{"reason": "Chờ xác minh", "proposer": "Lê Minh Tâm", '
                                   '"approver_name": "Lê Văn Thành", "approver_title": "PHÓ CHỦ TỊCH", '
                                   '"new_due_at": "2026-12-01T10:00:00+07:00"}')
    views = queries._reschedules([], [ext, event("note", None, "not json"), event("note", None, None)])
    assert len(views) == 1 and views[0].new_due_at == dt.datetime(2026, 12, 1, 10, 0)
    assert (views[0].proposer, views[0].approver_name, views[0].approver_title) == (
        "Lê Minh Tâm", "Lê Văn Thành", "PHÓ CHỦ TỊCH")
    stop = queries._stop(event("transition", 8, {"legal_basis": "khoản 2 Điều 19", "approver":
                                                 {"name": "Lê Văn Thành", "title": "CHỦ TỊCH"}}))
    assert (stop.reason, stop.legal_basis, stop.approver_name, stop.approver_title) == (
        "ghi chú", "khoản 2 Điều 19", "Lê Văn Thành", "CHỦ TỊCH")


@pytest.mark.parametrize("set_id", ["2018", "2025"])
def test_archive_copies_are_pdfa_2b_that_a_validator_accepts(desk, clerk, clock, set_id):
    import io

    import pikepdf
    import pikepdf.pdfa

    details = _dossiers(desk, clerk, clock, RECEIVED[set_id])
    for kind, number, title, _ in SET_2018 if set_id == "2018" else SET_2025:
        if kind == "register":
            d = list(details.values())
            data = render_register(desk.agency, d, d[0].received_at.date(), d[0].received_at.date(), archive=True)
        else:
            data = render_form(kind, desk.agency, details[kind], archive=True)
        report = pikepdf.pdfa.check(pikepdf.open(io.BytesIO(data)), "2b")
        assert report.verdict == "pass", (kind, report.summary)
        with pikepdf.open(io.BytesIO(data)) as pdf, pdf.open_metadata() as xmp:
            assert xmp["pdfaid:part"] == "2" and xmp["pdfaid:conformance"] == "B"
            assert xmp["dc:creator"] == [desk.agency.name]
        text = text_of(data)
        assert title in text and f"Mẫu số {number} — {CIRCULAR[set_id]}" in text
        assert all(fonts(data).values()) and b"Helvetica" not in data


def test_printable_follows_the_workflow_and_the_set(desk, clerk, clock):
    new = _dossiers(desk, clerk, clock, RECEIVED["2025"])
    old = _dossiers(desk, clerk, clock, RECEIVED["2018"])
    assert printable(new["receipt"]) == ["receipt", "control"]
    assert printable(new["supplement"]) == ["receipt", "control", "supplement"]
    assert printable(new["refusal"]) == ["receipt", "control", "refusal"]
    assert printable(new["extension"]) == ["receipt", "control", "extension"]
    assert printable(new["stop"]) == ["receipt", "control", "stop"]
    assert printable(old["stop"]) == ["receipt", "control"]  # the 2018 set has no stop notice


def _rule_under_the_name(data: bytes, page_no: int = 0) -> tuple[float, float, float, float]:
    """(gap between the rule and the glyphs above it, rule width, width of the name's last line, rule
    x-centre minus the line's x-centre), in points, for the short rule of the header's left column."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    page = pdfium.PdfDocument(data)[page_no]
    width = page.get_size()[0]
    rules = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH]):
        left, bottom, right, top = obj.get_bounds()
        if top - bottom < 2 and 20 < right - left and right < width * 0.5:
            rules.append((top, left, right))
    y, left, right = max(rules)  # the highest short line in the left half: the one under the unit's name
    found = pages(data)[page_no]
    above = [b for b in found.boxes if b[1] > y and b[1] - y < 14 and b[2] < width * 0.5]
    base = min(b[5] for b in above)
    line = [b for b in above if b[5] == base]
    name_left, name_right = min(b[0] for b in line), max(b[2] for b in line)
    return (min(b[1] for b in above) - y, right - left, name_right - name_left,
            (left + right) / 2 - (name_left + name_right) / 2)


@pytest.mark.parametrize("kind", ["receipt", "register"])
def test_the_short_rule_is_below_the_unit_name_a_third_to_a_half_of_its_width(desk, clerk, kind):
    d = receive(desk, clerk)
    data = render_register(desk.agency, [d], d.received_at.date(), d.received_at.date()) if kind == "register" \
        else render_form(kind, desk.agency, d)
    gap, rule, name, offset = _rule_under_the_name(data)
    assert gap >= 1.0  # below the name, not an underline touching it (dots below letters included)
    assert name / 3 <= rule <= name / 2 and abs(offset) < 1.0


def test_monthly_report_pdf_declares_no_standard_font(desk, clerk):
    from app.printing.report_pdf import build_report_pdf
    from app.services.reports import build_report, month_period

    receive(desk, clerk)
    data = build_report_pdf(build_report(desk, month_period(2026, 11), LEADER))
    assert b"Helvetica" not in data and fonts(data) and all(fonts(data).values())


def test_a_letter_built_by_hand_can_name_its_own_recipients(desk, clerk, clock):
    from app.printing import load
    from app.printing.convert import stop_from_detail
    from app.printing.letters import build_stop_pdf

    d = _dossiers(desk, clerk, clock, RECEIVED["2025"])["stop"]
    notice = dataclasses.replace(stop_from_detail(desk.agency, d), recipients=["Như trên;", "Công an xã Tân Lập;",
                                                                               "Lưu: VT, hồ sơ."])
    text = text_of(build_stop_pdf(notice, load("2025")))
    assert "Nơi nhận: - Như trên; - Công an xã Tân Lập; - Lưu: VT, hồ sơ." in text
