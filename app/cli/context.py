"""What a command needs: resolved paths, the open desk (lazily), the acting user, JSON printing."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from functools import cached_property

from app.errors import MotCuaError
from app.logging_setup import configure
from app.paths import AppPaths
from app.services.desk import Desk
from app.services.dto import Actor


class CliContext:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.paths = AppPaths.resolve(getattr(args, "data_dir", None))
        self._desk: Desk | None = None

    @property
    def desk(self) -> Desk:
        if self._desk is None:
            self.paths.ensure()
            configure(self.paths.logs)
            self._desk = Desk.open(self.paths)
        return self._desk

    @cached_property
    def actor(self) -> Actor:
        """The command line acts as the operating-system user (or --as USER)."""
        name = getattr(self.args, "as_user", None) or _os_user()
        return Actor(username=f"os:{name}", full_name=name, role="admin")

    def print_json(self, obj: object) -> None:
        json.dump(obj, sys.stdout, ensure_ascii=False, indent=1, default=str)
        sys.stdout.write("\n")

    def open_app(self) -> int:
        try:
            from app.ui.main import run_app
        except ImportError as exc:
            raise MotCuaError(f"Không mở được giao diện ({exc}). Hãy cài đủ gói PySide6.") from exc
        return run_app(self.paths)

    def close(self) -> None:
        if self._desk is not None:
            self._desk.close()


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some service contexts
        return "system"
