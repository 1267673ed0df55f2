"""The applicant's fields with live validation beside each field, in Vietnamese.

Each keystroke re-checks the person with `intake.check_person` (the same rules the save uses), and a
field's message shows once that field has been touched, or for every field after a failed save. A
complete ID number already seen at this desk fills the empty fields from the latest dossier
(the `last_applicant` operation, read off the UI thread). UI thread.
"""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from app.operations import intake as intake_ops
from app.services import intake
from app.services.dto import PersonIn
from app.services.names import capitalise_name
from app.services.text import parse_day
from app.services.validation import parse_citizen_id
from app.ui.context import UiContext
from app.ui.fields import error_label, show_errors, with_error

FIELDS = ("id_number", "name", "birth_date", "sex", "phone", "email", "address")


def parse_birth_date(text: str) -> dt.date | None:
    """The birth date typed (services.text.parse_day), None when the box is empty."""
    return parse_day(text) if text.strip() else None


def beside_field(message: str) -> str:
    """A service message shown beside its own field drops the field's name ("Số giấy tờ người nộp: Số định
    danh… phải có 12 chữ số" → "Số định danh… phải có 12 chữ số")."""
    head, sep, rest = message.partition(": ")
    return rest[:1].upper() + rest[1:] if sep and head.startswith("Số giấy tờ") else message


