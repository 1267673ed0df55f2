"""First start on a new database: set up the commune (unit code, name, place, device slot) and create the
first administrator. When the commune already exists (set up by `motcua init` or `demo-setup`) only the
administrator part is asked. Saving runs on the write worker; messages appear beside their fields.
UI thread.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.errors import ValidationError
from app.operations import admin
from app.services import accounts
from app.services.codes import MAX_SLOTS
from app.services.desk import Desk
from app.ui.dialog_keys import submit_on_ctrl_enter
from app.ui.fields import button_box, error_label, set_busy, set_error, show_errors, with_error
from app.ui.tasks import Tasks, error_text


class FirstRunDialog(QDialog):
    def __init__(self, desk: Desk, tasks: Tasks, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk, self.tasks = desk, tasks
        self.needs_commune = not desk.is_initialised
        self.user: accounts.UserInfo | None = None
        self.setWindowTitle(self.tr("Thiết lập lần đầu — Một Cửa"))
        self.setMinimumWidth(640)
        self.errors: dict = {}
        layout = QVBoxLayout(self)
        if self.needs_commune:
            text = self.tr("Chào mừng! Máy này chưa được thiết lập. Hãy nhập thông tin đơn vị và tạo tài "
                           "khoản quản trị đầu tiên; các thông tin này in trên phiếu hẹn và có thể sửa sau.")
        else:
            text = self.tr("Đơn vị «{agency}» đã được thiết lập trên máy này nhưng chưa có tài khoản nào. Hãy tạo "
                           "tài khoản quản trị đầu tiên để bắt đầu.").format(agency=desk.agency.name)
        intro = QLabel(text)
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.agency_code = QLineEdit(placeholderText="000.17.22.H56")
        self.agency_name = QLineEdit(placeholderText=self.tr("Trung tâm Phục vụ hành chính công xã …"))
        self.parent_name = QLineEdit(placeholderText=self.tr("ỦY BAN NHÂN DÂN XÃ …"))
        self.place = QLineEdit(placeholderText=self.tr("Địa danh ghi trên phiếu, ví dụ Tân Lập"))
        self.slot = QSpinBox()
        self.slot.setRange(0, MAX_SLOTS - 1)
        self.commune_box = commune = QGroupBox(self.tr("Đơn vị"))
        form = QFormLayout(commune)
        for key, label, field in (
            ("agency_code", self.tr("Mã định danh đơn vị"), self.agency_code),
            ("agency_name", self.tr("Tên Trung tâm"), self.agency_name),
            ("parent_name", self.tr("Cơ quan cấp trên"), self.parent_name),
            ("place", self.tr("Địa danh"), self.place),
            ("device_slot", self.tr("Khe thiết bị (mỗi máy một số)"), self.slot),
        ):
            self.errors[key] = error_label()
            form.addRow(label, with_error(field, self.errors[key]))
        commune.setVisible(self.needs_commune)
        layout.addWidget(commune)

        self.username = QLineEdit(placeholderText="quantri")
        self.full_name = QLineEdit()
        self.title = QLineEdit(placeholderText=self.tr("Công chức Văn phòng - Thống kê"))
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.password_again = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        admin = QGroupBox(self.tr("Tài khoản quản trị đầu tiên"))
        form = QFormLayout(admin)
        for key, label, field in (
            ("username", self.tr("Tên đăng nhập"), self.username),
            ("full_name", self.tr("Họ và tên"), self.full_name),
            ("title", self.tr("Chức danh"), self.title),
            ("password", self.tr("Mật khẩu (ít nhất 10 ký tự, có chữ và số)"), self.password),
            ("password_again", self.tr("Nhập lại mật khẩu"), self.password_again),
        ):
            self.errors[key] = error_label()
            form.addRow(label, with_error(field, self.errors[key]))
        layout.addWidget(admin)
        self.general = error_label()
        layout.addWidget(self.general)
        self.buttons, self.ok = button_box(self.tr("Lưu và bắt đầu"), self.tr("Thoát"))
        self.buttons.accepted.connect(self.save)
        submit_on_ctrl_enter(self, self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        (self.agency_code if self.needs_commune else self.username).setFocus()

    def values(self) -> tuple[admin.CommuneIn | None, admin.FirstAdmin]:
        commune = None
        if self.needs_commune:
            commune = admin.CommuneIn(agency_code=self.agency_code.text(), agency_name=self.agency_name.text(),
                                      parent_name=self.parent_name.text(), place=self.place.text(),
                                      device_slot=self.slot.value())
        first = admin.FirstAdmin(username=self.username.text(), full_name=self.full_name.text(),
                                 title=self.title.text(), password=self.password.text(),
                                 password_again=self.password_again.text())
        return commune, first

    def save(self) -> None:
        set_busy(self.ok, True)
        show_errors(self.errors, {})
        set_error(self.general, "")
        commune, first = self.values()
        self.tasks.run(admin.set_up_desk, self.desk, commune, first, write=True, on_done=self._saved,
                       on_error=self._failed)

    def _saved(self, user: accounts.UserInfo) -> None:
        self.user = user
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        set_busy(self.ok, False)
        if isinstance(exc, ValidationError):
            rest = show_errors(self.errors, exc.fields)
            set_error(self.general, "\n".join(rest))
        else:
            set_error(self.general, error_text(exc))
        if self.desk.is_initialised and self.needs_commune:
            # The commune was saved before the account failed: only the account is left to fix.
            self.needs_commune = False
            self.commune_box.setEnabled(False)
