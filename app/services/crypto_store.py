"""Encrypted store for laptops: SQLCipher at rest, unlocked at sign-in, key in the OS keyring for sync.

The database is encrypted with one random 256-bit key (SQLCipher 4: AES-256 pages with an HMAC each).
That key never touches the disk in clear: the key file `motcua.keys.json` beside the database holds, per
user, the key XOR-ed with a 32-byte pad derived from that user's password by scrypt (fresh salt per
wrap) plus an HMAC to tell a wrong password. Signing in derives the pad, recovers the key and registers
it with app.models.db for this process only. For the unattended nightly sync, `remember_key` puts the
key into the operating system's keyring (Windows Credential Manager, macOS Keychain, Secret Service),
which `keyring_key` reads (passed to app.models.db.open_database by the desk); a keyring that would store it in clear is refused. Backups are page copies
under the same key, so they stay encrypted. If SQLCipher (package `sqlcipher3`) is not installed on a
platform, enabling encryption is refused with a message instead of silently keeping a clear file.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.errors import MotCuaError
from app.models import db as dbmod
from app.paths import AppPaths, disk_words, restrict_file

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

KEY_FILE = "motcua.keys.json"
KEYRING_SERVICE = "MotCuaDesk"
_N, _R, _P = 2**15, 8, 1
_MAXMEM = 64 * 1024 * 1024
_INSECURE_KEYRINGS = ("fail", "null", "plaintext", "uncrypted")


class CipherUnavailable(MotCuaError):
    exit_code = 7


def available() -> bool:
    return dbmod.cipher_module() is not None


def require_available() -> None:
    if not available():
        raise CipherUnavailable(
            "Máy này không có gói SQLCipher (sqlcipher3) nên không bật được chế độ mã hóa. Dữ liệu vẫn lưu "
            "như cũ (không mã hóa). Hãy cài bản Một Cửa có SQLCipher cho hệ điều hành này, hoặc dùng mã hóa "
            "toàn ổ đĩa (BitLocker, FileVault, LUKS) cho máy xách tay."
        )


def is_encrypted(paths: AppPaths) -> bool:
    return dbmod.is_encrypted_file(paths.database)


# --- key wraps ---------------------------------------------------------------------------------------
def _key_file(paths: AppPaths) -> Path:
    return paths.data_dir / KEY_FILE


def _load(paths: AppPaths) -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads(_key_file(paths).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"version": 1, "wraps": {}}
    except (OSError, ValueError) as exc:
        raise MotCuaError(f"Tệp khóa {_key_file(paths)} bị hỏng ({exc}). Hãy khôi phục thư mục dữ liệu từ bản "
                          "sao lưu hoặc mở khóa bằng khóa đã lưu trong kho khóa của hệ điều hành.") from exc
    data.setdefault("wraps", {})
    return data


def _save(paths: AppPaths, data: dict[str, Any]) -> None:
    """Atomic replace (write, fsync, rename) so a power cut leaves the old or the new file, never half."""
    target = _key_file(paths)
    tmp = target.with_suffix(".tmp")
    with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=1)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, target)
    with contextlib.suppress(OSError):
        os.chmod(target, 0o600)


def _pads(password: str, salt: bytes, n: int, r: int, p: int) -> tuple[bytes, bytes]:
    out = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=64, maxmem=_MAXMEM)
    return out[:32], out[32:]


def _wrap(password: str, key: bytes) -> dict[str, Any]:
    salt = os.urandom(16)
    pad, mac_key = _pads(password, salt, _N, _R, _P)
    b64 = base64.b64encode
    return {"n": _N, "r": _R, "p": _P, "salt": b64(salt).decode(),
            "wrapped": b64(bytes(a ^ b for a, b in zip(key, pad, strict=True))).decode(),
            "check": hmac.new(mac_key, key, hashlib.sha256).hexdigest()}


def _unwrap(password: str, w: dict[str, Any]) -> bytes | None:
    try:
        pad, mac_key = _pads(password, base64.b64decode(w["salt"]), int(w["n"]), int(w["r"]), int(w["p"]))
        key = bytes(a ^ b for a, b in zip(base64.b64decode(w["wrapped"]), pad, strict=True))
    except (KeyError, ValueError, TypeError):
        return None
    return key if hmac.compare_digest(hmac.new(mac_key, key, hashlib.sha256).hexdigest(), w["check"]) else None


def add_wrap(paths: AppPaths, username: str, password: str, key: bytes) -> None:
    """Let `password` unlock `key`; the previous wrap stays until `keep_newest_wrap` (after the commit)."""
    data = _load(paths)
    data["wraps"][username] = [_wrap(password, key), *data["wraps"].get(username, [])][:2]
    _save(paths, data)


def keep_newest_wrap(paths: AppPaths, username: str) -> None:
    data = _load(paths)
    if len(data["wraps"].get(username, [])) > 1:
        data["wraps"][username] = data["wraps"][username][:1]
        _save(paths, data)


def remove_wraps(paths: AppPaths, username: str) -> None:
    data = _load(paths)
    if data["wraps"].pop(username, None) is not None:
        _save(paths, data)


def has_wrap(paths: AppPaths, username: str) -> bool:
    return bool(_load(paths)["wraps"].get(username))


def unwrap(paths: AppPaths, username: str, password: str) -> bytes | None:
    """The database key if `password` opens one of `username`'s wraps, else None. An unknown user costs
    the same scrypt work as a known one (the answer must not tell which accounts exist)."""
    wraps = _load(paths)["wraps"].get(username, [])
    if not wraps:
        _pads(password, b"\0" * 16, _N, _R, _P)
    for w in wraps:
        key = _unwrap(password, w)
        if key is not None:
            return key
    return None


# --- OS keyring (nightly sync) -------------------------------------------------------------------------
def _keyring_entry(path: Path) -> str:
    return f"db-key:{Path(path).resolve()}"


def _insecure(backend: object) -> bool:
    inner = getattr(backend, "backends", None)
    if inner is not None:  # keyring's chainer: secure if any backend in the chain is
        return not inner or all(_insecure(b) for b in inner)
    name = f"{type(backend).__module__}.{type(backend).__name__}".lower()
    return any(bad in name for bad in _INSECURE_KEYRINGS)


def secure_keyring() -> KeyringBackend:
    """The OS keyring backend, or raise when there is none that keeps secrets out of clear files."""
    import keyring

    backend = keyring.get_keyring()
    if _insecure(backend):
        raise MotCuaError(
            "Máy này không có kho khóa an toàn của hệ điều hành (Windows Credential Manager, macOS Keychain "
            "hoặc Secret Service), nên không lưu khóa cho đồng bộ tự động được. Khóa không bao giờ được ghi "
            "ra tệp rõ; hãy mở ứng dụng và đăng nhập để đồng bộ bằng tay."
        )
    return backend


def remember_key(paths: AppPaths, key: bytes) -> None:
    secure_keyring().set_password(KEYRING_SERVICE, _keyring_entry(paths.database), key.hex())


def forget_remembered_key(paths: AppPaths) -> None:
    import keyring

    with contextlib.suppress(Exception):
        keyring.delete_password(KEYRING_SERVICE, _keyring_entry(paths.database))


def keyring_key(path: Path) -> bytes | None:
    """Used by app.models.db to open an encrypted store without a sign-in (sync, command line)."""
    try:
        import keyring

        value = keyring.get_password(KEYRING_SERVICE, _keyring_entry(path))
    except Exception:  # no keyring service running is the same as no key
        return None
    try:
        return bytes.fromhex(value) if value else None
    except ValueError:
        return None



def unlock(paths: AppPaths, username: str, password: str) -> bytes | None:
    """Recover the key with this user's password and register it for this process (None if it fails)."""
    key = unwrap(paths, username, password)
    if key is not None:
        dbmod.register_key(paths.database, key)
    return key


