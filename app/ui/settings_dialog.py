"""Settings of this desk that the window uses: interface language, home-visit mode, printing (straight to
a printer or through the print dialog, which printer, slip paper) and the idle screen lock. Stored by
`settings.change` on the write worker (permission check and audit entry there); only an administrator
may change them, others see them read-only. UI thread.
"""

from __future__ import annotations

from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.operations import admin
from app.ui.context import UiContext
from app.ui.fields import button_box, error_label, set_busy, set_error
from app.ui.i18n import LANGUAGES
from app.ui.tasks import error_text


class SettingsDialog(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Thiết lập"))
        self.setMinimumWidth(520)
        self.language = QComboBox()
        for key, name in LANGUAGES.items():
            self.language.addItem(name, key)
        self.home = QCheckBox(self.tr("Máy xách tay đi tiếp nhận tại nhà: mặc định hình thức «tại nhà», "
                                      "làm việc không cần mạng"))
        self.print_direct = QCheckBox(self.tr("In phiếu thẳng ra máy in, không hỏi"))
        self.printer = QComboBox()
        self.printer.addItem(self.tr("Máy in mặc định của hệ thống"), "")
        for name in QPrinterInfo.availablePrinterNames():
            self.printer.addItem(name, name)
        self.paper = QComboBox()
        for key, text in (("a5", self.tr("A5 (mỗi liên một trang)")), ("a4", self.tr("A4 (hai liên, cắt đôi)")),
                          ("80mm", self.tr("Giấy cuộn 80 mm"))):
            self.paper.addItem(text, key)
        self.idle = QSpinBox()
        self.idle.setRange(0, 240)
        self.idle.setSuffix(self.tr(" phút (0 = không khóa)"))
        form = QFormLayout()
        form.addRow(self.tr("Ngôn ngữ giao diện"), self.language)
        form.addRow(self.tr("Chế độ lưu động"), self.home)
        form.addRow(self.tr("In phiếu"), self.print_direct)
        form.addRow(self.tr("Máy in"), self.printer)
        form.addRow(self.tr("Khổ giấy phiếu hẹn"), self.paper)
        form.addRow(self.tr("Khóa màn hình sau"), self.idle)
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.editable = ctx.can("settings.change")
        if not self.editable:
            note = QLabel(self.tr("Chỉ quản trị hệ thống được thay đổi thiết lập; bạn đang xem."))
            note.setStyleSheet("color:#555;")
            layout.addWidget(note)
        layout.addWidget(self.error)
        buttons, self.ok = button_box(self.tr("Lưu"), self.tr("Đóng"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.ok.setEnabled(self.editable)
        self.before = self._load()

    def _load(self) -> dict:
        s = self.ctx.setting
        self.language.setCurrentIndex(max(0, self.language.findData(s("language"))))
        self.home.setChecked(bool(s("home_visit_mode")))
        self.print_direct.setChecked(bool(s("print_direct")))
        self.printer.setCurrentIndex(max(0, self.printer.findData(s("printer_name"))))
        self.paper.setCurrentIndex(max(0, self.paper.findData(s("default_paper"))))
        self.idle.setValue(int(s("idle_lock_minutes")))
        return self.values()

    def values(self) -> dict:
        return {"language": self.language.currentData(), "home_visit_mode": self.home.isChecked(),
                "print_direct": self.print_direct.isChecked(), "printer_name": self.printer.currentData(),
                "default_paper": self.paper.currentData(), "idle_lock_minutes": self.idle.value()}

    def save(self) -> None:
        changed = {k: v for k, v in self.values().items() if self.before.get(k) != v}
        if not changed:
            self.accept()
            return
        set_busy(self.ok, True)
        self.ctx.tasks.run(admin.store_settings, self.ctx.op, changed, write=True,
                           on_done=self._saved, on_error=self._failed)

    def _saved(self, saved: admin.SettingsSaved) -> None:
        self.ctx.announce(saved.changes)
        if "language" in saved.changed:
            self.ctx.say(self.tr("Đã lưu thiết lập. Ngôn ngữ mới có hiệu lực khi mở lại chương trình."), "ok")
        else:
            self.ctx.say(self.tr("Đã lưu thiết lập."), "ok")
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        set_busy(self.ok, False)
        set_error(self.error, error_text(exc))
