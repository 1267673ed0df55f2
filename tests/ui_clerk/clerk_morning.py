"""A clerk's morning, run by hand on a real screen (not collected by pytest): five intakes typed with the
keyboard, two corrections, a hand-back, then an officer's "Hồ sơ của tôi". Saves screenshots (the window,
and the whole screen with the window manager's frame) and prints the keystrokes of each intake, Vietnamese
counted as Telex keys. Works on a copy of a demo desk (`motcua --data-dir DEMO demo-setup`):

    Xvfb :99 -screen 0 1366x768x24 &  DISPLAY=:99 openbox &
    DISPLAY=:99 QT_QPA_PLATFORM=xcb python -m tests.ui_clerk.clerk_morning DEMO WORK SHOTS
"""

from __future__ import annotations

import shutil
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from app.operations.admin import store_settings
from app.operations.base import OpContext
from app.paths import AppPaths
from app.services import accounts, workflow
from app.services.desk import Desk
from app.services.status import Status
from app.ui import theme
from app.ui.context import UiContext
from app.ui.i18n import install_language
from app.ui.main_window import MainWindow
from app.ui.pdf_preview_dialog import PdfPreviewDialog

PASSWORD = "matkhau2026x"
VISITS = [("khai sinh", "001190012301", "nguyễn thị lan", "0912000001", "Thôn Đông, xã Tân Lập"),
          ("ket hon", "001090012302", "Trần Văn Bình", "0912000002", "Thôn Tây, xã Tân Lập"),
          ("khai tu", "001190012303", "Lê Thị Mai", "0912000003", "Xóm Chùa, xã Tân Lập"),
          ("chung thuc ban sao", "001090012304", "phạm văn đức", "0912000004", "Xóm Mới, xã Tân Lập"),
          ("xac nhan tinh trang hon nhan", "001190012305", "Hoàng Thị Hoa", "0912000005", "Thôn Bắc, xã Tân Lập")]


def telex_keys(text: str) -> int:
    """Keys a Telex typist presses: each letter, +1 per circumflex, breve, horn or tone mark, +1 for đ."""
    return sum(len(unicodedata.normalize("NFD", ch)) + (ch in "đĐ") for ch in text)