def new_key() -> bytes:
    return os.urandom(32)


# --- converting a store between clear and encrypted ---------------------------------------------------
def _key_sql(key: bytes | None) -> str:
    return f"\"x'{key.hex()}'\"" if key else "''"


def export(src: Path, src_key: bytes | None, dst: Path, dst_key: bytes | None) -> None:
    """Copy schema and data of `src` into a new file `dst` under another key (sqlcipher_export)."""
    module = dbmod.cipher_module()
    assert module is not None
    dst.unlink(missing_ok=True)
    conn = module.connect(str(src))
    try:
        if src_key:
            conn.execute(f"PRAGMA key = {_key_sql(src_key)}")
        conn.execute(f"ATTACH DATABASE '{_sql_path(dst)}' AS target KEY {_key_sql(dst_key)}")
        conn.execute("SELECT sqlcipher_export('target')")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute(f"PRAGMA target.user_version = {int(version)}")
        conn.commit()
        conn.execute("DETACH DATABASE target")
    finally:
        conn.close()
    with open(dst, "rb+") as fh:
        os.fsync(fh.fileno())


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def shred(path: Path) -> None:
    """Overwrite a clear file with zeros before deleting it (best effort: SSDs may keep old blocks)."""
    with contextlib.suppress(FileNotFoundError):
        size = path.stat().st_size
        with open(path, "r+b") as fh:
            while size > 0:
                chunk = min(size, 1 << 20)
                fh.write(b"\0" * chunk)
                size -= chunk
            fh.flush()
            os.fsync(fh.fileno())
        path.unlink()


