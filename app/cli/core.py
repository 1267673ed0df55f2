"""Core sub-commands: init, catalogue, intake, show, transition, find, demo-data, demo-setup.

Each command parses its arguments, calls one operation (app.operations) and prints the result; the
rules live in the operations and services, so the app and the command line answer alike."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from app.cli import centre
from app.cli.context import read_password
from app.errors import MotCuaError
from app.operations import admin, dossiers, intake, moves
from app.services.dto import DossierDetail, IntakeRequest, PersonIn
from app.services.status import Status
from app.services.text import decimal, parse_day, thousands


def parse_date(value: str) -> dt.date:
    try:
        return parse_day(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def parse_moment(value: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"thời điểm «{value}» không đúng dạng ISO, ví dụ 2026-11-20T16:05 hoặc 2026-11-20T16:05+07:00"
        ) from None


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="thiết lập đơn vị và tài khoản quản trị đầu tiên cho cơ sở dữ liệu mới")
    p.add_argument("--agency-code", required=True, help="mã định danh điện tử của đơn vị, ví dụ 000.17.22.H56")
    p.add_argument("--agency-name", required=True, help="tên Trung tâm Phục vụ hành chính công")
    p.add_argument("--parent-name", default="", help="tên cơ quan cấp trên (UBND xã/phường)")
    p.add_argument("--place", default="", help="địa danh ghi trên phiếu, ví dụ «Tân Lập»")
    p.add_argument("--device-slot", type=int, default=0, help="khe thiết bị 0–9, mỗi máy một khe")
    p.add_argument("--code-template", default="{agency}-{yymmdd}-{seq:4}")
    p.add_argument("--lookup-url", default="", help="địa chỉ tra cứu hồ sơ in trên mã QR")
    p.add_argument("--demo", action="store_true",
                   help="cơ sở dữ liệu thử nghiệm/đo hiệu năng: cho phép demo-data (không dùng cho đơn vị thật)")
    p.add_argument("--admin", required=True, metavar="TÊN_ĐĂNG_NHẬP", help="tài khoản quản trị đầu tiên")
    p.add_argument("--admin-name", required=True, metavar="HỌ_TÊN", help="họ và tên của quản trị")
    p.add_argument("--admin-title", default="", help="chức danh in trên phiếu")
    p.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu quản trị từ đầu vào chuẩn "
                   "(với --db-password-stdin: dòng thứ hai, sau mật khẩu máy chủ)")
    centre.add_init_options(p)
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("catalogue", help="danh mục thủ tục hành chính")
    csub = p.add_subparsers(dest="catalogue_cmd", required=True)
    c = csub.add_parser("list", help="liệt kê thủ tục")
    c.add_argument("--json", action="store_true")
    c.add_argument("--all", action="store_true", help="kể cả thủ tục đã ngừng áp dụng")
    c.set_defaults(func=cmd_catalogue_list)
    c = csub.add_parser("import", help="nhập/cập nhật danh mục từ tệp JSON")
    c.add_argument("file", type=Path)
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_catalogue_import)

    p = sub.add_parser("intake", help="tiếp nhận một hồ sơ")
    p.add_argument("--procedure", required=True, help="mã thủ tục (mã quốc gia hoặc mã nội bộ)")
    p.add_argument("--name", required=True, help="họ tên người nộp")
    p.add_argument("--id-number", default="")
    p.add_argument("--id-kind", choices=["cccd", "cmnd", "other"], default="")
    p.add_argument("--birth-date", type=parse_date)
    p.add_argument("--sex", choices=["m", "f"], default="")
    p.add_argument("--phone", default="")
    p.add_argument("--email", default="")
    p.add_argument("--address", default="")
    p.add_argument("--owner-name", default="", help="chủ hồ sơ, khi khác người nộp")
    p.add_argument("--owner-id-number", default="")
    p.add_argument("--channel", choices=["counter", "online", "postal", "home"], default="counter")
    p.add_argument("--delivery", choices=["counter", "post"], default="counter")
    p.add_argument("--priority", default="")
    p.add_argument("--sets", type=int, default=1)
    p.add_argument("--summary", default="")
    p.add_argument("--note", default="")
    p.add_argument("--received-at", type=parse_moment)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_intake)

    p = sub.add_parser("show", help="xem một hồ sơ")
    p.add_argument("code")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("transition", help="chuyển trạng thái hồ sơ")
    p.add_argument("code")
    p.add_argument("--to", required=True, help=", ".join(s.slug for s in Status))
    p.add_argument("--note", default="", help="ghi chú / lý do")
    p.add_argument("--to-party", default="", help="người/bộ phận nhận (khi chuyển xử lý)")
    p.add_argument("--collected-by", default="", help="người nhận kết quả (khi trả kết quả)")
    p.add_argument("--at", type=parse_moment)
    p.add_argument("--version", type=int, dest="seen_version",
                   help="phiên bản hồ sơ đã xem (trường version của show --json): hồ sơ đã đổi thì không ghi gì")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_transition)

    p = sub.add_parser("find", help="tìm hồ sơ theo mã, số định danh, điện thoại, tên, địa chỉ")
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--status", default="", help="lọc theo trạng thái (slug)")
    p.add_argument("--overdue", action="store_true")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_find)

    p = sub.add_parser("demo-data", help="tạo dữ liệu mẫu (đường nạp hàng loạt)")
    p.add_argument("--dossiers", type=int, default=1000)
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--pending-outbox", type=int, default=0, help="số hồ sơ mới nhất để ở trạng thái chờ đồng bộ")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_demo_data)

    p = sub.add_parser("demo-setup", help="thiết lập xã mẫu và dữ liệu mẫu nếu chưa có (dùng cho make run)")
    p.add_argument("--dossiers", type=int, default=500)
    p.set_defaults(func=cmd_demo_setup)


def cmd_init(args, ctx) -> int:  # type: ignore[no-untyped-def]
    if args.user:
        raise MotCuaError("Lệnh init tạo tài khoản quản trị đầu tiên (--admin), nên không chạy bằng --user. "
                          "Hãy bỏ --user và chạy lại.")
    if args.database:  # centre mode: the unit and its first administrator on the server (app.cli.centre)
        return centre.cmd_init_centre(args, ctx)
    from_stdin = args.password_stdin or args.account_password_stdin
    password = read_password(from_stdin, f"Mật khẩu cho quản trị {args.admin}: ", confirm=True)
    commune = admin.CommuneIn(agency_code=args.agency_code, agency_name=args.agency_name,
                              parent_name=args.parent_name, place=args.place, device_slot=args.device_slot,
                              code_template=args.code_template, lookup_url=args.lookup_url)
    desk = ctx.desk
    user = admin.set_up_desk(desk, None if desk.is_initialised else commune,
                             admin.FirstAdmin(args.admin, args.admin_name, password, title=args.admin_title),
                             demo=args.demo)
    a = desk.agency
    print(f"Đã thiết lập {a.name} (mã {a.code}), khe thiết bị {desk.device.slot}, dữ liệu tại {ctx.paths.data_dir}. "
          f"Tài khoản quản trị: {user.username}.")
    return 0


def cmd_catalogue_list(args, ctx) -> int:  # type: ignore[no-untyped-def]
    procs = dossiers.procedures(ctx.op(account=False), include_inactive=args.all)
    if args.json:
        ctx.print_json([p.to_json() for p in procs])
    else:
        for p in procs:
            local = " (mã nội bộ)" if p.code_local else ""
            print(f"{p.code:<12} {p.name}{local} — {p.limit_text or p.limit_kind} [{p.field}]")
    return 0


def cmd_catalogue_import(args, ctx) -> int:  # type: ignore[no-untyped-def]
    result = admin.import_catalogue(ctx.op(command="catalogue import"), args.file)
    if args.json:
        ctx.print_json(result.summary)
    else:
        print(f"Đã nhập danh mục: thêm {result.added}, cập nhật {result.updated}, "
              f"giữ nguyên {result.unchanged} thủ tục.")
        for line in result.skipped:
            print(line, file=sys.stderr)
    return 0


def _print_dossier(d: DossierDetail) -> None:
    print(f"Mã hồ sơ:   {d.code}")
    print(f"Thủ tục:    {d.procedure_name} ({d.procedure_code})")
    print(f"Người nộp:  {d.applicant_name}" + (f" — {d.applicant_id_number}" if d.applicant_id_number else ""))
    print(f"Trạng thái: {Status(d.status).label}")
    print(f"Tiếp nhận:  {d.received_at:%H:%M %d/%m/%Y}")
    print(f"Hẹn trả:    {d.due_at:%H:%M %d/%m/%Y}")
    if d.due_explanation:
        print(f"            {d.due_explanation}")


def intake_request(args: argparse.Namespace) -> IntakeRequest:
    owner = PersonIn(name=args.owner_name, id_number=args.owner_id_number) if args.owner_name else None
    return IntakeRequest(
        procedure=args.procedure,
        applicant=PersonIn(args.name, args.id_kind, args.id_number, args.birth_date, args.sex, args.phone,
                           args.email, args.address),
        owner=owner, channel=args.channel, result_delivery=args.delivery, priority_group=args.priority,
        sets_count=args.sets, summary=args.summary, note=args.note, received_at=args.received_at,
    )


def cmd_intake(args, ctx) -> int:  # type: ignore[no-untyped-def]
    d = intake.receive(ctx.op(), [intake_request(args)]).details[0]
    if args.json:
        ctx.print_json(d.to_json())
    else:
        _print_dossier(d)
    return 0


def cmd_show(args, ctx) -> int:  # type: ignore[no-untyped-def]
    d = dossiers.detail(ctx.op(account=False), code=args.code)
    if args.json:
        ctx.print_json(d.to_json())
    else:
        _print_dossier(d)
        for e in d.events:
            to = f" → {Status(e.to_status).label}" if e.to_status else ""
            print(f"  {e.at:%H:%M %d/%m/%Y}  {e.kind}{to}  {e.actor}  {e.note[:80]}")
    return 0


def cmd_transition(args, ctx) -> int:  # type: ignore[no-untyped-def]
    d = moves.transition(ctx.op(), args.code, args.to, note=args.note, to_party=args.to_party,
                         collected_by=args.collected_by, at=args.at, version=args.seen_version).detail
    if args.json:
        ctx.print_json(d.to_json())
    else:
        print(f"Hồ sơ {d.code}: {Status(d.status).label}. Hẹn trả {d.due_at:%H:%M %d/%m/%Y}.")
    return 0


def cmd_find(args, ctx) -> int:  # type: ignore[no-untyped-def]
    rows = dossiers.find(ctx.op(account=False), args.query, statuses=args.status, overdue=args.overdue,
                         limit=args.limit)
    if args.json:
        ctx.print_json([r.to_json() for r in rows])
    else:
        if not rows:
            print("Không tìm thấy hồ sơ nào.", file=sys.stderr)
        for r in rows:
            print(f"{r.code}  {Status(r.status).label:<22} {r.applicant_name:<28} {r.procedure_name[:40]}  "
                  f"hẹn {r.due_at:%d/%m/%Y}")
    return 0


def cmd_demo_data(args, ctx) -> int:  # type: ignore[no-untyped-def]
    result = admin.demo_data(ctx.op(), args.dossiers, seed=args.seed, pending_outbox=args.pending_outbox)
    if args.json:
        ctx.print_json(result)
    else:
        print(f"Đã tạo {thousands(result['dossiers'])} hồ sơ mẫu trong {decimal(result['seconds'])} giây "
              f"({thousands(result['rate'])} hồ sơ/giây).")
    return 0


def cmd_demo_setup(args, ctx) -> int:  # type: ignore[no-untyped-def]
    """The demo commune of `make run`: a known administrator so a newcomer can sign in at once. Only
    ever in the demo folder; real desks are set up by `motcua init` or the first-run dialog."""
    if not admin.demo_setup(ctx.desk, args.dossiers):
        return 0
    print(f"Đã tạo xã mẫu «{ctx.desk.agency.name}» với {args.dossiers} hồ sơ tại {ctx.paths.data_dir}.")
    print(f"Đăng nhập bằng tài khoản {admin.DEMO_USER}, mật khẩu {admin.DEMO_PASSWORD}.")
    return 0