class Morning:
    def __init__(self, app: QApplication, shots: Path):
        self.app, self.shots, self.keys = app, shots, 0
        self.window: MainWindow | None = None

    def wait(self, condition: Callable[[], bool], seconds: float = 15) -> None:
        start = time.time()
        while not condition():
            self.app.processEvents()
            time.sleep(0.005)
            if time.time() - start > seconds:
                raise TimeoutError("the window did not get there")

    def pause(self, ms: int = 150) -> None:
        end = time.time() + ms / 1000
        while time.time() < end:
            self.app.processEvents()
            time.sleep(0.005)

    def key(self, widget: QWidget, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
        QTest.keyClick(widget, key, modifier)
        self.keys += 1
        self.pause(30)

    def ascii(self, widget: QWidget, text: str) -> None:
        QTest.keyClicks(widget, text)
        self.keys += len(text)
        self.pause(30)

    def vietnamese(self, widget: QWidget, text: str) -> None:
        widget.setFocus()
        event = QInputMethodEvent("", [])
        event.setCommitString(text)
        QApplication.sendEvent(widget, event)
        self.keys += telex_keys(text)
        self.pause(30)

    def focus(self) -> QWidget:
        return QApplication.focusWidget()

    def shot(self, name: str, widget: QWidget | None = None) -> None:
        self.pause(250)
        (widget or self.window).grab().save(str(self.shots / f"{name}.png"))  # type: ignore[union-attr]
        self.app.primaryScreen().grabWindow(0).save(str(self.shots / f"{name}-screen.png"))

    def intake(self, visit: tuple[str, str, str, str, str], first: bool) -> str:
        procedure, id_number, name, phone, address = visit
        w = self.window
        assert w is not None
        before = w.intake.last
        self.key(w, Qt.Key.Key_F2)
        self.ascii(self.focus(), procedure)
        self.key(self.focus(), Qt.Key.Key_Return)
        self.key(self.focus(), Qt.Key.Key_Tab)
        self.ascii(self.focus(), id_number)
        self.key(self.focus(), Qt.Key.Key_Tab)
        self.vietnamese(self.focus(), name)
        for _ in range(3):  # birth date, sex (read from the ID number), to the phone
            self.key(self.focus(), Qt.Key.Key_Tab)
        self.ascii(self.focus(), phone)
        for _ in range(2):  # e-mail, to the address
            self.key(self.focus(), Qt.Key.Key_Tab)
        self.vietnamese(self.focus(), address)
        if first:
            self.shot("02-intake-typed")
        self.key(self.focus(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        self.wait(lambda: w.intake.last is not before)
        w.ctx.tasks.wait()
        self.pause(400)
        if first:
            self.shot("03-intake-saved")
            previews = [t for t in QApplication.topLevelWidgets() if isinstance(t, PdfPreviewDialog) and t.isVisible()]
            if previews:
                self.wait(lambda: previews[0].rendered >= 1)
                self.shot("04-slip-preview", previews[0])
        for top in QApplication.topLevelWidgets():
            if top is not w and top.isVisible():
                top.close()
        return w.intake.last.details[0].code  # type: ignore[union-attr]

    def find(self, code: str) -> None:
        w = self.window
        assert w is not None
        self.key(w, Qt.Key.Key_F3)
        page = w.dossiers
        page.focus_search()
        self.ascii(page.search, code)
        self.key(page.search, Qt.Key.Key_Return)
        self.wait(lambda: page.detail.detail is not None and page.detail.detail.code == code)

    def correct(self, code: str, address: str, n: int) -> None:
        pane = self.window.dossiers.detail  # type: ignore[union-attr]
        self.find(code)
        pane.action_items["correct"].trigger()
        dialog = pane.actions.dialog
        self.pause(300)
        dialog.address.selectAll()
        self.vietnamese(dialog.address, address)
        self.vietnamese(dialog.reason, "Công dân bổ sung tên tỉnh")
        self.shot(f"05-correction-{n}", dialog)
        self.key(dialog.reason, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        self.wait(lambda: pane.detail.applicant_address == address)
        self.pause(300)
        self.shot(f"06-reprint-question-{n}", pane.actions.dialog)
        pane.actions.dialog.escapeButton().click()


def main(demo: Path, work: Path, shots: Path) -> None:
    app = QApplication(["motcua"])
    theme.apply(app)
    install_language(app, "vi")
    shots.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(demo, work)
    desk = Desk.open(AppPaths(work))
    admin = accounts.authenticate(desk, "quantri", "MotCua2026demo").actor()
    clerk = accounts.create_user(desk, "tiepnhan", "Ngô Thị Nhận", "clerk", PASSWORD, admin,
                                 must_change_password=False)
    officer = accounts.create_user(desk, "canbo1", "Lê Văn Xử", "officer", PASSWORD, admin, title="Công chức",
                                   must_change_password=False)
    store_settings(OpContext(desk, admin), {"print_direct": True})  # no printer: the slip opens in the preview
    m = Morning(app, shots)
    ctx = UiContext(desk, clerk.actor())
    m.window = MainWindow(ctx)
    m.window.showMaximized()
    m.wait(m.window.isVisible)
    ctx.tasks.wait()
    m.pause(800)
    m.shot("01-start-clerk")
    codes, counts = [], []
    for i, visit in enumerate(VISITS):
        start = m.keys
        codes.append(m.intake(visit, first=i == 0))
        counts.append(m.keys - start)
    print("intakes", codes, "keystrokes each", counts, "window", m.window.frameGeometry())
    m.correct(codes[1], "Thôn Tây, xã Tân Lập, tỉnh Phú Thọ", 1)
    m.correct(codes[2], "Xóm Chùa, xã Tân Lập, tỉnh Phú Thọ", 2)
    for code in (codes[0], codes[3], codes[4]):
        workflow.transition(desk, code, Status.PROCESSING, clerk.actor(), to_party=officer.full_name)
    workflow.transition(desk, codes[0], Status.RESULT_READY, officer.actor())
    ctx.notify_changed("dossier", [])
    m.key(m.window, Qt.Key.Key_F1)
    ctx.tasks.wait()
    m.shot("07-start-clerk-queues")
    m.find(codes[0])
    pane = m.window.dossiers.detail
    m.wait(lambda: "return" in pane.action_buttons)
    m.key(m.window.dossiers.table, Qt.Key.Key_Return)  # the main move: Trả kết quả…
    m.pause(300)
    m.shot("08-return-dialog", pane.actions.dialog)
    m.key(pane.actions.dialog.collected_by, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    m.wait(lambda: pane.detail.status == Status.RETURNED)
    m.shot("09-returned")
    m.window.sign_out()
    octx = UiContext(desk, officer.actor(), ctx.tasks)
    m.window = MainWindow(octx)
    m.window.showMaximized()
    m.wait(m.window.isVisible)
    octx.tasks.wait()
    m.pause(600)
    m.shot("10-officer-mine")
    print("officer lists", [m.window.today.lists.tabText(i) for i in range(m.window.today.lists.count())])
    m.window.sign_out()
    octx.tasks.wait()
    desk.close()


if __name__ == "__main__":
    main(*(Path(p) for p in sys.argv[1:4]))
