"""Where things live and how the data folder is protected: the shipped resources, the per-user data folder.

Resolved once and passed around as an `AppPaths` object. The data folder comes from `--data-dir`,
then `MOTCUA_HOME`, then the platform's per-user data directory (platformdirs). Resources come from
the PyInstaller bundle when frozen, else from the source tree next to the `app` package. On POSIX the
data folder and its sub-folders are 0700 and every file in them 0600 (`ensure` also repairs an older
folder that was 755/644); on Windows the per-user folder's ACL protects it (docs/security.md).
`disk_words` turns a disk-full or read-only OSError into the Vietnamese words and what to do.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "MotCuaDesk"


def resources_dir() -> Path:
    override = os.environ.get("MOTCUA_RESOURCES")
    if override:
        return Path(override)
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / "motcua.sqlite3"

    @property
    def backups(self) -> Path:
        return self.data_dir / "backups"

    @property
    def logs(self) -> Path:
        return self.data_dir / "logs"

    @property
    def secrets(self) -> Path:
        return self.data_dir / "secrets"

    @property
    def temp(self) -> Path:
        """Private copies of attachments opened in the system's viewer or previewed (files_view)."""
        return self.data_dir / "tmp"

    def ensure(self) -> AppPaths:
        """Create the folders (0700) and bring existing ones and their files to owner-only access."""
        for p in (self.data_dir, self.backups, self.logs):
            if not p.is_dir():
                with contextlib.suppress(OSError):  # a read-only folder: opening the store says so plainly
                    p.mkdir(mode=0o700, parents=True, exist_ok=True)
        restrict_tree(self.data_dir)
        return self

    @classmethod
    def resolve(cls, data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
        if data_dir:
            return cls(Path(data_dir).expanduser().resolve())
        env = os.environ.get("MOTCUA_HOME")
        if env:
            return cls(Path(env).expanduser().resolve())
        return cls(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)))


def restrict_file(path: Path) -> None:
    """Owner-only access (0600) on POSIX; best effort (a read-only folder keeps what it has)."""
    if os.name == "posix":
        with contextlib.suppress(OSError):
            os.chmod(path, 0o600)


def write_private(path: Path, text: str) -> None:
    """Replace `path` with `text` (UTF-8) whole or not at all: a temporary file of its own beside it (0600
    from its creation, so two writers never share one), flushed to disk, then renamed over the target."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def restrict_tree(folder: Path) -> None:
    """The data folder, its sub-folders 0700 and its files 0600 (POSIX), fixing older 755/644 ones."""
    if os.name != "posix" or not folder.is_dir():
        return
    for root, dirs, files in os.walk(folder):
        for name, mode in [(root, 0o700)] + [(os.path.join(root, f), 0o600) for f in files]:
            with contextlib.suppress(OSError):
                st = os.lstat(name)
                if not stat.S_ISLNK(st.st_mode) and stat.S_IMODE(st.st_mode) & 0o077:
                    os.chmod(name, mode)
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(root, d))]


FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
READ_ONLY = (errno.EROFS, errno.EACCES, errno.EPERM)


def disk_words(exc: BaseException) -> str:
    """What went wrong in words a desk can act on: disk full, read-only folder, or the system's text."""
    text = str(exc).lower()
    code = getattr(exc, "errno", None)
    if code in FULL or "database or disk is full" in text or "disk is full" in text:
        return "ổ đĩa đầy"
    if code in READ_ONLY or "readonly" in text or "read-only" in text:
        return "thư mục chỉ đọc hoặc không có quyền ghi"
    return getattr(exc, "strerror", None) or str(exc)
