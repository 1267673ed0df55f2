"""Before the very first start on a PC: where its data lives. "Máy đơn (dữ liệu trên máy này)" keeps the
usual local store; "Kết nối máy chủ của Trung tâm (PostgreSQL)" asks for the server's address and password and, as
`motcua init --database` on another PC does, the account and password of one of the centre's administrators;
it connects off the UI thread (operations.centre.connect_from_app: the data folder then remembers the
server, never a password) and joins the centre as a new device when it is already at work (everyone then
signs in as themselves), or goes on to set up the unit when the server is empty. UI thread.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import PermissionDenied, ValidationError
from app.operations import centre as ops
from app.paths import AppPaths
from app.services.accounts import AuthError
from app.ui.fields import button_box, error_label, set_busy, set_error
from app.ui.tasks import Tasks, error_text


class StoreChoiceDialog(QDialog):
    def __init__(self, paths: AppPaths, tasks: Tasks, parent: QWidget | None = None):
        super().__init__(parent)
        self.paths, self.tasks = paths, tasks
        self.joined: ops.Joined | None = None
        self.setWindowTitle(self.tr("Dữ liệu của máy này — Một Cửa"))
        self.setMinimumWidth(600)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Máy này lưu hồ sơ ở đâu? Một quầy ở xã chỉ có một máy, hoặc máy lưu động, chọn "
                               "«Máy đơn». Trung tâm có nhiều quầy dùng chung máy chủ thì chọn kết nối máy chủ."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.local = QRadioButton(self.tr("Máy đơn (dữ liệu trên máy này)"))
        self.centre = QRadioButton(self.tr("Kết nối máy chủ của Trung tâm (PostgreSQL)"))
        self.local.setChecked(True)
        layout.addWidget(self.local)
        layout.addWidget(self.centre)
        self.server = QGroupBox(self.tr("Máy chủ của Trung tâm (bộ phận CNTT cung cấp)"))
        form = QFormLayout(self.server)
        self.url = QLineEdit(placeholderText="postgresql://motcua_quay@192.168.1.10:5432/motcua")
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("để trống nếu máy đã có tệp pgpass"))
        self.device_name = QLineEdit(placeholderText=self.tr("Quầy 2"))
        form.addRow(self.tr("Địa chỉ (không ghi mật khẩu)"), self.url)
        form.addRow(self.tr("Mật khẩu máy chủ"), self.password)
        form.addRow(self.tr("Tên máy này"), self.device_name)
        layout.addWidget(self.server)
        # A centre at work lets a new PC in only with one of its administrators (as the command line does).
        self.admin_box = QGroupBox(self.tr("Quản trị hệ thống của Trung tâm cho phép máy này kết nối"))
        admin_form = QFormLayout(self.admin_box)
        hint = QLabel(self.tr("Để trống nếu đây là máy đầu tiên, máy chủ còn trống: các bước sau sẽ lập đơn vị và "
                              "tài khoản quản trị đầu tiên."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color:#555")
        self.admin_username = QLineEdit(placeholderText=self.tr("tên đăng nhập của quản trị"))
        self.admin_password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        admin_form.addRow(hint)
        admin_form.addRow(self.tr("Tài khoản quản trị"), self.admin_username)
        admin_form.addRow(self.tr("Mật khẩu quản trị"), self.admin_password)
        layout.addWidget(self.admin_box)
        self.general = error_label()
        layout.addWidget(self.general)
        self.buttons, self.ok = button_box(self.tr("Tiếp tục"), self.tr("Thoát"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.centre.toggled.connect(self._mode)
        self._mode(False)

    def _mode(self, centre: bool) -> None:
        self.server.setEnabled(centre)
        self.admin_box.setEnabled(centre)
        set_error(self.general, "")
        if centre:
            self.url.setFocus()

    def save(self) -> None:
        if self.local.isChecked():
            self.accept()
            return
        set_busy(self.ok, True)
        set_error(self.general, "")
        self.tasks.run(ops.connect_from_app, self.paths, self.url.text(), self.password.text(),
                       self.device_name.text(), self.admin_username.text(), self.admin_password.text(),
                       write=True, on_done=self._connected, on_error=self._failed)

    def _connected(self, joined: ops.Joined) -> None:
        self.password.clear()
        self.admin_password.clear()
        self.joined = joined
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        set_busy(self.ok, False)
        set_error(self.general, error_text(exc))
        if isinstance(exc, AuthError | PermissionDenied) or (isinstance(exc, ValidationError)
                                                            and "admin_username" in exc.fields):
            self.admin_password.clear()  # the administrator is asked again; the server's password was right
            self.admin_username.setFocus()
