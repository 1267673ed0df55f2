"""Content-addressed storage of attached files: `files/ab/abcdef…` under the data folder (a desk), or
the same names as rows of 1 MiB segments in the database (a centre; app.services.files_dbstore).

A clear store keeps each file as it is, named by its SHA-256. An encrypted store (SQLCipher key
present) keeps each file encrypted with AES-256-GCM under a key derived from the store's key (HKDF,
so the database key itself never encrypts anything else) and names it by an HMAC of its SHA-256, so
neither the content nor a hash of it can be read from the folder without the key. An encrypted file is
a 24-byte header (magic, a random 8-byte nonce prefix drawn per file, segment size, clear size) and
1 MiB segments each sealed with its own nonce (prefix + segment number) and the header as associated
data: any segment can be read alone (resumable upload, bounded memory), and truncation, reordering or
a changed byte is detected. Files are written to a temporary name, fsynced and renamed: a crash never
leaves half a file under a final name. `put` takes the content whole or as a stream of pieces (with its
size), holds one segment at a time, and refuses content whose SHA-256 is not the one given.

`Blobs` is what the rest of the code uses (`put`/`segments`/`read`/`digest`/`exists`/`remove`); which
one a desk has is decided in one place, `store_for` below, by the store's engine: `BlobStore` (this
folder) on SQLite, `DbBlobStore` on a centre's PostgreSQL server, where every counter reaches the
files through the database (a network share is what SQLite refuses for good reasons) and pg_dump backs
them up together with the rows that point at them.
"""

from __future__ import annotations

import abc
import contextlib
import hashlib
import hmac
import os
import struct
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.errors import MotCuaError

if TYPE_CHECKING:
    from app.services.desk import Desk

FOLDER = "files"
MAGIC = b"MCF1"
SEGMENT = 1 << 20
HEADER = struct.Struct(">4s8sIQ")  # magic, nonce prefix, segment size, clear size
_TAG = 16
#: What `put` takes: the whole content, or its pieces in order (any sizes) with the total size given.
Content = bytes | Iterable[bytes]


class BlobDamaged(MotCuaError):
    """A stored file is missing, altered or cannot be decrypted with this store's key."""


