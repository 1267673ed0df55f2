"""`motcua report`: the leaders' report for a month, quarter, year or date range as JSON, Excel or PDF.
A read: it may run without a desk account (as the OS account); with --user the account needs «xem báo cáo»."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.core import parse_date
from app.errors import MotCuaError
from app.operations import reports
from app.services.formats import EXPORT_FORMATS, export_format


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="báo cáo tình hình giải quyết hồ sơ (JSON, Excel, PDF)")
    p.add_argument("--period", default="", help="kỳ báo cáo: 2026-11 (tháng), 2026-Q4 (quý), 2026 (năm)")
    p.add_argument("--from", dest="date_from", type=parse_date, help="ngày bắt đầu (thay cho --period)")
    p.add_argument("--to", dest="date_to", type=parse_date, help="ngày kết thúc, tính cả ngày này")
    p.add_argument("--format", choices=list(EXPORT_FORMATS), help="mặc định: theo đuôi tệp --out, hoặc json")
    p.add_argument("--out", type=Path, help="tệp kết quả; bỏ trống với json để in ra màn hình")
    p.add_argument("--force", action="store_true", help="ghi đè tệp --out nếu đã có")
    p.add_argument("--due-days", type=int, default=3, help="danh sách hồ sơ đến hạn trong N ngày làm việc tới")
    p.add_argument("--list-limit", type=int, default=500, help="số dòng tối đa của mỗi danh sách")
    p.add_argument("--without-imported", action="store_true",
                   help="không tính các hồ sơ nhập từ sổ theo dõi của tỉnh (mặc định: có tính)")
    p.set_defaults(func=cmd_report)


def cmd_report(args, ctx) -> int:  # type: ignore[no-untyped-def]
    fmt = export_format(args.format, args.out)
    if fmt != "json" and not args.out:
        raise MotCuaError(f"Báo cáo dạng {fmt} cần tệp kết quả: thêm --out TÊN_TỆP.{fmt}")
    op = ctx.op(account=False)
    period = reports.period_of(args.period, args.date_from, args.date_to)
    if args.out is not None:
        reports.check_export_target(op, args.out, force=args.force)  # before the (long) build
    report = reports.report(op, period, due_days=args.due_days, list_limit=args.list_limit,
                            include_imported=not args.without_imported)
    if args.out is None:
        ctx.print_json(report.to_json())
        return 0
    reports.export(op, report.to_json(), args.out, fmt, force=args.force)
    print(f"Đã lưu báo cáo {period.label} ({fmt}) vào {args.out} — lập trong {report.seconds:.2f} giây.")
    return 0