class ApplicantForm(QWidget):
    #: The ID number matched an earlier applicant and the empty fields were filled (their name).
    filled_from_history = Signal(str)

    def __init__(self, ctx: UiContext, prefix: str = "applicant", label: str = "người nộp",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.prefix, self.person_label = ctx, prefix, label
        self.id_number = QLineEdit(placeholderText=self.tr("12 số định danh cá nhân (căn cước)"))
        self.name = QLineEdit(placeholderText=self.tr("Họ và tên đầy đủ, có dấu"))
        self.birth_date = QLineEdit(placeholderText=self.tr("ngày/tháng/năm"))
        self.sex = QComboBox()
        for key, text in (("", "—"), ("m", self.tr("Nam")), ("f", self.tr("Nữ"))):
            self.sex.addItem(text, key)
        self.phone = QLineEdit(placeholderText="0912345678")
        self.email = QLineEdit()
        self.address = QLineEdit(placeholderText=self.tr("Số nhà, thôn/tổ, xã/phường, tỉnh/thành phố"))
        self.errors = {f"{prefix}.{f}": error_label() for f in FIELDS}
        self.hint = QLabel()
        self.hint.setStyleSheet("color:#155724;")
        self.hint.setWordWrap(True)
        self.hint.hide()
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        rows = (("id_number", self.tr("Số định danh"), self.id_number), ("name", self.tr("Họ và tên"), self.name),
                ("birth_date", self.tr("Ngày sinh"), self.birth_date), ("sex", self.tr("Giới tính"), self.sex),
                ("phone", self.tr("Điện thoại"), self.phone), ("email", self.tr("Email"), self.email),
                ("address", self.tr("Địa chỉ"), self.address))
        for key, text, widget in rows:
            form.addRow(text, with_error(widget, self.errors[f"{prefix}.{key}"]))
            if key == "id_number":
                form.addRow("", self.hint)
        self.touched: set[str] = set()
        self._looked_up = ""
        # A field's message appears when the clerk leaves it (not at every digit of an ID still being typed),
        # and is re-checked at every keystroke after that, so it disappears as soon as the value is right.
        for key, _, widget in rows:
            if isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(lambda *_, k=key: self._edited(k))
            else:
                widget.editingFinished.connect(lambda k=key: self._edited(k))
                widget.textEdited.connect(lambda *_: self.validate())
        self.id_number.textChanged.connect(self._forget_other_person)
        self.id_number.textChanged.connect(self._maybe_look_up)
        # The name as it will be saved ("nguyễn thị lan" → "Nguyễn Thị Lan") as soon as the clerk leaves it.
        self.name.editingFinished.connect(self.capitalise_name)
        self._prefilled: dict[QLineEdit, str] = {}
        self._prefilled_from = ""

    # --- values ----------------------------------------------------------------------------------
    def person(self) -> PersonIn:
        try:
            birth = parse_birth_date(self.birth_date.text())
        except ValueError:
            birth = None
        return PersonIn(name=self.name.text(), id_number=self.id_number.text(), birth_date=birth,
                        sex=self.sex.currentData(), phone=self.phone.text(), email=self.email.text(),
                        address=self.address.text())

    def set_person(self, p: PersonIn, *, only_empty: bool = False) -> None:
        for widget, value in ((self.name, p.name), (self.phone, p.phone), (self.email, p.email),
                              (self.address, p.address), (self.id_number, p.id_number),
                              (self.birth_date, f"{p.birth_date:%d/%m/%Y}" if p.birth_date else "")):
            if not only_empty or not widget.text().strip():
                widget.setText(value)
        if p.sex and (not only_empty or not self.sex.currentData()):
            self.sex.setCurrentIndex(max(0, self.sex.findData(p.sex)))
        self.validate()

    def capitalise_name(self) -> None:
        proper = capitalise_name(self.name.text())
        if proper != self.name.text():
            self.name.setText(proper)

    def clear(self) -> None:
        fields = (self.id_number, self.name, self.birth_date, self.phone, self.email, self.address)
        for w in fields:
            # The cursor leaves the field now, on the value it had: emptied first, leaving it afterwards (the
            # form of the next citizen takes the cursor) would complain that it is empty.
            if w.hasFocus():
                w.clearFocus()
        for w in fields:
            w.clear()
        self.sex.setCurrentIndex(0)
        self.touched.clear()
        self._looked_up = ""
        self._prefilled.clear()
        self.hint.hide()
        self.validate()

    # --- validation ------------------------------------------------------------------------------
    def check(self) -> dict[str, str]:
        """Every message for the current values, keyed like the service's ValidationError fields."""
        errors: dict[str, str] = {}
        intake.check_person(self.person(), self.prefix, self.person_label, errors)
        try:
            parse_birth_date(self.birth_date.text())
        except ValueError:
            errors[f"{self.prefix}.birth_date"] = self.tr("Ngày sinh chưa đúng dạng ngày/tháng/năm, ví dụ 05/09/1980.")
        return errors

    def validate(self, show_all: bool = False) -> dict[str, str]:
        if show_all:
            self.touched.update(FIELDS)
        errors = self.check()
        shown = {f"{self.prefix}.{k}" for k in self.touched}
        show_errors(self.errors, {k: beside_field(v) for k, v in errors.items() if k in shown})
        return errors

    def show_service_errors(self, errors: dict[str, str]) -> list[str]:
        """Put a save's ValidationError messages beside the fields; returns those for other fields."""
        self.touched.update(FIELDS)
        mine = {k: beside_field(v) for k, v in errors.items() if k in self.errors}
        show_errors(self.errors, mine)
        return [v for k, v in errors.items() if k not in self.errors]

    def _edited(self, key: str) -> None:
        self.touched.add(key)
        self.validate()

    # --- ID number seen before ---------------------------------------------------------------------
    def _maybe_look_up(self, text: str) -> None:
        digits = re.sub(r"\D", "", text)
        if len(digits) not in (9, 12) or digits == self._looked_up:
            return
        self._looked_up = digits
        self._sex_from_id(digits)
        self.ctx.tasks.run(intake_ops.last_applicant, self.ctx.op, digits,
                           on_done=lambda p, d=digits: self._found(d, p))

    def _forget_other_person(self, text: str) -> None:
        """The ID number changed after a pre-fill: take back what was filled from the other person's dossier
        (fields the clerk has since edited stay) and the note naming them."""
        if not self.hint.isVisibleTo(self) or re.sub(r"\D", "", text) == self._prefilled_from:
            return
        for widget, value in self._prefilled.items():
            if widget.text() == value:
                widget.clear()
        self._prefilled.clear()
        self._prefilled_from = self._looked_up = ""
        self.hint.hide()
        self.validate()

    def _sex_from_id(self, digits: str) -> None:
        """The 12-digit number's fourth digit says the sex: fill it when the clerk has not chosen one."""
        if self.sex.currentData():
            return
        try:
            cid = parse_citizen_id(digits)
        except ValueError:
            return
        if cid.sex:
            self.sex.setCurrentIndex(max(0, self.sex.findData(cid.sex)))

    def _found(self, digits: str, person: PersonIn | None) -> None:
        if person is None or re.sub(r"\D", "", self.id_number.text()) != digits:
            return
        empty = [w for w in (self.name, self.birth_date, self.phone, self.email, self.address) if not w.text().strip()]
        self.set_person(person, only_empty=True)
        self._prefilled = {w: w.text() for w in empty if w.text()}
        self._prefilled_from = digits
        self.hint.setText(self.tr("Đã điền theo hồ sơ trước của {name}; hãy hỏi lại địa chỉ, điện thoại nếu có thay đổi.")
                          .format(name=person.name))
        self.hint.show()
        self.filled_from_history.emit(person.name)
