"""The Sync page (Đồng bộ): dossiers' changes by sync state — rejected (with the province's reason in
Vietnamese) and waiting, one row per dossier; sent, one row per change — with "retry this dossier", "export the sync log" for IT, "Đồng bộ ngay", and for an administrator the
configuration dialog.

Built from a `SyncController` and the signed-in `Actor`; every database or network call goes through the
controller's pool thread and comes back by signal. Rows load a keyset page at a time (200) with
"Tải thêm". `create_page(ctx, parent)` is the hook app.ui.pages calls. UI thread.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services import permissions
from app.services.dto import Actor
from app.sync.run_types import RunSummary
from app.sync.service import SyncRow
from app.ui.sync_config_dialog import SyncConfigDialog
from app.ui.sync_status import describe
from app.ui.sync_worker import SyncController, SyncSnapshot, controller_for

#: The sync states' names as the page shows them (the service's STATES, marked for translation).
STATE_LABELS = {
    "pending": QT_TRANSLATE_NOOP("SyncPage", "Chờ gửi"),
    "parked": QT_TRANSLATE_NOOP("SyncPage", "Bị từ chối — cần xử lý"),
    "sent": QT_TRANSLATE_NOOP("SyncPage", "Đã gửi"),
}

PAGE = 200




class SyncRowsModel(QAbstractTableModel):
    COL_CODE, COL_APPLICANT, COL_KIND, COL_CHANGES, COL_AT, COL_ATTEMPTS, COL_REASON = range(7)
    HEADERS = (QT_TRANSLATE_NOOP("SyncPage", "Mã hồ sơ"), QT_TRANSLATE_NOOP("SyncPage", "Người nộp"),
               QT_TRANSLATE_NOOP("SyncPage", "Thay đổi mới nhất"), QT_TRANSLATE_NOOP("SyncPage", "Số thay đổi"),
               QT_TRANSLATE_NOOP("SyncPage", "Thời điểm"), QT_TRANSLATE_NOOP("SyncPage", "Số lần gửi"),
               QT_TRANSLATE_NOOP("SyncPage", "Lý do / kết quả"))

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: list[SyncRow] = []

    def set_rows(self, rows: list[SyncRow], append: bool = False) -> None:
        if append:
            if rows:
                self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(rows) - 1)
                self.rows.extend(rows)
                self.endInsertRows()
            return
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("SyncPage", self.HEADERS[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        r = self.rows[index.row()]
        col = index.column()
        if col == self.COL_CODE:
            return r.code
        if col == self.COL_APPLICANT:
            return r.applicant_name
        if col == self.COL_KIND:
            return QCoreApplication.translate("SyncPage", "{kind} (phiên bản {version})").format(kind=r.kind_label, version=r.version)
        if col == self.COL_CHANGES:
            return str(r.changes)
        if col == self.COL_AT:
            return f"{r.created_at:%H:%M %d/%m/%Y}" if r.created_at else ""
        if col == self.COL_ATTEMPTS:
            return str(r.attempts)
        if r.state == "parked":
            return r.reason
        if r.state == "sent":
            return QCoreApplication.translate("SyncPage", "Tỉnh đã nhận lúc {t}").format(t=f"{r.sent_at:%H:%M %d/%m/%Y}" if r.sent_at else "")
        return QCoreApplication.translate("SyncPage", "Chờ gửi")


class SyncPage(QWidget):
    def __init__(self, controller: SyncController, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.actor = actor
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.sync_button = QPushButton(QCoreApplication.translate("SyncPage", "Đồng bộ ngay"), self)
        self.export_button = QPushButton(QCoreApplication.translate("SyncPage", "Xuất nhật ký đồng bộ…"), self)
        self.config_button = QPushButton(QCoreApplication.translate("SyncPage", "Cấu hình…"), self)
        self.config_button.setVisible(permissions.allowed(actor, "sync.configure"))
        self.state_box = QComboBox(self)
        for key in ("parked", "pending", "sent"):
            self.state_box.addItem(QCoreApplication.translate("SyncPage", STATE_LABELS[key]), key)
        self.model = SyncRowsModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # a page is at most a few hundred rows
        header.setSectionResizeMode(SyncRowsModel.COL_REASON, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.retry_button = QPushButton(QCoreApplication.translate("SyncPage", "Gửi lại hồ sơ này"), self)
        self.retry_button.setToolTip(QCoreApplication.translate("SyncPage", "Sửa thông tin hồ sơ theo lý do tỉnh nêu, rồi bấm để gửi lại."))
        self.more_button = QPushButton(QCoreApplication.translate("SyncPage", "Tải thêm"), self)
        self._syncing = False
        self._outcome_shown = False  # how the last run asked for ended stays on screen (no empty-list note over it)
        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        self.files_line = QLabel(self)  # the attached files of the last run: sent, bytes, failed
        self.files_line.setWordWrap(True)
        self.files_line.setObjectName("files_line")

        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.sync_button)
        top.addWidget(self.export_button)
        top.addWidget(self.config_button)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(QCoreApplication.translate("SyncPage", "Xem:"), self))
        bar.addWidget(self.state_box)
        bar.addStretch(1)
        bar.addWidget(self.retry_button)
        bar.addWidget(self.more_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.files_line)
        layout.addWidget(self.notice)

        self.sync_button.clicked.connect(self.sync_now)
        self.export_button.clicked.connect(self.ask_export)
        self.config_button.clicked.connect(self.open_config)
        self.retry_button.clicked.connect(self.retry_selected)
        self.more_button.clicked.connect(self.load_more)
        self.state_box.currentIndexChanged.connect(lambda _i: self.reload())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        controller.snapshot_changed.connect(self.show_snapshot)
        controller.rows_loaded.connect(self._rows_loaded)
        controller.run_finished.connect(lambda _s: self.reload())
        controller.run_finished.connect(self.show_files)
        controller.exported.connect(lambda path: self.notice.setText(
            QCoreApplication.translate("SyncPage", "Đã xuất nhật ký đồng bộ ra {path}. Gửi tệp này cho bộ phận CNTT.").format(path=path)))
        controller.failed.connect(self.notice.setText)
        self.show_snapshot(controller.snapshot)
        self._update_buttons()
        self.reload()

    @property
    def state(self) -> str:
        return str(self.state_box.currentData())

    def page_shown(self) -> None:
        self.reload()

    def show_snapshot(self, s: SyncSnapshot) -> None:
        text = describe(s)
        if s.last_success:
            text += " · " + QCoreApplication.translate("SyncPage", "lần gửi được gần nhất {t}").format(t=f"{s.last_success:%H:%M %d/%m/%Y}")
        if s.message:
            text += "\n" + s.message
        self.summary.setText(text)
        self.sync_button.setEnabled(s.mode != "sending" or not s.total)
        if self._syncing and s.mode != "sending":
            # The run asked for ended (or never started: not configured, offline): say how, not "Đang…".
            self._syncing = False
            self._outcome_shown = True
            self.notice.setText(s.message or describe(s))

    def show_files(self, summary: RunSummary) -> None:
        """The attached files of the run that ended: how many went, how many bytes, which did not and why."""
        failed = summary.files_failed
        text = QCoreApplication.translate("SyncPage", "Tệp đính kèm lượt vừa rồi: đã gửi {n} tệp ({size}).").format(
            n=summary.files_sent, size=_size(summary.files_bytes))
        if failed:
            text += " " + QCoreApplication.translate(
                "SyncPage", "{n} tệp chưa gửi được, sẽ gửi lại lượt sau:").format(n=len(failed))
            text += "\n" + "\n".join("• " + line for line in failed[:5])
        self.files_line.setText(text)
        self.files_line.setStyleSheet("color:#a40000;" if failed else "")

    def reload(self) -> None:
        self.controller.load_rows(self.state)

    def load_more(self) -> None:
        if self.model.rows:
            self.controller.load_rows(self.state, before_id=self.model.rows[-1].outbox_id)

    def _rows_loaded(self, state: str, rows: list[SyncRow], append: bool) -> None:
        if state != self.state:
            return  # an answer for a list the user has left
        self.model.set_rows(rows, append)
        self.more_button.setEnabled(len(rows) == PAGE)
        if not append and not rows and not self._syncing and not self._outcome_shown:  # a run's ending stays
            self.notice.setText(QCoreApplication.translate("SyncPage", "Không có mục nào ở trạng thái «{state}».").format(state=QCoreApplication.translate("SyncPage", STATE_LABELS[state])))
        self._update_buttons()

    def selected_row(self) -> SyncRow | None:
        picked = self.table.selectionModel().selectedRows()
        return self.model.rows[picked[0].row()] if picked else None

    def _update_buttons(self) -> None:
        row = self.selected_row()
        self.retry_button.setEnabled(row is not None and row.state == "parked")

    def sync_now(self) -> None:
        self.notice.setText(QCoreApplication.translate("SyncPage", "Đang đồng bộ với hệ thống một cửa của tỉnh…"))
        self._syncing = True
        self.controller.sync_now()

    def retry_selected(self) -> None:
        row = self.selected_row()
        if row is None or row.state != "parked":
            return
        self.notice.setText(QCoreApplication.translate("SyncPage", "Đã đưa hồ sơ {code} vào hàng chờ gửi lại.").format(code=row.code))
        self.controller.retry(row.dossier_id, self.actor)

    def open_config(self) -> SyncConfigDialog:
        dialog = SyncConfigDialog(self.controller, self.actor, self)
        dialog.open()
        return dialog

    def ask_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, QCoreApplication.translate("SyncPage", "Xuất nhật ký đồng bộ"),
                                              str(Path.home() / "nhat-ky-dong-bo.zip"), QCoreApplication.translate("SyncPage", "Tệp nén (*.zip)"))
        if path:
            self.controller.export_log(Path(path))


def create_page(ctx, parent: QWidget | None = None) -> SyncPage:  # type: ignore[no-untyped-def]
    """Hook for app.ui.pages: the Sync page over the context's shared sync controller."""
    return SyncPage(controller_for(ctx), ctx.actor, parent)


def _size(n: int) -> str:
    """Bytes as a person reads them (Vietnamese decimal comma)."""
    if n < 1024:
        return f"{n} B"
    value, unit = (n / 1024, "KB") if n < 1024 * 1024 else (n / 1024 / 1024, "MB")
    return f"{value:.1f} {unit}".replace(".", ",")
