"""A large attachment opened for the viewer, previewed and exported — in the app and with `motcua files
export` — is streamed one segment at a time, never read whole into memory: from the data folder on
SQLite, from a centre's database on PostgreSQL. The viewer's copy is private (0600 in a 0700 folder of
the app's own temporary folder) and removed when done; the preview's at once."""

from __future__ import annotations

import gc
import hashlib
import stat
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from app.cli import main
from app.operations import files as ops
from app.operations.base import OpContext
from app.services.files_convert import FileIn
from app.services.files_store import SEGMENT
from tests.conftest import CLERK
from tests.files.support import big_pdf, received

pytestmark = pytest.mark.both_engines
T = TypeVar("T")


@pytest.fixture(scope="module")
def large_pdf() -> bytes:
    """A real one-page PDF of about 33 MiB (a noise image does not compress)."""
    return big_pdf(11, side=3400)


def _hash(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while piece := fh.read(SEGMENT):
            h.update(piece)
    return h.hexdigest()


def _peak(peaks: dict[str, int], name: str, work: Callable[[], T]) -> T:
    """Run `work`, keeping the peak of Python memory it allocated under `name`."""
    gc.collect()
    tracemalloc.start()
    try:
        return work()
    finally:
        peaks[name] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()


def test_a_large_attachment_is_opened_previewed_and_exported_one_segment_at_a_time(desk, engine, large_pdf,
                                                                                 tmp_path, capsys):
    assert len(large_pdf) > 30 * 1024 * 1024
    ctx = OpContext(desk, CLERK)
    code = received(desk, CLERK)
    f = ops.attach_data(ctx, code, [FileIn("ban do dia chinh.pdf", large_pdf)], component=1).file
    peaks: dict[str, int] = {}

    copy = _peak(peaks, "open", lambda: ops.open_copy(ctx, f.uuid))
    assert copy.parent.parent == desk.paths.temp and copy.name == f.display_name
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600 and stat.S_IMODE(copy.parent.stat().st_mode) == 0o700
    assert _hash(copy) == f.sha256
    ops.drop_copy(copy)
    assert not copy.parent.exists()

    png = _peak(peaks, "preview", lambda: ops.preview_png(ctx, f.uuid))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert list(desk.paths.temp.iterdir()) == [], "the preview's copy is removed at once"

    written = _peak(peaks, "export", lambda: ops.export(ctx, code, tmp_path / "xuat").written)
    assert [_hash(p) for p in written] == [f.sha256]
    out = tmp_path / "dong-lenh"
    home = ["--data-dir", str(desk.paths.data_dir)]
    assert main([*home, "files", "export", code, "--out", str(tmp_path / "khoi-dong")]) == 0  # imports loaded
    assert _peak(peaks, "cli export", lambda: main([*home, "files", "export", code, "--out", str(out)])) == 0
    assert [_hash(p) for p in out.iterdir()] == [f.sha256]
    capsys.readouterr()

    with capsys.disabled():
        print(f"\n[{engine}] {len(large_pdf) / 2**20:.1f} MiB attachment, peak Python memory: "
              + ", ".join(f"{k} {v / 2**20:.2f} MiB" for k, v in peaks.items()))
    assert all(v < 4 * SEGMENT for v in peaks.values()), peaks
