"""`motcua report`: the leaders' report for a month, quarter, year or date range as JSON, Excel or PDF."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from app.cli.core import parse_date
from app.errors import MotCuaError
from app.services.outputs import check_target, write_output
from app.services.reports import build_report, parse_period

FORMATS = ("json", "xlsx", "pdf")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="báo cáo tình hình giải quyết hồ sơ (JSON, Excel, PDF)")
    p.add_argument("--period", default="", help="kỳ báo cáo: 2026-11 (tháng), 2026-Q4 (quý), 2026 (năm)")
    p.add_argument("--from", dest="date_from", type=parse_date, help="ngày bắt đầu (thay cho --period)")
    p.add_argument("--to", dest="date_to", type=parse_date, help="ngày kết thúc, tính cả ngày này")
    p.add_argument("--format", choices=FORMATS, help="mặc định: theo đuôi tệp --out, hoặc json")
    p.add_argument("--out", type=Path, help="tệp kết quả; bỏ trống với json để in ra màn hình")
    p.add_argument("--force", action="store_true", help="ghi đè tệp --out nếu đã có")
    p.add_argument("--due-days", type=int, default=3, help="danh sách hồ sơ đến hạn trong N ngày làm việc tới")
    p.add_argument("--list-limit", type=int, default=500, help="số dòng tối đa của mỗi danh sách")
    p.set_defaults(func=cmd_report)


def cmd_report(args, ctx) -> int:  # type: ignore[no-untyped-def]
    fmt = args.format or (args.out.suffix.lower().lstrip(".") if args.out else "json")
    if fmt not in FORMATS:
        raise MotCuaError(f"Không biết xuất báo cáo dạng «{fmt}». Hãy dùng --format json, xlsx hoặc pdf.")
    if fmt != "json" and not args.out:
        raise MotCuaError(f"Báo cáo dạng {fmt} cần tệp kết quả: thêm --out TÊN_TỆP.{fmt}")
    if not args.period and not (args.date_from or args.date_to):
        raise MotCuaError("Hãy chọn kỳ báo cáo: --period 2026-11 (hoặc 2026-Q4, 2026), hoặc --from … --to ….")
    period = parse_period(args.period, args.date_from, args.date_to)
    if args.out:
        check_target(args.out, ctx.paths.data_dir, force=args.force)  # before the (long) build
    started = time.perf_counter()
    data = build_report(ctx.desk, period, ctx.actor, due_days=args.due_days, list_limit=args.list_limit)
    data["seconds"] = round(time.perf_counter() - started, 3)
    if fmt == "json" and not args.out:
        ctx.print_json(data)
        return 0
    if fmt == "json":
        import json

        payload = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
    elif fmt == "xlsx":
        from app.services.report_xlsx import build_report_xlsx

        payload = build_report_xlsx(data)
    else:
        from app.printing.report_pdf import build_report_pdf

        payload = build_report_pdf(data)
    write_output(args.out, payload, ctx.paths.data_dir, force=args.force)
    print(f"Đã lưu báo cáo {period.label} ({fmt}) vào {args.out} — lập trong {data['seconds']:.2f} giây.")
    return 0
