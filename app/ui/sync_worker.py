"""Background sync for the app: a health probe on a timer, a run whenever the province answers and
something is waiting, "sync now", retry of one dossier, loading rows for the Sync page, exporting the log.

`SyncController` lives on the UI thread and owns a QTimer; its work runs on the app's task helper
(`Tasks`): the probe and the push on the network lane (so a long push never holds up the database writer
or a read), retries on the writer, page loads and exports on the read pool. The steps themselves are the
sync-control operations (`app.operations.sync`). The one controller of a window is the `sync` field of
its UiContext (`controller_for(ctx)` creates and starts it on first use), shared by the status-bar
indicator and the Sync page.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot

from app.errors import MotCuaError
from app.operations import OpContext
from app.operations import sync as ops
from app.operations.sync import ALL_SENT, ATTENTION, OFFLINE, SENDING, SyncSnapshot
from app.services.dto import Actor
from app.sync.service import SyncService
from app.ui.tasks import TaskControl, Tasks

if TYPE_CHECKING:
    from app.ui.context import UiContext

__all__ = ["ALL_SENT", "ATTENTION", "OFFLINE", "SENDING", "SyncController", "SyncSnapshot", "controller_for"]


class SyncController(QObject):
    snapshot_changed = Signal(object)  # SyncSnapshot
    run_finished = Signal(object)  # RunSummary
    rows_loaded = Signal(str, object, bool)  # state, list[SyncRow], append
    exported = Signal(str)  # path of the zip
    failed = Signal(str)  # Vietnamese message

    def __init__(self, service: SyncService, tasks: Tasks | None = None, *, interval_ms: int | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.service = service
        self.tasks = tasks or Tasks(parent=self)
        self.timer = QTimer(self)
        if interval_ms is None:  # one small settings read, once
            interval_ms = max(5, int(service.desk.setting("sync_interval_seconds"))) * 1000
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.tick)
        self.snapshot = SyncSnapshot(OFFLINE, message="Đang kiểm tra kết nối…")
        self.running = False
        self._queued = 0  # cycles asked for and not finished (never more than one runs at a time)
        self._stop = threading.Event()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)

    # --- public, UI thread ------------------------------------------------------------------------
    def start(self) -> None:
        self._stop.clear()
        self.timer.start()
        self.tick()

    def stop(self, wait_ms: int = 10_000) -> None:
        self.timer.stop()
        self._stop.set()  # a run in progress stops after its current batch
        self.tasks.wait_network(wait_ms)

    @Slot()
    def tick(self) -> None:
        """Probe the province; if it answers and something is waiting, send it."""
        if not self.running and not self._queued:
            self._cycle(force=False)

    def sync_now(self) -> None:
        if not self._queued:  # a run already under way picks up what is waiting at its next pass
            self._cycle(force=True)

    def retry(self, dossier_id: int, actor: Actor) -> None:
        op = OpContext(self.service.desk, actor)
        self.tasks.run(ops.retry, op, self.service, dossier_id, write=True, on_done=lambda _c: self.sync_now(),
                       on_error=self._failed)

    def load_rows(self, state: str, before_id: int | None = None) -> None:
        self.tasks.run(ops.rows, self.service, state, before_id, on_error=self._failed,
                       on_done=lambda rows: self.rows_loaded.emit(state, rows, before_id is not None))

    def export_log(self, dest: Path) -> None:
        # The file dialog has asked "Ghi đè?" for an existing file, hence force.
        self.tasks.run(ops.export_log, self.service, dest, True, on_error=self._failed,
                       on_done=lambda path: self.exported.emit(str(path)))

    def call(self, fn: Callable[[], Any], on_done: Callable[[Any], None], on_error: Callable[[str], None]) -> None:
        """Run `fn` off the UI thread; `on_done(result)` or `on_error(message)` follow on the UI thread."""
        self.tasks.run(fn, on_done=on_done, on_error=lambda exc: on_error(_text(exc)))

    # --- the cycle ----------------------------------------------------------------------------------
    def _cycle(self, force: bool) -> None:
        self._queued += 1
        stop = self._stop.is_set

        def step(control: TaskControl) -> ops.Cycled:
            return ops.cycle(self.service, force=force, progress=lambda d, t: control.progress(d, t),
                             should_stop=stop)

        self.tasks.run(step, network=True, with_control=True, on_progress=self._on_progress,
                       on_done=self._cycled, on_error=self._cycle_failed)

    def _on_progress(self, done: int, total: int, _text: str) -> None:
        self.running = True
        s = self.snapshot
        self._publish(SyncSnapshot(SENDING, max(0, total - done), s.parked, done, total, s.last_success))

    def _cycled(self, result: ops.Cycled) -> None:
        self._queued -= 1
        self.running = False
        self._publish(result.snapshot)
        if result.summary is not None:
            self.run_finished.emit(result.summary)

    def _cycle_failed(self, exc: BaseException) -> None:
        self._queued -= 1
        self.running = False
        self._publish(SyncSnapshot(OFFLINE, self.snapshot.pending, self.snapshot.parked,
                                   last_success=self.snapshot.last_success, message=_text(exc)))
        self.failed.emit(_text(exc))

    def _failed(self, exc: BaseException) -> None:
        self.failed.emit(_text(exc))

    def _publish(self, snapshot: SyncSnapshot) -> None:
        self.snapshot = snapshot
        self.snapshot_changed.emit(snapshot)


def _text(exc: object) -> str:
    if isinstance(exc, MotCuaError):
        return exc.message
    return f"Lỗi không mong đợi khi đồng bộ ({type(exc).__name__}); chi tiết trong nhật ký đồng bộ."


def controller_for(ctx: UiContext) -> SyncController:
    """The one controller of this UiContext (its `sync` field, created and started on first use); UI thread."""
    if ctx.sync is None:
        controller = SyncController(SyncService(ctx.desk), ctx.tasks)
        ctx.sync = controller

        controller.run_finished.connect(lambda summary: ctx.announce(*ops.changes_of(summary)))
        controller.start()
    return ctx.sync
