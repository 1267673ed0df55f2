"""Appending pages to a large digitised paper never holds the paper whole in memory: its current file is
streamed to a private copy (files_view) and the pages are joined on disk, on SQLite (the data folder) as on
a centre's PostgreSQL server (the database's segments). The paper then has its old pages and the new ones
in order, and no copy is left in the app's temporary folder — also when the append is refused."""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Callable
from typing import TypeVar

import pytest

from app.errors import ValidationError
from app.operations import files as ops
from app.operations.base import OpContext
from app.services import files_read
from app.services.files_convert import FileIn
from app.services.files_store import SEGMENT
from tests.conftest import CLERK
from tests.files.support import big_pdf, pdf_bytes, received
from tests.pdfs import pdf_text

pytestmark = pytest.mark.both_engines
T = TypeVar("T")


@pytest.fixture(scope="module")
def large_pdf() -> bytes:
    """A real one-page PDF of about 27 MiB saying "Trang cũ" (a noise image does not compress)."""
    return big_pdf(13, side=3000, label="Trang cu")


def _peak(work: Callable[[], T]) -> tuple[T, int]:
    """Run `work`; its result and the peak of Python memory it allocated."""
    gc.collect()
    tracemalloc.start()
    try:
        result = work()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_pages_appended_to_a_large_paper_are_joined_on_disk(desk, engine, large_pdf, capsys):
    assert len(large_pdf) > 20 * 1024 * 1024
    ctx = OpContext(desk, CLERK)
    code = received(desk, CLERK)
    old = ops.attach_data(ctx, code, [FileIn("ban do.pdf", large_pdf)], component=1).file
    new_pages = pdf_bytes(2, "Trang moi")

    got, peak = _peak(lambda: ops.attach_data(ctx, code, [FileIn("bo sung.pdf", new_pages)], component=1,
                                              seen=old.uuid))

    with capsys.disabled():
        print(f"\n[{engine}] append to a {len(large_pdf) / 2**20:.1f} MiB paper: peak Python memory "
              f"{peak / 2**20:.2f} MiB")
    assert got.appended and got.file.pages == 3
    assert [f.uuid for f in files_read.list_files(desk, code)] == [got.file.uuid]
    assert pdf_text(files_read.content(desk, got.file.uuid)).split("\n") == [
        "Trang cu", "Trang moi - trang 1", "Trang moi - trang 2"]
    assert got.file.size > len(large_pdf)
    assert list(desk.paths.temp.glob("*")) == [], "the private copy and the joined file are removed"
    assert peak < 4 * SEGMENT, f"{peak / 2**20:.1f} MiB"


def test_a_refused_append_leaves_no_copy_behind(desk, large_pdf):
    ctx = OpContext(desk, CLERK)
    code = received(desk, CLERK)
    old = ops.attach_data(ctx, code, [FileIn("ban do.pdf", large_pdf)], component=1).file

    with pytest.raises(ValidationError, match="trang"):  # 1 + 100 pages: over the limit, refused after the copy
        ops.attach_data(ctx, code, [FileIn("qua nhieu.pdf", pdf_bytes(100))], component=1, seen=old.uuid)
    assert list(desk.paths.temp.glob("*")) == []

    with pytest.raises(ValidationError, match="sau khi ghép"):  # joined on disk, then found too large
        ops.attach_data(ctx, code, [FileIn("lan hai.pdf", large_pdf)], component=1, seen=old.uuid)
    assert list(desk.paths.temp.glob("*")) == []
    assert [(f.uuid, f.pages) for f in files_read.list_files(desk, code)] == [(old.uuid, 1)], "nothing written"