def _derive(key: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(key)


def rechunk(pieces: Iterable[bytes], size: int = SEGMENT) -> Iterator[bytes]:
    """The same bytes in pieces of exactly `size` (the last one shorter); one piece in memory."""
    buf = bytearray()
    for piece in pieces:
        if not buf and len(piece) == size:  # already a whole segment (a file read in segments): no copy
            yield piece
            continue
        buf += piece
        while len(buf) >= size:
            yield bytes(buf[:size])
            del buf[:size]
    if buf:
        yield bytes(buf)


def not_matching(rel: str) -> BlobDamaged:
    return BlobDamaged(f"Nội dung tệp {rel} khác mã SHA-256 đã ghi: chưa lưu gì. Hãy đính kèm hoặc gửi lại tệp.")


class Blobs(abc.ABC):
    """The naming and sealing shared by the folder and the database stores."""

    def __init__(self, key: bytes | None):
        self._aead = AESGCM(_derive(key, b"motcua-desk files v1")) if key else None
        self._name_key = _derive(key, b"motcua-desk file names v1") if key else None

    @property
    def encrypting(self) -> bool:
        return self._aead is not None

    def relpath(self, sha256: str) -> str:
        """The name a file with this SHA-256 has (a path relative to the data folder) in this store."""
        name = sha256 if self._name_key is None else hmac.new(self._name_key, sha256.encode(), "sha256").hexdigest()
        return f"{FOLDER}/{name[:2]}/{name}"

    def _segments_in(self, data: Content, sha256: str, size: int | None) -> tuple[int, Iterator[bytes]]:
        """(clear size, the clear content in SEGMENT pieces, raising BlobDamaged after the last piece
        when the content does not hash to `sha256` or has not the size announced)."""
        if isinstance(data, bytes | bytearray | memoryview):
            data = bytes(data)
            size = len(data)
            pieces: Iterable[bytes] = (data[i:i + SEGMENT] for i in range(0, len(data), SEGMENT))
        elif size is None:
            raise ValueError("a streamed put needs the content's size")
        else:
            pieces = rechunk(data)
        total = size

        def checked() -> Iterator[bytes]:
            h, seen = hashlib.sha256(), 0
            for piece in pieces:
                h.update(piece)
                seen += len(piece)
                yield piece
            if seen != total or h.hexdigest() != sha256:
                raise not_matching(self.relpath(sha256))

        return total, checked()

    def _header(self, size: int) -> bytes:
        return HEADER.pack(MAGIC, os.urandom(8), SEGMENT, size)

    def _seal(self, header: bytes, clear: Iterator[bytes]) -> Iterator[bytes]:
        """The sealed segments after `header` (one empty segment for empty content)."""
        aead = cast(AESGCM, self._aead)
        i = -1
        for i, piece in enumerate(clear):
            yield aead.encrypt(self._nonce(header, i), piece, header + struct.pack(">I", i))
        if i < 0:
            yield aead.encrypt(self._nonce(header, 0), b"", header + struct.pack(">I", 0))

    def _open(self, header: bytes, i: int, sealed: bytes, rel: str) -> bytes:
        try:
            return cast(AESGCM, self._aead).decrypt(self._nonce(header, i), sealed, header + struct.pack(">I", i))
        except InvalidTag:
            raise BlobDamaged(f"Tệp lưu trữ {rel} đã bị sửa, cắt bớt hoặc không thuộc kho này.") from None

    @staticmethod
    def _nonce(header: bytes, i: int) -> bytes:
        return header[4:12] + struct.pack(">I", i)

    @staticmethod
    def _unpack(raw: bytes, rel: str) -> tuple[Any, ...]:
        if len(raw) != HEADER.size or raw[:4] != MAGIC:
            raise BlobDamaged(f"Tệp lưu trữ {rel} bị hỏng (phần đầu không đúng).")
        return (raw, *HEADER.unpack(raw)[1:])

    def _need_key(self, rel: str, encrypted: bool) -> None:
        if encrypted and self._aead is None:
            raise BlobDamaged(f"Tệp {rel} được mã hóa nhưng kho dữ liệu đang mở không có khóa. Hãy đăng nhập "
                              "để mở khóa kho dữ liệu.")

    # --- what every store has --------------------------------------------------------------------------
    @abc.abstractmethod
    def put(self, data: Content, sha256: str, size: int | None = None) -> tuple[str, bool]:
        """Store the content whose SHA-256 is `sha256`; returns (name, encrypted). Idempotent."""

    @abc.abstractmethod
    def segments(self, rel: str, encrypted: bool, start: int = 0, size: int = SEGMENT) -> Iterator[bytes]:
        """The clear content from byte `start` (a multiple of SEGMENT when encrypted) in pieces of at most
        `size` bytes; only one segment is in memory at a time."""

    @abc.abstractmethod
    def exists(self, rel: str) -> bool:
        """Whether a file is stored under this name."""

    @abc.abstractmethod
    def remove(self, rel: str) -> None:
        """Remove a stored file (nothing when absent)."""

    def read(self, rel: str, encrypted: bool) -> bytes:
        return b"".join(self.segments(rel, encrypted))

    def digest(self, rel: str, encrypted: bool) -> str:
        h = hashlib.sha256()
        for piece in self.segments(rel, encrypted):
            h.update(piece)
        return h.hexdigest()

    def _intact(self, rel: str, sha256: str) -> bool:
        try:
            return self.digest(rel, self.encrypting) == sha256
        except (BlobDamaged, OSError):
            return False


class BlobStore(Blobs):
    """The files folder of a desk's data folder."""

    def __init__(self, data_dir: Path, key: bytes | None):
        super().__init__(key)
        self.root = Path(data_dir)

    def path(self, rel: str) -> Path:
        return self.root / rel

    def exists(self, rel: str) -> bool:
        return self.path(rel).is_file()

    # --- writing ------------------------------------------------------------------------------------
    def put(self, data: Content, sha256: str, size: int | None = None) -> tuple[str, bool]:
        rel = self.relpath(sha256)
        target = self.path(rel)
        if target.exists() and self._intact(rel, sha256):
            return rel, self.encrypting
        total, clear = self._segments_in(data, sha256, size)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            with open(tmp, "wb") as fh:
                if self._aead is None:
                    for piece in clear:
                        fh.write(piece)
                else:
                    header = self._header(total)
                    fh.write(header)
                    for piece in self._seal(header, clear):
                        fh.write(piece)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        return rel, self.encrypting

    # --- reading ------------------------------------------------------------------------------------
    def size_of(self, rel: str, encrypted: bool) -> int:
        """The clear size of a stored file."""
        if not encrypted:
            return self.path(rel).stat().st_size
        with open(self.path(rel), "rb") as fh:
            return cast(int, self._read_header(fh, rel)[3])

    def _read_header(self, fh: IO[bytes], rel: str) -> tuple[Any, ...]:
        return self._unpack(fh.read(HEADER.size), rel)

    def segments(self, rel: str, encrypted: bool, start: int = 0, size: int = SEGMENT) -> Iterator[bytes]:
        self._need_key(rel, encrypted)
        try:
            fh = open(self.path(rel), "rb")
        except FileNotFoundError:
            raise BlobDamaged(f"Không thấy tệp lưu trữ {rel} trong thư mục dữ liệu.") from None
        with fh:
            if not encrypted:
                fh.seek(start)
                while piece := fh.read(size):
                    yield piece
                return
            header, _prefix, seg, total = self._read_header(fh, rel)
            if start % seg:
                raise ValueError("start must be a multiple of the segment size")
            first = start // seg
            count = (max(total, 1) + seg - 1) // seg
            fh.seek(HEADER.size + first * (seg + _TAG))
            for i in range(first, count):
                clear = self._open(header, i, fh.read(min(seg, total - i * seg) + _TAG), rel)
                for j in range(0, len(clear), size):
                    yield clear[j:j + size]
            if fh.read(1):
                raise BlobDamaged(f"Tệp lưu trữ {rel} có dữ liệu thừa ở cuối.")

    def remove(self, rel: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path(rel).unlink()


def store_for(desk: Desk) -> Blobs:
    """Where this desk's files are: the data folder on SQLite, the database on a centre's server (the one
    place that chooses)."""
    if on_server(desk):
        from app.services.files_dbstore import DbBlobStore

        return DbBlobStore(desk.db, desk.db.key)
    return BlobStore(desk.paths.data_dir, desk.db.key)


def on_server(desk: Desk) -> bool:
    """Whether the files live in the database (a centre's PostgreSQL server) rather than in the folder."""
    return desk.db.engine.dialect.name == "postgresql"
