"""Printing sub-commands: `print` (Mẫu 01–05 of one dossier, or one slip for several) and `register` (Mẫu 06)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.core import parse_date
from app.errors import ValidationError
from app.printing import FORMS, build_register_pdf, register_from_rows, render_form
from app.printing.common import PAPERS
from app.services import queries, search
from app.services.outputs import write_output

REGISTER_MAX_DAYS = 366


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("print", help="in biểu mẫu của hồ sơ ra tệp PDF (Mẫu 01–05)")
    p.add_argument("codes", nargs="+", metavar="CODE",
                   help="mã hồ sơ; phiếu hẹn (receipt) nhận nhiều mã nộp cùng một lần")
    p.add_argument("--form", choices=list(FORMS), default="receipt",
                   help="receipt (Mẫu 01), supplement (02), refusal (03), apology (04), control (05)")
    p.add_argument("--paper", choices=PAPERS, default=None, help="khổ giấy phiếu hẹn: a5, a4 hoặc 80mm")
    p.add_argument("--out", required=True, type=Path, help="tệp PDF sẽ ghi")
    p.add_argument("--force", action="store_true", help="ghi đè tệp --out nếu đã có")
    p.add_argument("--receiver", default="", help="họ tên người tiếp nhận in dưới chữ ký (mặc định: người đã tiếp nhận)")
    p.add_argument("--reason", default="", help="lý do từ chối (Mẫu 03), khi chưa ghi vào hồ sơ")
    p.add_argument("--cooperating", default="", help="cơ quan phối hợp giải quyết (Mẫu 05)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_print)

    p = sub.add_parser("register", help="in Sổ theo dõi hồ sơ (Mẫu 06) cho một khoảng ngày")
    p.add_argument("--from", dest="date_from", required=True, type=parse_date, help="từ ngày (YYYY-MM-DD)")
    p.add_argument("--to", dest="date_to", required=True, type=parse_date, help="đến ngày (YYYY-MM-DD)")
    p.add_argument("--out", required=True, type=Path, help="tệp PDF sẽ ghi")
    p.add_argument("--force", action="store_true", help="ghi đè tệp --out nếu đã có")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_register)


def _pages(data: bytes) -> int:
    return data.count(b"/Type /Page\n") or data.count(b"/Type /Page ")


def cmd_print(args, ctx) -> int:  # type: ignore[no-untyped-def]
    desk = ctx.desk
    if args.form != "receipt" and len(args.codes) > 1:
        raise ValidationError({"codes": "Chỉ phiếu hẹn (receipt) mới in chung nhiều hồ sơ; các biểu mẫu khác "
                                        "hãy in từng mã một."})
    with desk.db.read() as s:
        details = [queries.detail_by_code(s, code) for code in args.codes]
    names = {d.applicant_id_number or d.applicant_name for d in details}
    if len(names) > 1:
        raise ValidationError({"codes": "Các hồ sơ in chung một phiếu hẹn phải của cùng một người nộp."})
    paper = args.paper or desk.setting("default_paper")
    if paper not in PAPERS:
        paper = "a5"
    data = render_form(args.form, desk.agency, details if args.form == "receipt" else details[0], paper=paper,
                       receiver_name=args.receiver, reason=args.reason, cooperating_units=args.cooperating)
    write_output(args.out, data, ctx.paths.data_dir, force=args.force)
    info = {"out": str(args.out), "form": args.form, "codes": [d.code for d in details],
            "paper": paper if args.form == "receipt" else "a5", "bytes": len(data), "pages": _pages(data)}
    if args.json:
        ctx.print_json(info)
    else:
        print(f"Đã ghi {FORMS[args.form]} của hồ sơ {', '.join(info['codes'])} vào {args.out} "
              f"({info['pages']} trang).")
    return 0


def cmd_register(args, ctx) -> int:  # type: ignore[no-untyped-def]
    if args.date_to < args.date_from:
        raise ValidationError({"to": "Ngày kết thúc phải bằng hoặc sau ngày bắt đầu."})
    if (args.date_to - args.date_from).days >= REGISTER_MAX_DAYS:
        raise ValidationError({"to": "Mỗi lần in sổ tối đa một năm; hãy chia thành nhiều khoảng ngày."})
    desk = ctx.desk
    f = search.SearchFilter(received_from=args.date_from, received_to=args.date_to)
    rows = []
    with desk.db.read() as s:
        cursor = None
        while True:
            page = search.search(s, "", f, limit=search.MAX_LIMIT, cursor=cursor, now=desk.now())
            # Full details carry the handling unit, delivery and who collected the result.
            rows.extend(queries.detail_by_id(s, r.id) for r in page.rows)
            cursor = page.next_cursor
            if cursor is None:
                break
    data = build_register_pdf(register_from_rows(desk.agency, rows, args.date_from, args.date_to))
    write_output(args.out, data, ctx.paths.data_dir, force=args.force)
    info = {"out": str(args.out), "from": args.date_from.isoformat(), "to": args.date_to.isoformat(),
            "dossiers": len(rows), "bytes": len(data), "pages": _pages(data)}
    if args.json:
        ctx.print_json(info)
    else:
        print(f"Đã ghi Sổ theo dõi hồ sơ ({len(rows)} hồ sơ, {info['pages']} trang) vào {args.out}.",
              file=sys.stdout)
    return 0
