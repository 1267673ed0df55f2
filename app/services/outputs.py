"""Every file the app writes on request (PDF, Excel, JSON, zip of logs, backup copies) goes through here.

`write_output` writes to a temporary file beside the target, fsyncs it, then renames it over the
target, so a crash or a full disk leaves the old file or the new one, never half of one. It refuses an
existing target unless `force` (the command line's `--force`, the UI's "Ghi đè?"), and refuses any path
inside the data folder (database, backups, keys, logs) whatever `force` says: a report or a slip can
never replace the database or a backup. `check_target` is the same check alone, for writers that
produce the file themselves (`write_with`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from app.errors import MotCuaError


class OutputError(MotCuaError):
    exit_code = 10


class OutputExists(OutputError):
    """The target exists and `force` was not given: the front end may ask "Ghi đè?" and try again."""


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def check_target(target: Path, data_dir: Path, *, force: bool = False) -> Path:
    """The resolved target, or raise when it is inside the data folder or exists (without `force`)."""
    target = Path(target).expanduser()
    resolved = target.resolve()
    data = Path(data_dir).expanduser().resolve()
    if _inside(resolved, data) or _inside(target.absolute(), data):
        raise OutputError(
            f"Không ghi tệp {target} vào thư mục dữ liệu {data}: ở đó là cơ sở dữ liệu, bản sao lưu, khóa và "
            "nhật ký của Một Cửa, ghi vào có thể làm mất hồ sơ. Hãy chọn thư mục khác (ví dụ Tài liệu hoặc "
            "ổ USB)."
        )
    if resolved.is_dir():
        raise OutputError(f"{target} là một thư mục. Hãy ghi rõ tên tệp, ví dụ {target / 'tep.pdf'}.")
    if resolved.exists() and not force:
        raise OutputExists(
            f"Tệp {target} đã có. Hãy chọn tên khác, hoặc thêm --force nếu thật sự muốn ghi đè tệp đó."
        )
    return resolved


def write_output(target: Path, data: bytes, data_dir: Path, *, force: bool = False) -> Path:
    """Write `data` to `target` atomically (temporary file beside it, fsync, rename). Returns the path."""
    return write_with(target, lambda tmp: tmp.write_bytes(data), data_dir, force=force)


def write_with(target: Path, produce: Callable[[Path], object], data_dir: Path, *, force: bool = False) -> Path:
    """Let `produce(tmp)` write a temporary file beside `target`, then fsync and rename it into place."""
    resolved = check_target(target, data_dir, force=force)
    try:
        resolved.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{resolved.name}.", suffix=".tmp", dir=resolved.parent)
    except OSError as exc:
        raise _os_error(target, exc) from None
    os.close(fd)
    tmp = Path(name)
    try:
        produce(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        if resolved.exists() and not force:  # appeared while we were writing
            raise OutputExists(f"Tệp {target} vừa được tạo bởi chương trình khác. Hãy chọn tên khác.")
        os.replace(tmp, resolved)
        _fsync_dir(resolved.parent)
    except OSError as exc:
        raise _os_error(target, exc) from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    return resolved


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":  # pragma: no cover - Windows has no directory fsync
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _os_error(target: Path, exc: OSError) -> OutputError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return OutputError(f"Ổ đĩa đầy: không ghi được tệp {target}. Hãy xóa bớt tệp không cần trên ổ đó hoặc "
                           "chọn ổ khác rồi thử lại; tệp cũ (nếu có) vẫn nguyên.")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return OutputError(f"Không có quyền ghi tệp {target}. Hãy chọn thư mục khác, hoặc đóng tệp nếu nó đang "
                           "mở trong trình xem PDF hay Excel.")
    return OutputError(f"Không ghi được tệp {target} ({exc.strerror or exc}). Hãy chọn thư mục khác hoặc đóng "
                       "tệp nếu nó đang mở trong chương trình khác.")
