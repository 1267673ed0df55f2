"""Where things live: the shipped resources folder and the per-user data folder.

Resolved once and passed around as an `AppPaths` object. The data folder comes from `--data-dir`,
then `MOTCUA_HOME`, then the platform's per-user data directory (platformdirs). Resources come from
the PyInstaller bundle when frozen, else from the source tree next to the `app` package.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "MotCuaDesk"


def resources_dir() -> Path:
    override = os.environ.get("MOTCUA_RESOURCES")
    if override:
        return Path(override)
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / "motcua.sqlite3"

    @property
    def backups(self) -> Path:
        return self.data_dir / "backups"

    @property
    def logs(self) -> Path:
        return self.data_dir / "logs"

    @property
    def secrets(self) -> Path:
        return self.data_dir / "secrets"

    def ensure(self) -> AppPaths:
        for p in (self.data_dir, self.backups, self.logs):
            p.mkdir(parents=True, exist_ok=True)
        return self

    @classmethod
    def resolve(cls, data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
        if data_dir:
            return cls(Path(data_dir).expanduser().resolve())
        env = os.environ.get("MOTCUA_HOME")
        if env:
            return cls(Path(env).expanduser().resolve())
        return cls(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)))
