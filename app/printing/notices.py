"""Mẫu 02 (yêu cầu bổ sung), Mẫu 03 (từ chối tiếp nhận) and Mẫu 04 (xin lỗi và hẹn lại), A5 portrait.

Each is one copy for the applicant; the desk keeps its record in the dossier's event log. The apology
is signed by the head of the agency with the title from the agency settings, never by the clerk.
Pure Python, any thread.
"""

from __future__ import annotations

from reportlab.lib.units import mm

from app.printing import common
from app.printing.layout import Column, Doc, Run
from app.printing.receipt import GEOMETRY, person_lines
from app.printing.slip import ApologyLetter, Header, RefusalNotice, SlipDossier, SupplementNotice

G = GEOMETRY["a5"]
SIZE = G.body


def _start(h: Header, d: SlipDossier, form: str, title: str, on) -> Doc:  # type: ignore[no-untyped-def]
    doc = Doc(G.page[0], G.page[1], G.margins,
              on_new_page=common.running_head(f"Mẫu số {form} — Mã hồ sơ {d.code}", SIZE - 2.5))
    version = d.form_set_version or h.form_set_version
    common.corner(doc, "", f"Mẫu số {form}{' — ' + version if version else ''}", size=SIZE - 2.5)
    common.national_header(doc, h, "……", on.date(), size=G.head)
    common.title(doc, title, G.title)
    return doc


def _sentence(text: str) -> str:
    """A reason typed without a full stop still ends the sentence on the form."""
    text = text.strip()
    return text + "." if text and text[-1] not in ".!?…" else text


def _finish(doc: Doc, h: Header, title: str) -> bytes:
    common.page_numbers(doc)
    return common.pdf([doc], "a5", title, h)


