"""The administration page (Quản trị), for administrators: the desk's accounts — add (with a temporary
password shown once to hand over), disable or enable, reset the password, change the role — and the
agency's details printed on slips (names, place, look-up address, hotline, head). Office hours are in
Thiết lập; the calendar has its own page. Every change goes through `app.operations.people` on the write
worker. Built by `create_page(ctx, parent)` for the page registry. UI thread.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import ValidationError
from app.operations.people import (
    AgencyDetails,
    AgencySaved,
    NewUser,
    UserChange,
    UserInfo,
    add_user,
    agency,
    reset_password,
    save_agency,
    set_active,
    set_role,
    users,
)
from app.ui import labels
from app.ui.calendar_page import CalendarPage
from app.ui.context import UiContext
from app.ui.fields import dialog_body, error_label, set_busy, set_error, show_errors, with_error
from app.ui.intake_draft import ask
from app.ui.tasks import error_text


def role_box() -> QComboBox:
    box = QComboBox()
    for key in labels.ROLES:
        box.addItem(labels.role(key), key)
    return box


class NewUserDialog(QDialog):
    """Add an account; the operation makes its temporary password."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Thêm người dùng"))
        self.setMinimumWidth(560)
        self.username = QLineEdit(placeholderText=self.tr("chữ thường không dấu, ví dụ hong.nt"))
        self.full_name = QLineEdit()
        self.title = QLineEdit(placeholderText=self.tr("Ví dụ: Công chức Tư pháp - Hộ tịch"))
        self.role = role_box()
        self.role.setCurrentIndex(self.role.findData("clerk"))
        self.errors = {k: error_label() for k in ("username", "full_name", "title", "role")}
        form = QFormLayout()
        form.addRow(self.tr("Tên đăng nhập"), with_error(self.username, self.errors["username"]))
        form.addRow(self.tr("Họ và tên"), with_error(self.full_name, self.errors["full_name"]))
        form.addRow(self.tr("Chức danh"), with_error(self.title, self.errors["title"]))
        form.addRow(self.tr("Vai trò"), with_error(self.role, self.errors["role"]))
        self.error = error_label()
        self.ok = dialog_body(self, [form], self.error, self.tr("Thêm"), self.tr("Hủy"), self.save)
        self.result: UserChange | None = None

    def save(self) -> None:
        set_busy(self.ok, True)
        new = NewUser(self.username.text(), self.full_name.text(), self.title.text(), self.role.currentData())
        self.ctx.tasks.run(add_user, self.ctx.op, new, write=True,
                           on_done=self._added, on_error=self._failed)

    def _added(self, result: UserChange) -> None:
        set_busy(self.ok, False)
        self.result = result
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        set_busy(self.ok, False)
        if isinstance(exc, ValidationError):
            set_error(self.error, "\n".join(show_errors(self.errors, exc.fields)))
        else:
            set_error(self.error, error_text(exc))


class UsersTab(QWidget):
    HEAD = (QT_TRANSLATE_NOOP("UsersTab", "Tên đăng nhập"), QT_TRANSLATE_NOOP("UsersTab", "Họ và tên"),
            QT_TRANSLATE_NOOP("UsersTab", "Chức danh"), QT_TRANSLATE_NOOP("UsersTab", "Vai trò"),
            QT_TRANSLATE_NOOP("UsersTab", "Trạng thái"))

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[UserInfo] = []
        self.table = QTableWidget(0, len(self.HEAD))
        self.table.setHorizontalHeaderLabels([self.tr(h) for h in self.HEAD])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.add_button = QPushButton(self.tr("Thêm người dùng…"))
        self.toggle_button = QPushButton(self.tr("Vô hiệu hóa"))
        self.reset_button = QPushButton(self.tr("Đặt lại mật khẩu…"))
        self.role = role_box()
        self.role_button = QPushButton(self.tr("Đổi vai trò"))
        self.add_button.clicked.connect(self.add)
        self.toggle_button.clicked.connect(self.toggle)
        self.reset_button.clicked.connect(self.reset)
        self.role_button.clicked.connect(self.change_role)
        self.table.currentCellChanged.connect(lambda *_: self._selected())
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color:#155724; font-weight:600;")
        row = QHBoxLayout()
        for w in (self.add_button, self.toggle_button, self.reset_button, self.role, self.role_button):
            row.addWidget(w)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.notice)
        layout.addWidget(self.table, 1)
        self.dialog: QDialog | None = None

    def refresh(self) -> None:
        self.ctx.tasks.run(users, self.ctx.op, on_done=self._show,
                           on_error=lambda exc: self.ctx.say(error_text(exc), "error"))

    def _show(self, rows: list[UserInfo]) -> None:
        current = self.current()
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, u in enumerate(rows):
            state = self.tr("Đang dùng") if u.active else self.tr("Đã vô hiệu hóa")
            if u.active and u.must_change_password:
                state = self.tr("Chờ đổi mật khẩu tạm")
            for c, text in enumerate((u.username, u.full_name, u.title, labels.role(u.role), state)):
                self.table.setItem(r, c, QTableWidgetItem(text))
        names = [u.username for u in rows]
        self.table.selectRow(names.index(current.username) if current and current.username in names else 0)
        self._selected()

    def current(self) -> UserInfo | None:
        r = self.table.currentRow()
        return self.rows[r] if 0 <= r < len(self.rows) else None

    def _selected(self) -> None:
        u = self.current()
        for b in (self.toggle_button, self.reset_button, self.role_button, self.role):
            b.setEnabled(u is not None)
        if u is not None:
            self.toggle_button.setText(self.tr("Vô hiệu hóa") if u.active else self.tr("Cho dùng lại"))
            self.role.setCurrentIndex(self.role.findData(u.role))

    def _run(self, fn: Callable[..., UserChange], *args: object) -> None:
        self.ctx.tasks.run(fn, self.ctx.op, *args, write=True, on_done=self._changed,
                           on_error=lambda exc: self.ctx.say(error_text(exc), "error"))

    def _changed(self, result: UserChange) -> None:
        u = result.user
        if result.temporary_password:
            self.notice.setText(self.tr("Mật khẩu tạm của {user}: {password} — hãy đưa cho người dùng; họ phải "
                                        "đổi mật khẩu ở lần đăng nhập đầu.").format(user=u.username,
                                                                                   password=result.temporary_password))
        else:
            self.notice.setText(self.tr("Đã lưu thay đổi của {user}.").format(user=u.username))
        self.ctx.notify_changed(result.changed.kind, list(result.changed.ids))
        self.refresh()

    def add(self) -> None:
        dialog = NewUserDialog(self.ctx, self)
        dialog.accepted.connect(lambda: dialog.result and self._changed(dialog.result))
        self.dialog = dialog
        dialog.open()

    def toggle(self) -> None:
        u = self.current()
        if u is None:
            return
        if not u.active:
            self._run(set_active, u.username, True)
            return
        self.dialog = ask(self, self.tr("Vô hiệu hóa tài khoản?"),
                          self.tr("{name} sẽ không đăng nhập được nữa (hồ sơ đã làm vẫn giữ nguyên). Tiếp tục?")
                          .format(name=u.full_name), self.tr("Vô hiệu hóa"), self.tr("Hủy"),
                          lambda: self._run(set_active, u.username, False), destructive=True)

    def reset(self) -> None:
        u = self.current()
        if u is not None:
            self.dialog = ask(self, self.tr("Đặt lại mật khẩu?"),
                              self.tr("Đặt mật khẩu tạm mới cho {name}? Mật khẩu cũ không dùng được nữa.")
                              .format(name=u.full_name), self.tr("Đặt lại"), self.tr("Hủy"),
                              lambda: self._run(reset_password, u.username))

    def change_role(self) -> None:
        u = self.current()
        if u is not None and self.role.currentData() != u.role:
            self._run(set_role, u.username, self.role.currentData())


