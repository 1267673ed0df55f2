"""The app and the command line apply the same rules: for each operation both expose (intake, a move,
show, report, setting up the first administrator), the same bad input gets the same Vietnamese message
from `motcua` (in process) and from the real widgets. A rule written again in a widget would drift and
fail here."""

from __future__ import annotations

import datetime as dt
import io
import sys

import pytest
from PySide6.QtCore import Qt

from app.cli import main
from app.services import intake, workflow
from app.services.dto import IntakeRequest, PersonIn
from app.services.reports import range_period
from app.ui.applicant_form import beside_field
from app.ui.context import UiContext
from app.ui.detail_pane import DetailPane
from app.ui.first_run_dialog import FirstRunDialog
from app.ui.forward_dialog import ForwardDialog
from app.ui.intake_page import IntakePage
from app.ui.reason_dialog import ReasonDialog
from app.ui.reports_page import ReportsPage
from app.ui.return_dialog import ReturnDialog
from app.ui.tasks import Tasks
from tests.users import ADMIN, CLERK, PASSWORD, add_account, as_user

from .conftest import settle, type_text


def motcua(desk, *argv: str, stdin: str = "") -> tuple[int, str]:
    """`motcua --data-dir … ARGV` in this process: (exit code, what it wrote on stderr)."""
    old_in, old_err = sys.stdin, sys.stderr
    sys.stdin, sys.stderr = io.StringIO(stdin), io.StringIO()
    try:
        code = main(["--data-dir", str(desk.paths.data_dir), *argv])
        return code, sys.stderr.getvalue()
    finally:
        sys.stdin, sys.stderr = old_in, old_err


def field_lines(err: str) -> list[str]:
    """The per-field messages of a ValidationError as the command line prints them ("- …" lines)."""
    return [line[2:] for line in err.splitlines() if line.startswith("- ")]


@pytest.fixture
def people(desk):
    for who in (ADMIN, CLERK):
        add_account(desk, who)
    return desk


def _receive(desk):
    return intake.receive(desk, IntakeRequest("1.004873", PersonIn(name="Lê Thị Mai", id_number="001190012345")),
                          CLERK)


def test_intake_bad_id_number(people, qtbot):
    desk = people
    code, err = motcua(desk, *as_user(CLERK), "intake", "--procedure", "1.001193", "--name", "Lê Văn An",
                       "--id-number", "123", stdin=PASSWORD + "\n")
    assert code == 3
    ctx = UiContext(desk, CLERK)
    page = IntakePage(ctx)
    qtbot.addWidget(page)
    settle(qtbot, ctx)
    type_text(page.picker.search, "khai sinh")
    qtbot.keyClick(page.picker.search, Qt.Key.Key_Return)
    type_text(page.applicant.name, "Lê Văn An")
    qtbot.keyClicks(page.applicant.id_number, "123")
    page.save()
    settle(qtbot, ctx)
    shown = page.applicant.errors["applicant.id_number"].text()
    # Beside its own field the message drops the field's name ("Số giấy tờ người nộp: …"); the rest is the same.
    assert shown and shown in [beside_field(line) for line in field_lines(err)]
    ctx.tasks.wait()


def _open_move(desk, qtbot, who, code: str, key: str):
    """The detail pane of `code` for `who`, with the dialog of move `key` opened from its own action."""
    ctx = UiContext(desk, who)
    pane = DetailPane(ctx)
    qtbot.addWidget(pane)
    with qtbot.waitSignal(pane.shown, timeout=10_000):
        pane.load(code=code)
    pane.action_items[key].trigger()
    settle(qtbot, ctx)  # the forward dialog's list of officers has come in
    return ctx, pane.actions.dialog


def test_refusal_without_a_reason(people, qtbot):
    desk = people
    d = _receive(desk)
    code, err = motcua(desk, *as_user(ADMIN), "transition", d.code, "--to", "refused", stdin=PASSWORD + "\n")
    assert code == 3
    ctx, dialog = _open_move(desk, qtbot, ADMIN, d.code, "refuse")
    assert isinstance(dialog, ReasonDialog)
    dialog.check()  # "Xác nhận" with the reason left empty
    assert dialog.isVisible() and dialog.error.text() in field_lines(err)
    dialog.close()
    ctx.tasks.wait()


