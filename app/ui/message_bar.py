"""A one-line message strip under the toolbar: what just happened, or what went wrong and what to do.

It sits over the empty right-hand part of the window's menu bar (`overlay_on`), one line high, instead
of taking a row of the layout: showing it never pushes the page down under the clerk's mouse, and it
never covers a field. The whole text is in its tooltip when the line is too short for it. Never modal, so a scanner or the keyboard keeps working while it shows; success messages fade after a
few seconds, errors stay until dismissed or replaced. UI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMenuBar, QToolButton, QWidget

STYLES = {
    "info": "background:#e8f1fb; color:#0b3d6b; border:1px solid #9cc3ea;",
    "ok": "background:#e7f6ea; color:#155724; border:1px solid #8fd19e;",
    "error": "background:#fdecea; color:#7f1d1d; border:1px solid #f1a7a0;",
}


class MessageBar(QFrame):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton()
        close.setText("✕")
        close.setAutoRaise(True)
        close.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(close)
        self.level = ""
        self.host: QWidget | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def show_message(self, text: str, level: str = "info") -> None:
        self.level = level
        self.label.setText(text)
        self.setStyleSheet(f"#messageBar {{ {STYLES.get(level, STYLES['info'])} border-radius:4px; }}")
        self.show()
        self.place()
        if level == "error":
            self._timer.stop()
        else:
            self._timer.start(8000)

    def overlay_on(self, host: QMenuBar) -> None:
        """Float over `host` (the menu bar) to the right of its menus, following its size."""
        self.host = host
        self.setParent(host)
        self.label.setWordWrap(False)
        self.layout().setContentsMargins(10, 0, 2, 0)
        host.installEventFilter(self)
        self.hide()

    def place(self) -> None:
        if self.host is None:
            return
        menus = [self.host.actionGeometry(a).right() for a in self.host.actions()]
        left = max(menus, default=0) + 24
        self.setGeometry(left, 1, max(200, self.host.width() - left - 4), self.host.height() - 2)
        self.label.setToolTip(self.label.text())
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.host and event.type() == QEvent.Type.Resize:
            self.place()
        return False

    @property
    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""
