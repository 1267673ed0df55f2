"""Run by test_drafts.py in its own process: open the desk's window, type half an intake, wait until the
draft is on disk, say READY and wait to be killed (a crash or a power cut, as far as the desk can tell)."""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from app.paths import AppPaths
from app.services import accounts
from app.services.desk import Desk
from app.ui.context import UiContext
from app.ui.main_window import MainWindow
from tests.ui_clerk.conftest import PASSWORD, type_text


def main(data_dir: str) -> None:
    app = QApplication([])
    desk = Desk.open(AppPaths(__import__("pathlib").Path(data_dir)))
    user = accounts.authenticate(desk, "quantri", PASSWORD)
    ctx = UiContext(desk, user.actor())
    window = MainWindow(ctx)
    window.show()
    window.show_page("intake")
    page = window.intake
    ctx.tasks.wait()
    app.processEvents()
    page.picker.add(page.picker.procedures[0].key)
    type_text(page.applicant.name, "Hoàng Thị Lụa")
    type_text(page.applicant.address, "Xóm Đồi, xã Tân Lập")
    page.applicant.phone.setText("0987654321")
    type_text(page.note, "Còn thiếu bản sao giấy chứng sinh")
    while not page.drafts.file.path.exists() or "0987654321" not in page.drafts.file.path.read_text("utf-8"):
        app.processEvents()
        time.sleep(0.01)
    print("READY", flush=True)
    while True:
        app.processEvents()
        time.sleep(0.05)


if __name__ == "__main__":
    main(sys.argv[1])
