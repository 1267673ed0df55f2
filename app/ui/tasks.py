"""The one helper that runs work off the UI thread and brings the result back by signal.

`Tasks.run(fn, ...)` queues `fn` on a lane and calls `on_done(result)` or `on_error(exc)` on the UI
thread. Three lanes: database writes go through a single writer (one thread), so they happen one after
another in the order they were asked for; reads and PDF rendering share a small read pool; the network
lane (one thread) carries the sync's probe and push, so a long push never holds up a read or a write.
A task that takes a `control` keyword gets a `TaskControl` to report progress and to notice that the
user pressed Cancel. Worker code never touches a widget: it only returns values (usually an operation's
result).

Pools are injected (`Tasks(reads=…, writes=…, network=…)`): tests pass a synchronous pool that runs each
job at once on the calling thread, or one that holds jobs until the test releases them in the order it
wants (tests/ui/pools.py).

Threads: `run` and every callback on the UI thread; `fn` on a pool thread (or the caller's, with a
synchronous pool).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from app.errors import MotCuaError

log = logging.getLogger(__name__)


class TaskCancelled(MotCuaError):
    """Raised inside a task when the user pressed Cancel; the task's partial work is dropped."""

    def __init__(self) -> None:
        super().__init__("Đã hủy theo yêu cầu.")


class TaskControl:
    """Handed to a task: progress reporting and the cancel flag. Any thread."""

    def __init__(self, relay: _Relay):
        self._relay = relay
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise TaskCancelled()

    def progress(self, done: int, total: int, text: str = "") -> None:
        self.check()
        self._relay.progressed.emit(int(done), int(total), text)


class _Relay(QObject):
    """Lives on the UI thread; signals emitted from the worker arrive here queued, then call back."""

    progressed = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, owner: Tasks, on_done: Callable[[Any], None] | None,
                 on_error: Callable[[BaseException], None] | None,
                 on_progress: Callable[[int, int, str], None] | None):
        super().__init__()
        self._owner, self._on_done, self._on_error, self._on_progress = owner, on_done, on_error, on_progress
        self.finished.connect(self._done)
        self.failed.connect(self._fail)
        self.progressed.connect(self._progress)

    @Slot(int, int, str)
    def _progress(self, done: int, total: int, text: str) -> None:
        if self._on_progress:
            self._on_progress(done, total, text)

    @Slot(object)
    def _done(self, result: object) -> None:
        self._owner._settle(self)
        if self._on_done:
            self._on_done(result)

    @Slot(object)
    def _fail(self, exc: object) -> None:
        self._owner._settle(self)
        assert isinstance(exc, BaseException)
        if self._on_error:
            self._on_error(exc)
        else:
            self._owner.failed.emit(error_text(exc))


class _Job(QRunnable):
    def __init__(self, fn: Callable[..., Any], args: tuple, kwargs: dict, relay: _Relay):
        super().__init__()
        self.setAutoDelete(True)
        self._fn, self._args, self._kwargs, self._relay = fn, args, kwargs, relay

    def run(self) -> None:
        try:
            result = self._fn(*self._args, **self._kwargs)
        except BaseException as exc:  # every failure goes back to the UI thread
            if not isinstance(exc, MotCuaError):
                log.exception("background task %s failed", getattr(self._fn, "__name__", self._fn))
            self._relay.failed.emit(exc)
        else:
            self._relay.finished.emit(result)


def error_text(exc: BaseException) -> str:
    """What the user reads for a failure: our Vietnamese message, or a generic one pointing to the log."""
    if isinstance(exc, MotCuaError):
        return exc.message
    return (f"Lỗi không mong đợi ({type(exc).__name__}). Chi tiết đã ghi vào tệp nhật ký; "
            "hãy thử lại hoặc báo bộ phận CNTT.")


class Pool(Protocol):
    """What a lane needs of a thread pool (QThreadPool has both)."""

    def start(self, runnable: QRunnable) -> None: ...

    def waitForDone(self, msecs: int = -1) -> bool: ...  # Qt's name


def thread_pool(threads: int, parent: QObject | None = None) -> QThreadPool:
    pool = QThreadPool(parent)
    pool.setMaxThreadCount(threads)
    return pool


class Tasks(QObject):
    """Background work for the whole app. `busy` tells the status bar whether anything is running."""

    busy = Signal(bool)
    #: A task without its own error handler failed: the Vietnamese text to show.
    failed = Signal(str)

    def __init__(self, read_threads: int = 2, *, reads: Pool | None = None, writes: Pool | None = None,
                 network: Pool | None = None, parent: QObject | None = None):
        super().__init__(parent)
        # The pools belong to this object, so Qt tears them down with it (never in a random GC order).
        self._reads: Pool = reads or thread_pool(read_threads, self)
        self._writes: Pool = writes or thread_pool(1, self)
        self._network: Pool = network or thread_pool(1, self)
        self._running: set[_Relay] = set()  # what the person is waiting for (reads and writes)
        self._background: set[_Relay] = set()  # the sync's network work: never "busy", never waited on by `pending`

    def run(self, fn: Callable[..., Any], *args: Any, on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None,
            on_progress: Callable[[int, int, str], None] | None = None, write: bool = False,
            network: bool = False, with_control: bool = False, **kwargs: Any) -> TaskControl:
        """Queue `fn(*args, **kwargs)` on the write lane (`write`), the network lane (`network`) or a reader."""
        relay = _Relay(self, on_done, on_error, on_progress)
        control = TaskControl(relay)
        if with_control:
            kwargs["control"] = control
        if network:
            self._background.add(relay)  # kept alive until it has delivered
        else:
            self._running.add(relay)
            if len(self._running) == 1:
                self.busy.emit(True)
        lane = self._writes if write else self._network if network else self._reads
        lane.start(_Job(fn, args, kwargs, relay))
        return control

    def _settle(self, relay: _Relay) -> None:
        if relay in self._background:
            self._background.discard(relay)
            return
        self._running.discard(relay)
        if not self._running:
            self.busy.emit(False)

    @property
    def pending(self) -> int:
        """Reads and writes not delivered yet (the sync's network work is not counted)."""
        return len(self._running)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the lanes are idle (shutdown and tests); results are still delivered by signal."""
        return all(pool.waitForDone(msecs) for pool in (self._network, self._writes, self._reads))

    def wait_network(self, msecs: int = 30_000) -> bool:
        """Block until the network lane is idle (the sync stopping at quit)."""
        return self._network.waitForDone(msecs)
