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

COMMAND_MODULES = [
    "app.cli.core",
    "app.cli.admin",
    "app.cli.report",
    "app.cli.printing",
    "app.cli.ui",
    "app.cli.sync",
    "app.cli.files",
    "app.cli.calendar",
    "app.cli.rules",
    "app.cli.importing",
    "app.cli.centre",
    "app.cli.serve",
]


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


def build_parser() -> argparse.ArgumentParser:
    p = VietnameseParser(prog="motcua", description="Một Cửa desk — phần mềm tiếp nhận và trả kết quả hồ sơ.")
    p.add_argument("--version", action="version", version=f"motcua {__version__}")
    p.add_argument("--data-dir", help="thư mục dữ liệu (mặc định: MOTCUA_HOME hoặc thư mục dữ liệu người dùng)")
    p.add_argument("--user", metavar="TÊN_ĐĂNG_NHẬP",
                   help="tài khoản của bộ phận một cửa thực hiện lệnh (bắt buộc với lệnh thay đổi dữ liệu); "
                        "mật khẩu được hỏi trên bàn phím")
    p.add_argument("--password-stdin", dest="account_password_stdin", action="store_true",
                   help="đọc mật khẩu của --user từ dòng đầu của đầu vào chuẩn (dùng trong tập lệnh)")
    sub = p.add_subparsers(dest="command", parser_class=VietnameseParser)
    for name in COMMAND_MODULES:
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
    parser = build_parser()
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
