"""`motcua import register FILE`: import the provincial register export (or a dry run of it). The import
acts as a desk account (`motcua --user NAME`); a --dry-run only reads and may run without one."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.context import CliContext
from app.operations.importing import import_register
from app.services.register_report import RegisterRefused


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="nhập dữ liệu từ hệ thống khác")
    what = p.add_subparsers(dest="what", required=True)
    r = what.add_parser("register", help="nhập sổ theo dõi hồ sơ xuất từ hệ thống một cửa của tỉnh (.xlsx, .csv)")
    r.add_argument("file", type=Path, metavar="TỆP", help="tệp sổ theo dõi (.xlsx hoặc .csv)")
    r.add_argument("--sheet", metavar="TÊN", help="tên trang trong sổ Excel (mặc định: trang đang mở)")
    r.add_argument("--mapping", type=Path, metavar="TỆP.json", help="tệp ghép cột đã lưu từ trình nhập sổ")
    r.add_argument("--dry-run", action="store_true", help="chỉ đọc và kiểm tra, không ghi gì")
    r.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    r.set_defaults(func=cmd_import_register)


def _progress(done: int, total: int) -> None:
    print(f"\rĐang đọc dòng {done}/{total}…", end="", file=sys.stderr, flush=True)


def cmd_import_register(args: argparse.Namespace, ctx: CliContext) -> int:
    op = ctx.op(account=not args.dry_run, command="import register")  # a dry run only reads
    progress = _progress if sys.stderr.isatty() and not args.json else None
    try:
        report = import_register(op, args.file, sheet=args.sheet, mapping_file=args.mapping, dry_run=args.dry_run,
                                 progress=progress).report
        code = 0 if report.ok else RegisterRefused.exit_code
    except RegisterRefused as exc:
        report, code = exc.report, exc.exit_code
    if progress:
        print(file=sys.stderr)
    if args.json:
        ctx.print_json(report.to_json())
    else:
        print(report.text(), file=sys.stdout if code == 0 else sys.stderr)
    return code
