"""The whole counter path through real widgets: intake typed in Vietnamese, save with Ctrl+S, the slip PDF,
scan its code, result ready, returned, and finding it again by its folded name."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.services.status import Status
from app.ui.pdf_preview_dialog import PdfPreviewDialog
from app.ui.return_dialog import ReturnDialog
from tests.pdfs import pdf_text

from .conftest import settle, type_text

ID_NUMBER = "001190012345"  # Hà Nội, female, born 1990



def choose(page, qtbot, typed: str) -> None:
    type_text(page.picker.search, typed)
    qtbot.keyClick(page.picker.search, Qt.Key.Key_Return)


def fill_applicant(page, qtbot, name: str = "Đặng Thị Ngọc Ánh") -> None:
    form = page.applicant
    qtbot.keyClicks(form.id_number, ID_NUMBER)
    type_text(form.name, name)
    type_text(form.address, "Thôn Đồng Tâm, xã Tân Lập, tỉnh Phú Thọ")
    qtbot.keyClicks(form.phone, "0912 345 678")


def save_with_shortcut(window, page, qtbot) -> None:
    qtbot.keyClick(page.applicant.phone, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.result.isVisible(), timeout=10_000)


def test_counter_path_from_intake_to_returned(window, ui, qtbot):
    window.show_page("intake")
    page = window.intake
    settle(qtbot, ui)
    choose(page, qtbot, "đăng ký khai sinh")
    assert [p.name for p in page.picker.chosen] == ["Đăng ký khai sinh"]
    assert page.components.table.rowCount() >= 1
    assert page.components.table.item(0, 0).checkState() == Qt.CheckState.Checked

    # Live validation beside the field, in Vietnamese, as soon as the field is touched.
    page.applicant.id_number.setFocus()
    qtbot.keyClicks(page.applicant.id_number, "12345")
    error = page.applicant.errors["applicant.id_number"]
    assert not error.isVisible()  # still typing: no message yet
    qtbot.keyClick(page.applicant.id_number, Qt.Key.Key_Tab)
    assert error.isVisible() and "12 chữ số" in error.text()
    page.applicant.id_number.clear()
    fill_applicant(page, qtbot)
    assert not error.isVisible()

    save_with_shortcut(window, page, qtbot)
    saved = page.last
    assert saved is not None and len(saved.details) == 1
    d = saved.details[0]
    assert d.applicant_name == "Đặng Thị Ngọc Ánh" and d.applicant_phone == "0912345678"
    assert d.due_explanation and d.code in page.result.text.text()
    text = pdf_text(saved.slip_pdf)
    assert d.code in text and "Đặng Thị Ngọc Ánh" in text
    # No printer here: "print straight" fell back to the preview, which renders the slip.
    preview = next(t for t in QApplication.topLevelWidgets() if isinstance(t, PdfPreviewDialog) and t.isVisible())
    qtbot.waitUntil(lambda: preview.rendered >= 1)
    preview.close()
    # The form is empty and ready for the next citizen.
    assert page.applicant.name.text() == "" and not page.picker.chosen

    # A hand scanner types the code and Enter somewhere in the window: the dossier opens.
    window.show_page("today")
    window.today.table.setFocus()
    qtbot.keyClicks(window.today.table, d.code)
    qtbot.keyClick(window.today.table, Qt.Key.Key_Return)
    pane = window.dossiers.detail
    qtbot.waitUntil(lambda: pane.detail is not None and pane.detail.code == d.code, timeout=5000)
    assert window.stack.currentWidget() is window.dossiers

    qtbot.mouseClick(pane.action_buttons["result_ready"], Qt.MouseButton.LeftButton)
    box = pane.actions.dialog  # a one-click move asks once
    next(b for b in box.buttons() if b is not box.escapeButton()).click()
    qtbot.waitUntil(lambda: pane.detail.status == Status.RESULT_READY, timeout=5000)
    qtbot.mouseClick(pane.action_buttons["return"], Qt.MouseButton.LeftButton)
    dialog = pane.actions.dialog
    assert isinstance(dialog, ReturnDialog) and dialog.collected_by.text() == "Đặng Thị Ngọc Ánh"
    dialog.rating.setCurrentIndex(dialog.rating.findData("very_satisfied"))
    dialog.check()
    qtbot.waitUntil(lambda: pane.detail.status == Status.RETURNED, timeout=5000)
    assert pane.detail.rating == "very_satisfied" and pane.detail.collected_by == "Đặng Thị Ngọc Ánh"
    assert not pane.action_buttons.get("return")

    # Found again by the name typed without diacritics.
    search = window.dossiers.search
    search.clear()
    qtbot.keyClicks(search, "dang thi ngoc anh")
    model = window.dossiers.model
    qtbot.waitUntil(lambda: not model.loading and model.query == "dang thi ngoc anh", timeout=5000)
    assert [r.code for r in model.rows] == [d.code]
    assert model.rows[0].status == Status.RETURNED


def test_one_visit_several_procedures_one_slip(window, ui, qtbot):
    window.show_page("intake")
    page = window.intake
    settle(qtbot, ui)
    choose(page, qtbot, "khai sinh")
    choose(page, qtbot, "1.004873")  # tình trạng hôn nhân, by its national code
    assert len(page.picker.chosen) == 2
    # Untick the first paper of the second procedure: it must not be on its dossier.
    page.picker.chosen_list.setCurrentRow(1)
    first_paper = page.components.table.item(0, 0)
    dropped = first_paper.text()
    first_paper.setCheckState(Qt.CheckState.Unchecked)
    fill_applicant(page, qtbot, name="Lê Văn Đức")
    save_with_shortcut(window, page, qtbot)
    details = page.last.details
    assert len(details) == 2 and len({d.code for d in details}) == 2
    assert dropped not in [c.name for c in details[1].components]
    text = pdf_text(page.last.slip_pdf)
    assert all(d.code in text for d in details)


def test_id_number_seen_before_fills_the_applicant(window, ui, qtbot):
    window.show_page("intake")
    page = window.intake
    settle(qtbot, ui)
    choose(page, qtbot, "khai tu")
    fill_applicant(page, qtbot, name="Phạm Thị Hương")
    save_with_shortcut(window, page, qtbot)
    qtbot.keyClicks(page.applicant.id_number, ID_NUMBER)
    qtbot.waitUntil(lambda: page.applicant.name.text() == "Phạm Thị Hương", timeout=5000)
    assert page.applicant.phone.text() == "0912345678"
    assert page.applicant.hint.isVisible()


def test_service_errors_appear_beside_their_fields(window, ui, qtbot):
    window.show_page("intake")
    page = window.intake
    settle(qtbot, ui)
    qtbot.keyClick(page.picker.search, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "ít nhất một thủ tục" in page.picker.error.text()
    choose(page, qtbot, "khai sinh")
    type_text(page.applicant.phone, "12ab")
    qtbot.keyClick(page.picker.search, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.applicant.errors["applicant.name"].isVisible(), timeout=5000)
    settle(qtbot, ui)
    assert page.applicant.errors["applicant.name"].text() == "Chưa nhập họ tên người nộp."
    assert "Điện thoại" in page.applicant.errors["applicant.phone"].text()
    assert page.last is None


def test_tab_goes_from_the_procedure_to_the_applicant(window, ui, qtbot):
    window.show_page("intake")
    page = window.intake
    settle(qtbot, ui)
    choose(page, qtbot, "khai sinh")
    assert QApplication.focusWidget() is page.picker.search  # ready to add another procedure
    qtbot.keyClick(page.picker.search, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.applicant.id_number
    qtbot.keyClick(page.applicant.id_number, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is page.components.table


def test_a_new_id_number_fills_the_sex_it_encodes(window, ui, qtbot):
    window.show_page("intake")
    page = window.intake
    settle(qtbot, ui)
    form = page.applicant
    assert not form.sex.currentData()
    qtbot.keyClicks(form.id_number, "038085000111")  # fourth digit 0: a man born in the 1900s
    assert form.sex.currentData() == "m"
    form.id_number.clear()
    form.sex.setCurrentIndex(form.sex.findData("f"))  # a sex the clerk chose is never overwritten
    qtbot.keyClicks(form.id_number, "038085000222")
    assert form.sex.currentData() == "f"
    errors = form.validate(show_all=True)  # and the mismatch is pointed out beside the ID number
    assert "giới tính nam" in errors["applicant.id_number"]


def test_the_next_citizens_form_opens_without_a_message_after_a_save_from_the_name(window, ui, qtbot):
    """Ctrl+S pressed in the name field: the form is emptied for the next citizen and the cursor goes to the
    procedure; the emptied name field must not then complain that the name is missing."""
    window.show_page("intake")
    page = window.intake
    settle(qtbot, ui)
    choose(page, qtbot, "đăng ký khai sinh")
    type_text(page.applicant.name, "Đặng Thị Ngọc Ánh")
    assert page.applicant.name.hasFocus()
    qtbot.keyClick(page.applicant.name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.result.isVisible(), timeout=10_000)
    assert page.last is not None and page.last.details[0].applicant_name == "Đặng Thị Ngọc Ánh"
    for t in QApplication.topLevelWidgets():
        if isinstance(t, PdfPreviewDialog):
            t.close()
    qtbot.wait(50)
    assert page.applicant.name.text() == "" and not page.picker.chosen
    shown = [key for key, label in page.applicant.errors.items() if label.isVisible()]
    assert shown == []
