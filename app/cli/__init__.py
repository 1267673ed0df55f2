"""The `motcua` command: argument parsing and JSON output, nothing else.

Each area registers its sub-commands from its own module (COMMAND_MODULES). Errors go to stderr in
Vietnamese with a non-zero exit code; an unexpected error is logged with its traceback to the log
file and reported in one line, never as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from app import __version__
from app.errors import MotCuaError

log = logging.getLogger(__name__)

#: Each area's module and the sub-commands it registers (tests/unit/test_cli.py checks this list against
#: what each module registers). A command imports only its own module: `motcua selftest` or `motcua sync`
#: never loads the spreadsheet importer or the hub; help and unknown commands load them all.
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "app.cli.core": ("catalogue", "demo-data", "demo-setup", "find", "init", "intake", "show", "transition"),
    "app.cli.admin": ("audit", "backup", "check", "encrypt", "restore", "user"),
    "app.cli.report": ("report",),
    "app.cli.printing": ("print", "register"),
    "app.cli.ui": ("selftest",),
    "app.cli.sync": ("sync",),
    "app.cli.files": ("attach", "files"),
    "app.cli.calendar": ("calendar",),
    "app.cli.rules": ("extend", "stop"),
    "app.cli.importing": ("import",),
    "app.cli.centre": ("centre",),
    "app.cli.serve": ("serve",),
}
_GLOBAL_WITH_VALUE = ("--data-dir", "--user")


# argparse's own words (usage, help headings, its error messages) in Vietnamese: argparse looks each
# one up through gettext's `_`, so giving the module this lookup is how its text is translated.
_ARGPARSE_VI = {
    "usage: ": "cách dùng: ",
    "positional arguments": "lệnh và tham số",
    "options": "tùy chọn",
    "show this help message and exit": "hiện hướng dẫn này rồi thoát",
    "show program's version number and exit": "hiện số phiên bản rồi thoát",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "không hiểu tham số: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "lựa chọn %(value)r không có (chọn một trong %(choices)s)",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "expected one argument": "cần đúng một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "expected at most one argument": "chỉ nhận tối đa một giá trị",
    "invalid %(type)s value: %(value)r": "giá trị %(value)r không hợp lệ",
    "ambiguous option: %(option)s could match %(matches)s": "tùy chọn %(option)s chưa rõ, có thể là %(matches)s",
    "not allowed with argument %s": "không dùng chung với tham số %s",
    "one of the arguments %s is required": "cần một trong các tham số %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "không có lệnh %(parser_name)r (các lệnh: %(choices)s)",
}
argparse._ = lambda text: _ARGPARSE_VI.get(text, text)  # type: ignore[attr-defined]


class VietnameseParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"Lỗi cú pháp lệnh: {message}\nXem hướng dẫn: motcua --help\n")


def _modules_for(argv: list[str] | None) -> list[str]:
    """The command modules `argv` needs: the one owning its sub-command; none to open the app; every one
    for help, an unknown command, or when `argv` is not given."""
    if argv is None:
        return list(COMMAND_MODULES)
    rest = iter(argv)
    for arg in rest:
        if arg in _GLOBAL_WITH_VALUE:
            next(rest, None)
        elif arg in ("-h", "--help"):
            return list(COMMAND_MODULES)
        elif not arg.startswith("-"):
            owners = [m for m, commands in COMMAND_MODULES.items() if arg in commands]
            return owners or list(COMMAND_MODULES)
    return []


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser for `argv` (only the command modules it needs), or for every command."""
    p = VietnameseParser(prog="motcua", description="Một Cửa desk — phần mềm tiếp nhận và trả kết quả hồ sơ.")
    p.add_argument("--version", action="version", version=f"motcua {__version__}")
    p.add_argument("--data-dir", help="thư mục dữ liệu (mặc định: MOTCUA_HOME hoặc thư mục dữ liệu người dùng)")
    p.add_argument("--user", metavar="TÊN_ĐĂNG_NHẬP",
                   help="tài khoản của bộ phận một cửa thực hiện lệnh (bắt buộc với lệnh thay đổi dữ liệu); "
                        "mật khẩu được hỏi trên bàn phím")
    p.add_argument("--password-stdin", dest="account_password_stdin", action="store_true",
                   help="đọc mật khẩu của --user từ dòng đầu của đầu vào chuẩn (dùng trong tập lệnh)")
    sub = p.add_subparsers(dest="command", parser_class=VietnameseParser)
    for name in _modules_for(argv):
        importlib.import_module(name).register(sub)
    return p


def _undecodable(argv: list[str]) -> str | None:
    """An argument holding bytes that were not UTF-8 (Python keeps them as lone surrogates)."""
    for arg in argv:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            return arg.encode("utf-8", "replace").decode("utf-8")
    return None


def main(argv: list[str] | None = None) -> int:
    args_in = sys.argv[1:] if argv is None else argv
    if args_in == ["--version"]:  # answered before importing every command module (scripts call it often)
        print(f"motcua {__version__}")
        return 0
    parser = build_parser(args_in)
    bad = _undecodable(args_in)
    if bad is not None:
        print(f"Tham số «{bad[:80]}» có ký tự không đọc được (không phải UTF-8). Hãy gõ lại bằng bảng mã "
              "Unicode (UTF-8).", file=sys.stderr)
        return 2
    args = parser.parse_args(args_in)
    from app.cli.context import CliContext

    ctx = CliContext(args)
    try:
        if not getattr(args, "func", None):
            return ctx.open_app()
        return int(args.func(args, ctx) or 0)
    except MotCuaError as exc:
        print(exc.message, file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("Đã dừng theo yêu cầu.", file=sys.stderr)
        return 130
    except Exception as exc:  # last line of defence: never a traceback to the user
        log.exception("unexpected error in command %s", getattr(args, "command", None))
        print(f"Lỗi không mong đợi ({type(exc).__name__}). Chi tiết đã ghi vào tệp nhật ký "
              f"{ctx.paths.logs / 'motcua.log'}; hãy gửi tệp này cho bộ phận CNTT.", file=sys.stderr)
        return 70
    finally:
        ctx.close()
