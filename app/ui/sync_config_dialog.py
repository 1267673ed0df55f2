"""Dialog for an administrator: the province's sync address, its CA bundle and the access token, with
"Kiểm tra kết nối" — the same as `motcua sync configure`. The token field is never filled in (the stored
token is not shown back); leaving it empty keeps the current one.

Reading the current configuration, saving (permission check and audit entry in the service) and the
connection test all run on the sync controller's thread; results come back by signal. UI thread.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.operations import OpContext, sync
from app.services.dto import Actor
from app.sync.service import Probe
from app.ui.dialog_keys import submit_on_ctrl_enter
from app.ui.sync_worker import SyncController


class SyncConfigDialog(QDialog):
    def __init__(self, controller: SyncController, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.actor = actor
        self.setWindowTitle(self.tr("Cấu hình đồng bộ với hệ thống một cửa của tỉnh"))
        self.setMinimumWidth(560)
        self.url = QLineEdit(self)
        self.url.setPlaceholderText("https://motcua.tinh.gov.vn/dongbo")
        self.ca = QLineEdit(self)
        self.ca.setPlaceholderText(self.tr("không bắt buộc: tệp .pem nếu tỉnh dùng chứng chỉ riêng"))
        pick = QPushButton(self.tr("Chọn tệp…"), self)
        pick.clicked.connect(self._pick_ca)
        self.token = QLineEdit(self)
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_state = QLabel(self)
        self.token_state.setWordWrap(True)
        self.errors = QLabel(self)
        self.errors.setWordWrap(True)
        self.errors.setStyleSheet("color:#b91c1c;")
        self.result = QLabel(self)
        self.result.setWordWrap(True)
        self.test_button = QPushButton(self.tr("Kiểm tra kết nối"), self)
        self.test_button.clicked.connect(self.test_connection)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Lưu"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        self.buttons.accepted.connect(self.save)
        submit_on_ctrl_enter(self, self.save)
        self.buttons.rejected.connect(self.reject)

        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca, 1)
        ca_row.addWidget(pick)
        form = QFormLayout()
        form.addRow(self.tr("Địa chỉ đồng bộ của tỉnh"), self.url)
        form.addRow(self.tr("Chứng chỉ CA của tỉnh"), ca_row)
        form.addRow(self.tr("Mã truy cập (token)"), self.token)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.token_state)
        layout.addWidget(self.errors)
        layout.addWidget(self.test_button)
        layout.addWidget(self.result)
        layout.addWidget(self.buttons)
        self._busy(True)
        controller.call(lambda: sync.read_config(controller.service), self._loaded, self._failed)

    def _busy(self, busy: bool) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not busy)
        self.test_button.setEnabled(not busy)

    def _loaded(self, cfg) -> None:  # type: ignore[no-untyped-def]
        self.url.setText(cfg.url)
        self.ca.setText(cfg.ca_bundle)
        self.token.setPlaceholderText(self.tr("để trống: giữ mã đang dùng") if cfg.token else "")
        self.token_state.setText(self.tr("Đã có mã truy cập, cất trong {where}.").format(
            where=self.controller.service.tokens.where()) if cfg.token else self.tr("Chưa có mã truy cập."))
        self._busy(False)
        self.adjustSize()

    def _failed(self, message: str) -> None:
        self.errors.setText(message)
        self._busy(False)

    def _pick_ca(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Chọn tệp chứng chỉ CA"), "",
                                              self.tr("Chứng chỉ (*.pem *.crt *.cer);;Mọi tệp (*)"))
        if path:
            self.ca.setText(path)

    def save(self) -> None:
        self.errors.clear()
        self._busy(True)
        # Read the fields here, on the UI thread; the worker only gets plain values.
        service = self.controller.service
        op = OpContext(service.desk, self.actor)
        url, ca, token = self.url.text(), self.ca.text().strip(), self.token.text().strip() or None
        self.controller.call(lambda: sync.configure(op, url, ca, token, svc=service), self._saved, self._failed)

    def _saved(self, result: sync.Configured) -> None:
        probe = result.probe
        self._busy(False)
        self.controller.tick()
        if probe.ok:
            self.accept()
        else:
            self.result.setText(self.tr("Đã lưu, nhưng chưa kết nối được: {why}").format(why=probe.message))

    def test_connection(self) -> None:
        """Test what is typed now (not what was saved before); an empty token field means the stored one."""
        self.result.setText(self.tr("Đang kiểm tra…"))
        service = self.controller.service
        url, ca, token = self.url.text().strip(), self.ca.text().strip(), self.token.text().strip()

        def probe_typed() -> Probe:
            saved = sync.read_config(service)
            return sync.probe(service, replace(saved, url=url, ca_bundle=ca, token=token or saved.token))

        self.controller.call(probe_typed, lambda p: self.result.setText(p.message), self.result.setText)
