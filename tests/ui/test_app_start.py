"""The real entry points: `run_app` (what `motcua` and `make run` open) through sign-in to the main window,
`motcua selftest` as a separate process, printing a PDF onto a (PDF-file) printer, and long work with
progress and cancel."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pypdfium2 as pdfium
from openpyxl import load_workbook
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from app.operations import OpContext, exports, printing
from app.services import demo
from app.services.search import SearchFilter
from app.ui.main_window import MainWindow
from app.ui.pdf_output import page_sizes, print_pdf
from app.ui.sign_in_dialog import SignInDialog
from app.ui.tasks import TaskCancelled

from .conftest import PASSWORD, run_app_driven, settle


def test_run_app_signs_in_and_opens_the_window(desk, admin_user, qtbot, no_modal_hangs):
    no_modal_hangs.stop()  # this test answers the sign-in dialog itself
    seen = {}

    def drive() -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, SignInDialog) and "signed" not in seen:
            seen["signed"] = True
            modal.username.setText("quantri")
            modal.password.setText(PASSWORD)
            modal.sign_in()
            return
        for top in QApplication.topLevelWidgets():
            if isinstance(top, MainWindow) and top.isVisible() and "title" not in seen:
                seen["title"] = top.windowTitle()
                top.close()

    assert run_app_driven(desk.paths, drive) == 0
    assert seen["title"] == "Một Cửa — Trung tâm Phục vụ hành chính công xã Tân Lập — Trần Thị Quản Trị"
    # Signing in starts the day's automatic backup in the background; it is done when run_app returns.
    from app.services.backup import AUTO_PREFIX

    assert len(list(desk.paths.backups.glob(f"{AUTO_PREFIX}*.sqlite3"))) == 1


def test_selftest_command_exits_zero_offscreen(desk, tmp_path):
    demo.load(desk, 50, seed=1)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run([sys.executable, "-m", "app", "--data-dir", str(desk.paths.data_dir), "selftest"],
                         capture_output=True, text=True, env=env, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "Tự kiểm tra đạt" in run.stdout  # how fast it starts is measured in bench/startup.py


def test_printing_draws_every_page_at_its_own_size(desk, admin_user, qapp, tmp_path):
    from app.services import intake
    from app.services.dto import IntakeRequest, PersonIn

    d = intake.receive(desk, IntakeRequest("1.001193", PersonIn(name="Ngô Bảo Châu")), admin_user.actor())
    pdf = printing.slip_pdf(OpContext(desk, admin_user.actor()), [d], "Cán bộ", "a5")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    pages = print_pdf(pdf, printer, dpi=150)
    assert pages == len(page_sizes(pdf)) >= 1
    printed = pdfium.PdfDocument(str(out))
    try:
        assert len(printed) == pages
        for i, (w, h) in enumerate(page_sizes(pdf)):
            pw, ph = printed[i].get_size()
            assert abs(pw - w) < 2 and abs(ph - h) < 2  # A5 stays A5
    finally:
        printed.close()


def test_export_reports_progress_and_can_be_cancelled(ui, desk, qtbot, tmp_path):
    demo.load(desk, 1200, seed=4)
    from app.ui.dossier_list_page import DossierListPage

    page = DossierListPage(ui)
    qtbot.addWidget(page)
    settle(qtbot, ui)
    path = tmp_path / "ho-so.xlsx"
    control, dialog = page.export_to(str(path))
    settle(qtbot, ui)
    book = load_workbook(path, read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == "Mã hồ sơ" and len(rows) == 1201

    # Cancel as soon as the first progress report arrives: no file is written.
    cancelled = tmp_path / "huy.xlsx"
    outcome = []

    def export(control):  # the real job, with a hook to press Cancel after its first page
        control.progress = _cancel_after_first(control.progress, control)
        return exports.export_list(ui.op, "", SearchFilter(), cancelled, control=control)

    ui.tasks.run(export, with_control=True, on_done=outcome.append, on_error=outcome.append)
    settle(qtbot, ui)
    assert isinstance(outcome[0], TaskCancelled) and not cancelled.exists()


def _cancel_after_first(report, control):
    def progress(done: int, total: int, text: str = "") -> None:
        control.cancel()
        report(done, total, text)

    return progress


def test_writes_run_one_after_another_in_order(ui, qtbot):
    import threading

    order, threads = [], set()

    def job(i: int) -> int:
        threads.add(threading.get_ident())
        time.sleep(0.01)
        order.append(i)
        return i

    done = []
    for i in range(8):
        ui.tasks.run(job, i, write=True, on_done=done.append)
    settle(qtbot, ui)
    assert order == list(range(8)) and done == list(range(8)) and len(threads) == 1


def test_a_long_network_job_never_holds_up_a_write_or_the_busy_state(ui, qtbot):
    import threading

    release = threading.Event()
    busy: list[bool] = []
    ui.tasks.busy.connect(busy.append)
    pushed: list[str] = []
    ui.tasks.run(lambda: release.wait(10) and "pushed", network=True, on_done=pushed.append)
    assert ui.tasks.pending == 0 and busy == []  # the sync's work is not something a person waits for
    saved: list[int] = []
    ui.tasks.run(lambda: 42, write=True, on_done=saved.append)
    qtbot.waitUntil(lambda: saved == [42], timeout=5_000)  # the writer answered while the push still runs
    assert busy == [True, False] and pushed == []
    release.set()
    qtbot.waitUntil(lambda: pushed == ["pushed"], timeout=5_000)


def test_a_synchronous_pool_delivers_before_run_returns(desk, admin_user):
    from app.ui.context import UiContext
    from app.ui.tasks import Tasks
    from tests.ui.pools import SyncPool

    ctx = UiContext(desk, admin_user.actor(), tasks=Tasks(reads=SyncPool(), writes=SyncPool(), network=SyncPool()))
    got: list = []
    ctx.tasks.run(lambda: "read", on_done=got.append)
    ctx.tasks.run(lambda: "written", write=True, on_done=got.append)
    assert got == ["read", "written"] and ctx.tasks.pending == 0
