"""The administrator's backup / restore / check dialog, driven like a person would (file dialogs aside)."""

from __future__ import annotations

import pytest

from app.services.dto import IntakeRequest, PersonIn
from app.services.intake import receive
from app.ui.admin_dialogs import DataSafetyDialog
from app.ui.context import UiContext
from tests.users import ADMIN


@pytest.fixture
def dialog(desk, qtbot):
    ctx = UiContext(desk, ADMIN)  # the app always acts as a signed-in desk account
    d = DataSafetyDialog(ctx)
    qtbot.addWidget(d)
    d.show()
    yield d
    ctx.tasks.wait()


def _idle(qtbot, d):
    qtbot.waitUntil(lambda: d.ctx.tasks.pending == 0 and d.check_button.isEnabled(), timeout=20_000)


def test_backup_restore_and_check_from_the_app(dialog, qtbot, clerk, tmp_path):
    receive(dialog.ctx.desk, IntakeRequest(procedure="1.004873", applicant=PersonIn(name="Hồ Văn Nam")), clerk)
    dialog.backup_to(tmp_path / "ban-sao.sqlite3")
    _idle(qtbot, dialog)
    assert "Đã sao lưu" in dialog.report.toPlainText() and (tmp_path / "ban-sao.sqlite3").exists()
    receive(dialog.ctx.desk, IntakeRequest(procedure="1.004873", applicant=PersonIn(name="Lê Thị Mai")), clerk)
    changed = []
    dialog.ctx.bus.changed.connect(lambda kind, ids: changed.append(kind))
    dialog.restore_from(tmp_path / "ban-sao.sqlite3")
    _idle(qtbot, dialog)
    assert "Đã khôi phục" in dialog.report.toPlainText() and "(1 hồ sơ)" in dialog.report.toPlainText()
    assert "dossier" in changed
    dialog.check_button.click()
    _idle(qtbot, dialog)
    assert "Kết quả: cơ sở dữ liệu tốt." in dialog.report.toPlainText()


def test_a_bad_file_is_explained_and_nothing_changes(dialog, qtbot, tmp_path):
    bad = tmp_path / "hong.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    dialog.restore_from(bad)
    _idle(qtbot, dialog)
    assert "Hãy chọn bản sao lưu khác" in dialog.report.toPlainText()
