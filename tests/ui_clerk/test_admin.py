"""Administration in the app: users (add with a temporary password, disable, reset, role), the agency's
details, office hours in Thiết lập; Ctrl+L says who locked the screen; sign-out hands the desk to the next
person; the first-login password change does not ask again for the temporary password."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from app.services import accounts
from app.services.accounts import AuthError
from app.ui.admin_page import AdminPage, NewUserDialog
from app.ui.change_password_dialog import ChangePasswordDialog
from app.ui.settings_dialog import SettingsDialog
from app.ui.unlock_dialog import UnlockDialog

from .conftest import PASSWORD, settle, type_text


def _user(desk, username: str) -> accounts.UserInfo:
    return next(u for u in accounts.list_users(desk) if u.username == username)


def confirm(widget) -> None:
    box = widget.dialog
    assert isinstance(box, QMessageBox)
    next(b for b in box.buttons() if b is not box.escapeButton()).click()


def test_users_are_added_disabled_reset_and_given_a_role(ui, desk, qtbot):
    page = AdminPage(ui)
    qtbot.addWidget(page)
    page.show()
    page.page_shown()
    settle(qtbot, ui)
    tab = page.users
    tab.add_button.click()
    dialog = tab.dialog
    assert isinstance(dialog, NewUserDialog)
    qtbot.keyClicks(dialog.username, "hong.nt")
    type_text(dialog.full_name, "Nguyễn Thị Hồng")
    dialog.save()
    qtbot.waitUntil(lambda: "Mật khẩu tạm của hong.nt" in tab.notice.text(), timeout=5000)
    temp = tab.notice.text().split(": ", 1)[1].split(" ")[0]
    user = accounts.authenticate(desk, "hong.nt", temp)
    assert user.role == "clerk" and user.must_change_password
    settle(qtbot, ui)
    row = [u.username for u in tab.rows].index("hong.nt")
    tab.table.selectRow(row)
    tab.role.setCurrentIndex(tab.role.findData("officer"))
    tab.role_button.click()
    qtbot.waitUntil(lambda: _user(desk, "hong.nt").role == "officer", timeout=5000)
    settle(qtbot, ui)
    tab.table.selectRow([u.username for u in tab.rows].index("hong.nt"))
    tab.reset_button.click()
    confirm(tab)
    qtbot.waitUntil(lambda: "Mật khẩu tạm của hong.nt" in tab.notice.text()
                    and temp not in tab.notice.text(), timeout=5000)
    with pytest.raises(AuthError):
        accounts.authenticate(desk, "hong.nt", temp)
    settle(qtbot, ui)
    tab.table.selectRow([u.username for u in tab.rows].index("hong.nt"))
    tab.toggle_button.click()
    confirm(tab)
    qtbot.waitUntil(lambda: not _user(desk, "hong.nt").active, timeout=5000)
    settle(qtbot, ui)
    assert "Đã vô hiệu hóa" in [tab.table.item(r, 4).text() for r in range(tab.table.rowCount())]


def test_the_agency_details_are_changed_in_the_app(ui, desk, qtbot):
    page = AdminPage(ui)
    qtbot.addWidget(page)
    page.show()
    page.setCurrentWidget(page.agency)
    page.page_shown()
    settle(qtbot, ui)
    tab = page.agency
    assert tab.code.text() == desk.agency.code
    tab.edits["lookup_url"].setText("dichvucong.phutho.gov.vn")
    tab.save()
    qtbot.waitUntil(lambda: tab.errors["lookup_url"].isVisible(), timeout=5000)
    tab.edits["lookup_url"].setText("https://dichvucong.phutho.gov.vn/tra-cuu")
    tab.edits["hotline"].setText("0210 3846 123")
    tab.save()
    settle(qtbot, ui)
    assert desk.agency.lookup_url == "https://dichvucong.phutho.gov.vn/tra-cuu"


def test_office_hours_are_in_settings(ui, desk, qtbot):
    dialog = SettingsDialog(ui)
    qtbot.addWidget(dialog)
    assert dialog.office_hours.text() == "07:30-11:30,13:30-17:00"
    dialog.office_hours.setText("07:00-11:00,13:00")
    dialog.save()
    assert "Giờ làm việc phải có dạng" in dialog.error.text()
    dialog.office_hours.setText("07:00-11:00,13:00-16:30")
    dialog.save()
    settle(qtbot, ui)
    assert desk.setting("office_hours") == "07:00-11:00,13:00-16:30"
    assert desk.calendar.hours.closing.strftime("%H:%M") == "16:30"


def test_ctrl_l_says_the_user_locked_it(window, qtbot):
    qtbot.keyClick(window.nav, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = window.unlock_dialog
    assert isinstance(dialog, UnlockDialog)
    text = " ".join(w.text() for w in dialog.findChildren(type(dialog.error)) if w.text())
    assert "đã khóa màn hình (Ctrl+L)" in text and "lâu không dùng" not in text
    dialog.password.setText(PASSWORD)
    dialog.unlock()
    qtbot.waitUntil(lambda: window.unlock_dialog is None, timeout=5000)
    window.lock()  # the idle lock keeps its own words
    text = " ".join(w.text() for w in window.unlock_dialog.findChildren(type(dialog.error)) if w.text())
    assert "lâu không dùng" in text


def test_sign_out_closes_the_window_for_the_next_person(window, qtbot):
    window.show_page("intake")
    type_text(window.intake.applicant.name, "Lê Văn Tám")
    qtbot.keyClick(window.nav, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: not window.isVisible())
    assert window.signed_out
    # The half-typed visit stays as this person's draft.
    assert "Lê Văn Tám" in window.intake.drafts.file.path.read_text("utf-8")


def test_first_sign_in_change_does_not_ask_the_temporary_password_again(ui, desk, admin_user, qtbot):
    accounts.create_user(desk, "moi", "Người Mới", "clerk", "tamthoi12345", admin_user.actor())
    dialog = ChangePasswordDialog(desk, ui.tasks, "moi", forced=True, current_password="tamthoi12345")
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.old.isVisible()
    dialog.new.setText("riengtoi2026x")
    dialog.again.setText("riengtoi2026x")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=10_000)
    assert not accounts.authenticate(desk, "moi", "riengtoi2026x").must_change_password
    assert QApplication.activeModalWidget() is None
