"""A simple vertical bar chart drawn with QPainter (PySide6-Essentials has no QtCharts).

`BarChart.set_bars(title, [(label, value, colour)], percent=False)` replaces what is shown; values are
written above the bars the Vietnamese way (1.234 or 97,5 %). UI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.printing.report_pdf import number

PALETTE = ("#2e7d32", "#1565c0", "#c62828", "#f9a825", "#6a1b9a", "#00838f")


class BarChart(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = ""
        self.bars: list[tuple[str, float, str]] = []
        self.percent = False
        self.setMinimumSize(240, 130)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_bars(self, title: str, bars: list[tuple[str, float | None, str | None]], *, percent: bool = False) -> None:
        self.title, self.percent = title, percent
        self.bars = [(label, float(value or 0), colour or PALETTE[i % len(PALETTE)])
                     for i, (label, value, colour) in enumerate(bars)]
        self.setAccessibleDescription(f"{title}: " + "; ".join(f"{lb} {self._text(v)}" for lb, v, _ in self.bars))
        self.update()

    def _text(self, value: float) -> str:
        return number(value, "rate") if self.percent else number(round(value))

    def paintEvent(self, _event: QPaintEvent) -> None:  # Qt override
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        w, h = self.width(), self.height()
        title_font = QFont(self.font())
        title_font.setBold(True)
        p.setFont(title_font)
        p.setPen(QColor("#222"))
        p.drawText(QRectF(0, 4, w, 20), Qt.AlignmentFlag.AlignCenter, self.title)
        p.setFont(self.font())
        if not self.bars:
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("Chưa có số liệu"))
            p.end()
            return
        top, bottom, left, right = 44.0, 40.0, 12.0, 12.0
        plot_h = max(10.0, h - top - bottom)
        peak = max([v for _, v, _ in self.bars] + [1.0 if not self.percent else 0.01])
        slot = (w - left - right) / len(self.bars)
        base_y = top + plot_h
        p.setPen(QPen(QColor("#888"), 1))
        p.drawLine(int(left), int(base_y), int(w - right), int(base_y))
        for i, (label, value, colour) in enumerate(self.bars):
            bar_h = plot_h * value / peak
            x = left + i * slot + slot * 0.18
            bar = QRectF(x, base_y - bar_h, slot * 0.64, bar_h)
            p.fillRect(bar, QColor(colour))
            p.setPen(QColor("#222"))
            p.drawText(QRectF(left + i * slot, base_y - bar_h - 18, slot, 16), Qt.AlignmentFlag.AlignCenter,
                       self._text(value))
            p.drawText(QRectF(left + i * slot + 2, base_y + 4, slot - 4, bottom - 4),
                       Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap, label)
        p.end()
