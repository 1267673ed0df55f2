"""Keys of encrypted stores and how to tell an encrypted file: one job, no SQLite connection here.

`register_key` remembers, in this process only, the raw SQLCipher key of a store (after sign-in);
`key_for` finds it, or asks the lookup passed in by the caller (the OS keyring, from
app.services.crypto_store). `cipher_module` is the SQLCipher DB-API module when it is installed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.errors import DatabaseError

SQLITE_HEADER = b"SQLite format 3\x00"
_KEYS: dict[Path, bytes] = {}
#: Finds a remembered key (the OS keyring) for an encrypted database; passed to open_database.
KeyLookup = Callable[[Path], bytes | None]


def register_key(path: Path, key: bytes) -> None:
    """Remember, in this process only, the raw key that unlocks the encrypted database at `path`."""
    _KEYS[Path(path).resolve()] = key


def forget_key(path: Path) -> None:
    _KEYS.pop(Path(path).resolve(), None)


def key_for(path: Path, keys: KeyLookup | None = None) -> bytes | None:
    """The key registered at sign-in for `path`, else what `keys` (the OS keyring) finds."""
    key = _KEYS.get(Path(path).resolve())
    if key is None and keys is not None:
        key = keys(Path(path))
    return key


def is_encrypted_file(path: Path) -> bool:
    """True when the file exists, is not empty and is not a plain SQLite file (so SQLCipher or garbage)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except FileNotFoundError:
        return False
    return bool(head) and head != SQLITE_HEADER


def cipher_module() -> Any:
    """The SQLCipher DB-API module, or None when the package is not installed on this platform."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        return None
    return dbapi2


def _cipher_missing(path: Path) -> DatabaseError:
    return DatabaseError(
        f"Cơ sở dữ liệu {path} được mã hóa nhưng máy này chưa có gói SQLCipher (sqlcipher3). "
        "Hãy cài lại Một Cửa bản đầy đủ; dữ liệu vẫn nguyên vẹn và không bị mở ở dạng rõ."
    )
