"""`motcua selftest`: build the main window over the real database without showing it, wait for its first
list page and start-page figures, render a slip for the newest dossier (or a sample one when the desk has
none yet) and rasterise it. Reads only; nothing is written. Returns a summary dict. UI thread (it creates
the QApplication when none exists; the caller sets the offscreen platform).
"""

from __future__ import annotations

import datetime as dt
import time

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from app.errors import MotCuaError
from app.operations import dossiers, printing
from app.services.desk import Desk
from app.services.dto import Actor, Component, DossierDetail
from app.services.search import SearchFilter
from app.services.status import Status
from app.ui import theme
from app.ui.context import UiContext
from app.ui.main_window import MainWindow
from app.ui.pdf_output import page_images

SELFTEST_ACTOR = Actor(username="system:selftest", full_name="Tự kiểm tra", role="clerk")
TIMEOUT_S = 20.0


def sample_detail(desk: Desk) -> DossierDetail:
    """A dossier that exists only in memory, so an empty desk can still prove its slip renders."""
    now = desk.now()
    return DossierDetail(
        id=0, code=desk.code_template.format(desk.agency.code, now.date(), 1), uuid="selftest", status=int(Status.RECEIVED),
        procedure_code="1.001193", procedure_name="Đăng ký khai sinh", applicant_name="Nguyễn Thị Kiểm Thử",
        applicant_id_number="", applicant_phone="", applicant_address="Tân Lập", channel="counter",
        received_at=now, due_at=now + dt.timedelta(hours=4), finished_at=None, returned_at=None,
        limit_text="Trong ngày", components=[Component("Tờ khai đăng ký khai sinh", 1, 0, 0, position=1)])


def _wait(condition, app: QCoreApplication, what: str) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > TIMEOUT_S:
            raise MotCuaError(f"Tự kiểm tra: quá {TIMEOUT_S:.0f} giây chưa {what}. Hãy chạy «motcua check».")
        app.processEvents()
        time.sleep(0.002)
    return time.perf_counter() - start


def run_selftest(desk: Desk, screen: tuple[int, int] | None = None) -> dict:
    """The window, its first list page and a slip; with `screen`, also every page and dialog measured
    at that screen size (`app.ui.screen_check`), which must all fit for "ok"."""
    t0 = time.perf_counter()
    app = QApplication.instance() or QApplication(["motcua-selftest"])
    theme.apply(app)  # type: ignore[arg-type]
    ctx = UiContext(desk, SELFTEST_ACTOR)
    window = MainWindow(ctx)
    window.idle.set_seconds(0)
    built = time.perf_counter() - t0
    try:
        model = window.dossiers.model
        first_page = _wait(lambda: not model.loading, app, "đọc được trang đầu danh sách hồ sơ")
        _wait(lambda: window.today.figures is not None, app, "đếm được số liệu trang Hôm nay")
        shot = window.grab()
        op = ctx.op
        page = dossiers.search_page(op, "", SearchFilter(), None, 1, desk.now())
        detail = dossiers.detail(op, page.rows[0].id) if page.rows else sample_detail(desk)
        t1 = time.perf_counter()
        pdf = printing.slip_pdf(op, [detail], detail.receiver_name or SELFTEST_ACTOR.full_name,
                                desk.setting("default_paper"))
        images = page_images(pdf, dpi=100)
        slip_ms = (time.perf_counter() - t1) * 1000
        inked = _has_ink(images[0]) if images else False
        ok = pdf.startswith(b"%PDF") and inked and not shot.isNull()
        fitting = {}
        if screen is not None:
            from app.ui.screen_check import check_screen

            fitting = {"screen_check": check_screen(desk, *screen, detail)}
            ok = ok and fitting["screen_check"]["ok"]
        return {"ok": ok, **fitting, "agency": desk.agency.name, "rows_first_page": len(model.rows),
                "window_seconds": round(built, 3), "first_page_seconds": round(first_page, 3),
                "slip_code": detail.code, "slip_sample": detail.id == 0, "slip_bytes": len(pdf),
                "slip_pages": len(images), "slip_ms": round(slip_ms, 1),
                "total_seconds": round(time.perf_counter() - t0, 3)}
    finally:
        window.close()
        ctx.tasks.wait()


def _has_ink(image) -> bool:  # type: ignore[no-untyped-def]
    """A rendered page with at least some dark pixels (a blank page means the fonts or layout failed)."""
    w, h = image.width(), image.height()
    dark = 0
    for y in range(0, h, 7):
        for x in range(0, w, 7):
            if image.pixelColor(x, y).lightness() < 128:
                dark += 1
                if dark > 50:
                    return True
    return False