@pytest.mark.parametrize("key, to, kind, field, shown, expected", [
    ("forward", "processing", ForwardDialog, "to_party", lambda w: w.error, workflow.missing_recipient("")),
    ("return", "returned", ReturnDialog, "collected_by", lambda w: w.errors["collector_name"],
     workflow.missing_collector("")),
], ids=["forward without a recipient", "hand back without the collector"])
def test_a_move_that_names_nobody(people, qtbot, key, to, kind, field, shown, expected):
    """Forwarding needs whom the dossier goes to, a hand-back who collected the result: one sentence each."""
    desk = people
    d = _receive(desk)
    if key == "return":
        workflow.transition(desk, d.code, "result_ready", ADMIN)
    code, err = motcua(desk, *as_user(CLERK), "transition", d.code, "--to", to, stdin=PASSWORD + "\n")
    assert code == 3 and field_lines(err) == [expected]
    ctx, dialog = _open_move(desk, qtbot, CLERK, d.code, key)
    assert isinstance(dialog, kind)
    getattr(dialog, field).clear()
    dialog.check()  # confirmed with the name left empty
    assert dialog.isVisible() and shown(dialog).text() in field_lines(err)
    dialog.close()
    ctx.tasks.wait()


def test_show_an_unknown_code(people, qtbot):
    desk = people
    code, err = motcua(desk, "show", "000.17.22.H56-261120-9999")
    assert code == 4
    ctx = UiContext(desk, CLERK)
    pane = DetailPane(ctx)
    qtbot.addWidget(pane)
    with qtbot.waitSignal(ctx.bus.message, timeout=10_000) as said:
        pane.load(code="000.17.22.H56-261120-9999")
    assert said.args == [err.strip(), "error"]
    ctx.tasks.wait()


@pytest.mark.parametrize("who, args", [
    (CLERK, ["--period", "2026-11"]),  # a clerk may not read reports
    (ADMIN, ["--from", "2026-11-10", "--to", "2026-11-01"]),  # a reversed range
])
def test_report(people, qtbot, who, args):
    desk = people
    code, err = motcua(desk, *as_user(who), "report", *args, stdin=PASSWORD + "\n")
    assert code in (3, 6)
    ctx = UiContext(desk, who)
    page = ReportsPage(ctx)
    qtbot.addWidget(page)
    if "--from" in args:
        page.set_period(range_period(dt.date(2026, 11, 10), dt.date(2026, 11, 10)))
        page.date_to.setDate(dt.date(2026, 11, 1))
    else:
        page.set_period(range_period(dt.date(2026, 11, 1), dt.date(2026, 11, 30)))
    with qtbot.waitSignal(page.failed, timeout=10_000) as failed:
        page.refresh()
    assert failed.args[0] == err.strip()
    ctx.tasks.wait()


def test_first_administrator_with_a_weak_password(tmp_path, qtbot):
    from app.paths import AppPaths
    from app.services.desk import Desk

    home = AppPaths(tmp_path / "new").ensure()
    argv = ["init", "--parent-name", "ỦY BAN NHÂN DÂN XÃ TÂN LẬP", "--agency-code", "000.17.22.H56", "--agency-name", "Trung tâm Phục vụ hành chính công xã Tân Lập",
            "--admin", "quantri", "--admin-name", "Trần Thị Quản Trị", "--password-stdin"]
    old_in, old_err = sys.stdin, sys.stderr
    sys.stdin, sys.stderr = io.StringIO("ngan1\n"), io.StringIO()
    try:
        code, err = main(["--data-dir", str(home.data_dir), *argv]), sys.stderr.getvalue()
    finally:
        sys.stdin, sys.stderr = old_in, old_err
    assert code == 3
    desk = Desk.open(home)
    tasks = Tasks()
    try:
        dialog = FirstRunDialog(desk, tasks)
        qtbot.addWidget(dialog)
        type_text(dialog.agency_code, "000.17.22.H56")
        type_text(dialog.agency_name, "Trung tâm Phục vụ hành chính công xã Tân Lập")
        type_text(dialog.username, "quantri")
        type_text(dialog.full_name, "Trần Thị Quản Trị")
        type_text(dialog.password, "ngan1")
        type_text(dialog.password_again, "ngan1")
        dialog.save()
        qtbot.waitUntil(lambda: bool(dialog.errors["password"].text()), timeout=10_000)
        assert dialog.errors["password"].text() in field_lines(err)
    finally:
        tasks.wait()
        desk.close()


def test_restore_from_a_file_that_is_not_a_backup(people, qtbot, tmp_path):
    from app.ui.admin_dialogs import DataSafetyDialog

    desk = people
    bad = tmp_path / "khong-phai-sao-luu.sqlite3"
    bad.write_bytes(b"day khong phai co so du lieu " * 100)
    code, err = motcua(desk, *as_user(ADMIN), "restore", str(bad), stdin=PASSWORD + "\n")
    assert code != 0 and err.strip()
    ctx = UiContext(desk, ADMIN)
    dialog = DataSafetyDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.restore_from(bad)
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0 and dialog.check_button.isEnabled(), timeout=20_000)
    assert dialog.report.toPlainText() == err.strip()
    ctx.tasks.wait()
