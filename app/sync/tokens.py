"""Where the sync token lives: the operating system's keyring when it has one, else a file only the
user can read (mode 0600 in a 0700 folder under the data folder's `secrets/`). Never in the database,
never in a log line.

`MOTCUA_TOKEN_BACKEND=file|keyring` forces one store (tests use `file` so they never touch the
developer's real keyring). Each data folder has its own entry, so two desks on one machine keep
separate tokens.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from app.paths import AppPaths, write_private

log = logging.getLogger(__name__)

SERVICE = "motcua-desk-sync"


def _keyring_usable() -> bool:
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
        return not isinstance(backend, fail.Keyring) and getattr(backend, "priority", 0) > 0
    except Exception:  # a broken keyring install must not stop the desk
        return False


class TokenStore:
    """Created on the UI thread (the sync controller's service); the keyring is first asked for on the
    thread that reads or writes the token, since finding the OS keyring takes a noticeable moment."""

    def __init__(self, paths: AppPaths, backend: str | None = None):
        self.paths = paths
        choice = backend or os.environ.get("MOTCUA_TOKEN_BACKEND", "")
        self._backend = choice if choice in ("file", "keyring") else None

    @property
    def backend(self) -> str:
        if self._backend is None:
            self._backend = "keyring" if _keyring_usable() else "file"
        return self._backend

    @property
    def file(self) -> Path:
        return self.paths.secrets / "sync-token"

    @property
    def account(self) -> str:
        return str(self.paths.data_dir)

    def where(self) -> str:
        if self.backend == "keyring":
            return "kho khóa bảo mật của hệ điều hành"
        return f"tệp {self.file} (chỉ người dùng này đọc được)"

    def get(self) -> str:
        if self.backend == "keyring":
            try:
                import keyring

                token = keyring.get_password(SERVICE, self.account)
                if token:
                    return token
            except Exception:
                log.warning("keyring unavailable, looking for the token file instead")
        try:
            return self.file.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return ""

    def set(self, token: str) -> None:
        token = token.strip()
        if self.backend == "keyring":
            try:
                import keyring

                keyring.set_password(SERVICE, self.account, token)
                self._remove_file()
                return
            except Exception:
                log.warning("keyring refused the token; storing it in the protected file instead")
                self._backend = "file"
        self.paths.secrets.mkdir(parents=True, exist_ok=True)
        os.chmod(self.paths.secrets, 0o700)
        write_private(self.file, token)

    def clear(self) -> None:
        if self.backend == "keyring":
            try:
                import keyring

                keyring.delete_password(SERVICE, self.account)
            except Exception:
                pass
        self._remove_file()

    def _remove_file(self) -> None:
        try:
            self.file.unlink()
        except FileNotFoundError:
            pass
