"""The Excel and PDF exports hold the report's figures; `motcua report` writes all three formats."""

from __future__ import annotations

import datetime as dt
import io
import json

import openpyxl
import pypdfium2 as pdfium
import pytest

from app.cli import main
from app.printing.report_pdf import build_report_pdf
from app.services.report_xlsx import build_report_xlsx
from app.services.reports import FIGURES, build_report, month_period
from tests.reports.conftest import LEADER

PERIOD_KEYS = ("received", "finished", "finished_early", "finished_on_time", "finished_late", "returned",
               "refused", "withdrawn", "stopped", "online", "finished_on_time_rate", "avg_processing_working_days")


@pytest.fixture(scope="module")
def report(scenario) -> dict:
    return build_report(scenario.desk, month_period(2026, 11), LEADER)


@pytest.fixture(scope="module")
def workbook(report):
    return openpyxl.load_workbook(io.BytesIO(build_report_xlsx(report)))


def _rows(ws, first: int = 4) -> list[tuple]:
    return [r for r in ws.iter_rows(min_row=first, values_only=True) if any(v is not None for v in r)]


def test_xlsx_summary_sheet_holds_every_figure(workbook, report):
    assert workbook.sheetnames == ["Tổng hợp", "Theo kênh", "Theo lĩnh vực", "Theo thủ tục", "Theo cán bộ",
                                   "Hài lòng", "Đang quá hạn", "Trễ hạn trong kỳ", "Sắp đến hạn", "Số hóa",
                                   "Cách tính"]
    ws = workbook["Tổng hợp"]
    assert [c.value for c in ws[3]] == ["Chỉ tiêu", "Số liệu", "Mã chỉ tiêu"]
    assert ws.freeze_panes == "A4"
    got = {key: value for _label, value, key in _rows(ws)}
    for key, _label, _kind in FIGURES:
        assert got[key] == report[key], key
    assert got["satisfaction.satisfied_rate"] == report["satisfaction"]["satisfied_rate"]
    cells = {row[2].value: row[1] for row in ws.iter_rows(min_row=4) if row[2].value}
    assert cells["on_time_rate"].number_format == "0.0%"
    assert cells["received"].number_format == "#,##0"
    assert cells["avg_processing_working_days"].number_format == "0.00"


def test_xlsx_breakdowns_and_lists(workbook, report, scenario):
    for name in workbook.sheetnames:
        assert workbook[name].freeze_panes == "A4", name
    procs = _rows(workbook["Theo thủ tục"])
    header = [c.value for c in workbook["Theo thủ tục"][3]]
    assert header[:4] == ["Mã thủ tục", "Tên thủ tục", "Lĩnh vực", "Thời gian GQ trung bình (ngày LV)"]
    by_code = {r[0]: dict(zip(header, r, strict=True)) for r in procs}
    for p in report["by_procedure"]:
        row = by_code[p["code"]]
        assert (row["Tiếp nhận"], row["Đã giải quyết"], row["Trước hạn"], row["Đúng hạn"], row["Quá hạn"],
                row["Tỷ lệ đúng hạn (QĐ 766)"], row["Đang GQ quá hạn"]) == (
            p["received"], p["finished"], p["finished_early"], p["finished_on_time"], p["finished_late"],
            p["on_time_rate"], p["open_overdue"])
    channels = {r[0]: r for r in _rows(workbook["Theo kênh"])}
    assert channels["Trực tuyến"][1:3] == (0.25, 4)
    officers = {r[0]: r[1] for r in _rows(workbook["Theo cán bộ"])}
    assert officers == {"Nguyễn Thị Hồng": 9, "Trần Văn Bình": 7}
    fields = {r[0]: r[1] for r in _rows(workbook["Theo lĩnh vực"])}
    assert fields == {"Hộ tịch": 10, "Bảo trợ xã hội": 3, "Chứng thực": 3}
    sat = {r[3]: r[1:3] for r in _rows(workbook["Hài lòng"])}
    assert sat == {"very_satisfied": (2, round(2 / 6, 4)), "satisfied": (3, 0.5), "unsatisfied": (1, round(1 / 6, 4)),
                   "rated": (6, None), "not_rated": (2, None), "satisfied_rate": (None, round(5 / 6, 4))}
    overdue = _rows(workbook["Đang quá hạn"])
    assert [(r[0], r[11], r[13]) for r in overdue] == [(scenario.codes["M"], 19, "Chưa"),
                                                       (scenario.codes["L"], 6, "Có")]
    assert overdue[1][8] == dt.datetime(2026, 11, 19, 9, 0)  # the legal due date, a real date, not text
    assert overdue[1][9] == dt.datetime(2026, 11, 23, 17, 0)  # the date promised in the apology
    assert workbook["Đang quá hạn"].cell(5, 9).number_format == "dd/mm/yyyy hh:mm"
    assert [r[0] for r in _rows(workbook["Trễ hạn trong kỳ"])] == [scenario.codes[k] for k in "CDT"]
    assert [r[0] for r in _rows(workbook["Sắp đến hạn"])] == [scenario.codes[k] for k in "OP"]