def convert_file(path: Path, old_key: bytes | None, new_key: bytes | None) -> None:
    """Re-key one closed database file in place: export, verify, atomic swap, shred the old content.

    On any failure (a full disk) the temporary copy is removed and the file is left as it was.
    """
    tmp = path.with_name(path.name + ".convert-tmp")
    try:
        export(path, old_key, tmp, new_key)
        conn = dbmod.connect(tmp, new_key)
        try:
            ok = conn.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            conn.close()
        if ok != "ok":
            raise MotCuaError(f"Chuyển đổi {path.name} không thành công ({ok}); dữ liệu cũ vẫn nguyên vẹn.")
        old = path.with_name(path.name + ".old")
        old.unlink(missing_ok=True)
        os.link(path, old)  # keep the old inode reachable so it can be overwritten after the swap
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        path.with_name(path.name + ".old").unlink(missing_ok=True)
        raise
    restrict_file(path)
    for suffix in ("-wal", "-shm", "-journal"):
        shred(path.with_name(path.name + suffix))
    shred(old)


@dataclass
class Conversion:
    """What `set_encryption` converted, what it could not, and the error to report (if any)."""

    done: list[Path] = field(default_factory=list)
    failed: list[Path] = field(default_factory=list)
    error: MotCuaError | None = None


def conversion_failed(paths: AppPaths, exc: BaseException) -> MotCuaError:
    words = disk_words(exc)
    if words == "ổ đĩa đầy":
        return MotCuaError(f"Ổ đĩa đầy: không chuyển đổi được cơ sở dữ liệu trong {paths.data_dir}. Dữ liệu vẫn như "
                           "trước (chưa đổi gì). Hãy giải phóng chỗ trống (cần khoảng gấp đôi dung lượng cơ sở dữ "
                           "liệu) rồi chạy lại.")
    return MotCuaError(f"Không chuyển đổi được cơ sở dữ liệu ({words}); dữ liệu vẫn như trước. Hãy kiểm tra "
                       "quyền ghi của thư mục dữ liệu rồi chạy lại.")


def set_encryption(paths: AppPaths, current_key: bytes | None, new_key: bytes | None) -> Conversion:
    """Convert the (closed, exclusively locked) database and every backup between clear and encrypted."""
    require_available()
    result = Conversion()
    files = [paths.database, *sorted(paths.backups.glob("*.sqlite3"))]
    failures: tuple[type[BaseException], ...] = (OSError, MotCuaError, *_db_errors())
    for f in files:
        if f != paths.database and dbmod.is_encrypted_file(f) != (current_key is not None):
            continue  # backups under another key are left as they are
        try:
            convert_file(f, current_key, new_key)
        except failures as exc:
            result.failed.append(f)
            if f == paths.database:
                result.error = conversion_failed(paths, exc)
                return result
            result.error = MotCuaError(
                f"Cơ sở dữ liệu đã được chuyển đổi nhưng {len(result.failed)} bản sao lưu chưa ({disk_words(exc)}), "
                f"ví dụ {f.name}. Hãy giải phóng chỗ trống rồi chạy lại lệnh, hoặc xóa các bản đó nếu không cần.")
            continue
        result.done.append(f)
    if new_key is None:
        dbmod.forget_key(paths.database)
        _key_file(paths).unlink(missing_ok=True)
        forget_remembered_key(paths)
    else:
        dbmod.register_key(paths.database, new_key)
    return result


def _db_errors() -> tuple[type[BaseException], ...]:
    module = dbmod.cipher_module()
    return (sqlite3.Error, module.Error) if module is not None else (sqlite3.Error,)


def key_file_snapshot(paths: AppPaths) -> bytes | None:
    try:
        return _key_file(paths).read_bytes()
    except FileNotFoundError:
        return None


def restore_key_file(paths: AppPaths, saved: bytes | None) -> None:
    """Put the key file back as it was before a conversion that did not happen (removed if there was none)."""
    target = _key_file(paths)
    target.with_suffix(".tmp").unlink(missing_ok=True)
    if saved is None:
        target.unlink(missing_ok=True)
    else:
        target.write_bytes(saved)
