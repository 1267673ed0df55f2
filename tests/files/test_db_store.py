"""The database file store (files_dbstore) on both engines: byte-exact round trips in 1 MiB segments,
streamed puts, one transaction per file (an interrupted put leaves no row), idempotent puts, content
refused when it does not match its SHA-256, and encrypted files authenticated segment by segment."""

from __future__ import annotations

import hashlib
import random

import pytest
from sqlalchemy import func, select, text

from app.models import FileSegment
from app.services import files_store
from app.services.files_dbstore import DbBlobStore
from app.services.files_store import SEGMENT, BlobDamaged, BlobStore

pytestmark = pytest.mark.both_engines
KEY = bytes(range(32))


def _content(seed: int, size: int) -> tuple[bytes, str]:
    data = random.Random(seed).randbytes(size)
    return data, hashlib.sha256(data).hexdigest()


def _rows(desk) -> int:
    with desk.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(FileSegment)) or 0)


def _stream(data: bytes, piece: int = 300_000):
    for i in range(0, len(data), piece):
        yield data[i:i + piece]


def test_the_engine_chooses_the_store(desk, engine):
    assert isinstance(files_store.store_for(desk), DbBlobStore if engine == "postgresql" else BlobStore)


@pytest.mark.parametrize("key", [None, KEY], ids=["clear", "encrypted"])
def test_a_streamed_file_comes_back_byte_exact_and_a_second_put_changes_nothing(desk, key):
    store = DbBlobStore(desk.db, key)
    data, sha = _content(1, 2 * SEGMENT + 12_345)
    rel, encrypted = store.put(_stream(data), sha, len(data))
    assert encrypted == (key is not None) and store.exists(rel) and _rows(desk) == 4  # header + 3 segments
    assert store.read(rel, encrypted) == data and store.digest(rel, encrypted) == sha
    assert store.size_of(rel, encrypted) == len(data)
    assert b"".join(store.segments(rel, encrypted, SEGMENT)) == data[SEGMENT:]
    if not encrypted:  # a clear file resumes anywhere (the file pusher's offsets)
        assert b"".join(store.segments(rel, False, 1000, 4096)) == data[1000:]
    with desk.db.read() as s:
        stored = b"".join(bytes(r) for r in s.scalars(select(FileSegment.data).order_by(FileSegment.seq)))
    assert (data[:4096] in stored) == (key is None)  # encrypted: no clear byte in the rows
    assert store.put(data, sha) == (rel, encrypted) and _rows(desk) == 4


@pytest.mark.parametrize("key", [None, KEY], ids=["clear", "encrypted"])
def test_a_put_interrupted_between_segments_leaves_nothing(desk, key):
    store = DbBlobStore(desk.db, key)
    data, sha = _content(2, 3 * SEGMENT)

    def crashing():
        yield data[:SEGMENT]
        yield data[SEGMENT:2 * SEGMENT]
        raise OSError("the scanner's file went away")

    with pytest.raises(OSError):
        store.put(crashing(), sha, len(data))
    assert _rows(desk) == 0 and not store.exists(store.relpath(sha))
    with pytest.raises(BlobDamaged, match="SHA-256"):  # content that is not what its hash says: refused
        store.put(data[:-1] + b"x", sha)
    assert _rows(desk) == 0
    rel, encrypted = store.put(data, sha)
    assert store.read(rel, encrypted) == data


@pytest.mark.parametrize("key", [None, KEY], ids=["clear", "encrypted"])
def test_a_changed_or_missing_segment_is_detected_on_read(desk, key):
    store = DbBlobStore(desk.db, key)
    data, sha = _content(3, SEGMENT + 10)
    rel, encrypted = store.put(data, sha)
    name = rel.rsplit("/", 1)[-1]
    with desk.db.write() as s:
        raw = bytearray(s.scalar(select(FileSegment.data).where(FileSegment.name == name, FileSegment.seq == 2)))
        raw[3] ^= 1
        s.execute(text("UPDATE file_segments SET data = :d WHERE name = :n AND seq = 2"), {"d": bytes(raw), "n": name})
    with pytest.raises(BlobDamaged):
        store.read(rel, encrypted)
    with desk.db.write() as s:
        s.execute(text("DELETE FROM file_segments WHERE name = :n AND seq = 2"), {"n": name})
    with pytest.raises(BlobDamaged, match="đoạn"):
        store.read(rel, encrypted)
    store.put(data, sha)  # a damaged copy is replaced by good content
    assert store.read(rel, encrypted) == data
    store.remove(rel)
    assert _rows(desk) == 0
    with pytest.raises(BlobDamaged, match="Không thấy"):
        store.read(rel, encrypted)


def test_an_empty_file_and_a_file_of_exactly_one_segment(desk):
    for key in (None, KEY):
        store = DbBlobStore(desk.db, key)
        for data in (b"", random.Random(4).randbytes(SEGMENT)):
            rel, encrypted = store.put(data, hashlib.sha256(data).hexdigest())
            assert store.read(rel, encrypted) == data


def test_a_large_file_is_stored_and_read_with_a_few_segments_in_memory(desk):
    import tracemalloc

    size, piece = 32 * SEGMENT, 700_000

    def generated():  # the content is made on the fly: never whole in this test either
        rnd = random.Random(5)
        left = size
        while left:
            n = min(piece, left)
            left -= n
            yield rnd.randbytes(n)

    h = hashlib.sha256()
    for p in generated():
        h.update(p)
    store = DbBlobStore(desk.db, None)
    tracemalloc.start()
    try:
        rel, encrypted = store.put(generated(), h.hexdigest(), size)
        _, put_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        assert store.digest(rel, encrypted) == h.hexdigest()
        _, read_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert put_peak < 8 * SEGMENT and read_peak < 4 * SEGMENT, (put_peak, read_peak)
