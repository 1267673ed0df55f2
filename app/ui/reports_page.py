"""The Reports page (Báo cáo) for leaders and administrators: period picker, figures, charts, tables, exports.

The report is built by the `operations.reports.report` operation on the read pool (`ctx.tasks`), and the Excel,
PDF or JSON file is rendered and written there too; results come back by signal and only then touch
widgets. A newer request makes the answer of an older one stale (it is dropped). Built by
`create_page(ctx, parent)` for the page registry (`app.ui.pages`). UI thread.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import MotCuaError
from app.operations import reports
from app.printing.report_pdf import number
from app.services.formats import EXPORT_FORMATS
from app.services.reports import (
    BREAKDOWN_COLUMNS,
    FIGURES,
    LISTS,
    RULES,
    TARGET_RATE,
    Period,
    month_period,
    quarter_period,
    range_period,
    year_period,
)
from app.services.status import CHANNELS
from app.ui.context import UiContext
from app.ui.report_chart import BarChart
from app.ui.save_path import ask_save_path
from app.ui.tasks import error_text

KINDS = [("month", "Tháng"), ("quarter", "Quý"), ("year", "Năm"), ("range", "Khoảng ngày")]
LIST_HEAD = ["Mã hồ sơ", "Thủ tục", "Người nộp", "Điện thoại", "Tiếp nhận", "Hạn theo quy định",
             "Ngày có kết quả", "Ngày trễ", "Bổ sung", "Xin lỗi, gia hạn"]
# The "Cách tính" lines shown beside the two on-time rates.
RATE_RULES = {"on_time_rate": RULES[5], "finished_on_time_rate": RULES[6]}


def _short(value: str | None) -> str:
    return dt.datetime.fromisoformat(value).strftime("%H:%M %d/%m/%Y") if value else ""


NAME_WIDTH = 320


def _table(headers: list[str], stretch: int) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().hide()
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setMinimumHeight(90)
    t.setWordWrap(False)
    t.setTextElideMode(Qt.TextElideMode.ElideRight)
    header = t.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # The name column gets what the figures leave, never less than a readable width (the table scrolls
    # sideways instead); its full text is in the tooltip.
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Interactive)
    header.resizeSection(stretch, NAME_WIDTH)
    return t


def _fill(t: QTableWidget, rows: list[list[str]], numeric_from: int) -> None:
    t.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if c >= numeric_from:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            t.setItem(r, c, item)


class ReportsPage(QWidget):
    #: The report dict arrived and is on screen.
    report_ready = Signal(dict)
    #: A file was written (its path).
    exported = Signal(str)
    #: Something went wrong (the Vietnamese text shown).
    failed = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.report: dict | None = None
        self._ticket = 0
        today = ctx.desk.now().date()

        self.kind = QComboBox()
        for key, label in KINDS:
            self.kind.addItem(self.tr(label), key)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        self.part = QComboBox()
        self.date_from = QDateEdit(QDate(today.year, today.month, 1), calendarPopup=True, displayFormat="dd/MM/yyyy")
        self.date_to = QDateEdit(QDate(today.year, today.month, today.day), calendarPopup=True,
                                 displayFormat="dd/MM/yyyy")
        self.due_days = QSpinBox()
        self.due_days.setRange(1, 30)
        self.due_days.setValue(3)
        self.due_days.setSuffix(self.tr(" ngày làm việc"))
        self.show_button = QPushButton(self.tr("Xem báo cáo"))
        self.show_button.setDefault(True)
        self.show_button.clicked.connect(self.refresh)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.with_imported = QCheckBox(self.tr("Tính cả hồ sơ nhập từ sổ của tỉnh"))
        self.with_imported.setChecked(True)
        self.with_imported.setToolTip(self.tr("Bỏ chọn để báo cáo chỉ gồm hồ sơ tiếp nhận trên máy này."))
        self.with_imported.toggled.connect(self.refresh)
        self._arrow = QLabel("→")
        picker = QHBoxLayout()
        for w in (QLabel(self.tr("Kỳ báo cáo:")), self.kind, self.part, self.year, self.date_from,
                  self._arrow, self.date_to, QLabel(self.tr("Sắp đến hạn trong")), self.due_days,
                  self.show_button):
            picker.addWidget(w)
        picker.addStretch(1)
        # The exports sit on the heading's row, so the picker row fits a 1280-px screen.
        exports = QHBoxLayout()
        self.export_buttons: dict[str, QPushButton] = {}
        words = {"xlsx": self.tr("Xuất Excel…"), "pdf": self.tr("Xuất PDF…"), "json": self.tr("Xuất JSON…")}
        for fmt in EXPORT_FORMATS:
            b = QPushButton(words[fmt])
            b.setEnabled(False)
            b.clicked.connect(lambda _=False, f=fmt: self._ask_export(f))
            exports.addWidget(b)
            self.export_buttons[fmt] = b

        self.heading = QLabel()
        self.heading.setStyleSheet("font-size:18px; font-weight:600;")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.values: dict[str, QLabel] = {}
        grid = QGridLayout()
        specs = [*FIGURES, ("satisfied_rate", "Tỷ lệ hài lòng (rất hài lòng và hài lòng)", "rate")]
        for i, (key, label, _kind) in enumerate(specs):
            value = QLabel("—")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setStyleSheet("font-weight:600;")
            self.values[key] = value
            name = QLabel(self.tr(label))
            if key in RATE_RULES:
                name.setToolTip(self.tr(RATE_RULES[key]))
                value.setToolTip(self.tr(RATE_RULES[key]))
            grid.addWidget(name, i % 9, (i // 9) * 2)
            grid.addWidget(value, i % 9, (i // 9) * 2 + 1)
        grid.setHorizontalSpacing(18)
        grid.setColumnMinimumWidth(1, 80)
        grid.setColumnMinimumWidth(3, 80)
        grid.setColumnStretch(4, 1)  # keep each label next to its value on wide screens
        self.results_chart, self.channel_chart, self.satisfaction_chart = BarChart(), BarChart(), BarChart()
        charts = QHBoxLayout()
        for chart in (self.results_chart, self.channel_chart, self.satisfaction_chart):
            charts.addWidget(chart)

        counts = [self.tr(label) for _key, label, _kind in BREAKDOWN_COLUMNS]
        self.tables = {
            "by_procedure": _table([self.tr("Thủ tục"), self.tr("Mã"), *counts], 0),
            "by_field": _table([self.tr("Lĩnh vực"), *counts], 0),
            "by_officer": _table([self.tr("Cán bộ tiếp nhận"), *counts], 0),
            "by_channel": _table([self.tr("Kênh tiếp nhận"), *counts], 0),
        }
        tabs = QTabWidget()
        for key, title in (("by_procedure", "Theo thủ tục"), ("by_field", "Theo lĩnh vực"),
                           ("by_officer", "Theo cán bộ"), ("by_channel", "Theo kênh")):
            tabs.addTab(self.tables[key], self.tr(title))
        for key, _title, short in LISTS:
            self.tables[key] = _table([self.tr(h) for h in LIST_HEAD], 1)
            tabs.addTab(self.tables[key], self.tr(short))
        self.tabs = tabs

        heading = QHBoxLayout()
        heading.addWidget(self.heading, 1)
        heading.addLayout(exports)
        layout = QVBoxLayout(self)
        layout.addLayout(picker)
        layout.addLayout(heading)
        status_row = QHBoxLayout()  # the heading's row is full: the checkbox sits beside the status line
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.with_imported)
        layout.addLayout(status_row)
        layout.addLayout(grid)
        # The two on-time rates against the national target, with how each is counted ("Cách tính").
        self.rate_note = QLabel()
        self.rate_note.setWordWrap(True)
        self.rate_note.setStyleSheet("color:#333;")
        layout.addWidget(self.rate_note)
        layout.addLayout(charts, 2)
        layout.addWidget(tabs, 3)
        self._kind_changed()
        self.part.setCurrentIndex(today.month - 1)

    # --- the period ------------------------------------------------------------------------------
    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        self.part.clear()
        if kind == "month":
            self.part.addItems([self.tr("Tháng {n}").format(n=m) for m in range(1, 13)])
        elif kind == "quarter":
            self.part.addItems([self.tr("Quý {n}").format(n=q) for q in ("I", "II", "III", "IV")])
        self.part.setVisible(kind in ("month", "quarter"))
        self.year.setVisible(kind != "range")
        for w in (self.date_from, self._arrow, self.date_to):
            w.setVisible(kind == "range")

    def period(self) -> Period:
        """The period the pickers show; a ValidationError (Vietnamese) for a reversed range."""
        kind, year, part = self.kind.currentData(), self.year.value(), self.part.currentIndex() + 1
        if kind == "month":
            return month_period(year, part)
        if kind == "quarter":
            return quarter_period(year, part)
        if kind == "year":
            return year_period(year)
        return range_period(self.date_from.date().toPython(), self.date_to.date().toPython())

    def set_period(self, period: Period) -> None:
        self.kind.setCurrentIndex([k for k, _ in KINDS].index(period.kind))
        self.year.setValue(period.first_day.year)
        if period.kind == "month":
            self.part.setCurrentIndex(period.first_day.month - 1)
        elif period.kind == "quarter":
            self.part.setCurrentIndex((period.first_day.month - 1) // 3)
        elif period.kind == "range":
            self.date_from.setDate(QDate(period.first_day))
            self.date_to.setDate(QDate(period.last_day))

    # --- loading ---------------------------------------------------------------------------------
    def page_shown(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        try:
            period = self.period()
        except MotCuaError as exc:
            self._fail(exc)
            return
        self._ticket += 1
        ticket = self._ticket
        self.status.setText(self.tr("Đang lập báo cáo {label}…").format(label=period.label))
        self.status.setStyleSheet("")
        self.ctx.tasks.run(reports.report, self.ctx.op, period, due_days=self.due_days.value(),
                           include_imported=self.with_imported.isChecked(),
                           on_done=lambda report: self._show(ticket, report.data),
                           on_error=lambda exc: self._fail(exc) if ticket == self._ticket else None)

    def _fail(self, exc: BaseException) -> None:
        text = error_text(exc)
        self.status.setText(text)
        self.status.setStyleSheet("color:#7f1d1d;")
        self.failed.emit(text)

    def _show(self, ticket: int, data: dict) -> None:
        if ticket != self._ticket:
            return  # a newer request is on its way; this answer is stale
        self.report = data
        p = data["period"]
        self.heading.setText(self.tr("Báo cáo {label} ({start} – {end})").format(
            label=p["label"], start=dt.date.fromisoformat(p["from"]).strftime("%d/%m/%Y"),
            end=dt.date.fromisoformat(p["to"]).strftime("%d/%m/%Y")))
        self.status.setText(self.tr("Hồ sơ đang giải quyết tính đến {moment}.").format(moment=_short(p["as_of"])))
        self.status.setStyleSheet("color:#555;")
        for key, _label, kind in FIGURES:
            self.values[key].setText(number(data.get(key), kind))
        rate = data["on_time_rate"]
        verdict = "" if rate is None else (self.tr("đạt") if rate >= TARGET_RATE else self.tr("chưa đạt"))
        self.rate_note.setText(self.tr("Chỉ tiêu tỷ lệ đúng hạn ≥ {target}{verdict}. Cách tính: {rule} {rule2}").format(
            target=number(TARGET_RATE, "rate"), verdict=f" — {verdict}" if verdict else "",
            rule=self.tr(RATE_RULES["on_time_rate"]), rule2=self.tr(RATE_RULES["finished_on_time_rate"])))
        sat = data["satisfaction"]
        self.values["satisfied_rate"].setText(number(sat["satisfied_rate"], "rate"))
        self.results_chart.set_bars(self.tr("Kết quả giải quyết"), [
            (self.tr("Trước hạn"), data["finished_early"], None), (self.tr("Đúng hạn"), data["finished_on_time"], None),
            (self.tr("Quá hạn"), data["finished_late"], None),
            (self.tr("Đang GQ trong hạn"), data["open_within_limit"], None),
            (self.tr("Đang GQ quá hạn"), data["open_overdue"], None)])
        self.channel_chart.set_bars(self.tr("Tiếp nhận theo kênh"), [
            (self.tr(CHANNELS[slug]), row["received"], None) for slug, row in data["by_channel"].items()])
        self.satisfaction_chart.set_bars(self.tr("Mức độ hài lòng"), [
            (self.tr(label), sat[key], None) for key, label in sat["labels"].items()])
        counts = lambda r: [number(r.get(k), kind) for k, _label, kind in BREAKDOWN_COLUMNS]  # noqa: E731
        _fill(self.tables["by_procedure"], [[r["name"], r["code"], *counts(r)] for r in data["by_procedure"]], 2)
        _fill(self.tables["by_field"], [[r["name"], *counts(r)] for r in data["by_field"]], 1)
        _fill(self.tables["by_officer"], [[r["name"], *counts(r)] for r in data["by_officer"]], 1)
        _fill(self.tables["by_channel"], [[self.tr(CHANNELS[k]), *counts(r)] for k, r in data["by_channel"].items()], 1)
        for key, _title, tab in LISTS:
            block = data[key]
            _fill(self.tables[key], [[i["code"], i["procedure_name"], i["applicant_name"], i["applicant_phone"],
                                      _short(i["received_at"]), _short(i["due_at"]), _short(i["finished_at"]),
                                      number(i["days_late"]), number(i["supplement_count"]),
                                      self.tr("Có, hẹn {day}").format(day=_short(i["apology_new_due_at"]))
                                      if i["apology"] else self.tr("Chưa")]
                                     for i in block["items"]], 7)
            index = self.tabs.indexOf(self.tables[key])
            self.tabs.setTabText(index, f"{self.tr(tab)} ({block['total']})")
        for b in self.export_buttons.values():
            b.setEnabled(True)
        self.report_ready.emit(data)

    # --- exports ---------------------------------------------------------------------------------
    def _ask_export(self, fmt: str) -> None:
        if self.report is None:
            return
        name = f"bao-cao-{self.report['period']['key'].replace('..', '_')}.{fmt}"
        path = ask_save_path(self, self.tr("Lưu báo cáo"), str(Path.home() / name), EXPORT_FORMATS[fmt].file_filter)
        if path:
            self.export(fmt, path)

    def export(self, fmt: str, path: Path) -> None:
        """Write the report on screen to `path` off the UI thread; `exported` or `failed` follows."""
        if self.report is None:
            return
        self.status.setText(self.tr("Đang lưu {name}…").format(name=path.name))
        # `ask_save_path` has asked "Ghi đè?" for an existing file, hence force.
        self.ctx.tasks.run(reports.export, self.ctx.op, self.report, path, fmt, force=True,
                           on_done=self._saved, on_error=self._fail)

    def _saved(self, path: Path) -> None:
        self.status.setText(self.tr("Đã lưu báo cáo vào {path}.").format(path=path))
        self.status.setStyleSheet("color:#14532d;")
        self.exported.emit(str(path))


def create_page(ctx: UiContext, parent: QWidget | None = None) -> ReportsPage:
    return ReportsPage(ctx, parent)
