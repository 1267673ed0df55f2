"""Before the very first start on a PC: where its data lives. "Máy đơn (dữ liệu trên máy này)" keeps the
usual local store; "Kết nối máy chủ của Trung tâm (PostgreSQL)" asks for the server's address and password,
connects off the UI thread (operations.centre.connect_from_app: the data folder then remembers the
server, never the password) and joins the centre when it is already set up. UI thread.
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

from app.operations import centre as ops
from app.paths import AppPaths
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
        form.addRow(self.tr("Mật khẩu"), self.password)
        form.addRow(self.tr("Tên máy này"), self.device_name)
        layout.addWidget(self.server)
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
                       self.device_name.text(), write=True, on_done=self._connected, on_error=self._failed)

    def _connected(self, joined: ops.Joined) -> None:
        self.password.clear()
        self.joined = joined
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        set_busy(self.ok, False)
        set_error(self.general, error_text(exc))
