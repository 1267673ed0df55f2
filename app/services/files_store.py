"""Content-addressed storage of attached files under the data folder: `files/ab/abcdef…`.

A clear store keeps each file as it is, named by its SHA-256. An encrypted store (SQLCipher key
present) keeps each file encrypted with AES-256-GCM under a key derived from the store's key (HKDF,
so the database key itself never encrypts anything else) and names it by an HMAC of its SHA-256, so
neither the content nor a hash of it can be read from the folder without the key. An encrypted file is
a 24-byte header (magic, a random 8-byte nonce prefix drawn per file, segment size, clear size) and
1 MiB segments each sealed with its own nonce (prefix + segment number) and the header as associated
data: any segment can be read alone (resumable upload, bounded memory), and truncation, reordering or
a changed byte is detected. Files are written to a temporary name, fsynced and renamed: a crash never
leaves half a file under a final name.

Centre mode (PostgreSQL shared by several counters, not built yet) should keep the same layout in a
table of 1 MiB segments keyed by this name rather than in a folder the server shares: every counter
already reaches the database, a network share is what SQLite refuses for good reasons, and pg_dump then
backs the files up together with the rows that point at them. A sibling of `BlobStore` with the same
`put`/`segments`/`remove` is all the rest of the code needs.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, cast

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.errors import MotCuaError

FOLDER = "files"
MAGIC = b"MCF1"
SEGMENT = 1 << 20
_HEADER = struct.Struct(">4s8sIQ")  # magic, nonce prefix, segment size, clear size
_TAG = 16


class BlobDamaged(MotCuaError):
    """A stored file is missing, altered or cannot be decrypted with this store's key."""


def _derive(key: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(key)


class BlobStore:
    def __init__(self, data_dir: Path, key: bytes | None):
        self.root = Path(data_dir)
        self._aead = AESGCM(_derive(key, b"motcua-desk files v1")) if key else None
        self._name_key = _derive(key, b"motcua-desk file names v1") if key else None

    @property
    def encrypting(self) -> bool:
        return self._aead is not None

    def relpath(self, sha256: str) -> str:
        """Where a file with this SHA-256 lives (relative to the data folder) in this store."""
        name = sha256 if self._name_key is None else hmac.new(self._name_key, sha256.encode(), "sha256").hexdigest()
        return f"{FOLDER}/{name[:2]}/{name}"

    def path(self, rel: str) -> Path:
        return self.root / rel

    # --- writing ------------------------------------------------------------------------------------
    def put(self, data: bytes, sha256: str) -> tuple[str, bool]:
        """Store `data` (whose SHA-256 is `sha256`); returns (relative path, encrypted). Idempotent."""
        rel = self.relpath(sha256)
        target = self.path(rel)
        if target.exists() and self._intact(rel, sha256):
            return rel, self.encrypting
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            with open(tmp, "wb") as fh:
                for piece in self._encode(data):
                    fh.write(piece)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        return rel, self.encrypting

    def _encode(self, data: bytes) -> Iterator[bytes]:
        if self._aead is None:
            yield data
            return
        header = _HEADER.pack(MAGIC, os.urandom(8), SEGMENT, len(data))
        yield header
        for i, start in enumerate(range(0, max(len(data), 1), SEGMENT)):
            yield self._aead.encrypt(self._nonce(header, i), data[start:start + SEGMENT], header + struct.pack(">I", i))

    @staticmethod
    def _nonce(header: bytes, i: int) -> bytes:
        return header[4:12] + struct.pack(">I", i)

    # --- reading ------------------------------------------------------------------------------------
    def size_of(self, rel: str, encrypted: bool) -> int:
        """The clear size of a stored file."""
        if not encrypted:
            return self.path(rel).stat().st_size
        with open(self.path(rel), "rb") as fh:
            return cast(int, self._header(fh, rel)[3])

    def _header(self, fh: IO[bytes], rel: str) -> tuple[Any, ...]:
        raw = fh.read(_HEADER.size)
        if len(raw) != _HEADER.size or raw[:4] != MAGIC:
            raise BlobDamaged(f"Tệp lưu trữ {rel} bị hỏng (phần đầu không đúng).")
        return (raw, *_HEADER.unpack(raw)[1:])

    def segments(self, rel: str, encrypted: bool, start: int = 0, size: int = SEGMENT) -> Iterator[bytes]:
        """The clear content from byte `start` (a multiple of SEGMENT when encrypted) in pieces of at most
        `size` bytes; only one segment is in memory at a time."""
        if encrypted and self._aead is None:
            raise BlobDamaged(f"Tệp {rel} được mã hóa nhưng kho dữ liệu đang mở không có khóa. Hãy đăng nhập "
                              "để mở khóa kho dữ liệu.")
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
            header, _prefix, seg, total = self._header(fh, rel)
            if start % seg:
                raise ValueError("start must be a multiple of the segment size")
            first = start // seg
            count = (max(total, 1) + seg - 1) // seg
            fh.seek(_HEADER.size + first * (seg + _TAG))
            for i in range(first, count):
                sealed = fh.read(min(seg, total - i * seg) + _TAG)
                try:
                    clear = cast(AESGCM, self._aead).decrypt(self._nonce(header, i), sealed, header + struct.pack(">I", i))
                except InvalidTag:
                    raise BlobDamaged(f"Tệp lưu trữ {rel} đã bị sửa, cắt bớt hoặc không thuộc kho này.") from None
                for j in range(0, len(clear), size):
                    yield clear[j:j + size]
            if fh.read(1):
                raise BlobDamaged(f"Tệp lưu trữ {rel} có dữ liệu thừa ở cuối.")

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

    def remove(self, rel: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path(rel).unlink()
