"""Thread pools for tests, injected into `Tasks`: one that runs every job at once on the calling thread
(results arrive before `run` returns), and one that holds jobs until the test releases them, in the order
the test chooses (so "an older answer arrives after a newer one" is a fact of the test, not of timing)."""

from __future__ import annotations

from PySide6.QtCore import QRunnable


class SyncPool:
    """Runs each job on the calling thread as soon as it is started."""

    def start(self, runnable: QRunnable) -> None:
        runnable.run()

    def waitForDone(self, msecs: int = -1) -> bool:  # QThreadPool's name
        return True


class HeldPool:
    """Keeps jobs until `release(i)` runs the i-th one still held (on the calling thread)."""

    def __init__(self) -> None:
        self.held: list[QRunnable] = []

    def start(self, runnable: QRunnable) -> None:
        self.held.append(runnable)

    def release(self, index: int = 0) -> None:
        self.held.pop(index).run()

    def release_all(self) -> None:
        while self.held:
            self.release()

    def waitForDone(self, msecs: int = -1) -> bool:  # QThreadPool's name
        self.release_all()
        return True
