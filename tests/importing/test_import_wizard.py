"""The import wizard through its real widgets: pick the file, fix an ambiguous column in the mapping and
save it, preview and dry-run, import with progress; a cancelled import writes nothing."""

from __future__ import annotations

import json

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QPushButton, QWizard

from app.ui.context import UiContext
from app.ui.import_wizard import ImportWizard
from tests.importing.workbooks import Row, public_export


@pytest.fixture
def ui(desk, admin, qtbot):
    ctx = UiContext(desk, admin)
    yield ctx
    ctx.tasks.wait()


def _open(ui, qtbot, path) -> ImportWizard:
    wizard = ImportWizard(ui)
    qtbot.addWidget(wizard)
    wizard.resize(1366, 768)
    wizard.show()
    qtbot.waitExposed(wizard)
    qtbot.keyClicks(wizard.file_page.file, str(path))
    qtbot.mouseClick(wizard.file_page.read_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(wizard.file_page.isComplete, timeout=10_000)
    return wizard


def _next(wizard: ImportWizard) -> None:
    button = wizard.button(QWizard.WizardButton.NextButton)
    assert button.isEnabled()
    button.click()


def test_pick_fix_mapping_save_preview_and_import(ui, qtbot, tmp_path, dump):
    path = public_export(tmp_path / "so-thang-11.xlsx")
    wb = openpyxl.load_workbook(path)
    wb.active.cell(5, 13, "Ngày nhận")  # a second column that also means "received"
    wb.save(path)
    wizard = _open(ui, qtbot, path)
    assert "dòng tiêu đề 5" in wizard.file_page.status.text()
    _next(wizard)

    page = wizard.mapping_page
    assert "Dòng tiêu đề: dòng 5 (1 dòng)" in page.header.text()
    assert page.table.rowCount() == 13
    assert [page.combo(r).currentData() for r in (1, 4, 7)] == ["code", "applicant_name", "received_at"]
    assert "Cột H «Ngày tiếp nhận» và cột M «Ngày nhận»" in page.problems.text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    qtbot.keyClick(page.combo(12), Qt.Key.Key_Home)  # column M: "(bỏ qua cột này)"
    qtbot.waitUntil(lambda: page.isComplete() and page.problems.text() == "", timeout=10_000)
    assert page.combo(12).currentData() == ""

    wizard.grab().save(str(tmp_path / "wizard-mapping.png"))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    dialog = wizard.findChild(QFileDialog)
    qtbot.waitUntil(dialog.isVisible)
    dialog.selectFile(str(tmp_path / "ghep-cot.json"))
    dialog.accept()
    qtbot.waitUntil(lambda: page.saved.text().startswith("Đã lưu"), timeout=10_000)
    saved = json.loads((tmp_path / "ghep-cot.json").read_text(encoding="utf-8"))
    assert saved["columns"]["ngay nhan"] == "" and saved["columns"]["ma ho so"] == "code"

    before = dump(ui.desk)
    _next(wizard)
    preview = wizard.preview_page
    qtbot.waitUntil(preview.isComplete, timeout=10_000)
    assert preview.table.rowCount() == 4
    assert [preview.table.item(0, c).text() for c in range(7)] == [
        "6", "000.17.22.H56-261102-0001", "Lê Văn Đạt", "Đăng ký khai sinh", "02/11/2026 08:15",
        "02/11/2026 17:00", "Đã trả kết quả"]
    assert "nhập được 4 (mới 4" in preview.summary.toPlainText()
    wizard.grab().save(str(tmp_path / "wizard-preview.png"))  # looked at by eye: 1366×768
    assert dump(ui.desk) == before  # previews and dry runs write nothing

    _next(wizard)
    page = wizard.import_page
    with qtbot.waitSignal(ui.bus.changed, timeout=10_000) as changed:
        qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert changed.args[0] == "dossier" and len(changed.args[1]) == 4
    assert page.isComplete() and wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert "Đã nhập xong" in page.result.toPlainText()
    assert page.progress.value() == page.progress.maximum()
    with ui.desk.db.read() as s:
        from app.services import queries

        assert queries.detail_by_code(s, "TL-2026/0137").applicant_name == "Đặng Quốc Ứng"


def test_cancel_during_import_writes_nothing(ui, qtbot, tmp_path, dump):
    rows = [Row(f"KS-{i:05d}", "Đăng ký khai sinh", "NGUYỄN VĂN AN", "Thôn Đông", "0912345678",
                "02/11/2026 08:15:00", "02/11/2026 17:00:00") for i in range(4000)]
    path = public_export(tmp_path / "lon.xlsx", rows)
    wizard = ImportWizard(ui)
    qtbot.addWidget(wizard)
    wizard.show()
    browse = next(b for b in wizard.file_page.findChildren(QPushButton) if b.text() == "Chọn tệp…")
    qtbot.mouseClick(browse, Qt.MouseButton.LeftButton)
    dialog = wizard.findChild(QFileDialog)
    qtbot.waitUntil(dialog.isVisible)
    dialog.selectFile(str(path))
    dialog.accept()  # choosing a file reads it straight away
    qtbot.waitUntil(wizard.file_page.isComplete, timeout=10_000)
    assert wizard.file_page.file.text() == str(path)
    _next(wizard)
    _next(wizard)
    qtbot.waitUntil(wizard.preview_page.isComplete, timeout=30_000)
    _next(wizard)
    before = dump(ui.desk)
    page = wizard.import_page
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.import_button.isEnabled(), timeout=30_000)
    assert page.result.toPlainText() == "Đã hủy: chưa nhập hồ sơ nào."
    assert not page.isComplete()
    assert dump(ui.desk) == before


def test_a_file_without_header_says_so_on_the_first_page(ui, qtbot, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["Danh sách cán bộ"])
    wb.save(tmp_path / "khac.xlsx")
    wizard = ImportWizard(ui)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.keyClicks(wizard.file_page.file, str(tmp_path / "khac.xlsx"))
    qtbot.mouseClick(wizard.file_page.read_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Không tìm thấy dòng tiêu đề" in wizard.file_page.status.text(), timeout=10_000)
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
