"""First run on a new database, sign-in with lock-out messages, the forced first password change,
settings saved through the service, and `run_app`'s choice between first run and sign-in."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.services import accounts
from app.ui.change_password_dialog import ChangePasswordDialog
from app.ui.first_run_dialog import FirstRunDialog
from app.ui.settings_dialog import SettingsDialog
from app.ui.sign_in_dialog import SignInDialog
from app.ui.tasks import Tasks

from .conftest import PASSWORD, settle, type_text


def test_first_run_sets_up_the_commune_and_the_administrator(make_desk, qtbot):
    desk = make_desk("fresh", init=False)
    tasks = Tasks()
    dialog = FirstRunDialog(desk, tasks)
    qtbot.addWidget(dialog)
    assert dialog.needs_commune
    qtbot.keyClicks(dialog.agency_code, "000.17.22.H56")
    type_text(dialog.agency_name, "Trung tâm Phục vụ hành chính công xã Đồng Lạc")
    type_text(dialog.place, "Đồng Lạc")
    qtbot.keyClicks(dialog.username, "quantri")
    type_text(dialog.full_name, "Hoàng Thị Thu")
    qtbot.keyClicks(dialog.password, "ngan")
    qtbot.keyClicks(dialog.password_again, "ngan")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.ok.isEnabled(), timeout=5000)
    assert "ít nhất 10" in dialog.errors["password"].text()
    assert not desk.is_initialised  # nothing half-done: the account is checked before the commune is made
    dialog.password.setText(PASSWORD)
    dialog.password_again.setText(PASSWORD)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)  # the governing body heads every form: required
    qtbot.waitUntil(lambda: dialog.ok.isEnabled(), timeout=5000)
    assert "cơ quan cấp trên" in dialog.errors["parent_name"].text() and not desk.is_initialised
    type_text(dialog.parent_name, "ỦY BAN NHÂN DÂN XÃ ĐỒNG LẠC")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert desk.agency.name == "Trung tâm Phục vụ hành chính công xã Đồng Lạc"
    assert dialog.user.role == "admin" and not dialog.user.must_change_password
    tasks.wait()


def test_first_run_on_a_set_up_commune_only_asks_for_the_administrator(desk, qtbot):
    tasks = Tasks()
    dialog = FirstRunDialog(desk, tasks)
    qtbot.addWidget(dialog)
    assert not dialog.needs_commune and dialog.commune_box.isHidden()
    tasks.wait()


def test_sign_in_wrong_then_right(desk, admin_user, qtbot):
    tasks = Tasks()
    dialog = SignInDialog(desk, tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, "quantri")
    qtbot.keyClicks(dialog.password, "sai-mat-khau-1")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.error.isHidden(), timeout=5000)
    assert "Sai tên đăng nhập hoặc mật khẩu" in dialog.error.text() and dialog.password.text() == ""
    qtbot.keyClicks(dialog.password, PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.user.username == "quantri"
    tasks.wait()


def test_first_password_must_be_changed(desk, admin_user, qtbot):
    accounts.create_user(desk, "hong", "Nguyễn Thị Hồng", "clerk", "tamthoi12345", admin_user.actor())
    assert accounts.authenticate(desk, "hong", "tamthoi12345").must_change_password
    tasks = Tasks()
    dialog = ChangePasswordDialog(desk, tasks, "hong", forced=True)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.old, "tamthoi12345")
    qtbot.keyClicks(dialog.new, "riengtoi2026")
    qtbot.keyClicks(dialog.again, "riengtoi2027")
    dialog.save()
    assert "không giống nhau" in dialog.error.text()
    dialog.again.setText("riengtoi2026")
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.save()
    assert not accounts.authenticate(desk, "hong", "riengtoi2026").must_change_password
    tasks.wait()


def test_settings_are_saved_and_announced(ui, qtbot):
    dialog = SettingsDialog(ui)
    qtbot.addWidget(dialog)
    dialog.fields["home_visit_mode"].setChecked(True)
    language = dialog.fields["language"]
    language.setCurrentIndex(language.findData("en"))
    with qtbot.waitSignal(ui.bus.changed, timeout=5000) as signal:
        dialog.save()
    assert signal.args[0] == "settings" and set(signal.args[1]) == {"home_visit_mode", "language"}
    assert ui.setting("home_visit_mode") is True and ui.setting("language") == "en"
    settle(qtbot, ui)


def test_home_visit_mode_defaults_the_channel_and_shows_offline(window, ui, qtbot):
    assert window.banner.isHidden() and window.intake.channel.currentData() == "counter"
    dialog = SettingsDialog(ui)
    qtbot.addWidget(dialog)
    dialog.fields["home_visit_mode"].setChecked(True)
    with qtbot.waitSignal(ui.bus.changed, timeout=5000):
        dialog.save()
    assert window.banner.isVisible() and window.offline_label.isVisible()
    assert window.intake.channel.currentData() == "home"
    assert window.windowTitle() == "Một Cửa — Trung tâm Phục vụ hành chính công xã Tân Lập — Trần Thị Quản Trị"


def test_idle_lock_hides_the_data_until_the_password(window, ui, qtbot):
    window.lock()
    assert not window.centralWidget().isVisible()
    dialog = window.unlock_dialog
    dialog.password.setText(PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.unlock()
    assert window.centralWidget().isVisible() and window.unlock_dialog is None