class AgencyTab(QWidget):
    FIELDS = (("name", QT_TRANSLATE_NOOP("AgencyTab", "Tên đơn vị (in trên phiếu)")),
              ("parent_name", QT_TRANSLATE_NOOP("AgencyTab", "Cơ quan chủ quản")),
              ("place", QT_TRANSLATE_NOOP("AgencyTab", "Địa danh")),
              ("lookup_url", QT_TRANSLATE_NOOP("AgencyTab", "Địa chỉ tra cứu hồ sơ")),
              ("hotline", QT_TRANSLATE_NOOP("AgencyTab", "Đường dây nóng")),
              ("head_title", QT_TRANSLATE_NOOP("AgencyTab", "Chức danh người đứng đầu")),
              ("head_name", QT_TRANSLATE_NOOP("AgencyTab", "Họ tên người đứng đầu")))

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.code = QLabel()
        self.edits = {k: QLineEdit() for k, _ in self.FIELDS}
        self.errors = {k: error_label() for k, _ in self.FIELDS}
        form = QFormLayout()
        form.addRow(self.tr("Mã đơn vị"), self.code)
        for key, label in self.FIELDS:
            form.addRow(self.tr(label), with_error(self.edits[key], self.errors[key]))
        self.edits["lookup_url"].setPlaceholderText("https://dichvucong.<tỉnh>.gov.vn/tra-cuu")
        self.error = error_label()
        self.save_button = QPushButton(self.tr("Lưu thông tin đơn vị"))
        self.save_button.clicked.connect(self.save)
        bar = QHBoxLayout()
        bar.addWidget(self.error, 1)
        bar.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addLayout(bar)

    def refresh(self) -> None:
        self.ctx.tasks.run(agency, self.ctx.op, on_done=self._show)

    def _show(self, a: AgencyDetails) -> None:
        self.code.setText(a.code)
        for key, edit in self.edits.items():
            edit.setText(getattr(a, key))

    def save(self) -> None:
        show_errors(self.errors, {})
        new = AgencyDetails(self.code.text(), **{k: e.text() for k, e in self.edits.items()})
        set_busy(self.save_button, True)
        self.ctx.tasks.run(save_agency, self.ctx.op, new, write=True,
                           on_done=self._saved, on_error=self._failed)

    def _saved(self, result: AgencySaved) -> None:
        set_busy(self.save_button, False)
        set_error(self.error, "")
        self._show(result.details)
        self.ctx.say(self.tr("Đã lưu thông tin đơn vị; phiếu in từ bây giờ dùng thông tin mới."), "ok")
        self.ctx.notify_changed(result.changed.kind, list(result.changed.ids))

    def _failed(self, exc: BaseException) -> None:
        set_busy(self.save_button, False)
        if isinstance(exc, ValidationError):
            set_error(self.error, "\n".join(show_errors(self.errors, exc.fields)))
        else:
            set_error(self.error, error_text(exc))


class AdminPage(QTabWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.users = UsersTab(ctx)
        self.agency = AgencyTab(ctx)
        self.addTab(self.users, self.tr("Người dùng"))
        self.addTab(self.agency, self.tr("Thông tin đơn vị"))
        self.calendar = CalendarPage(ctx)  # days off and worked Saturdays (issue 14)
        self.addTab(self.calendar, self.tr("Lịch làm việc"))

    def page_shown(self) -> None:
        self.users.refresh()
        self.agency.refresh()
        self.calendar.page_shown()


def create_page(ctx: UiContext, parent: QWidget | None = None) -> AdminPage:
    return AdminPage(ctx, parent)
