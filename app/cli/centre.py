"""Centre-mode commands: `init --database postgresql://…` (first counter or a new one), `centre status`,
`centre grant`. The server password is read from a prompt or --db-password-stdin, never from arguments."""

from __future__ import annotations

import argparse
import getpass
import sys

from app.cli.context import read_password
from app.errors import MotCuaError
from app.operations import admin
from app.operations import centre as ops


def add_init_options(p: argparse.ArgumentParser) -> None:
    """The options `init` gains for centre mode (called by app.cli.core when it builds `init`)."""
    p.add_argument("--database", metavar="postgresql://TÊN@MÁY[:CỔNG]/CSDL",
                   help="dùng cơ sở dữ liệu PostgreSQL của Trung tâm (không ghi mật khẩu vào địa chỉ)")
    p.add_argument("--db-password-stdin", action="store_true",
                   help="đọc mật khẩu máy chủ từ dòng đầu của đầu vào chuẩn (nếu không: hỏi, rồi keyring, rồi tệp "
                        "pgpass); với cả --password-stdin, mật khẩu quản trị ở dòng thứ hai")
    p.add_argument("--device-name", default="", help="tên máy này trong Trung tâm, ví dụ «Quầy 2»")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("centre", help="chế độ Trung tâm (máy chủ PostgreSQL dùng chung)")
    csub = p.add_subparsers(dest="centre_cmd", required=True)
    c = csub.add_parser("status", help="máy chủ đang dùng, các máy đã kết nối")
    c.set_defaults(func=cmd_status)
    c = csub.add_parser("grant", help="in (hoặc chạy) lệnh SQL cấp quyền hạn chế cho vai trò các quầy dùng")
    c.add_argument("--role", required=True, help="vai trò PostgreSQL của các quầy, ví dụ motcua_quay")
    c.add_argument("--apply", action="store_true", help="chạy luôn trên máy chủ (cần quyền chủ sở hữu CSDL)")
    c.set_defaults(func=cmd_grant)


def _password(args: argparse.Namespace) -> str | None:
    """The server's password: the first line of standard input with --db-password-stdin, else typed (Enter
    for none), else None: libpq then looks in the OS keyring entry or the pgpass file."""
    if args.db_password_stdin:
        line = sys.stdin.readline()
        if not line:
            raise MotCuaError("Không đọc được mật khẩu máy chủ từ đầu vào chuẩn. Hãy truyền mật khẩu máy chủ trên "
                              "dòng đầu, mật khẩu quản trị trên dòng thứ hai.")
        return line.rstrip("\r\n")
    if sys.stdin.isatty():
        typed = getpass.getpass("Mật khẩu máy chủ Trung tâm (Enter nếu dùng keyring hoặc tệp pgpass): ")
        return typed or ops.keyring_password(args.database)
    return ops.keyring_password(args.database)


def cmd_init_centre(args, ctx) -> int:  # type: ignore[no-untyped-def]
    """`init --database …`: connect this data folder, then set up the unit with its first administrator
    (first counter) or join the centre signed in as its administrator (every other counter).

    Passwords, when both come from standard input (--db-password-stdin and --password-stdin): the server's
    on the first line, the administrator's on the second."""
    ops.check_url(args.database)  # a wrong address (or one with a password in it) before any password is asked
    db_password = _password(args)
    from_stdin = args.password_stdin or args.account_password_stdin
    password = read_password(from_stdin, f"Mật khẩu của quản trị {args.admin}: ", confirm=True)
    outcome = ops.connect_and_set_up(
        ctx.paths, args.database, db_password, admin.CommuneIn(
            agency_code=args.agency_code, agency_name=args.agency_name, parent_name=args.parent_name,
            place=args.place, code_template=args.code_template, lookup_url=args.lookup_url),
        admin.FirstAdmin(args.admin, args.admin_name, password, title=args.admin_title),
        device_name=args.device_name, demo=args.demo)
    if outcome.joined:
        print(f"Đã kết nối máy này vào {outcome.agency_name} (máy chủ {outcome.url}) với tên «{outcome.device_name}»; "
              f"dữ liệu dùng chung trên máy chủ, cấu hình tại {ctx.paths.data_dir}.")
    else:
        print(f"Đã tạo cơ sở dữ liệu Trung tâm trên {outcome.url} và thiết lập {outcome.agency_name}; máy này là "
              f"«{outcome.device_name}», tài khoản quản trị: {args.admin}. Các máy khác chạy cùng lệnh để kết nối.")
    return 0


def cmd_status(args, ctx) -> int:  # type: ignore[no-untyped-def]
    status = ops.status(ctx.op(account=False))
    print(f"Máy chủ: {status.url}\nĐơn vị: {status.agency_name}\nMáy này: {status.device_name}")
    for name in status.devices:
        print(f"  - {name}")
    return 0


def cmd_grant(args, ctx) -> int:  # type: ignore[no-untyped-def]
    sql = ops.grant(ctx.op(account=args.apply, command="centre grant"), args.role, apply=args.apply)
    if args.apply:
        print(f"Đã cấp quyền hạn chế cho vai trò {args.role}: không sửa, không xóa được nhật ký kiểm toán và sự kiện.")
    else:
        print(sql)
    return 0
