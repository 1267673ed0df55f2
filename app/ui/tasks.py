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
    """One task's callbacks and what it runs, on the UI thread until the task has delivered.

    The task's callable, arguments and callbacks (which often hold widgets) are released here, on the UI
    thread: a Qt object whose last reference dropped on a pool thread would be destroyed there, and a
    widget destroyed off the UI thread can deadlock the app (its destructor waits for the GIL while holding
    a Qt lock the UI thread wants)."""

    progressed = Signal(int, int, str)

    def __init__(self, owner: Tasks, on_done: Callable[[Any], None] | None,
                 on_error: Callable[[BaseException], None] | None,
                 on_progress: Callable[[int, int, str], None] | None, payload: tuple[Any, ...]):
        super().__init__()
        self._owner, self._on_done, self._on_error, self._on_progress = owner, on_done, on_error, on_progress
        self._payload: tuple[Any, ...] | None = payload  # (fn, args, kwargs): kept until delivered
        self.progressed.connect(self._progress)

    @Slot(int, int, str)
    def _progress(self, done: int, total: int, text: str) -> None:
        if self._on_progress:
            self._on_progress(done, total, text)

    def deliver(self, outcome: object, ok: bool) -> None:
        self._owner._settle(self)
        self._payload = None
        if ok:
            if self._on_done:
                self._on_done(outcome)
            return
        assert isinstance(outcome, BaseException)
        if self._on_error:
            self._on_error(outcome)
        else:
            self._owner.failed.emit(error_text(outcome))


class _Job(QRunnable):
    """Runs on a pool thread; holds the callable only while calling it (the relay keeps it meanwhile)."""

    def __init__(self, deliver: Any, job_id: int, fn: Callable[..., Any], args: tuple, kwargs: dict):
        super().__init__()
        self.setAutoDelete(True)
        self._deliver, self._id = deliver, job_id
        self._call: tuple[Callable[..., Any], tuple, dict] | None = (fn, args, kwargs)

    def run(self) -> None:
        assert self._call is not None
        fn, args, kwargs = self._call
        self._call = None
        outcome: object
        try:
            outcome, ok = fn(*args, **kwargs), True
        except BaseException as exc:  # every failure goes back to the UI thread
            if not isinstance(exc, MotCuaError):
                log.exception("background task %s failed", getattr(fn, "__name__", fn))
            outcome, ok = _without_frames(exc), False
        del fn, args, kwargs  # never the last references: the relay on the UI thread holds them
        self._deliver.emit(self._id, outcome, ok)


def _without_frames(exc: BaseException) -> BaseException:
    """The exception without its tracebacks (their frames may hold widgets), along its chain."""
    seen: set[int] = set()
    e: BaseException | None = exc
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        e.__traceback__ = None
        e = e.__cause__ or e.__context__
    return exc


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
    #: From a pool thread: (job id, result or exception, ok); handled on the UI thread.
    _delivered = Signal(int, object, bool)

    def __init__(self, read_threads: int = 2, *, reads: Pool | None = None, writes: Pool | None = None,
                 network: Pool | None = None, parent: QObject | None = None):
        super().__init__(parent)
        # The pools belong to this object, so Qt tears them down with it (never in a random GC order).
        self._reads: Pool = reads or thread_pool(read_threads, self)
        self._writes: Pool = writes or thread_pool(1, self)
        self._network: Pool = network or thread_pool(1, self)
        self._running: set[_Relay] = set()  # what the person is waiting for (reads and writes)
        self._background: set[_Relay] = set()  # the sync's network work: never "busy", never waited on by `pending`
        self._jobs: dict[int, _Relay] = {}
        self._next_id = 0
        self._delivered.connect(self._deliver)

    def run(self, fn: Callable[..., Any], *args: Any, on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None,
            on_progress: Callable[[int, int, str], None] | None = None, write: bool = False,
            network: bool = False, with_control: bool = False, **kwargs: Any) -> TaskControl:
        """Queue `fn(*args, **kwargs)` on the write lane (`write`), the network lane (`network`) or a reader."""
        relay = _Relay(self, on_done, on_error, on_progress, (fn, args, kwargs))
        control = TaskControl(relay)
        if with_control:
            kwargs["control"] = control
        self._next_id += 1
        self._jobs[self._next_id] = relay
        if network:
            self._background.add(relay)  # kept alive until it has delivered
        else:
            self._running.add(relay)
            if len(self._running) == 1:
                self.busy.emit(True)
        lane = self._writes if write else self._network if network else self._reads
        lane.start(_Job(self._delivered, self._next_id, fn, args, kwargs))
        return control

    @Slot(int, object, bool)
    def _deliver(self, job_id: int, outcome: object, ok: bool) -> None:
        self._jobs.pop(job_id).deliver(outcome, ok)

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