def test_pdf_renders_with_title_and_figures(report, tmp_path):
    pdf = build_report_pdf(report)
    assert pdf.startswith(b"%PDF")
    doc = pdfium.PdfDocument(pdf)
    try:
        text = "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
        bitmap = doc[0].render(scale=1, grayscale=True)
        first = bytes(bitmap.buffer)
    finally:
        doc.close()
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "BÁO CÁO",
                     "Tình hình tiếp nhận và giải quyết hồ sơ thủ tục hành chính", "Tháng 11/2026",
                     "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH", "Tân Lập, ngày 27 tháng 11 năm 2026",
                     "72,2 %",  # on-time rate (9 + 4) / (12 + 6), Decision 766
                     "75,0 %",  # finished on time 9/12
                     "Chỉ tiêu tỷ lệ đúng hạn", "Quyết định 766/QĐ-TTg",
                     "83,3 %",  # satisfied 5/6
                     "Kết quả giải quyết và hồ sơ đang giải quyết", "VII. HỒ SƠ ĐANG QUÁ HẠN",
                     "Cấp Giấy xác nhận tình trạng hôn nhân", "Nguyễn Thị Hồng", "NGƯỜI LẬP BIỂU"):
        assert expected in text.replace("\r\n", " ").replace("\n", " "), expected
    # Ink on the page: the header, tables and the chart's bars are drawn, not just an empty sheet.
    dark = sum(1 for v in first if v < 128)
    assert dark > 5000


def test_cli_writes_json_xlsx_pdf(scenario, tmp_path, capsys, report):
    base = ["--data-dir", str(scenario.paths.data_dir), "report", "--period", "2026-11"]
    assert main(base + ["--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    # The command runs on the real clock: compare the figures that do not depend on "now".
    assert {k: printed[k] for k in PERIOD_KEYS} == {k: report[k] for k in PERIOD_KEYS}
    assert printed["by_procedure"][0]["code"] == "1.004873"
    for fmt, magic in (("xlsx", b"PK"), ("pdf", b"%PDF"), ("json", b"{")):
        out = tmp_path / f"bao-cao.{fmt}"
        assert main(base + ["--out", str(out)]) == 0
        assert out.read_bytes().startswith(magic)
        assert "Đã lưu báo cáo Tháng 11/2026" in capsys.readouterr().out
    assert main(["--data-dir", str(scenario.paths.data_dir), "report", "--from", "2026-11-10", "--to",
                 "10/11/2026"]) == 0
    assert json.loads(capsys.readouterr().out)["received"] == 2


@pytest.mark.parametrize("args, code, message", [
    (["--period", "2026-13"], 3, "Kỳ báo cáo «2026-13» không đúng dạng"),
    (["--period", "2026-Q5"], 3, "không đúng dạng"),
    (["--from", "2026-11-10"], 3, "Hãy nhập cả ngày bắt đầu"),
    (["--from", "2026-11-10", "--to", "2026-11-01"], 3, "Ngày kết thúc phải bằng hoặc sau"),
    (["--period", "2026-11", "--format", "pdf"], 1, "cần tệp kết quả"),
    ([], 1, "Hãy chọn kỳ báo cáo"),
])
def test_cli_errors_in_vietnamese(scenario, capsys, args, code, message):
    assert main(["--data-dir", str(scenario.paths.data_dir), "report"] + args) == code
    assert message in capsys.readouterr().err
