"""Opening an attachment for the person at the desk without holding it in memory.

The system's viewer and the preview need a file on disk: `open_copy` streams the attachment's clear
content one segment at a time (files_read.pieces: from the data folder, or from a centre's database) into a
private copy in the app's own temporary folder (`AppPaths.temp`, 0700), in a folder of its own (0700)
under the attachment's safe name, the file itself 0600 from its creation. A copy that fails half-way
(a damaged segment, a full disk) is removed before the error is raised. `local_copy` removes its copy
when done (the preview, and appending pages to a paper: files joins the new pages beside it); a copy
opened in the viewer is removed by `drop` when the panel that opened it closes, and copies left behind by
a crash are removed at the next opening once a day old.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import select

from app.errors import NotFoundError
from app.models import DossierFile
from app.services.desk import Desk
from app.services.files_convert import safe_name
from app.services.files_read import pieces

PREFIX = "xem-"
STALE_SECONDS = 24 * 3600


def _root(desk: Desk) -> Path:
    root = desk.paths.temp
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    return root


def _sweep(root: Path) -> None:
    """Copies older than a day (a crash left them): removed."""
    cutoff = time.time() - STALE_SECONDS
    for folder in root.glob(PREFIX + "*"):
        with contextlib.suppress(OSError):
            if folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)


def open_copy(desk: Desk, file_uuid: str) -> Path:
    """A private copy of one attachment, streamed to disk, for the system's viewer (remove it with `drop`)."""
    with desk.db.read() as s:
        name = s.scalar(select(DossierFile.display_name).where(DossierFile.uuid == file_uuid))
    if name is None:
        raise NotFoundError(f"Không thấy tệp đính kèm {file_uuid}. Hãy tải lại danh sách giấy tờ của hồ sơ.")
    content = pieces(desk, file_uuid)  # a file still awaited from a laptop is refused before anything is made
    root = _root(desk)
    _sweep(root)
    folder = Path(tempfile.mkdtemp(prefix=PREFIX, dir=root))
    path = folder / safe_name(name, "tep.pdf")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        with os.fdopen(fd, "wb") as fh:
            for piece in content:
                fh.write(piece)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)  # never half a paper left behind
        raise
    return path


def drop(path: Path) -> None:
    """Remove a copy made by `open_copy` (and its folder); nothing else is ever removed."""
    if path.parent.name.startswith(PREFIX):
        shutil.rmtree(path.parent, ignore_errors=True)


@contextlib.contextmanager
def local_copy(desk: Desk, file_uuid: str) -> Iterator[Path]:
    """A private copy that lives as long as the `with` block (the preview renders from it)."""
    path = open_copy(desk, file_uuid)
    try:
        yield path
    finally:
        drop(path)
