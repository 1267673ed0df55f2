"""The watched "scan to folder": what office scanners and copiers write into, seen as new files arrive.

`ScanFolderWatcher.watch(folder)` remembers the files already there (they are not new), then listens to
QFileSystemWatcher. A scanner writes a file progressively, so a file is announced (`arrived(Path)`) only
once it is not empty and its size has not changed between two looks `settle_ms` apart; hidden and
temporary names (".", "~", ".tmp", ".part") are ignored. `done(path)` moves an attached scan into the
sub-folder "da-dinh-kem" (never over another file), so the folder only shows what is left to assign.
UI thread only.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

DONE_FOLDER = "da-dinh-kem"
_TEMP_SUFFIXES = (".tmp", ".part", ".crdownload", ".partial")


def _candidate(p: Path) -> bool:
    return p.is_file() and not p.name.startswith((".", "~")) and not p.name.lower().endswith(_TEMP_SUFFIXES)


class ScanFolderWatcher(QObject):
    arrived = Signal(object)  # Path of a new, complete file

    def __init__(self, parent: QObject | None = None, settle_ms: int = 400):
        super().__init__(parent)
        self.folder: Path | None = None
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(lambda _path: self._timer.start())
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(settle_ms)
        self._timer.timeout.connect(self._look)
        self._seen: set[str] = set()
        self._sizes: dict[str, int] = {}

    def watch(self, folder: Path) -> None:
        self.stop()
        self.folder = Path(folder)
        self._seen = {p.name for p in self.folder.iterdir() if p.is_file()}
        self._watcher.addPath(str(self.folder))

    def stop(self) -> None:
        if self._watcher.directories():
            self._watcher.removePaths(self._watcher.directories())
        self.folder = None
        self._timer.stop()
        self._sizes.clear()

    def _look(self) -> None:
        if self.folder is None:
            return
        waiting = False
        try:
            entries = sorted(self.folder.iterdir(), key=lambda p: p.stat().st_mtime if p.exists() else 0)
        except OSError:
            return
        for p in entries:
            if p.name in self._seen or not _candidate(p):
                continue
            try:
                size = p.stat().st_size
            except OSError:
                continue
            if size > 0 and self._sizes.get(p.name) == size:
                self._seen.add(p.name)
                self._sizes.pop(p.name, None)
                self.arrived.emit(p)
            else:
                self._sizes[p.name] = size
                waiting = True
        if waiting:
            self._timer.start()

    def done(self, path: Path) -> Path | None:
        """Move an attached scan out of the way (into da-dinh-kem/); returns where it went."""
        if self.folder is None or path.parent != self.folder:
            return None
        target_dir = self.folder / DONE_FOLDER
        target_dir.mkdir(exist_ok=True)
        for n in range(1, 1000):
            target = target_dir / (path.name if n == 1 else f"{path.stem}-{n}{path.suffix}")
            if not target.exists():
                with contextlib.suppress(OSError):
                    path.rename(target)
                    return target
                return None
        return None
