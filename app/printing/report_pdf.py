"""The leaders' report as a PDF (A4 portrait): official header, figures, breakdown tables, bar charts, lists.

`build_report_pdf(data)` takes the dict of `services.reports.build_report` and returns the PDF bytes,
laid out with reportlab's platypus (tables split across pages with the header row repeated) and
reportlab graphics bar charts, in the embedded Liberation Serif of `app.printing.fonts`. Numbers are
written the Vietnamese way (1.234; 97,5 %). Lists are cut at LIST_ROWS rows with a note pointing to
the Excel file, which holds them whole. Pure: no database, no Qt; any thread.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.printing.fonts import BOLD, ITALIC, REGULAR, ensure_fonts
from app.services.report_labels import BREAKDOWN_COLUMNS, FIGURES, LISTS
from app.services.status import CHANNELS
from app.services.text import thousands

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import BaseDocTemplate

LIST_ROWS = 100
CELL_SIZE = 8.5
PAD = 3
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
TITLE = "BÁO CÁO"
# Cells hold Paragraphs in the embedded font; without this a Table still selects its default (the
# standard, not embedded, Helvetica) on every row.
CELL_FONT = ("FONTNAME", (0, 0), (-1, -1), REGULAR)
SUBJECT = "Tình hình tiếp nhận và giải quyết hồ sơ thủ tục hành chính"
BAR_COLOURS = [colors.HexColor(c) for c in ("#2e7d32", "#1565c0", "#c62828", "#f9a825", "#6a1b9a")]
# Columns of the breakdown tables in the PDF (the Excel file carries all of BREAKDOWN_COLUMNS).
PDF_COLUMNS = ("received", "finished", "finished_early", "finished_on_time", "finished_late", "on_time_rate",
               "open_overdue")
HEAD = {key: label for key, label, _kind in BREAKDOWN_COLUMNS}
KINDS = {key: kind for key, _label, kind in BREAKDOWN_COLUMNS}


def _style(name: str, font: str = REGULAR, size: float = 10, align: Any = TA_LEFT, **kw: Any) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.25, alignment=align, **kw)


def number(value: Any, kind: str = "count") -> str:
    """Vietnamese number formatting; '—' for a missing value (e.g. a rate with nothing finished)."""
    if value is None:
        return "—"
    if kind == "rate":
        return f"{float(value) * 100:.1f} %".replace(".", ",")
    if kind == "days":
        return f"{float(value):.2f}".replace(".", ",")
    return thousands(int(value))


def _short(value: str | None) -> str:
    return dt.datetime.fromisoformat(value).strftime("%H:%M %d/%m/%Y") if value else ""


class Rule(Flowable):
    """A short centred line under the header names."""

    def __init__(self, length: float, cell_width: float):
        super().__init__()
        self.length, self.cell_width = length, cell_width

    def wrap(self, *_args: float) -> tuple[float, float]:
        return self.cell_width, 5

    def draw(self) -> None:
        x = (self.cell_width - self.length) / 2
        self.canv.setLineWidth(0.6)
        self.canv.line(x, 0.5, x + self.length, 0.5)


def _header(data: dict[str, Any], width: float) -> Table:
    a = data["agency"]
    left_w, right_w = width * 0.42, width * 0.58
    c = _style("hc", size=11, align=TA_CENTER)
    cb = _style("hcb", BOLD, 11, TA_CENTER)
    left = ([Paragraph(escape(a["parent_name"].upper()), c)] if a.get("parent_name") else []) + [
        Paragraph(escape(a["name"].upper()), cb), Rule(25 * mm, left_w - 4)]
    right = [Paragraph(NATION, _style("hn", BOLD, 11, TA_CENTER)), Paragraph(MOTTO, _style("hm", BOLD, 12, TA_CENTER)),
             Rule(44 * mm, right_w - 4)]
    generated = dt.datetime.fromisoformat(data["generated_at"])
    place = a.get("place") or "……"
    rows: list[list[Any]] = [[left, right],
            [Paragraph("Số: ……/BC-TTPVHCC", c),
             Paragraph(f"{escape(place)}, ngày {generated:%d} tháng {generated:%m} năm {generated:%Y}",
                       _style("hd", ITALIC, 11, TA_CENTER))]]
    t = Table(rows, colWidths=[left_w, right_w])
    t.setStyle(TableStyle([CELL_FONT, ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 2),
                           ("RIGHTPADDING", (0, 0), (-1, -1), 2), ("TOPPADDING", (0, 1), (-1, 1), 6)]))
    return t


def _grid(rows: list[list[Any]], widths: list[float], numeric_from: int = 1) -> Table:
    cell = _style("cell", size=CELL_SIZE)
    head = _style("head", BOLD, CELL_SIZE, TA_CENTER)
    body: list[list[Any]] = [[Paragraph(escape(str(v)), head) for v in rows[0]]]
    for r in rows[1:]:
        body.append([Paragraph(escape(str(v)), cell) if i < numeric_from else str(v) for i, v in enumerate(r)])
    t = Table(body, colWidths=widths, repeatRows=1)
    t.setStyle(TableStyle([CELL_FONT,
        ("FONT", (0, 1), (-1, -1), REGULAR, CELL_SIZE), ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD), ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dce6f1")), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (numeric_from, 1), (-1, -1), "RIGHT"), ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return t


def _bars(title: str, labels: list[str], values: list[float], width: float, height: float = 58 * mm,
          kind: str = "count") -> Drawing:
    d = Drawing(width, height, initialFontName=REGULAR)  # else the renderer declares Helvetica
    d.add(String(width / 2, height - 11, title, fontName=BOLD, fontSize=9.5, textAnchor="middle"))
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 30, width - 60, height - 52  # type: ignore[assignment]
    chart.data = [[v or 0 for v in values]]
    chart.categoryAxis.categoryNames = labels
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = 7.5
    chart.valueAxis.valueMin = 0
    top = max([v or 0 for v in values] + [1])
    chart.valueAxis.valueMax = top * 1.18
    chart.valueAxis.valueStep = _step(top * 1.18)
    chart.valueAxis.labelTextFormat = (lambda v: number(v / 100, "rate")) if kind == "percent" else \
        (lambda v: number(round(v)))
    chart.barLabelFormat = (lambda v: number(v / 100, "rate")) if kind == "percent" else (lambda v: number(round(v)))
    chart.barLabels.fontName = REGULAR
    chart.barLabels.fontSize = 7.5
    chart.barLabels.nudge = 7
    chart.bars.strokeColor = None
    for i in range(len(values)):
        chart.bars[(0, i)].fillColor = BAR_COLOURS[i % len(BAR_COLOURS)]
    d.add(chart)
    return d


def _step(top: float) -> float:
    raw = top / 5
    magnitude = 10 ** max(0, len(str(int(raw))) - 1)
    return max(1, round(raw / magnitude) * magnitude) if raw >= 1 else 1


def _breakdown(rows: list[dict[str, Any]], name_head: str, width: float, name_key: str = "name") -> Table:
    other = 15 * mm
    widths = [width - other * len(PDF_COLUMNS)] + [other] * len(PDF_COLUMNS)
    table = [[name_head] + [HEAD[k] for k in PDF_COLUMNS]]
    for r in rows:
        table.append([r[name_key]] + [number(r.get(k), KINDS[k]) for k in PDF_COLUMNS])
    return _grid(table, widths)


def build_report_pdf(data: dict[str, Any]) -> bytes:
    ensure_fonts()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=25 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=f"Báo cáo {data['period']['label']}",
                            author=data["agency"]["name"], subject=SUBJECT, initialFontName=REGULAR, lang="vi")
    width = doc.width
    p = data["period"]
    h2 = _style("h2", BOLD, 11, spaceBefore=8, spaceAfter=4)
    note = _style("note", ITALIC, 8.5)
    body: list[Flowable] = [_header(data, width), Spacer(1, 5 * mm),
                            Paragraph(TITLE, _style("t", BOLD, 14, TA_CENTER)),
                            Paragraph(SUBJECT, _style("s", BOLD, 12.5, TA_CENTER)),
                            Paragraph(f"Kỳ báo cáo: {escape(p['label'])} (từ ngày "
                                      f"{dt.date.fromisoformat(p['from']):%d/%m/%Y} đến ngày "
                                      f"{dt.date.fromisoformat(p['to']):%d/%m/%Y}); số hồ sơ đang giải quyết tính "
                                      f"đến {_short(p['as_of'])}", _style("st", ITALIC, 10, TA_CENTER)),
                            Spacer(1, 4 * mm)]
    sat = data["satisfaction"]
    figures = [["Chỉ tiêu", "Số liệu"]] + [[label, number(data.get(key), kind)] for key, label, kind in FIGURES]
    figures.append(["Chỉ tiêu tỷ lệ đúng hạn (QĐ 766/QĐ-TTg)", f"≥ {number(data['on_time_target'], 'rate')}"])
    figures.append(["Tỷ lệ hài lòng (rất hài lòng và hài lòng)", number(sat["satisfied_rate"], "rate")])
    body += [Paragraph("I. SỐ LIỆU TỔNG HỢP", h2), _grid(figures, [width - 35 * mm, 35 * mm]), Spacer(1, 3 * mm),
             _bars("Kết quả giải quyết và hồ sơ đang giải quyết",
                   ["Trước hạn", "Đúng hạn", "Quá hạn", "Đang GQ trong hạn", "Đang GQ quá hạn"],
                   [data[k] for k in ("finished_early", "finished_on_time", "finished_late", "open_within_limit",
                                      "open_overdue")], width)]
    channels = [dict(r, name=CHANNELS.get(slug, slug)) for slug, r in data["by_channel"].items()]
    body += [Paragraph("II. THEO KÊNH TIẾP NHẬN", h2), _breakdown(channels, "Kênh tiếp nhận", width),
             Spacer(1, 3 * mm),
             _bars("Hồ sơ tiếp nhận theo kênh", [c["name"] for c in channels], [c["received"] for c in channels],
                   width)]
    body += [Paragraph("III. THEO LĨNH VỰC", h2), _breakdown(data["by_field"], "Lĩnh vực", width)]
    if data["by_field"]:
        top = data["by_field"][:8]
        body += [Spacer(1, 3 * mm), _bars("Tỷ lệ đúng hạn theo lĩnh vực (%)", [_cut(r["name"], 18) for r in top],
                                          [(r["on_time_rate"] or 0) * 100 for r in top], width, kind="percent")]
    procs = [dict(r, label=f"{r['name']} ({r['code']})") for r in data["by_procedure"]]
    body += [Paragraph("IV. THEO THỦ TỤC HÀNH CHÍNH", h2), _breakdown(procs, "Thủ tục", width, "label"),
             Paragraph("V. THEO CÁN BỘ TIẾP NHẬN", h2), _breakdown(data["by_officer"], "Cán bộ tiếp nhận", width)]
    rows = [["Mức độ", "Số phiếu", "Tỷ lệ"]] + [[label, number(sat[k]), number(sat["shares"][k], "rate")]
                                                 for k, label in sat["labels"].items()]
    rows += [["Tổng số phiếu đánh giá", number(sat["rated"]), ""],
             ["Chưa đánh giá (không tính vào tỷ lệ)", number(sat["not_rated"]), ""],
             ["Tỷ lệ hài lòng (rất hài lòng và hài lòng)", "", number(sat["satisfied_rate"], "rate")]]
    body += [Paragraph("VI. MỨC ĐỘ HÀI LÒNG (hồ sơ trả kết quả trong kỳ)", h2),
             KeepTogether([_grid(rows, [width - 60 * mm, 30 * mm, 30 * mm]), Spacer(1, 3 * mm),
                           _bars("Ý kiến đánh giá của người dân", list(sat["labels"].values()),
                                 [sat[k] for k in sat["labels"]], width)])]
    for roman, (key, heading, _short_name) in zip(("VII", "VIII", "IX"), LISTS, strict=True):
        body += _list_section(f"{roman}. {heading.upper()}", data[key], key, width, h2, note)
    body += _digitisation(data["digitisation"], width, h2, note)
    body += [Paragraph("Ghi chú cách tính", h2)] + [Paragraph(f"- {escape(r)}", note) for r in data["rules"]]
    body.append(_signatures(data, width))
    doc.build(body, onFirstPage=_footer, onLaterPages=_footer)
    return out.getvalue()


def _digitisation(block: dict[str, Any], width: float, h2: ParagraphStyle, note: ParagraphStyle) -> list[Flowable]:
    """Section X: the digitisation figures, each followed by its rule (Cách tính)."""
    rows = [["Chỉ tiêu", "Số lượng", "Trên tổng số", "Tỷ lệ"]] + [
        [r["label"], number(r["count"]), number(r["out_of"]), number(r["rate"], "rate")] for r in block["rows"]]
    rules = [Paragraph(f"- {escape(r['label'])}: {escape(r['rule'])}", note) for r in block["rows"]]
    return [Paragraph(f"X. {escape(block['title'].upper())} ({escape(block['basis'])})", h2),
            KeepTogether([_grid(rows, [width - 75 * mm, 25 * mm, 25 * mm, 25 * mm]), Spacer(1, 2 * mm),
                          Paragraph("Cách tính:", note), *rules])]


def _cut(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _list_section(heading: str, block: dict[str, Any], key: str, width: float, h2: ParagraphStyle,
                  note: ParagraphStyle) -> list[Flowable]:
    items = block["items"][:LIST_ROWS]
    out: list[Flowable] = [Paragraph(escape(heading), h2)]
    if key == "due_soon_list":
        out.append(Paragraph(f"Đến hết {_short(block['until'])} ({block['working_days']} ngày làm việc).", note))
    if not items:
        return out + [Paragraph("Không có hồ sơ nào.", note)]
    moment_head = {"overdue_list": "Hạn theo quy định", "late_list": "Ngày có kết quả",
                   "due_soon_list": "Hạn theo quy định"}[key]
    rows = [["TT", "Mã hồ sơ", "Thủ tục", "Người nộp", moment_head, "Ngày trễ", "Bổ sung", "Xin lỗi, hẹn mới"]]
    for i, it in enumerate(items, 1):
        when = it["finished_at"] if key == "late_list" else it["due_at"]
        rows.append([str(i), it["code"], it["procedure_name"], it["applicant_name"], _short(when),
                     number(it["days_late"]), number(it["supplement_count"]),
                     f"Có, {dt.datetime.fromisoformat(it['apology_new_due_at']):%d/%m}" if it["apology"] else "Chưa"])
    # The code column fits the longest code on one line (codes must never wrap: clerks read them out).
    code_w = max(stringWidth(it["code"], REGULAR, CELL_SIZE) for it in items) + 2 * PAD + 2
    widths = [8 * mm, code_w, 0, 26 * mm, 26 * mm, 11 * mm, 11 * mm, 16 * mm]
    widths[2] = width - sum(widths)
    out.append(_grid(rows, widths, numeric_from=5))
    if block["total"] > len(items):
        out.append(Paragraph(f"In {len(items)} trong {number(block['total'])} hồ sơ; danh sách đầy đủ có trong "
                             "tệp Excel của báo cáo này.", note))
    return out


def _signatures(data: dict[str, Any], width: float) -> KeepTogether:
    a = data["agency"]
    c = _style("sc", BOLD, 11, TA_CENTER)
    i = _style("si", ITALIC, 10, TA_CENTER)
    head = (a.get("head_title") or "THỦ TRƯỞNG ĐƠN VỊ").upper()
    rows: list[list[Any]] = [[[Paragraph("NGƯỜI LẬP BIỂU", c), Paragraph("(Ký, ghi rõ họ tên)", i)],
             [Paragraph(escape(head), c), Paragraph("(Ký, ghi rõ họ tên, đóng dấu)", i)]],
            ["", ""], [Paragraph("", c), Paragraph(escape(a.get("head_name") or ""), c)]]
    t = Table(rows, colWidths=[width / 2, width / 2], rowHeights=[None, 22 * mm, None])
    t.setStyle(TableStyle([CELL_FONT, ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return KeepTogether([Spacer(1, 6 * mm), t])


def _footer(canvas: Canvas, doc: BaseDocTemplate) -> None:
    canvas.saveState()
    canvas.setFont(ITALIC, 8)
    canvas.drawCentredString(doc.leftMargin + doc.width / 2, 9 * mm, f"Trang {doc.page}")
    canvas.restoreState()
