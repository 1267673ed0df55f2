"""Imported dossiers in the front ends: `motcua report --without-imported` and the Reports page's checkbox
leave them out of the figures; the detail pane disables the correction of an imported dossier and says why."""

from __future__ import annotations

import io
import json
import sys

import pytest

from app.cli import main
from app.services.register_import import import_register
from app.ui.context import UiContext
from app.ui.detail_pane import DetailPane
from app.ui.reports_page import ReportsPage
from tests.importing.workbooks import public_export
from tests.users import PASSWORD


@pytest.fixture
def imported(desk, admin, tmp_path):
    return import_register(desk, public_export(tmp_path / "so.xlsx"), admin)


@pytest.fixture
def ui(desk, admin, qtbot):
    ctx = UiContext(desk, admin)
    yield ctx
    ctx.tasks.wait()


def _report(capsys, desk, *extra: str) -> dict:
    old, sys.stdin = sys.stdin, io.StringIO(PASSWORD + "\n")
    try:
        code = main(["--data-dir", str(desk.paths.data_dir), "report", "--period", "2026-11", *extra])
    finally:
        sys.stdin = old
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def test_cli_report_with_and_without_imported_dossiers(desk, imported, capsys):
    with_them = _report(capsys, desk)
    without = _report(capsys, desk, "--without-imported")
    assert with_them["imported"] == {"included": True, "received": imported.created}
    assert without["imported"] == {"included": False, "received": imported.created}
    assert with_them["received"] == without["received"] + imported.created


def test_reports_page_checkbox_leaves_imported_out(ui, imported, qtbot):
    page = ReportsPage(ui)
    qtbot.addWidget(page)
    page.show()
    page.kind.setCurrentIndex(page.kind.findData("range"))
    page.date_from.setDate(page.date_from.date().fromString("01/11/2026", "dd/MM/yyyy"))
    page.date_to.setDate(page.date_to.date().fromString("30/11/2026", "dd/MM/yyyy"))
    page.refresh()
    qtbot.waitUntil(lambda: page.report is not None and page.report["imported"]["included"])
    assert page.report["imported"]["received"] == imported.created
    received_with = page.report["received"]
    page.with_imported.setChecked(False)  # refreshes by itself
    qtbot.waitUntil(lambda: not page.report["imported"]["included"])
    assert page.report["received"] == received_with - imported.created


def test_correction_of_an_imported_dossier_is_disabled_with_the_reason(ui, desk, imported, qtbot):
    from app.operations import dossiers

    d = dossiers.details(ui.op, ["TL-2026/0137"])[0]
    pane = DetailPane(ui)
    qtbot.addWidget(pane)
    pane.show()
    pane.load(d.id)
    qtbot.waitUntil(lambda: pane.detail is not None)
    action = pane.action_items["correct"]
    assert not action.isEnabled() and "tỉnh" in action.toolTip()
