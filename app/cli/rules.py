"""`motcua extend` (Văn bản xin lỗi và đề nghị gia hạn) and `motcua stop` (Thông báo dừng giải quyết hồ
sơ): the two workflow steps of Circular 03/2025. `motcua transition CODE --to stopped --note …` still works.
Both change a dossier and act as a desk account (`motcua --user NAME`)."""

from __future__ import annotations

import argparse

from app.cli.core import parse_moment
from app.operations import rules as ops


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("extend", help="xin lỗi và gia hạn: ghi ngày hẹn mới (hạn theo quy định giữ nguyên)")
    p.add_argument("code")
    p.add_argument("--new-due", required=True, type=parse_moment, help="ngày giờ hẹn mới, ví dụ 2026-12-03T16:00")
    p.add_argument("--reason", required=True, help="lý do chậm trả kết quả")
    p.add_argument("--proposer", default="", help="người đề nghị gia hạn (mặc định: người thực hiện lệnh)")
    p.add_argument("--approver", default="", help="lãnh đạo phê duyệt (mặc định: người đứng đầu đơn vị)")
    p.add_argument("--approver-title", default="", help="chức vụ của lãnh đạo phê duyệt")
    p.add_argument("--at", type=parse_moment)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_extend)

    p = sub.add_parser("stop", help="thông báo dừng giải quyết hồ sơ, có lý do và căn cứ pháp lý")
    p.add_argument("code")
    p.add_argument("--reason", required=True)
    p.add_argument("--legal-basis", default="", help="căn cứ pháp lý của việc dừng")
    p.add_argument("--proposer", default="")
    p.add_argument("--approver", default="")
    p.add_argument("--approver-title", default="")
    p.add_argument("--at", type=parse_moment)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_stop)


def cmd_extend(args, ctx) -> int:  # type: ignore[no-untyped-def]
    r = ops.extend(ctx.op(command="extend"), args.code, args.new_due, args.reason, proposer=args.proposer,
                   approver_name=args.approver, approver_title=args.approver_title, at=args.at)
    d = r.dossier
    if args.json:
        ctx.print_json(d.to_json())
    else:
        print(f"Hồ sơ {d.code}: đã ghi văn bản xin lỗi và gia hạn, hẹn mới {d.extended_due_at:%H:%M %d/%m/%Y}. "
              f"Hạn giải quyết theo quy định vẫn là {d.due_at:%H:%M %d/%m/%Y}.")
    return 0


def cmd_stop(args, ctx) -> int:  # type: ignore[no-untyped-def]
    r = ops.stop(ctx.op(command="stop"), args.code, args.reason, legal_basis=args.legal_basis,
                 proposer=args.proposer, approver_name=args.approver, approver_title=args.approver_title,
                 at=args.at)
    if args.json:
        ctx.print_json(r.dossier.to_json())
    else:
        print(f"Hồ sơ {r.dossier.code}: đã dừng giải quyết. In thông báo dừng giải quyết bằng lệnh motcua print "
              "(xem motcua print --help).")
    return 0