def build_supplement_pdf(n: SupplementNotice) -> bytes:
    """Mẫu 02 Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ."""
    h, d = n.header, n.dossier
    doc = _start(h, d, "02", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", n.requested_at)
    doc.para([("Mã hồ sơ: ", "r"), (d.code, "b")], SIZE)
    doc.para([(f"{h.unit_name} tiếp nhận hồ sơ của: ", "r"), (d.applicant.name, "b+")], SIZE)
    doc.para([("Nội dung yêu cầu giải quyết: ", "r"), (d.procedure_name, "b")], SIZE)
    doc.para([("Ngày tiếp nhận: ", "r"), (common.moment(d.received_at), "r")], SIZE)
    doc.para([("Sau khi xem xét, đề nghị ông/bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:", "r")],
             SIZE, keep=3)
    if n.items:
        cols = [Column("TT", 0.6, "center"), Column("Nội dung, giấy tờ cần bổ sung", 5.2),
                Column("Bản chính", 1.05, "center"), Column("Bản sao", 1.05, "center"),
                Column("Bản photo", 1.05, "center")]
        rows = [[str(i), c.name, common.two(c.originals) if c.originals else "",
                 common.two(c.copies) if c.copies else "", common.two(c.photocopies) if c.photocopies else ""]
                for i, c in enumerate(n.items, 1)]
        doc.table(cols, rows, size=SIZE - 0.5, head_size=SIZE - 1.5)
        doc.y += 2
    else:
        doc.para([("……………………………………………………………………", "r")], SIZE)
    doc.para([("Lý do: ", "r"), (_sentence(n.reason) or "……………………………………", "r")], SIZE)
    doc.para([("Thời gian chờ bổ sung không tính vào thời hạn giải quyết; ngày hẹn trả kết quả mới được "
               "tính lại khi nhận đủ hồ sơ bổ sung.", "i")], SIZE - 0.5)
    contact = f"Trong quá trình bổ sung, hoàn thiện hồ sơ, nếu có vướng mắc, ông/bà liên hệ {h.unit_name}"
    if n.guide_name:
        contact += f" (người hướng dẫn: {n.guide_name})"
    if h.hotline:
        contact += f", số điện thoại {h.hotline}"
    contact += " để được hướng dẫn."
    if h.lookup_url:
        contact += f" Hướng dẫn và tình trạng hồ sơ được đăng tại {h.lookup_url}."
    doc.para([(contact, "r")], SIZE)
    doc.para([("Xin trân trọng cảm ơn!", "r")], SIZE)
    common.signatures(doc, [("", "", ""), ("NGƯỜI HƯỚNG DẪN", "(Ký và ghi rõ họ tên)", n.guide_name)], SIZE)
    return _finish(doc, h, f"Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ {d.code}")


def build_refusal_pdf(n: RefusalNotice) -> bytes:
    """Mẫu 03 Phiếu từ chối tiếp nhận giải quyết hồ sơ."""
    h, d = n.header, n.dossier
    doc = _start(h, d, "03", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", n.refused_at)
    doc.para([("Mã hồ sơ: ", "r"), (d.code, "b")], SIZE)
    person_lines(doc, d.applicant, SIZE, unit=h.unit_name, owner=d.owner)
    doc.para([("Nội dung yêu cầu giải quyết: ", "r"), (d.procedure_name, "b")], SIZE)
    doc.para([(f"Qua xem xét, {h.unit_name} từ chối tiếp nhận, giải quyết hồ sơ này với lý do cụ thể "
               "như sau:", "r")], SIZE, keep=2)
    doc.para([(_sentence(n.reason) or "……………………………………………………", "r")], SIZE, indent=4 * mm)
    doc.para([("Xin thông báo để ông/bà được biết và thực hiện.", "r")], SIZE)
    common.signatures(doc, [("NGƯỜI NỘP HỒ SƠ", "(Ký và ghi rõ họ tên)", d.applicant.name),
                            ("NGƯỜI TIẾP NHẬN HỒ SƠ", "(Ký và ghi rõ họ tên)", n.receiver_name)], SIZE)
    return _finish(doc, h, f"Phiếu từ chối tiếp nhận giải quyết hồ sơ {d.code}")


def build_apology_pdf(n: ApologyLetter) -> bytes:
    """Mẫu 04 Phiếu xin lỗi và hẹn lại ngày trả kết quả, signed by the head of the agency."""
    h, d = n.header, n.dossier
    doc = _start(h, d, "04", "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", n.issued_at)
    doc.para([("Kính gửi: Ông/Bà ", "r"), (d.applicant.name, "b+")], SIZE + 0.5, align="center")
    doc.y += 3
    body: list[Run] = [
        (f"Ngày {d.received_at:%d/%m/%Y}, {h.unit_name} tiếp nhận giải quyết hồ sơ của ông/bà, mã hồ sơ ", "r"),
        (d.code, "b"), (", nội dung yêu cầu giải quyết: ", "r"), (d.procedure_name, "b"), (".", "r")]
    doc.para(body, SIZE)
    doc.para([("Thời gian hẹn trả kết quả giải quyết hồ sơ: ", "r"), (common.moment(n.original_due_at), "r"),
              (".", "r")], SIZE)
    doc.para([(f"Tuy nhiên, đến nay {h.unit_name} chưa trả kết quả giải quyết hồ sơ cho ông/bà đúng hẹn. "
               "Lý do: ", "r"), (_sentence(n.reason) or "……………………………………", "r")], SIZE)
    doc.para([("Sự chậm trễ này đã gây phiền hà, tốn kém chi phí, công sức của ông/bà. "
               f"{h.unit_name} xin lỗi ông/bà và hẹn trả kết quả giải quyết hồ sơ vào: ", "r"),
              (common.moment(n.new_due_at), "b"), (".", "r")], SIZE)
    doc.para([("Xin trân trọng cảm ơn sự hợp tác của ông/bà.", "r")], SIZE)
    common.signatures(doc, [("", "", ""), (h.head_title, "(Ký, ghi rõ họ tên và đóng dấu)", h.head_name)],
                      SIZE, gap=20 * mm)
    return _finish(doc, h, f"Phiếu xin lỗi và hẹn lại ngày trả kết quả {d.code}")
