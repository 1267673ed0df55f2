"""What a command needs: resolved paths, the open desk (lazily), the acting account, passwords, JSON output.

Every command that changes dossiers, users, settings, the catalogue, the calendar or the store acts as a
desk account: `motcua --user NAME [--password-stdin] COMMAND`, checked with the app's sign-in and lock-out
(`accounts.authenticate`). A command registered with `account=False` (sync, backup, check, audit verify,
and the reads: find, show, print, report, register, catalogue list…) may run without one, as the OS
account, audited as such; with --user it acts as that account.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from dataclasses import dataclass, field

from app.errors import DatabaseError, MotCuaError, PermissionDenied, ValidationError
from app.logging_setup import configure
from app.operations import OpContext
from app.operations.admin import needs_first_admin, open_signed_in
from app.operations.base import os_actor
from app.paths import AppPaths
from app.services.crypto_store import is_encrypted
from app.services.desk import Desk
from app.services.dto import Actor


@dataclass(frozen=True)
class Account:
    """Who runs the command: the desk account signed in with --user, or the OS account."""

    actor: Actor
    signed_in: bool
    password: str = field(default="", repr=False)  # kept for the commands that re-wrap the store's key


class CliContext:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.paths = AppPaths.resolve(getattr(args, "data_dir", None))
        self._desk: Desk | None = None
        self._account: Account | None = None

    # --- the desk and the account -----------------------------------------------------------------------
    @property
    def desk(self) -> Desk:
        if self._desk is None:
            self.paths.ensure()
            configure(self.paths.logs)
            if getattr(self.args, "user", None):
                self.sign_in()
            else:
                self._desk = Desk.open(self.paths)
        assert self._desk is not None
        return self._desk

    def sign_in(self) -> Account:
        """Sign in with --user (password from the terminal or --password-stdin); once per command."""
        if self._account is None:
            username = getattr(self.args, "user", None)
            if not username:
                self._account = Account(os_actor(), False)
            else:
                self.paths.ensure()
                configure(self.paths.logs)
                self._refuse_without_accounts()
                password = read_password(bool(getattr(self.args, "account_password_stdin", False)),
                                         f"Mật khẩu của {username}: ")
                self._desk, info = open_signed_in(self.paths, username, password)
                self._account = Account(info.actor(), True, password)
        return self._account

    def _refuse_without_accounts(self) -> None:
        """A new folder has no account to sign in with: say how to set it up (before asking a password)."""
        if is_encrypted(self.paths):
            return
        desk = Desk.open(self.paths)
        try:
            if needs_first_admin(desk):
                raise DatabaseError(
                    "Chưa thiết lập đơn vị và tài khoản quản trị cho dữ liệu này. Hãy chạy: motcua init --agency-code "
                    "MÃ --agency-name \"TÊN TRUNG TÂM\" --admin TÊN_ĐĂNG_NHẬP --admin-name \"HỌ VÀ TÊN\" (hoặc mở "
                    "ứng dụng để thiết lập lần đầu).")
        finally:
            desk.close()

    def op(self, *, account: bool = True, command: str = "") -> OpContext:
        """The operations' context. `account`: this command changes data and needs a desk account."""
        who = self.sign_in()
        if account and not who.signed_in:
            name = command or getattr(self.args, "command", "") or ""
            raise PermissionDenied(
                f"Lệnh «{name}» thay đổi dữ liệu nên phải chạy bằng tài khoản của bộ phận một cửa: "
                f"motcua --user TÊN_ĐĂNG_NHẬP {name} … (mật khẩu được hỏi; trong tập lệnh dùng --password-stdin "
                "và truyền mật khẩu qua đầu vào chuẩn).")
        return OpContext(self.desk, who.actor)

    def forget_desk(self) -> None:
        """The desk was closed by the operation (encryption converts the file)."""
        self._desk = None

    # --- output -----------------------------------------------------------------------------------------
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


def read_password(from_stdin: bool, prompt: str = "Mật khẩu: ", confirm: bool = False) -> str:
    """One password: a line of standard input (scripts), or typed on the terminal without echo."""
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            raise MotCuaError("Không đọc được mật khẩu từ đầu vào chuẩn. Hãy truyền mỗi mật khẩu trên một dòng.")
        password = line.rstrip("\r\n")
        try:
            password.encode("utf-8")
        except UnicodeEncodeError:
            raise ValidationError({"password": "Mật khẩu có ký tự không đọc được; hãy dùng chữ, số và dấu."}) from None
        return password
    if not sys.stdin.isatty():
        raise MotCuaError("Không có bàn phím để nhập mật khẩu. Hãy dùng --password-stdin và truyền mật khẩu qua "
                          "đầu vào chuẩn.")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Nhập lại mật khẩu: ") != first:
        raise ValidationError({"password": "Hai lần nhập mật khẩu không khớp."})
    return first
