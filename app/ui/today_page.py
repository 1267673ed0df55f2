"""The start page "Hôm nay": dossiers received today, due today, overdue, and due within two days — each
one click from its list — and the overdue dossiers with a button for the apology form (Mẫu 04).

Figures are counted on the read pool from indexed queries, refreshed when the page is shown, when a
dossier changes, and every minute. UI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QLocale, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.operations import dossiers
from app.services.text import thousands
from app.ui.context import UiContext
from app.ui.dossier_model import code_width, moment_width
from app.ui.queues_panel import QueuesPanel

REFRESH_MS = 60_000
CARD_STYLE = ("QPushButton {{ border-radius:8px; border:1px solid {border}; background:{back}; }}"
              " QPushButton:focus {{ border:2px solid #1a5fb4; }} QPushButton:hover {{ border:2px solid {fore}; }}"
              " QLabel {{ color:{fore}; background:transparent; }}")


class Card(QPushButton):
    """One figure of the day: a big number over its caption; the whole card is one button."""

    def __init__(self, title: str, back: str, fore: str, border: str):
        super().__init__()
        self.setStyleSheet(CARD_STYLE.format(back=back, fore=fore, border=border))
        self.setMinimumHeight(96)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.number = QLabel("…")
        self.number.setStyleSheet("font-size:28px; font-weight:700;")
        self.caption = QLabel(title)
        self.caption.setStyleSheet("font-size:13px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 10, 18, 10)
        for label in (self.number, self.caption):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)

    def set_number(self, n: int | None) -> None:
        self.number.setText("…" if n is None else thousands(n))
        self.setAccessibleName(f"{self.number.text()} {self.caption.text()}")


class TodayPage(QWidget):
    #: Open the dossier list with a preset filter: keyword arguments of DossierListPage.filter_preset.
    open_list = Signal(dict)
    open_code = Signal(str)
    apology = Signal(str)
    refreshed = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.figures: dossiers.TodayFigures | None = None
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size:20px; font-weight:600;")
        self.cards: dict[str, Card] = {}
        grid = QGridLayout()
        specs = [
            ("received", self.tr("Tiếp nhận hôm nay"), {"received_today": True}, ("#e8f1fb", "#0b3d6b", "#9cc3ea")),
            ("due_today", self.tr("Đến hạn trả hôm nay"), {"due_today": True}, ("#fff3e0", "#7a4a00", "#ffcc80")),
            ("overdue", self.tr("Quá hạn"), {"overdue": True}, ("#fdecea", "#7f1d1d", "#f1a7a0")),
            ("due_soon", self.tr("Sắp đến hạn (trong 2 ngày)"), {"due_soon": True}, ("#fffbe6", "#5c4a00", "#f0dc82")),
        ]
        for i, (key, title, preset, (back, fore, border)) in enumerate(specs):
            card = Card(title, back, fore, border)
            card.setObjectName(f"card_{key}")
            card.clicked.connect(lambda _=False, p=preset: self.open_list.emit(p))
            grid.addWidget(card, 0, i)
            self.cards[key] = card
        self.overdue_title = QLabel()
        self.overdue_title.setStyleSheet("font-size:15px; font-weight:600;")
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([self.tr("Mã hồ sơ"), self.tr("Người nộp"), self.tr("Thủ tục"),
                                              self.tr("Hẹn trả"), self.tr("Trễ")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, code_width(self.table)), (1, 190), (3, moment_width(self.table)), (4, 80)):
            self.table.setColumnWidth(col, width)
        self.table.doubleClicked.connect(lambda _: self._emit_current(self.open_code))
        self.open_button = QPushButton(self.tr("Mở hồ sơ"))
        self.open_button.clicked.connect(lambda: self._emit_current(self.open_code))
        self.apology_button = QPushButton(self.tr("Lập phiếu xin lỗi, hẹn lại (Mẫu 04)…"))
        self.apology_button.clicked.connect(lambda: self._emit_current(self.apology))
        self.apology_button.setVisible(ctx.can("dossier.reschedule"))
        # Who may not start the apology is told who does, instead of finding no button.
        self.apology_note = QLabel(self.tr("Phiếu xin lỗi và hẹn lại (Mẫu 04) do lãnh đạo lập trên máy này; "
                                           "hãy báo lãnh đạo các hồ sơ quá hạn."))
        self.apology_note.setStyleSheet("color:#555;")
        self.apology_note.setVisible(not ctx.can("dossier.reschedule"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.apology_note)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.apology_button)
        # The overdue list is the first tab; the role's own work lists follow (QueuesPanel).
        overdue = QWidget()
        box = QVBoxLayout(overdue)
        box.addWidget(self.overdue_title)
        box.addWidget(self.table, 1)
        box.addLayout(buttons)
        self.lists = QueuesPanel(ctx)
        self.lists.addTab(overdue, self.tr("Quá hạn"))
        self.lists.open_code.connect(self.open_code)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(grid)
        layout.addWidget(self.lists, 1)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        ctx.bus.changed.connect(lambda kind, _ids: kind == "dossier" and self.refresh())
        self._set_card_texts(None)
        self.refresh()

    def refresh(self) -> None:
        self.ctx.tasks.run(dossiers.today, self.ctx.op, on_done=self._show)
        self.lists.refresh()

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        self.refresh()

    def _set_card_texts(self, f: dossiers.TodayFigures | None) -> None:
        values = {} if f is None else {"received": f.received_today, "due_today": f.due_today,
                                       "overdue": f.overdue, "due_soon": f.due_soon}
        for key, card in self.cards.items():
            card.set_number(values.get(key))

    def _show(self, f: dossiers.TodayFigures) -> None:
        self.figures = f
        day = QLocale().toString(QDate(f.at.year, f.at.month, f.at.day), "dddd, dd/MM/yyyy")
        self.heading.setText(self.tr("Hôm nay, {day}").format(day=day))
        self._set_card_texts(f)
        shown = len(f.overdue_rows)
        self.overdue_title.setText(
            self.tr("Hồ sơ quá hạn cần xin lỗi và hẹn lại ({shown} trong {total})").format(shown=shown, total=f.overdue)
            if f.overdue else self.tr("Không có hồ sơ quá hạn. Tốt lắm!"))
        self.table.setRowCount(shown)
        for r, row in enumerate(sorted(f.overdue_rows, key=lambda x: x.due_at)):
            late_days = (f.at.date() - row.due_at.date()).days
            # The legal due date; an apology/extension already sent shows its promised date beside it.
            due = f"{row.due_at:%d/%m/%Y %H:%M}" + (self.tr(" (đã gia hạn đến {day})").format(
                day=f"{row.extended_due_at:%d/%m/%Y}") if row.extended_due_at else self.tr(" (chưa có văn bản xin lỗi)"))
            cells = [row.code, row.applicant_name, row.procedure_name, due,
                     self.tr("{days} ngày").format(days=late_days) if late_days else self.tr("hôm nay")]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 4:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(r, c, item)
        has_rows = shown > 0
        self.open_button.setEnabled(has_rows)
        self.apology_button.setEnabled(has_rows)
        if has_rows and self.table.currentRow() < 0:
            self.table.selectRow(0)
        self.refreshed.emit(f)

    def _emit_current(self, signal) -> None:  # type: ignore[no-untyped-def]
        row = self.table.currentRow()
        if row >= 0 and self.table.item(row, 0):
            signal.emit(self.table.item(row, 0).text())
