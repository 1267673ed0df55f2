"""Attached files kept in the database, for a centre whose counters share one PostgreSQL server.

The same names and the same bytes as the files folder of a desk (app.services.files_store), as rows of
`file_segments` keyed by the file's name: row 0 is the 24-byte header (magic `MCF1` and a nonce prefix
for an encrypted file; `MCF0` and zeros for a clear one; the segment size and the clear size in both),
rows 1… are the 1 MiB segments, clear or sealed. Every counter reaches a file through the database
the dossier rows live in, and pg_dump backs the files up with the rows that point at them.

A file is written in one transaction, segment by segment (one segment in memory): an error or a crash
before the commit leaves no row of it, and content whose SHA-256 is not the one given is refused at
the end, before the commit. Putting content already there changes nothing (two counters putting the
same scan at once: the second finds the first's). Reading fetches one segment per short query (no
transaction held while the caller sends a chunk over the network); a clear file read whole is hashed
against its name, a sealed one is authenticated segment by segment, and a missing or extra segment is
said plainly.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from sqlalchemy import delete, func, insert, select
from sqlalchemy import exc as sa_exc

from app.models.database import Database
from app.models.files import FileSegment
from app.services.files_store import HEADER, MAGIC, SEGMENT, BlobDamaged, Blobs, Content, not_matching

CLEAR_MAGIC = b"MCF0"


def name_of(rel: str) -> str:
    """The segment rows' key: the last part of the stored name `files/ab/<name>`."""
    return rel.rsplit("/", 1)[-1]


class DbBlobStore(Blobs):
    def __init__(self, db: Database, key: bytes | None):
        super().__init__(key)
        self.db = db

    # --- writing ------------------------------------------------------------------------------------
    def put(self, data: Content, sha256: str, size: int | None = None) -> tuple[str, bool]:
        rel = self.relpath(sha256)
        if self.exists(rel):
            if self._intact(rel, sha256):
                return rel, self.encrypting
            self.remove(rel)  # a damaged copy is replaced by the good content
        total, clear = self._segments_in(data, sha256, size)
        name = name_of(rel)
        try:
            with self.db.write() as s:
                if self._aead is None:
                    s.execute(insert(FileSegment).values(name=name, seq=0, data=HEADER.pack(
                        CLEAR_MAGIC, bytes(8), SEGMENT, total)))
                    pieces = clear
                else:
                    header = self._header(total)
                    s.execute(insert(FileSegment).values(name=name, seq=0, data=header))
                    pieces = self._seal(header, clear)
                for seq, piece in enumerate(pieces, 1):
                    s.execute(insert(FileSegment).values(name=name, seq=seq, data=piece))
        except sa_exc.IntegrityError:  # another counter stored the same content meanwhile
            if not self._intact(rel, sha256):
                raise
        return rel, self.encrypting

    def remove(self, rel: str) -> None:
        with self.db.write() as s:
            s.execute(delete(FileSegment).where(FileSegment.name == name_of(rel)))

    # --- reading ------------------------------------------------------------------------------------
    def _row(self, name: str, seq: int) -> bytes | None:
        with self.db.read() as s:
            return s.scalar(select(FileSegment.data).where(FileSegment.name == name, FileSegment.seq == seq))

    def exists(self, rel: str) -> bool:
        return self._row(name_of(rel), 0) is not None

    def _head(self, rel: str) -> tuple[bytes, int, int]:
        """(header, segment size, clear size) of a stored file."""
        raw = self._row(name_of(rel), 0)
        if raw is None:
            raise BlobDamaged(f"Không thấy tệp lưu trữ {rel} trong cơ sở dữ liệu của Trung tâm.")
        raw = bytes(raw)
        if raw[:4] == CLEAR_MAGIC and len(raw) == HEADER.size:
            _magic, _prefix, seg, total = HEADER.unpack(raw)
            return raw, seg, total
        header, _prefix, seg, total = self._unpack(raw, rel)
        return header, seg, total

    def size_of(self, rel: str, encrypted: bool) -> int:
        return self._head(rel)[2]

    def segments(self, rel: str, encrypted: bool, start: int = 0, size: int = SEGMENT) -> Iterator[bytes]:
        self._need_key(rel, encrypted)
        header, seg, total = self._head(rel)
        if encrypted != (header[:4] == MAGIC):
            raise BlobDamaged(f"Tệp lưu trữ {rel} không được lưu như cơ sở dữ liệu ghi (mã hóa hay không).")
        if encrypted and start % seg:
            raise ValueError("start must be a multiple of the segment size")
        name = name_of(rel)
        count = (max(total, 1) + seg - 1) // seg if encrypted else (total + seg - 1) // seg
        with self.db.read() as s:
            last = s.scalar(select(func.max(FileSegment.seq)).where(FileSegment.name == name)) or 0
        if last != count:
            raise BlobDamaged(f"Tệp lưu trữ {rel} thiếu hoặc thừa đoạn ({last} đoạn, cần {count}).")
        h = hashlib.sha256() if not encrypted and start == 0 else None
        skip = start % seg
        for i in range(start // seg, count):
            raw = self._row(name, i + 1)
            if raw is None:
                raise BlobDamaged(f"Tệp lưu trữ {rel} thiếu đoạn {i + 1}.")
            clear = self._open(header, i, bytes(raw), rel) if encrypted else bytes(raw)
            if h is not None:
                h.update(clear)
            clear, skip = clear[skip:], 0
            for j in range(0, len(clear), size):
                yield clear[j:j + size]
        if h is not None and h.hexdigest() != name:
            raise not_matching(rel)
