"""The main window: page list on the left (Hôm nay, Tiếp nhận, Hồ sơ, then the optional pages), the
message strip, the home-visit banner, and the status bar (who is signed in, background work, the sync
indicator when present). It wires the barcode scanner and the idle screen lock, and routes "open this
dossier" from anywhere to the list page. UI thread.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.accounts import idle_lock_seconds
from app.services.dto import DossierDetail
from app.ui import centre_status, labels, screen_fit
from app.ui.admin_dialogs import DataSafetyDialog
from app.ui.change_password_dialog import ChangePasswordDialog
from app.ui.context import UiContext
from app.ui.dossier_list_page import DossierListPage
from app.ui.idle_lock import IdleLock
from app.ui.intake_draft import ask
from app.ui.intake_page import IntakePage
from app.ui.message_bar import MessageBar
from app.ui.pages import optional_pages, status_widget
from app.ui.scanner import BarcodeScanner
from app.ui.settings_dialog import SettingsDialog
from app.ui.today_page import TodayPage
from app.ui.unlock_dialog import UnlockDialog

BANNER_STYLE = "background:#fff4ce; color:#5c4400; padding:6px 10px; border-bottom:1px solid #e6c96b;"


class MainWindow(QMainWindow):
    def __init__(self, ctx: UiContext):
        super().__init__()
        self.ctx = ctx
        self._fit_to_screen(1360, 860)
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(180)
        self.stack = QStackedWidget()
        self.today = TodayPage(ctx)
        self.intake = IntakePage(ctx)
        self.dossiers = DossierListPage(ctx)
        self.page_keys: list[str] = []
        self._add_page("today", self.tr("Hôm nay"), self.today, "F1")
        self._add_page("intake", self.tr("Tiếp nhận"), self.intake, "F2")
        self._add_page("dossiers", self.tr("Hồ sơ"), self.dossiers, "F3")
        for i, (spec, holder) in enumerate(optional_pages(ctx, self)):
            self._add_page(spec.key, spec.label, holder, f"F{4 + i}" if i < 5 else "")
        self.nav.currentRowChanged.connect(self._page_changed)

        self.messages = MessageBar()
        self.banner = QLabel(self.tr("Chế độ lưu động: đang làm việc không cần mạng. Hồ sơ được lưu trên máy này "
                                     "và tự gửi về hệ thống của tỉnh khi có kết nối."))
        self.banner.setObjectName("offlineBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(BANNER_STYLE)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(8, 6, 8, 0)
        column.addWidget(self.stack, 1)
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.banner)
        row = QWidget()
        h = QHBoxLayout(row)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(self.nav)
        h.addWidget(body, 1)
        outer.addWidget(row, 1)
        self.setCentralWidget(central)
        self._build_menu()
        self._build_status_bar()
        # Messages take the menu bar's empty right-hand side: a row tall enough for one line of text.
        self.menuBar().setMinimumHeight(30)
        self.messages.overlay_on(self.menuBar())

        ctx.bus.message.connect(self.messages.show_message)
        ctx.tasks.failed.connect(lambda text: self.messages.show_message(text, "error"))
        ctx.bus.changed.connect(self._changed)
        self.today.open_list.connect(self.open_list)
        self.today.open_code.connect(self.open_code)
        self.today.apology.connect(self.start_apology)
        self.intake.open_dossier.connect(self.open_code)
        self.scanner = BarcodeScanner(self)
        self.scanner.scanned.connect(self.open_scanned)
        self.scanner.install()
        self.idle = IdleLock(idle_lock_seconds(ctx.desk), self)
        self.idle.idle.connect(self.lock)
        self.idle.install()
        self.unlock_dialog: UnlockDialog | None = None
        self.signed_out = False
        self.apply_settings()
        self.nav.setCurrentRow(0)

    # --- structure ---------------------------------------------------------------------------------
    def _fit_to_screen(self, width: int, height: int) -> None:
        """Open at the preferred size, but never larger than the screen's free area: commune PCs often
        have 1366×768 screens with a taskbar, where 860 px would push the save button off-screen."""
        screen_fit.fit(self, width, height)

    def _add_page(self, key: str, title: str, widget: QWidget, shortcut: str) -> None:
        item = QListWidgetItem(f"{title}\t{shortcut}" if shortcut else title)
        self.nav.addItem(item)
        self.stack.addWidget(widget)
        self.page_keys.append(key)
        if shortcut:
            action = QAction(self)
            action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(lambda _=False, k=key: self.show_page(k))
            self.addAction(action)

    def _build_menu(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&Hệ thống"))
        settings = menu.addAction(self.tr("Thiết lập…"))
        settings.triggered.connect(lambda: SettingsDialog(self.ctx, self).open())
        password = menu.addAction(self.tr("Đổi mật khẩu…"))
        password.triggered.connect(
            lambda: ChangePasswordDialog(self.ctx.desk, self.ctx.tasks, self.ctx.actor.username, parent=self).open())
        if self.ctx.can("backup.run"):
            safety = menu.addAction(self.tr("Sao lưu và kiểm tra dữ liệu…"))
            safety.triggered.connect(lambda: DataSafetyDialog(self.ctx, self).open())
        if self.ctx.can("register.import"):
            register = menu.addAction(self.tr("Nhập sổ theo dõi từ hệ thống của tỉnh…"))
            register.triggered.connect(self._open_import_wizard)
        lock = menu.addAction(self.tr("Khóa màn hình"))
        lock.setShortcut(QKeySequence("Ctrl+L"))
        lock.triggered.connect(lambda: self.lock(by_user=True))
        sign_out = menu.addAction(self.tr("Đăng xuất / đổi người dùng"))
        sign_out.setShortcut(QKeySequence("Ctrl+Shift+L"))
        sign_out.triggered.connect(self.sign_out)
        menu.addSeparator()
        quit_action = menu.addAction(self.tr("Thoát"))
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.ask_to_close)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.user_label = QLabel(f"{self.ctx.actor.full_name} — {labels.role(self.ctx.actor.role)}")
        self.busy_label = QLabel()
        self.offline_label = QLabel(self.tr("● Ngoại tuyến (lưu động)"))
        self.offline_label.setStyleSheet("color:#8a5a00; font-weight:600;")
        bar.addWidget(self.user_label)
        bar.addWidget(self.busy_label)
        bar.addPermanentWidget(self.offline_label)
        self.centre_indicator = centre_status.indicator(self.ctx.desk, self)
        if self.centre_indicator is not None:
            bar.addPermanentWidget(self.centre_indicator)
        self.sync_widget = status_widget(self.ctx, self)
        if self.sync_widget is not None:
            bar.addPermanentWidget(self.sync_widget)
            if hasattr(self.sync_widget, "open_requested") and "sync" in self.page_keys:
                self.sync_widget.open_requested.connect(lambda: self.show_page("sync"))
        self.ctx.tasks.busy.connect(lambda busy: self.busy_label.setText(self.tr("Đang xử lý…") if busy else ""))

    def apply_settings(self) -> None:
        a = self.ctx.desk.agency
        self.setWindowTitle(self.tr("Một Cửa — {agency} — {user}").format(agency=a.name, user=self.ctx.actor.full_name))
        home = bool(self.ctx.setting("home_visit_mode"))
        self.banner.setVisible(home)
        self.offline_label.setVisible(home)
        self.idle.set_seconds(idle_lock_seconds(self.ctx.desk))

    def _changed(self, kind: str, ids: list) -> None:
        if kind == "settings":
            self.apply_settings()

    # --- navigation --------------------------------------------------------------------------------
    def _open_import_wizard(self) -> None:
        from app.ui.import_wizard import ImportWizard  # the spreadsheet reader loads when it is first used

        ImportWizard(self.ctx, self).open()

    def show_page(self, key: str) -> None:
        self.nav.setCurrentRow(self.page_keys.index(key))

    def _page_changed(self, row: int) -> None:
        self.stack.setCurrentIndex(row)
        page = self.stack.currentWidget()
        if page is self.intake:
            self.intake.focus_start()
        elif page is self.dossiers:
            self.dossiers.focus_search()
        elif hasattr(page, "page_shown"):
            page.page_shown()

    def open_list(self, preset: dict) -> None:
        self.show_page("dossiers")
        self.dossiers.filter_preset(**preset)

    def open_code(self, code: str) -> None:
        self.show_page("dossiers")
        self.dossiers.open_code(code)

    def open_scanned(self, code: str) -> None:
        self.ctx.say(self.tr("Đã quét mã {code}.").format(code=code), "info")
        self.open_code(code)

    def start_apology(self, code: str) -> None:
        """From the start page's overdue list: open the dossier, then its reschedule-with-apology dialog."""
        pane = self.dossiers.detail

        def once(d: DossierDetail) -> None:
            pane.shown.disconnect(once)
            if d.code == code:
                pane.actions.start("reschedule", d)

        pane.shown.connect(once)
        self.open_code(code)

    # --- lock and close ------------------------------------------------------------------------------
    def sign_out(self) -> None:
        """Close this person's window (their half-typed intake stays as their draft) for the next one."""
        self.signed_out = True
        self.intake.drafts.save_now()
        self._closing = True
        self.close()

    def lock(self, by_user: bool = False) -> None:
        if self.unlock_dialog is not None:
            return
        self.centralWidget().setVisible(False)
        self.unlock_dialog = UnlockDialog(self.ctx, self, by_user=by_user)
        self.unlock_dialog.accepted.connect(self._unlocked)
        self.unlock_dialog.open()

    def _unlocked(self) -> None:
        self.unlock_dialog = None
        self.centralWidget().setVisible(True)
        self.idle.restart()

    def ask_to_close(self) -> None:
        """Ctrl+Q, Alt+F4, the window's ✕: a half-typed intake stays as a draft, but say so and ask first."""
        if not self.intake.drafts.dirty():
            self.close()
            return
        self.question = ask(self, self.tr("Thoát khi đang nhập dở?"),
                            self.tr("Lượt tiếp nhận đang nhập chưa được lưu. Nó được giữ làm bản nháp và hiện lại "
                                    "khi mở chương trình. Thoát bây giờ?"),
                            self.tr("Thoát, giữ bản nháp"), self.tr("Ở lại nhập tiếp"), self._close_confirmed)

    def _close_confirmed(self) -> None:
        self._closing = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        # A close from the window manager (Alt+F4, ✕) asks first; the app's own close() does not.
        if event.spontaneous() and not getattr(self, "_closing", False) and self.intake.drafts.dirty():
            event.ignore()
            self.ask_to_close()
            return
        self.intake.drafts.save_now()
        self.scanner.remove()
        self.idle.remove()
        for part in [self.sync_widget, *(getattr(self.stack.widget(i), "page", None) for i in range(self.stack.count()))]:
            if part is not None and hasattr(part, "shutdown"):
                part.shutdown()
        if self.ctx.sync is not None:
            self.ctx.sync.stop()  # its timer and a run in progress (it stops after the current batch)
        # Let queued writes (an intake being saved) finish before the database closes.
        self.ctx.tasks.wait(15_000)
        super().closeEvent(event)
