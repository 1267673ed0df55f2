"""Administration sub-commands: user, backup, restore, check, audit verify, encrypt.

Changes (users, encryption) act as the desk account given with `motcua --user NAME`; backup, check,
audit verify and encrypt status may run as the OS account, audited as such. `restore` never opens the
current store (it may be damaged): with --user the account is checked against the backup being restored,
without it only the OS account that owns the data folder may restore. Passwords are read
from the terminal without echo, or from standard input with `--password-stdin` (scripts: the acting
account's password on the first line, a new account's password on the next), never from an argument
(it would show in the process list and the shell history).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.context import read_password
from app.operations import admin, store
from app.operations import centre as centre_ops
from app.services import accounts
from app.services.permissions import ROLE_LABELS, actions_for


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("user", help="quản lý người dùng")
    usub = p.add_subparsers(dest="user_cmd", required=True)
    u = usub.add_parser("add", help="thêm người dùng (phải đổi mật khẩu ở lần đăng nhập đầu)")
    u.add_argument("username")
    u.add_argument("--name", required=True, help="họ tên")
    u.add_argument("--role", required=True, choices=sorted(ROLE_LABELS), help="vai trò")
    u.add_argument("--title", default="", help="chức danh in trên phiếu")
    u.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu tạm từ stdin")
    u.add_argument("--json", action="store_true")
    u.set_defaults(func=cmd_user_add)
    u = usub.add_parser("list", help="liệt kê người dùng")
    u.add_argument("--json", action="store_true")
    u.set_defaults(func=cmd_user_list)
    for name, active, text in (("disable", False, "vô hiệu hóa"), ("enable", True, "kích hoạt lại")):
        u = usub.add_parser(name, help=f"{text} tài khoản")
        u.add_argument("username")
        u.set_defaults(func=cmd_user_active, active=active)
    u = usub.add_parser("reset-password", help="đặt mật khẩu tạm (người dùng phải đổi khi đăng nhập)")
    u.add_argument("username")
    u.add_argument("--password-stdin", action="store_true")
    u.set_defaults(func=cmd_user_reset)
    u = usub.add_parser("set-role", help="đổi vai trò")
    u.add_argument("username")
    u.add_argument("role", choices=sorted(ROLE_LABELS))
    u.set_defaults(func=cmd_user_role)

    p = sub.add_parser("backup", help="sao lưu cơ sở dữ liệu (API sao lưu trực tuyến của SQLite)")
    p.add_argument("--out", type=Path, help="tệp đích (mặc định: thư mục backups)")
    p.add_argument("--force", action="store_true", help="ghi đè tệp --out nếu đã có")
    p.add_argument("--auto", action="store_true", help="sao lưu tự động hằng ngày và dọn bản cũ (7 ngày/4 tuần/12 tháng)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="khôi phục từ tệp sao lưu (giữ lại bản hiện tại)")
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true")
    p.add_argument("--database", help="Trung tâm: cơ sở dữ liệu PostgreSQL trống để khôi phục vào")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("check", help="kiểm tra toàn vẹn, liên kết, chỉ mục tìm kiếm, hàng đợi đồng bộ, nhật ký")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("audit", help="nhật ký kiểm toán")
    asub = p.add_subparsers(dest="audit_cmd", required=True)
    a = asub.add_parser("verify", help="kiểm tra chuỗi băm; báo mục hỏng đầu tiên")
    a.add_argument("--against", type=Path, metavar="BẢN_SAO_LƯU",
                   help="đối chiếu thêm với một bản sao lưu cũ (phát hiện nhật ký bị viết lại toàn bộ)")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=cmd_audit_verify)

    p = sub.add_parser("encrypt", help="mã hóa cơ sở dữ liệu (SQLCipher) cho máy xách tay")
    esub = p.add_subparsers(dest="encrypt_cmd", required=True)
    e = esub.add_parser("status", help="cho biết đang mã hóa hay không")
    e.add_argument("--json", action="store_true")
    e.set_defaults(func=cmd_encrypt_status)
    for name, func, text in (("enable", cmd_encrypt_enable,
                              "bật mã hóa (kể cả các bản sao lưu); mật khẩu của --user mở khóa"),
                             ("disable", cmd_encrypt_disable, "tắt mã hóa"),
                             ("remember-key", cmd_remember_key,
                              "lưu khóa vào kho khóa của hệ điều hành cho đồng bộ tự động ban đêm")):
        e = esub.add_parser(name, help=text)
        e.set_defaults(func=func)
    e = esub.add_parser("forget-key", help="xóa khóa khỏi kho khóa của hệ điều hành")
    e.set_defaults(func=cmd_forget_key)


def _user_json(u: accounts.UserInfo) -> dict:
    return {"username": u.username, "full_name": u.full_name, "title": u.title, "role": u.role,
            "role_label": ROLE_LABELS.get(u.role, u.role), "active": u.active,
            "must_change_password": u.must_change_password,
            "locked_until": u.locked_until.isoformat() if u.locked_until else None}


def cmd_user_add(args, ctx) -> int:  # type: ignore[no-untyped-def]
    op = ctx.op(command="user add")
    password = read_password(args.password_stdin, "Mật khẩu tạm: ", confirm=True)
    u = admin.add_user(op, args.username, args.name, args.role, password, title=args.title).user
    if args.json:
        ctx.print_json(_user_json(u))
    else:
        print(f"Đã tạo tài khoản {u.username} ({ROLE_LABELS[u.role]}). Người dùng phải đổi mật khẩu ở lần đăng "
              "nhập đầu tiên.")
    return 0


def cmd_user_list(args, ctx) -> int:  # type: ignore[no-untyped-def]
    users = admin.list_users(ctx.op(command="user list"))
    if args.json:
        ctx.print_json([{**_user_json(u), "can": actions_for(u.role)} for u in users])
        return 0
    for u in users:
        state = "đang dùng" if u.active else "đã vô hiệu hóa"
        flags = " · phải đổi mật khẩu" if u.must_change_password else ""
        print(f"{u.username:<20} {u.full_name:<30} {ROLE_LABELS.get(u.role, u.role):<36} {state}{flags}")
    return 0


def cmd_user_active(args, ctx) -> int:  # type: ignore[no-untyped-def]
    u = admin.set_active(ctx.op(command=f"user {'enable' if args.active else 'disable'}"), args.username,
                         args.active).user
    print(f"Tài khoản {u.username} {'đã được kích hoạt lại' if u.active else 'đã bị vô hiệu hóa'}.")
    return 0


def cmd_user_reset(args, ctx) -> int:  # type: ignore[no-untyped-def]
    op = ctx.op(command="user reset-password")
    password = read_password(args.password_stdin, "Mật khẩu tạm mới: ", confirm=True)
    u = admin.reset_password(op, args.username, password).user
    print(f"Đã đặt mật khẩu tạm cho {u.username}; người dùng phải đổi ở lần đăng nhập tới.")
    return 0


def cmd_user_role(args, ctx) -> int:  # type: ignore[no-untyped-def]
    u = admin.set_role(ctx.op(command="user set-role"), args.username, args.role).user
    print(f"Tài khoản {u.username} nay có vai trò {ROLE_LABELS[u.role]}.")
    return 0


def cmd_backup(args, ctx) -> int:  # type: ignore[no-untyped-def]
    op = ctx.op(account=False)
    if centre_ops.is_centre(ctx.paths):  # a centre: pg_dump of the server database
        target = centre_ops.backup_centre(op, args.out, auto=args.auto)
        if args.json:
            ctx.print_json({"path": str(target), "encrypted": False})
        else:
            print(f"Đã sao lưu cơ sở dữ liệu Trung tâm vào {target}.")
        return 0
    if args.auto:
        done = store.daily_backup(op.desk)
        msg = (f"Đã sao lưu tự động vào {done.path}." if done.path
               else "Hôm nay đã có bản sao lưu tự động; không sao lưu thêm.")
    else:
        done = store.backup_now(op, args.out, force=args.force)
        msg = f"Đã sao lưu vào {done.path}."
        for warning in done.warnings:
            print(warning, file=sys.stderr)
    if args.json:
        ctx.print_json({"path": str(done.path) if done.path else None, "encrypted": done.encrypted})
    else:
        print(msg)
    return 0


def cmd_restore(args, ctx) -> int:  # type: ignore[no-untyped-def]
    if centre_ops.is_centre(ctx.paths):  # a centre: pg_restore into a new, empty database
        actor = ctx.op(account=False).actor if getattr(args, "user", None) else None
        done = centre_ops.restore_centre(ctx.paths, args.file, actor, args.database)
        print(f"Đã khôi phục {done.restored_from} vào {done.database} ({done.dossiers} hồ sơ); thư mục dữ liệu "
              "này nay dùng cơ sở dữ liệu đó.")
        return 0
    # Never opens the current store (it may be damaged): --user is checked against the backup itself,
    # without --user only the OS account owning the data folder may restore.
    username = getattr(args, "user", None)
    password = read_password(args.account_password_stdin, f"Mật khẩu của {username}: ") if username else ""
    ctx.paths.ensure()
    rep = store.restore_damaged(ctx.paths, args.file, username, password).report
    if args.json:
        ctx.print_json({"restored_from": str(rep.restored_from), "set_aside": str(rep.set_aside),
                        "dossiers": rep.dossiers, "schema": rep.schema, "notes": rep.notes})
    else:
        print(f"Đã khôi phục từ {rep.restored_from} ({rep.dossiers} hồ sơ). " + (
              f"Cơ sở dữ liệu trước đó được giữ nguyên ở {rep.set_aside}." if rep.set_aside else
              "Trước đó không có cơ sở dữ liệu nào để giữ lại."))
        for n in rep.notes:
            print(n)
    return 0


def cmd_check(args, ctx) -> int:  # type: ignore[no-untyped-def]
    rep = store.run_checks(ctx.op(account=False))
    if args.json:
        ctx.print_json(rep.to_json())
    else:
        print(rep.text())
    return 0 if rep.ok else 1


def cmd_audit_verify(args, ctx) -> int:  # type: ignore[no-untyped-def]
    done = store.verify_audit(ctx.op(account=False), args.against)
    rep, against = done.chain, done.against
    if args.json:
        ctx.print_json({"ok": done.ok, "checked": rep.checked, "broken_id": rep.broken_id, "reason": rep.reason,
                        "entry": rep.entry, "against_backup": None if against is None else
                        {"ok": against.ok, "summary": against.summary}})
        return 0 if done.ok else 1
    if rep.ok:
        print(f"Nhật ký kiểm toán nguyên vẹn: {rep.checked} mục, chuỗi băm liền mạch.")
    else:
        print(f"NHẬT KÝ BỊ CAN THIỆP: mục hỏng đầu tiên là #{rep.broken_id} ({rep.entry}) — {rep.reason}. "
              "Giữ nguyên máy, báo lãnh đạo và bộ phận CNTT; so sánh với bản sao lưu trước thời điểm đó.")
    if against is not None:
        print(("Đối chiếu bản sao lưu: " if against.ok else "ĐỐI CHIẾU BẢN SAO LƯU KHÔNG KHỚP: ") + against.summary
              + ("" if against.ok else f". {against.advice}"))
    return 0 if done.ok else 1


def cmd_encrypt_status(args, ctx) -> int:  # type: ignore[no-untyped-def]
    info = store.encryption_status(ctx.paths)
    if args.json:
        ctx.print_json(vars(info))
    else:
        print("Cơ sở dữ liệu đang được mã hóa (SQLCipher)." if info.encrypted else "Cơ sở dữ liệu không mã hóa.")
        if not info.sqlcipher_available:
            print("Máy này không có gói SQLCipher: không bật được mã hóa.")
        if info.encrypted:
            print("Khóa đã lưu trong kho khóa của hệ điều hành (đồng bộ tự động được)." if info.key_remembered
                  else "Khóa chưa lưu trong kho khóa của hệ điều hành: đồng bộ tự động ban đêm sẽ không chạy.")
    return 0


def cmd_encrypt_enable(args, ctx) -> int:  # type: ignore[no-untyped-def]
    op = ctx.op(command="encrypt enable")
    files = store.enable_encryption(op, ctx.sign_in().password).files
    ctx.forget_desk()  # closed by the conversion
    print(f"Đã mã hóa cơ sở dữ liệu và {len(files) - 1} bản sao lưu. Từ nay chỉ mở được sau khi đăng nhập; "
          f"tài khoản {op.actor.username} mở khóa được ngay, tài khoản khác cần quản trị đặt lại mật khẩu (hoặc "
          "lưu khóa vào kho khóa của hệ điều hành: motcua --user QUẢN_TRỊ encrypt remember-key).")
    return 0


def cmd_encrypt_disable(args, ctx) -> int:  # type: ignore[no-untyped-def]
    files = store.disable_encryption(ctx.op(command="encrypt disable"), ctx.sign_in().password).files
    ctx.forget_desk()
    print(f"Đã bỏ mã hóa cơ sở dữ liệu và {len(files) - 1} bản sao lưu.")
    return 0


def cmd_remember_key(args, ctx) -> int:  # type: ignore[no-untyped-def]
    store.remember_key(ctx.op(command="encrypt remember-key"))
    print("Đã lưu khóa vào kho khóa của hệ điều hành; đồng bộ tự động ban đêm mở được cơ sở dữ liệu.")
    return 0


def cmd_forget_key(args, ctx) -> int:  # type: ignore[no-untyped-def]
    store.forget_key(ctx.op(command="encrypt forget-key"))
    print("Đã xóa khóa khỏi kho khóa của hệ điều hành.")
    return 0
