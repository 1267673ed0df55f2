"""The look of the window: one style sheet applied to the whole app (readable sizes, a clear page list,
a strong primary button, visible keyboard focus for people who work without the mouse). UI thread.
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

STYLE = """
QListWidget#nav { background: #16324f; color: #e8eef5; border: none; font-size: 11pt; outline: 0; }
QListWidget#nav::item { padding: 12px 14px; }
QListWidget#nav::item:selected { background: #2c5d8f; color: white; border-left: 4px solid #ffd166; }
QGroupBox { font-weight: 600; border: 1px solid #c9d3de; border-radius: 6px; margin-top: 10px; padding-top: 6px; }
QGroupBox::title { subcontrol-origin: margin; left: 8px; padding: 0 4px; color: #16324f; }
QPushButton { padding: 5px 12px; }
QPushButton#primary { background: #1a5fb4; color: white; font-weight: 600; padding: 8px 18px; border-radius: 4px; }
QPushButton#primary:disabled { background: #8aa9cf; }
QPushButton#primary:focus { border: 2px solid #ffd166; }
QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus, QSpinBox:focus, QDateEdit:focus { border: 2px solid #1a5fb4; }
QTableView { gridline-color: #e3e8ee; selection-background-color: #1a5fb4; selection-color: white; }
QHeaderView::section { background: #eef2f6; padding: 4px; border: none; border-right: 1px solid #d6dde5; }
"""


def apply(app: QApplication) -> None:
    font = QFont(app.font())
    # A sans family with every Vietnamese letter; fall back to whatever the system prefers. The size is set
    # on the font, not in the style sheet: a rule for every QWidget makes building the window much slower.
    font.setFamilies(["Segoe UI", "Noto Sans", "DejaVu Sans", "Liberation Sans"])
    font.setPointSize(10)
    app.setFont(font)
    app.setStyleSheet(STYLE)
