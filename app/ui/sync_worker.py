"""Background sync for the app: a health probe on a timer, a run whenever the province answers and
something is waiting, "sync now", retry of one dossier, loading rows for the Sync page, exporting the log.

`SyncController` lives on the UI thread and owns a QTimer and a small QThreadPool of its own, so a long
push never holds up the app's database writer and the UI thread never waits on the network or the
database. Work runs on the pool thread and comes back through the controller's own signals, which Qt
delivers queued on the UI thread. `controller_for(ctx)` gives the one controller of a UiContext, shared
by the status-bar indicator and the Sync page.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, QTimer, Signal, Slot

from app.errors import MotCuaError
from app.services.dto import Actor
from app.sync.runner import RunSummary
from app.sync.service import SyncService

log = logging.getLogger(__name__)

OFFLINE, SENDING, ALL_SENT, ATTENTION = "offline", "sending", "all_sent", "attention"


@dataclass(frozen=True)
class SyncSnapshot:
    mode: str  # offline | sending | all_sent | attention
    pending: int = 0
    parked: int = 0  # dossiers with rejected changes
    done: int = 0
    total: int = 0
    last_success: dt.datetime | None = None
    configured: bool = True
    message: str = ""


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], done: Signal, failed: Signal, tag: str):
        super().__init__()
        self.setAutoDelete(True)
        self.fn, self.done, self.failed, self.tag = fn, done, failed, tag

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:  # noqa: BLE001 - reported on the UI thread
            if not isinstance(exc, MotCuaError):
                log.exception("sync job %s failed", self.tag)
            self.failed.emit(self.tag, exc)
        else:
            self.done.emit(self.tag, result)


class _Relay(QObject):
    """Carries one generic job's result back to the UI thread (lives there; signals arrive queued)."""

    done = Signal(str, object)
    failed = Signal(str, object)

    def __init__(self, on_done: Callable[[Any], None], on_error: Callable[[str], None], owner: set):
        super().__init__()
        self.on_done, self.on_error, self.owner = on_done, on_error, owner
        self.done.connect(self._done)
        self.failed.connect(self._failed)

    @Slot(str, object)
    def _done(self, _tag: str, result: object) -> None:
        self.owner.discard(self)
        self.on_done(result)

    @Slot(str, object)
    def _failed(self, _tag: str, exc: object) -> None:
        self.owner.discard(self)
        self.on_error(_text(exc))


