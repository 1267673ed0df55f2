"""`motcua calendar`: list, set, unset and import the desk's days off / working days, and recompute the
legal due dates of open dossiers under the corrected calendar. Changes (set, unset, import, recompute
--apply) act as a desk account (`motcua --user NAME`); list and the recompute preview are reads."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.core import parse_date
from app.operations import calendar as ops

KIND_LABELS = {"off": "nghỉ", "work": "làm việc"}
SOURCE_LABELS = {"override": "đơn vị nhập", "holiday": "nghỉ lễ theo luật"}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("calendar", help="lịch ngày nghỉ, ngày làm việc bù và tính lại hạn trả")
    csub = p.add_subparsers(dest="calendar_cmd", required=True)
    c = csub.add_parser("list", help="liệt kê ngày nghỉ/làm bù (kèm ngày lễ theo luật khi chọn --year)")
    c.add_argument("--year", type=int)
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_list)
    c = csub.add_parser("set", help="đặt một ngày là ngày nghỉ (--off) hoặc ngày làm việc bù (--work)")
    c.add_argument("day", type=parse_date)
    kind = c.add_mutually_exclusive_group(required=True)
    kind.add_argument("--off", dest="kind", action="store_const", const="off")
    kind.add_argument("--work", dest="kind", action="store_const", const="work")
    c.add_argument("--note", required=True, help="lý do, văn bản quyết định")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_set)
    c = csub.add_parser("unset", help="bỏ một ngày khỏi bảng của đơn vị (trở về lịch theo luật)")
    c.add_argument("day", type=parse_date)
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_unset)
    c = csub.add_parser("import", help="nhập danh sách ngày từ tệp JSON (do Sở/CNTT tỉnh gửi)")
    c.add_argument("file", type=Path)
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_import)
    c = csub.add_parser("recompute", help="liệt kê hồ sơ đang giải quyết có hạn trả đổi theo lịch mới")
    c.add_argument("--apply", action="store_true", help="tính lại và ghi hạn mới (có nhật ký, cần in lại phiếu)")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_recompute)


def _pending_hint(pending: list) -> None:  # type: ignore[type-arg]
    if pending:
        print(f"{len(pending)} hồ sơ đang giải quyết sẽ đổi hạn trả theo lịch mới. Xem: motcua calendar recompute; "
              "ghi hạn mới: motcua calendar recompute --apply")


def cmd_list(args, ctx) -> int:  # type: ignore[no-untyped-def]
    result = ops.list_calendar(ctx.op(account=False), args.year)
    if args.json:
        ctx.print_json([d.to_json() for d in result.days])
        return 0
    if not result.days:
        print("Chưa có ngày nào trong bảng ngày nghỉ/làm bù của đơn vị.")
    for d in result.days:
        print(f"{d.day:%d/%m/%Y}  {KIND_LABELS[d.kind]:<9} {SOURCE_LABELS[d.source]:<18} {d.note}")
    return 0


def cmd_set(args, ctx) -> int:  # type: ignore[no-untyped-def]
    result = ops.set_calendar_day(ctx.op(command="calendar set"), args.day, args.kind, args.note)
    if args.json:
        ctx.print_json({"days": [d.to_json() for d in result.days], "pending": [p.to_json() for p in result.pending]})
        return 0
    print(f"Đã đặt ngày {args.day:%d/%m/%Y} là ngày {KIND_LABELS[args.kind]}: {args.note}")
    _pending_hint(result.pending)
    return 0


def cmd_unset(args, ctx) -> int:  # type: ignore[no-untyped-def]
    result = ops.unset_calendar_day(ctx.op(command="calendar unset"), args.day)
    if args.json:
        ctx.print_json({"unset": args.day.isoformat(), "pending": [p.to_json() for p in result.pending]})
        return 0
    print(f"Đã bỏ ngày {args.day:%d/%m/%Y} khỏi bảng của đơn vị.")
    _pending_hint(result.pending)
    return 0


def cmd_import(args, ctx) -> int:  # type: ignore[no-untyped-def]
    result = ops.import_calendar(ctx.op(command="calendar import"), args.file)
    if args.json:
        ctx.print_json({"days": [d.to_json() for d in result.days], "pending": [p.to_json() for p in result.pending]})
        return 0
    print(f"Đã nhập {len(result.days)} ngày vào bảng ngày nghỉ/làm bù.")
    _pending_hint(result.pending)
    return 0


def cmd_recompute(args, ctx) -> int:  # type: ignore[no-untyped-def]
    result = ops.recompute_due_dates(ctx.op(account=args.apply, command="calendar recompute --apply"),
                                     apply=args.apply)
    if args.json:
        ctx.print_json({"applied": result.applied, "dossiers": [m.to_json() for m in result.moved]})
        return 0
    if not result.moved:
        print("Không hồ sơ đang giải quyết nào đổi hạn trả theo lịch hiện tại.")
        return 0
    verb = "Đã tính lại" if result.applied else "Sẽ đổi"
    print(f"{verb} hạn trả của {len(result.moved)} hồ sơ:")
    for m in result.moved:
        print(f"  {m.code}  {m.old_due_at:%H:%M %d/%m/%Y} → {m.new_due_at:%H:%M %d/%m/%Y}")
    if result.applied:
        print("Cần in lại giấy tiếp nhận và hẹn trả kết quả cho các hồ sơ trên (motcua print MÃ_HỒ_SƠ --out TỆP.pdf).")
    else:
        print("Ghi hạn mới: motcua calendar recompute --apply")
    return 0
