"""Settings of this desk that the window uses (interface language, home-visit mode, printing, the idle
screen lock, the office hours and the same-day cut-off that return dates are counted from), built from the settings registry (`services.settings.SPECS`, those `in_dialog`): each
setting's label, hint, allowed values or range come from there, translated here. Stored by the
`store_settings` operation on the write worker (permission, the registry's check and the audit entry
there); only an administrator may change them, others see them read-only. UI thread.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.operations import admin
from app.services.calendar import OfficeHours
from app.services.settings import SPECS, SettingSpec
from app.ui.context import UiContext
from app.ui.dialog_keys import submit_on_ctrl_enter
from app.ui.fields import button_box, error_label, set_busy, set_error
from app.ui.tasks import error_text

#: Registry texts are translated in this context (resources/translations: "SettingsDialog").
_CONTEXT = "SettingsDialog"
#: Values shown in their own language, never translated.
_OWN_NAMES = {"language"}


#: The registry's words, marked so that lupdate keeps them in the "SettingsDialog" context
#: (tests/ui/test_settings_registry.py fails when a registry text has no finished translation).
REGISTRY_WORDS = (
    QT_TRANSLATE_NOOP("SettingsDialog", "Ngôn ngữ giao diện"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Chế độ lưu động"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Máy xách tay đi tiếp nhận tại nhà: mặc định hình thức «tại nhà», làm "
                                        "việc không cần mạng"),
    QT_TRANSLATE_NOOP("SettingsDialog", "In phiếu"),
    QT_TRANSLATE_NOOP("SettingsDialog", "In phiếu thẳng ra máy in, không hỏi"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Máy in"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Máy in mặc định của hệ thống"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Khổ giấy phiếu hẹn"),
    QT_TRANSLATE_NOOP("SettingsDialog", "A5 (mỗi liên một trang)"),
    QT_TRANSLATE_NOOP("SettingsDialog", "A4 (hai liên, cắt đôi)"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Giấy cuộn 80 mm"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Khóa màn hình sau"),
    QT_TRANSLATE_NOOP("SettingsDialog", " phút (0 = không khóa)"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Giờ làm việc"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Giờ chốt trả trong ngày"),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def _widget(spec: SettingSpec) -> QWidget:
    """The editor a setting's registry entry calls for."""
    if spec.type is bool:
        return QCheckBox(_tr(spec.hint))
    if spec.choices or spec.source:
        box = QComboBox()
        if spec.source == "printers":
            box.addItem(_tr(spec.hint), "")
            for name in QPrinterInfo.availablePrinterNames():
                box.addItem(name, name)
        for value, label in spec.choices.items():
            box.addItem(label if spec.key in _OWN_NAMES else _tr(label), value)
        return box
    if spec.type is int:
        spin = QSpinBox()
        spin.setRange(spec.minimum if spec.minimum is not None else 0,
                      spec.maximum if spec.maximum is not None else 1_000_000)
        spin.setSuffix(_tr(spec.hint))
        return spin
    if spec.type is str:
        line = QLineEdit()
        line.setPlaceholderText(str(spec.default))
        return line
    raise ValueError(f"no editor for setting {spec.key}")


class SettingsDialog(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Thiết lập"))
        self.setMinimumWidth(520)
        self.specs = [s for s in SPECS if s.in_dialog]
        self.fields: dict[str, QWidget] = {}
        form = QFormLayout()
        for spec in self.specs:
            self.fields[spec.key] = _widget(spec)
            form.addRow(_tr(spec.label), self.fields[spec.key])
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
        submit_on_ctrl_enter(self, self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.ok.setEnabled(self.editable)
        self.before = self._load()

    def _load(self) -> dict[str, Any]:
        for spec in self.specs:
            w, value = self.fields[spec.key], self.ctx.setting(spec.key)
            if isinstance(w, QCheckBox):
                w.setChecked(bool(value))
            elif isinstance(w, QComboBox):
                w.setCurrentIndex(max(0, w.findData(value)))
            elif isinstance(w, QSpinBox):
                w.setValue(int(value))
            elif isinstance(w, QLineEdit):
                w.setText(str(value))
        return self.values()

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, w in self.fields.items():
            if isinstance(w, QCheckBox):
                out[key] = w.isChecked()
            elif isinstance(w, QComboBox):
                out[key] = w.currentData()
            elif isinstance(w, QSpinBox):
                out[key] = w.value()
            elif isinstance(w, QLineEdit):
                out[key] = w.text().strip()
        return out

    def _line(self, key: str) -> QLineEdit:
        field = self.fields[key]
        assert isinstance(field, QLineEdit)
        return field

    @property
    def office_hours(self) -> QLineEdit:
        return self._line("office_hours")

    @property
    def cutoff(self) -> QLineEdit:
        return self._line("same_day_cutoff")

    def save(self) -> None:
        try:  # the calendar's own check, before anything is written
            OfficeHours.parse(self.office_hours.text(), self.cutoff.text())
        except ValueError as exc:
            set_error(self.error, self.tr("{error} Giờ chốt trả trong ngày có dạng 15:00.").format(error=str(exc)))
            self.office_hours.setFocus()
            return
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
