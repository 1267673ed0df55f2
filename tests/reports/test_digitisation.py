"""The digitisation figures (Decision 766, group 4) reach the report's JSON, its Excel sheet and its PDF,
each figure with the rule it is counted by."""

from __future__ import annotations

import io

import openpyxl
import pypdfium2 as pdfium

from app.printing.report_pdf import build_report_pdf
from app.services import files
from app.services.files_admin import RULES
from app.services.files_convert import FileIn
from app.services.report_xlsx import build_report_xlsx
from app.services.reports import build_report, month_period
from tests.files.support import pdf_bytes, received
from tests.reports.conftest import LEADER


def _report(desk, clerk) -> dict:
    scanned = received(desk, clerk, name="Lê Thị Thu")
    received(desk, clerk, name="Trần Văn Nam", id_number="001090054321")  # no file: counts in the total only
    files.attach_component(desk, scanned, [FileIn("cccd.pdf", pdf_bytes(1))], clerk, position=2)
    return build_report(desk, month_period(2026, 11), LEADER)


def test_the_report_counts_digitised_dossiers_with_the_rule(desk, clerk):
    data = _report(desk, clerk)
    rows = {r["key"]: r for r in data["digitisation"]["rows"]}
    assert (rows["dossiers_digitised"]["count"], rows["dossiers_digitised"]["out_of"]) == (1, 2)
    assert rows["dossiers_digitised"]["rate"] == 0.5
    assert rows["dossiers_reusing"]["count"] == 0 and rows["results_digitised"]["out_of"] == 0
    assert rows["results_digitised"]["rate"] is None, "no result in the period: no rate, not 0 %"
    assert all(r["rule"] == RULES[k] for k, r in rows.items())

    wb = openpyxl.load_workbook(io.BytesIO(build_report_xlsx(data)))
    ws = wb["Số hóa"]
    assert [c.value for c in ws[3]] == ["Chỉ tiêu", "Số lượng", "Trên tổng số", "Tỷ lệ", "Cách tính"]
    first = [c.value for c in ws[4]]
    assert first[1:4] == [1, 2, 0.5] and first[4] == RULES["dossiers_digitised"]
    assert ws.cell(4, 4).number_format == "0.0%"

    doc = pdfium.PdfDocument(build_report_pdf(data))
    try:
        text = " ".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()
    flat = " ".join(text.split())
    assert "X. SỐ HÓA HỒ SƠ, KẾT QUẢ GIẢI QUYẾT (Quyết định 766/QĐ-TTg, nhóm chỉ số 4)" in flat
    assert "Cách tính:" in flat
    assert "Hồ sơ có thành phần được số hóa 1 2 50,0 %" in flat
    assert " ".join(RULES["papers_reused"].split()[:8]) in flat
