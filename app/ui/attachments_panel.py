"""The attachments panel: a dossier's papers with their scans, for the intake page and the detail pane.

The list shows each component ("chưa số hóa", or its pages and whether it was scanned here or reused)
and, once the dossier is "result ready" or "returned", its result paper. The clerk attaches to the
selected paper from a file dialog (Ctrl+O), by dropping files on the panel, or from the watched "scan to
folder": new scans wait in "Tệp quét mới" and F8 assigns the oldest one to the selected paper in one
keystroke. A citizen's papers digitised in earlier dossiers are listed under "Giấy tờ đã số hóa có thể
dùng lại" and Ctrl+R reuses the chosen one for the selected component. Selecting a digitised paper shows
its first page; Enter opens it in the system's viewer from a private copy streamed to disk
(attachments_preview). The detail pane calls `set_dossier(code)`. The intake page calls
`set_draft(component names, ID number)` before the dossier exists: files and reuses then wait
(attachments_draft) and `attach_queued(code)` attaches them right after the save (a refused file is
reported, the dossier stays saved); `select_paper(position)` follows the intake form's focused component. An attachment or a
reuse sends the file the panel shows at the paper: when another counter changed that paper since, nothing
is written, the message says what changed and the panel reloads. UI thread; all work runs in ctx.tasks
(writes on the write lane).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import ConcurrentChange
from app.operations import OpContext, admin
from app.operations import files as ops
from app.ui.attachments_draft import DraftPapers
from app.ui.attachments_preview import PaperPreview
from app.ui.attachments_watch import ScanFolderWatcher
from app.ui.context import UiContext
from app.ui.tasks import error_text

RESULT_ROW = 0  # item data for the result paper's row; components use their position (from 1)
RESULT_STATUSES = (9, 10)
ROLE = Qt.ItemDataRole.UserRole


def _kb(n: int) -> str:
    return f"{n / 1024:,.0f} KB".replace(",", ".")


class AttachmentsPanel(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.code = ""
        self.data: ops.DossierPapers | None = None
        self.waiting: list[Path] = []
        self.draft = DraftPapers()
        # Per paper (position, result code): this panel's attachments and reuses on their way there, and the
        # file the next one expects (set here when none is on its way, else by the one before it, on the lane).
        self._sending: dict[tuple[int, str], int] = {}
        self._seen: dict[tuple[int, str], str] = {}
        self.setAcceptDrops(True)

        self.papers = QListWidget()
        self.papers.setAccessibleName(self.tr("Thành phần hồ sơ và tệp số hóa"))
        self.papers.currentItemChanged.connect(lambda *_: self.preview.show_file(self._slot_file()))
        self.papers.itemActivated.connect(lambda _item: self.open_selected())
        self.preview = PaperPreview(ctx, self._failed)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setMinimumHeight(self.status.fontMetrics().lineSpacing() * 3)
        self.result_code = QLineEdit()
        self.result_code.setPlaceholderText(self.tr("Số/ký hiệu giấy tờ kết quả (nếu có)"))
        self.incoming = QListWidget()
        self.incoming.setAccessibleName(self.tr("Tệp quét mới chờ gán"))
        self.reusable = QListWidget()
        self.reusable.setAccessibleName(self.tr("Giấy tờ đã số hóa có thể dùng lại"))
        for small in (self.incoming, self.reusable):
            small.setMaximumHeight(small.fontMetrics().lineSpacing() * 6)
        self.watcher = ScanFolderWatcher(self)
        self.watcher.arrived.connect(self._scan_arrived)

        buttons = QHBoxLayout()
        for text, slot in ((self.tr("Chọn tệp… (Ctrl+O)"), self.choose_files), (self.tr("Mở (Enter)"), self.open_selected),
                           (self.tr("Thư mục máy quét…"), self.choose_scan_folder)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        self.reuse_button = QPushButton(self.tr("Dùng lại cho thành phần đang chọn (Ctrl+R)"))
        self.reuse_button.clicked.connect(self.reuse_selected)
        self.assign_button = QPushButton(self.tr("Gán tệp quét mới nhất (F8)"))
        self.assign_button.clicked.connect(self.assign_next_scan)

        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("Giấy tờ của hồ sơ (kéo thả tệp vào đây):")))
        left.addWidget(self.papers, 1)
        left.addWidget(self.result_code)
        left.addLayout(buttons)
        left.addWidget(QLabel(self.tr("Tệp quét mới:")))
        left.addWidget(self.incoming)
        left.addWidget(self.assign_button)
        left.addWidget(QLabel(self.tr("Giấy tờ đã số hóa có thể dùng lại:")))
        left.addWidget(self.reusable)
        left.addWidget(self.reuse_button)
        left.addWidget(self.status)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addWidget(self.preview, 2)
        for keys, slot in (("Ctrl+O", self.choose_files), ("F8", self.assign_next_scan),
                           ("Ctrl+R", self.reuse_selected)):
            QShortcut(QKeySequence(keys), self, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    # --- loading --------------------------------------------------------------------------------------
    @property
    def op(self) -> OpContext:
        return self.ctx.op

    def set_dossier(self, code: str) -> None:
        self.code = code
        self.reload()

    def reload(self) -> None:
        if self.code:
            self.ctx.tasks.run(ops.papers, self.op, self.code, on_done=self._loaded, on_error=self._failed)

    def _loaded(self, data: ops.DossierPapers) -> None:
        if not shiboken6.isValid(self.papers):
            return  # the pane closed before the answer came back
        keep = self.selected_target()
        self.data = data
        self.papers.clear()
        for slot in data.slots:
            f = slot.file
            if f is None:
                state = self.tr("chưa số hóa")
            elif f.awaiting:
                state = self.tr("chờ máy lưu động «{laptop}» gửi tệp về").format(laptop=f.awaiting)
            else:
                how = self.tr("dùng lại từ hồ sơ {code}").format(code=f.reused_from_code) if f.reused else self.tr("số hóa")
                state = self.tr("{pages} trang, {size}, {how}").format(pages=f.pages, size=_kb(f.size), how=how)
            item = QListWidgetItem(f"{slot.position}. {slot.name} — {state}")
            item.setData(ROLE, slot.position)
            self.papers.addItem(item)
        if data.status in RESULT_STATUSES:
            done = ", ".join(self.tr("{pages} trang").format(pages=r.pages) for r in data.results) or self.tr("chưa số hóa")
            item = QListWidgetItem(self.tr("Kết quả giải quyết — {state}").format(state=done))
            item.setData(ROLE, RESULT_ROW)
            self.papers.addItem(item)
        self._fill_reusable(data.reusable)
        self.select_paper(keep if keep is not None else 1)

    def _fill_reusable(self, papers: list[ops.ReusablePaper]) -> None:
        if not shiboken6.isValid(self.papers):
            return  # the pane closed before the answer came back
        self.reusable.clear()
        for paper in papers:
            item = QListWidgetItem(self.tr("{name} — hồ sơ {code}, {day}, {pages} trang").format(
                name=paper.paper_name, code=paper.dossier_code, day=f"{paper.attached_at:%d/%m/%Y}",
                pages=paper.pages))
            item.setData(ROLE, paper.uuid)
            self.reusable.addItem(item)
        if self.reusable.count():
            self.reusable.setCurrentRow(0)

    def select_paper(self, position: int) -> None:
        """Select component `position` (0: the result paper) as the target of the next attachment."""
        for row in range(self.papers.count()):
            if self.papers.item(row).data(ROLE) == position:
                self.papers.setCurrentRow(row)
                return

    def selected_target(self) -> int | None:
        item = self.papers.currentItem()
        return None if item is None else int(item.data(ROLE))

    def _slot_file(self) -> ops.AttachedFile | None:
        target = self.selected_target()
        if self.data is None or target is None:
            return None
        if target == RESULT_ROW:
            return self.data.results[-1] if self.data.results else None
        return next((s.file for s in self.data.slots if s.position == target), None)

    # --- attaching ------------------------------------------------------------------------------------
    def _target_kw(self) -> dict:
        target = self.selected_target()
        if target == RESULT_ROW:
            return {"result": True, "result_code": self.result_code.text()}
        return {"component": target}

    def _write(self, fn: Callable[..., ops.AttachOutcome], *args: Any, on_done: Callable[[ops.AttachOutcome], None],
               on_error: Callable[[BaseException], None], **kw: Any) -> None:
        """Run an attachment or a reuse for the selected paper on the write lane with the file the panel shows
        there (`seen`, "" none): the service refuses it when another counter changed the paper since. While
        this panel's own are on their way to the same paper, the next expects the file the one before it left
        (they run one after another on the write lane); after a refused one it is refused too."""
        target = self.selected_target()
        assert target is not None
        shown, paper = self._slot_file(), (target, "")
        if target == RESULT_ROW:  # the result paper with the code typed
            paper = (target, ops.result_key(self.result_code.text()))
            shown = next((r for r in self.data.results if r.result_code == paper[1]), None) if self.data else None
        if not self._sending.get(paper):  # nothing of this panel's on its way there: what it shows
            self._seen[paper] = shown.uuid if shown else ""
        self._sending[paper] = self._sending.get(paper, 0) + 1
        seen = self._seen

        def call(*a: Any, **k: Any) -> ops.AttachOutcome:  # on the write lane
            out = fn(*a, seen=seen[paper], **k)
            seen[paper] = out.file.uuid
            return out

        def back(reply: Callable[[Any], None], outcome: Any) -> None:
            self._sending[paper] -= 1
            reply(outcome)

        self.ctx.tasks.run(call, self.op, self.code, *args, write=True, on_done=partial(back, on_done),
                           on_error=partial(back, on_error), **kw)

    def attach_paths(self, paths: list[Path]) -> None:
        """Attach files to the selected paper in the background (queued while the dossier is a draft)."""
        target = self.selected_target()
        if target is None or not paths:
            self._say(self.tr("Hãy chọn giấy tờ cần đính kèm trước."), "error")
            return
        if not self.code:
            self.draft.add_files(target, paths)
            self._render_draft()
            return
        self._write(ops.attach, list(paths), on_done=self._attached, on_error=self._failed, **self._target_kw())

    def _attached(self, out: ops.AttachOutcome) -> None:
        f = out.file
        self._say(self.tr("Đã đính kèm «{name}»: {pages} trang, {size}.").format(name=f.paper_name, pages=f.pages,
                                                                                 size=_kb(f.size)), "ok")
        self.ctx.notify_changed(out.changes.kind, list(out.changes.ids))
        self.reload()

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Chọn ảnh quét hoặc PDF"), "",
                                                self.tr("Ảnh quét và PDF (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;Mọi tệp (*)"))
        self.attach_paths([Path(p) for p in paths])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.attach_paths(paths)

    # --- a dossier not saved yet (intake): papers wait, attached right after the save ---------------------
    def set_draft(self, components: list[str], id_number: str = "") -> None:
        """Show the intake form's components; what the clerk attaches or reuses waits for `attach_queued`."""
        self.code, self.data = "", None
        self.draft.reset(components)
        self._render_draft()
        self.show_reusable(id_number)

    def rename_draft(self, components: list[str]) -> None:
        """The intake form's papers changed (ticked, added): keep what waits for the papers still there."""
        if self.code:
            return
        self.draft.rename(components)
        self._render_draft()

    def show_reusable(self, id_number: str) -> None:
        """The papers digitised earlier for this ID number, offered for reuse (none without a number)."""
        self.reusable.clear()
        if id_number:
            self.ctx.tasks.run(ops.reusable, self.op, id_number, on_done=self._fill_reusable, on_error=self._failed)

    def _render_draft(self) -> None:
        keep = self.selected_target()
        self.papers.clear()
        for position, text in self.draft.rows():
            item = QListWidgetItem(text)
            item.setData(ROLE, position)
            self.papers.addItem(item)
        self.select_paper(keep or 1)

    def attach_queued(self, code: str) -> None:
        """After the intake saved dossier `code`: attach what waited, one paper at a time; a refused file is
        reported (the dossier stays saved) and the clerk attaches it again from the detail pane."""
        self.code = code
        jobs = self.draft.take_jobs()
        problems: list[str] = []
        left = [len(jobs)]

        def finished(pos: int, paths: list[Path], exc: BaseException | None) -> None:
            if exc is None:
                for path in paths:
                    self.watcher.done(path)
            else:
                problems.append(self.tr("Thành phần {pos}: {error}").format(pos=pos, error=error_text(exc)))
            left[0] -= 1
            if left[0] == 0:
                self.reload()
                if problems:
                    self._say("\n".join(problems), "error")

        for pos, paths, uuid in jobs:
            replies = {"on_done": lambda _out, p=pos, f=paths: finished(p, f, None),
                       "on_error": lambda exc, p=pos, f=paths: finished(p, f, exc)}
            if uuid is None:
                self.ctx.tasks.run(ops.attach, self.op, code, paths, component=pos, write=True, **replies)
            else:
                self.ctx.tasks.run(ops.reuse, self.op, code, pos, uuid, write=True, **replies)
        if not jobs:
            self.reload()

    # --- the watched scan folder ------------------------------------------------------------------------
    def set_scan_folder(self, folder: Path) -> None:
        self.watcher.watch(folder)
        self._say(self.tr("Đang theo dõi thư mục máy quét {folder}: tệp mới sẽ hiện ở «Tệp quét mới», nhấn F8 để "
                          "gán vào giấy tờ đang chọn.").format(folder=folder), "info")

    def choose_scan_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Thư mục máy quét lưu tệp vào"))
        if folder:
            self.set_scan_folder(Path(folder))
            self.remember_scan_folder(Path(folder))

    def remember_scan_folder(self, folder: Path) -> None:
        """Keep the folder as the desk's setting, so the next start watches it again (needs «thiết lập»)."""
        if self.ctx.can("settings.change"):
            self.ctx.tasks.run(admin.store_settings, self.op, {"files_scan_folder": str(folder)}, write=True,
                               on_done=lambda saved: self.ctx.announce(saved.changes), on_error=self._failed)

    def _scan_arrived(self, path: Path) -> None:
        self.waiting.append(path)
        self.incoming.addItem(path.name)

    def assign_next_scan(self) -> None:
        """F8: the oldest new scan goes to the selected paper (it waits again, first, if it is refused)."""
        if not self.waiting or self.selected_target() is None:
            self._say(self.tr("Chưa có tệp quét mới. Hãy quét giấy tờ vào thư mục máy quét."), "error")
            return
        path = self.waiting.pop(0)
        self.incoming.takeItem(0)
        if not self.code:
            self.attach_paths([path])
            return

        def back(exc: BaseException) -> None:
            self.waiting.insert(0, path)
            self.incoming.insertItem(0, path.name)
            self._failed(exc)

        self._write(ops.attach, [path], on_error=back, on_done=lambda out: (self.watcher.done(path), self._attached(out)),
                    **self._target_kw())

    # --- reuse, open ------------------------------------------------------------------------------------
    def reuse_selected(self) -> None:
        item, target = self.reusable.currentItem(), self.selected_target()
        if item is None or not target:
            self._say(self.tr("Hãy chọn giấy tờ đã số hóa và thành phần cần dùng lại."), "error")
            return
        if not self.code:
            self.draft.reuse(target, str(item.data(ROLE)))
            self._render_draft()
            return
        self._write(ops.reuse, target, str(item.data(ROLE)), on_done=self._attached, on_error=self._failed)

    def open_selected(self) -> None:
        """Enter: the paper opens in the system's viewer from a private copy streamed to disk."""
        f = self._slot_file()
        if f is not None:
            self.preview.open_file(f)

    # --- messages -------------------------------------------------------------------------------------
    def _failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self.papers):
            return  # the pane closed before the answer came back
        self._say(error_text(exc), "error")
        if isinstance(exc, ConcurrentChange):  # another counter changed the paper: show it (and the dossier) now
            self.reload()
            if self.data is not None:
                self.ctx.notify_changed("files", [self.data.dossier_id])

    def _say(self, text: str, level: str) -> None:
        self.status.setText(text)
        self.status.setProperty("level", level)
        self.ctx.say(text, level)
