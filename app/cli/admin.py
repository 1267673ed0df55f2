"""Administration sub-commands: user, backup, restore, check, audit verify, encrypt.

The command line is for IT staff on the machine itself and acts as the operating-system user (or
`--as USER`) with the administrator role; every change is audited under that name. Passwords are read
from the terminal without echo, or from standard input with `--password-stdin` (scripts), never from
an argument (it would show in the process list and the shell history).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from app.errors import MotCuaError, ValidationError
from app.services import accounts, backup, centre_backup, checks, crypto_store, restore
from app.services.journal import verify_audit_chain
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
    for name, func, text in (("enable", cmd_encrypt_enable, "bật mã hóa (kể cả các bản sao lưu)"),
                             ("disable", cmd_encrypt_disable, "tắt mã hóa"),
                             ("remember-key", cmd_remember_key,
                              "lưu khóa vào kho khóa của hệ điều hành cho đồng bộ tự động ban đêm")):
        e = esub.add_parser(name, help=text)
        e.add_argument("--user", required=True, help="tài khoản có mật khẩu mở khóa")
        e.add_argument("--password-stdin", action="store_true")
        e.set_defaults(func=func)
    e = esub.add_parser("forget-key", help="xóa khóa khỏi kho khóa của hệ điều hành")
    e.set_defaults(func=cmd_forget_key)


def read_password(args: argparse.Namespace, prompt: str = "Mật khẩu: ", confirm: bool = False) -> str:
    if getattr(args, "password_stdin", False):
        line = sys.stdin.readline()
        if not line:
            raise MotCuaError("Không đọc được mật khẩu từ stdin. Hãy truyền mật khẩu một dòng vào stdin.")
        password = line.rstrip("\r\n")
        try:
            password.encode("utf-8")
        except UnicodeEncodeError:
            raise ValidationError({"password": "Mật khẩu có ký tự không đọc được; hãy dùng chữ, số và dấu."}) from None
        return password
    if not sys.stdin.isatty():
        raise MotCuaError("Không có bàn phím để nhập mật khẩu. Hãy dùng --password-stdin và truyền mật khẩu qua stdin.")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Nhập lại mật khẩu: ") != first:
        raise ValidationError({"password": "Hai lần nhập mật khẩu không khớp."})
    return first


def _user_json(u: accounts.UserInfo) -> dict:
    return {"username": u.username, "full_name": u.full_name, "title": u.title, "role": u.role,
            "role_label": ROLE_LABELS.get(u.role, u.role), "active": u.active,
            "must_change_password": u.must_change_password,
            "locked_until": u.locked_until.isoformat() if u.locked_until else None}


def cmd_user_add(args, ctx) -> int:  # type: ignore[no-untyped-def]
    password = read_password(args, "Mật khẩu tạm: ", confirm=True)
    u = accounts.create_user(ctx.desk, args.username, args.name, args.role, password, ctx.actor, title=args.title)
    if args.json:
        ctx.print_json(_user_json(u))
    else:
        print(f"Đã tạo tài khoản {u.username} ({ROLE_LABELS[u.role]}). Người dùng phải đổi mật khẩu ở lần đăng "
              "nhập đầu tiên.")
    return 0


def cmd_user_list(args, ctx) -> int:  # type: ignore[no-untyped-def]
    users = accounts.list_users(ctx.desk)
    if args.json:
        ctx.print_json([{**_user_json(u), "can": actions_for(u.role)} for u in users])
        return 0
    if not users:
        print("Chưa có người dùng. Thêm bằng: motcua user add TÊN --name \"HỌ TÊN\" --role admin")
    for u in users:
        state = "đang dùng" if u.active else "đã vô hiệu hóa"
        flags = " · phải đổi mật khẩu" if u.must_change_password else ""
        print(f"{u.username:<20} {u.full_name:<30} {ROLE_LABELS.get(u.role, u.role):<36} {state}{flags}")
    return 0


def cmd_user_active(args, ctx) -> int:  # type: ignore[no-untyped-def]
    u = accounts.set_active(ctx.desk, args.username, args.active, ctx.actor)
    print(f"Tài khoản {u.username} {'đã được kích hoạt lại' if u.active else 'đã bị vô hiệu hóa'}.")
    return 0


def cmd_user_reset(args, ctx) -> int:  # type: ignore[no-untyped-def]
    password = read_password(args, "Mật khẩu tạm mới: ", confirm=True)
    u = accounts.reset_password(ctx.desk, args.username, password, ctx.actor)
    print(f"Đã đặt mật khẩu tạm cho {u.username}; người dùng phải đổi ở lần đăng nhập tới.")
    return 0


def cmd_user_role(args, ctx) -> int:  # type: ignore[no-untyped-def]
    u = accounts.set_role(ctx.desk, args.username, args.role, ctx.actor)
    print(f"Tài khoản {u.username} nay có vai trò {ROLE_LABELS[u.role]}.")
    return 0


def cmd_backup(args, ctx) -> int:  # type: ignore[no-untyped-def]
    if centre_backup.is_centre(ctx.paths):  # a centre: pg_dump of the server database
        target = centre_backup.backup_centre(ctx.desk, ctx.actor, args.out,
                                             prefix="tu-dong-" if args.auto else "thu-cong-")
        if args.json:
            ctx.print_json({"path": str(target), "encrypted": False})
        else:
            print(f"Đã sao lưu cơ sở dữ liệu Trung tâm vào {target}.")
        return 0
    if args.auto:
        path = backup.daily_backup(ctx.desk)
        msg = f"Đã sao lưu tự động vào {path}." if path else "Hôm nay đã có bản sao lưu tự động; không sao lưu thêm."
    else:
        result = backup.backup_copy(ctx.desk, ctx.actor, args.out, force=args.force)
        path, msg = result.path, f"Đã sao lưu vào {result.path}."
        for warning in result.warnings:
            print(warning, file=sys.stderr)
    if args.json:
        ctx.print_json({"path": str(path) if path else None, "encrypted": ctx.desk.db.encrypted})
    else:
        print(msg)
    return 0


def cmd_restore(args, ctx) -> int:  # type: ignore[no-untyped-def]
    if centre_backup.is_centre(ctx.paths):  # a centre: pg_restore into an empty database
        done = centre_backup.restore_centre(ctx.paths, args.file, ctx.actor, args.database)
        print(f"Đã khôi phục {done.restored_from} vào {done.database} ({done.dossiers} hồ sơ); thư mục dữ liệu "
              "này nay dùng cơ sở dữ liệu đó.")
        return 0
    rep = restore.restore_store(ctx.paths, args.file, ctx.actor)  # never opens the current store first
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
    rep = checks.run_checks(ctx.desk)
    if args.json:
        ctx.print_json(rep.to_json())
    else:
        print(rep.text())
    return 0 if rep.ok else 1


def cmd_audit_verify(args, ctx) -> int:  # type: ignore[no-untyped-def]
    with ctx.desk.db.read() as s:
        rep = verify_audit_chain(s)
    against = None
    if args.against:
        if not args.against.is_file():
            raise MotCuaError(f"Không có tệp {args.against}. Hãy chọn một bản sao lưu trong thư mục backups.")
        against = checks.audit_matches_backup(ctx.desk, args.against)
    ok = rep.ok and (against is None or against.ok)
    if args.json:
        ctx.print_json({"ok": ok, "checked": rep.checked, "broken_id": rep.broken_id, "reason": rep.reason,
                        "entry": rep.entry, "against_backup": None if against is None else
                        {"ok": against.ok, "summary": against.summary}})
        return 0 if ok else 1
    if rep.ok:
        print(f"Nhật ký kiểm toán nguyên vẹn: {rep.checked} mục, chuỗi băm liền mạch.")
    else:
        print(f"NHẬT KÝ BỊ CAN THIỆP: mục hỏng đầu tiên là #{rep.broken_id} ({rep.entry}) — {rep.reason}. "
              "Giữ nguyên máy, báo lãnh đạo và bộ phận CNTT; so sánh với bản sao lưu trước thời điểm đó.")
    if against is not None:
        print(("Đối chiếu bản sao lưu: " if against.ok else "ĐỐI CHIẾU BẢN SAO LƯU KHÔNG KHỚP: ") + against.summary
              + ("" if against.ok else f". {against.advice}"))
    return 0 if ok else 1


def cmd_encrypt_status(args, ctx) -> int:  # type: ignore[no-untyped-def]
    encrypted = crypto_store.is_encrypted(ctx.paths)
    info = {"encrypted": encrypted, "sqlcipher_available": crypto_store.available(),
            "key_remembered": crypto_store.keyring_key(ctx.paths.database) is not None}
    if args.json:
        ctx.print_json(info)
    else:
        print("Cơ sở dữ liệu đang được mã hóa (SQLCipher)." if encrypted else "Cơ sở dữ liệu không mã hóa.")
        if not info["sqlcipher_available"]:
            print("Máy này không có gói SQLCipher: không bật được mã hóa.")
        if encrypted:
            print("Khóa đã lưu trong kho khóa của hệ điều hành (đồng bộ tự động được)." if info["key_remembered"]
                  else "Khóa chưa lưu trong kho khóa của hệ điều hành: đồng bộ tự động ban đêm sẽ không chạy.")
    return 0


def cmd_encrypt_enable(args, ctx) -> int:  # type: ignore[no-untyped-def]
    crypto_store.require_available()
    password = read_password(args)
    files = accounts.enable_encryption(ctx.desk, ctx.actor, args.user, password)
    ctx._desk = None  # closed by the conversion
    print(f"Đã mã hóa cơ sở dữ liệu và {len(files) - 1} bản sao lưu. Từ nay chỉ mở được sau khi đăng nhập; "
          f"tài khoản {args.user} mở khóa được ngay, tài khoản khác cần quản trị đặt lại mật khẩu (hoặc lưu khóa "
          "vào kho khóa của hệ điều hành: motcua encrypt remember-key).")
    return 0


def cmd_encrypt_disable(args, ctx) -> int:  # type: ignore[no-untyped-def]
    password = read_password(args)
    _unlock(ctx, args.user, password)
    files = accounts.disable_encryption(ctx.desk, ctx.actor, args.user, password)
    ctx._desk = None
    print(f"Đã bỏ mã hóa cơ sở dữ liệu và {len(files) - 1} bản sao lưu.")
    return 0


def _unlock(ctx, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    if crypto_store.is_encrypted(ctx.paths) and crypto_store.unlock(ctx.paths, username, password) is None:
        raise accounts.AuthError("Sai tên đăng nhập hoặc mật khẩu: không mở khóa được cơ sở dữ liệu.")


def cmd_remember_key(args, ctx) -> int:  # type: ignore[no-untyped-def]
    if not crypto_store.is_encrypted(ctx.paths):
        raise MotCuaError("Cơ sở dữ liệu không mã hóa; không có khóa để lưu.")
    password = read_password(args)
    _unlock(ctx, args.user, password)
    accounts.authenticate(ctx.desk, args.user, password)
    crypto_store.secure_keyring()
    crypto_store.remember_key(ctx.paths, ctx.desk.db.key)
    print("Đã lưu khóa vào kho khóa của hệ điều hành; đồng bộ tự động ban đêm mở được cơ sở dữ liệu.")
    return 0


def cmd_forget_key(args, ctx) -> int:  # type: ignore[no-untyped-def]
    crypto_store.forget_remembered_key(ctx.paths)
    print("Đã xóa khóa khỏi kho khóa của hệ điều hành.")
    return 0
