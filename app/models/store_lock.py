"""The store lock: who has the database open, so that encrypt, decrypt and restore never pull it away.

Every open of the store holds a shared lock on `motcua.sqlite3.lock` beside the database for as long
as it is open (the app: its whole life; a command: while it runs). Converting the file (encrypt,
decrypt) or replacing it (restore) takes the lock exclusively, without waiting: if anything else holds
it, the operation is refused in Vietnamese naming the process ids and commands that hold it (each
holder leaves a small note in `motcua-sqlite3-holders/`). An open that finds an exclusive holder waits
a few seconds for it to finish, then refuses naming it. The lock is the operating system's
(`portalocker`: flock on POSIX, LockFileEx on Windows), so a killed process never leaves it behind.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import sys
import time
from pathlib import Path
from typing import IO, cast

import portalocker

from app.errors import DatabaseError

#: How long an open waits for an encrypt/decrypt/restore in progress before it gives up.
SHARED_WAIT_SECONDS = 10.0
_SEQ = itertools.count(1)


class StoreBusy(DatabaseError):
    exit_code = 11


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def notes_dir(db_path: Path) -> Path:
    """Where holders leave their notes: `motcua-sqlite3-holders/` (not matched by `motcua.sqlite3*`)."""
    return db_path.with_name(db_path.name.replace(".", "-") + "-holders")


def _command() -> str:
    argv = list(sys.argv)
    if not argv:
        return "python"
    head = Path(argv[0]).name
    if head in ("__main__.py", "motcua", "motcua.exe", "-m") or argv[0].endswith("app/__main__.py"):
        head = "motcua"
    return " ".join([head, *argv[1:]])[:200] or "motcua (ứng dụng)"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":  # pragma: no cover - Windows: trust the note, the lock itself decides
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def holders(db_path: Path, *, exclude_self: bool = True) -> list[str]:
    """'tiến trình PID (COMMAND)' for every live process that left a note; stale notes are removed."""
    found = []
    folder = notes_dir(db_path)
    for note in sorted(folder.glob("*.txt")) if folder.is_dir() else []:
        try:
            pid_text, _, command = note.read_text(encoding="utf-8").partition("\n")
            pid = int(pid_text)
        except (OSError, ValueError):
            continue
        if not _alive(pid):
            with contextlib.suppress(OSError):
                note.unlink()
            continue
        if exclude_self and pid == os.getpid():
            continue
        found.append(f"tiến trình {pid} ({command.strip() or 'không rõ lệnh'})")
    return found


class StoreLock:
    """One hold of the store lock (shared or exclusive) through its own open file."""

    def __init__(self, db_path: Path):
        self.db_path = Path(db_path)
        self._fh: IO[bytes] | None = None
        self._note: Path | None = None
        self.exclusive = False

    # --- acquiring ------------------------------------------------------------------------------
    @classmethod
    def shared(cls, db_path: Path) -> StoreLock:
        """Hold the store open; waits up to SHARED_WAIT_SECONDS for an exclusive holder, then refuses."""
        lock = cls(db_path)
        if not lock._open():
            return lock  # read-only folder without a lock file: nothing can write here anyway
        deadline = time.monotonic() + SHARED_WAIT_SECONDS
        while True:
            try:
                portalocker.lock(cast(IO[bytes], lock._fh), portalocker.LOCK_SH | portalocker.LOCK_NB)
                break
            except portalocker.LockException:
                if time.monotonic() >= deadline:
                    lock.release()
                    who = ", ".join(holders(db_path)) or "một tiến trình khác"
                    raise StoreBusy(
                        f"Cơ sở dữ liệu {db_path} đang được mã hóa, giải mã hoặc khôi phục bởi {who}. Hãy chờ "
                        "việc đó xong rồi mở lại; không tắt máy trong lúc này.") from None
                time.sleep(0.2)
        lock._leave_note()
        return lock

    @classmethod
    def exclusive_now(cls, db_path: Path, doing: str) -> StoreLock:
        """The store alone (no other holder), or StoreBusy naming the holders. Never waits."""
        lock = cls(db_path)
        if not lock._open():
            raise DatabaseError(f"Thư mục dữ liệu {db_path.parent} chỉ đọc: không {doing} được. Hãy chép dữ liệu "
                                "sang ổ ghi được hoặc nhờ bộ phận CNTT cấp quyền ghi.")
        lock._take_exclusive(doing)
        return lock

    def upgrade(self, doing: str) -> None:
        """From shared to exclusive on the same hold, refusing when anyone else holds the store."""
        if self._fh is None:
            raise DatabaseError(f"Thư mục dữ liệu {self.db_path.parent} chỉ đọc: không {doing} được.")
        self._take_exclusive(doing)

    def downgrade(self) -> None:
        if self._fh is not None and self.exclusive:
            portalocker.lock(self._fh, portalocker.LOCK_SH | portalocker.LOCK_NB)
            self.exclusive = False

    def release(self) -> None:
        if self._note is not None:
            with contextlib.suppress(OSError):
                self._note.unlink()
            self._note = None
        if self._fh is not None:
            with contextlib.suppress(Exception):
                portalocker.unlock(self._fh)
            self._fh.close()
            self._fh = None
        self.exclusive = False

    # --- inside ---------------------------------------------------------------------------------
    def _open(self) -> bool:
        path = lock_path(self.db_path)
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except PermissionError:
            try:
                fd = os.open(path, os.O_RDONLY)
            except OSError:
                return False
        except OSError:
            return False
        self._fh = os.fdopen(fd, "r+b" if os.access(path, os.W_OK) else "rb")
        return True

    def _take_exclusive(self, doing: str) -> None:
        assert self._fh is not None
        try:
            portalocker.lock(self._fh, portalocker.LOCK_EX | portalocker.LOCK_NB)
        except portalocker.LockException:
            others = holders(self.db_path)
            if self.exclusive is False and self._note is None:
                self.release()
            who = ", ".join(others) or "một tiến trình khác (ứng dụng Một Cửa hoặc lượt đồng bộ)"
            raise StoreBusy(
                f"Không {doing} được: cơ sở dữ liệu đang được dùng bởi {who}. Hãy đóng ứng dụng Một Cửa trên máy "
                f"này và chờ lượt đồng bộ xong (hoặc dừng tiến trình đó), rồi chạy lại. Dữ liệu chưa bị thay đổi."
            ) from None
        self.exclusive = True
        self._leave_note()

    def _leave_note(self) -> None:
        if self._note is not None:
            return
        folder = notes_dir(self.db_path)
        note = folder / f"{os.getpid()}-{next(_SEQ)}.txt"
        try:
            folder.mkdir(mode=0o700, exist_ok=True)
            note.write_text(f"{os.getpid()}\n{_command()}\n", encoding="utf-8")
            if os.name == "posix":
                os.chmod(note, 0o600)
        except OSError:  # a full or read-only folder: the lock still holds, only the holder's name is missing
            with contextlib.suppress(OSError):
                note.unlink()
            return
        self._note = note