class SyncController(QObject):
    snapshot_changed = Signal(object)  # SyncSnapshot
    run_finished = Signal(object)  # RunSummary
    rows_loaded = Signal(str, object, bool)  # state, list[SyncRow], append
    exported = Signal(str)  # path of the zip
    failed = Signal(str)  # Vietnamese message
    _done = Signal(str, object)
    _failed = Signal(str, object)
    _progress = Signal(int, int)

    def __init__(self, service: SyncService, *, interval_ms: int | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.service = service
        self.pool = QThreadPool(self)
        # Two threads: a probe or run (never more than one at a time, see `_queued`) and, beside it, page
        # loads, exports and settings, so the Sync page answers even during a long push.
        self.pool.setMaxThreadCount(2)
        self.timer = QTimer(self)
        if interval_ms is None:  # one small settings read, once
            interval_ms = max(5, int(service.desk.setting("sync_interval_seconds"))) * 1000
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.tick)
        self.snapshot = SyncSnapshot(OFFLINE, message="Đang kiểm tra kết nối…")
        self.running = False
        self._queued = 0
        self._relays: set[_Relay] = set()
        self._stop = threading.Event()
        self._done.connect(self._on_done)
        self._failed.connect(self._on_failed)
        self._progress.connect(self._on_progress)
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
        self.pool.waitForDone(wait_ms)

    @Slot()
    def tick(self) -> None:
        """Probe the province; if it answers and something is waiting, send it."""
        if not self.running and not self._queued:
            self._submit("cycle", lambda: self._cycle(force=False))

    def sync_now(self) -> None:
        if not self._queued:  # a run already under way picks up what is waiting at its next pass
            self._submit("cycle", lambda: self._cycle(force=True))

    def retry(self, dossier_id: int, actor: Actor) -> None:
        self._submit("retry", lambda: self.service.retry_dossier(dossier_id, actor))

    def load_rows(self, state: str, before_id: int | None = None) -> None:
        self._submit("rows", lambda: (state, self.service.rows(state, before_id=before_id), before_id is not None))

    def export_log(self, dest: Path) -> None:
        self._submit("export", lambda: str(self.service.export_log(dest, force=True)))

    def call(self, fn: Callable[[], Any], on_done: Callable[[Any], None], on_error: Callable[[str], None]) -> None:
        """Run `fn` on the sync thread; `on_done(result)` or `on_error(message)` follow on the UI thread."""
        relay = _Relay(on_done, on_error, self._relays)
        self._relays.add(relay)  # kept alive until it has delivered
        self.pool.start(_Job(fn, relay.done, relay.failed, "call"))

    # --- pool thread ------------------------------------------------------------------------------
    def _cycle(self, force: bool) -> tuple[SyncSnapshot, RunSummary | None]:
        probe = self.service.probe()
        counts = self.service.counts()
        if not probe.ok:
            return SyncSnapshot(ATTENTION if probe.fatal else OFFLINE, counts.pending, counts.parked_dossiers, 0, 0,
                                counts.last_success, probe.configured, probe.message), None
        summary = None
        if counts.pending or force:
            self._progress.emit(0, counts.pending)
            summary = self.service.run(progress=lambda d, t: self._progress.emit(d, t),
                                       should_stop=self._stop.is_set)
            counts = self.service.counts()
        mode = ATTENTION if counts.parked else ALL_SENT if not counts.pending else SENDING
        message = summary.error if summary and summary.error else ""
        if summary and (summary.unreachable or summary.busy):
            mode = OFFLINE
        if summary and summary.fatal:
            mode = ATTENTION
        return SyncSnapshot(mode, counts.pending, counts.parked_dossiers, 0, 0, counts.last_success, True,
                            message), summary

    def _submit(self, tag: str, fn: Callable[[], Any]) -> None:
        if tag == "cycle":
            self._queued += 1
        self.pool.start(_Job(fn, self._done, self._failed, tag))

    # --- results, UI thread -----------------------------------------------------------------------
    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self.running = True
        s = self.snapshot
        self._publish(SyncSnapshot(SENDING, max(0, total - done), s.parked, done, total, s.last_success))

    @Slot(str, object)
    def _on_done(self, tag: str, result: object) -> None:
        if tag == "cycle":
            self._queued -= 1
            self.running = False
            snapshot, summary = result  # type: ignore[misc]
            self._publish(snapshot)
            if summary is not None:
                self.run_finished.emit(summary)
        elif tag == "retry":
            self.sync_now()
        elif tag == "rows":
            state, rows, append = result  # type: ignore[misc]
            self.rows_loaded.emit(state, rows, append)
        elif tag == "export":
            self.exported.emit(result)

    @Slot(str, object)
    def _on_failed(self, tag: str, exc: object) -> None:
        if tag == "cycle":
            self._queued -= 1
            self.running = False
            self._publish(SyncSnapshot(OFFLINE, self.snapshot.pending, self.snapshot.parked,
                                       last_success=self.snapshot.last_success, message=_text(exc)))
        self.failed.emit(_text(exc))

    def _publish(self, snapshot: SyncSnapshot) -> None:
        self.snapshot = snapshot
        self.snapshot_changed.emit(snapshot)


def _text(exc: object) -> str:
    if isinstance(exc, MotCuaError):
        return exc.message
    return f"Lỗi không mong đợi khi đồng bộ ({type(exc).__name__}); chi tiết trong nhật ký đồng bộ."


def controller_for(ctx: Any) -> SyncController:
    """The one controller of this UiContext (created and started on first use); UI thread."""
    controller = getattr(ctx, "_sync_controller", None)
    if controller is None:
        controller = SyncController(SyncService(ctx.desk))
        ctx._sync_controller = controller

        def announce(summary: RunSummary) -> None:
            ctx.notify_changed("sync", [])
            if summary.updates_applied:
                ctx.notify_changed("dossier", [])

        controller.run_finished.connect(announce)
        controller.start()
    return controller
