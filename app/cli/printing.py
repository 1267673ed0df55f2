"""Printing sub-commands: `print` (Mẫu 01–06 of one dossier, or one slip for several) and `register` (Mẫu 06/07),
in the form set in force on the dossier's received day unless `--set` names one.
Both read only, so they may run without a desk account; forms show the names recorded on the dossier."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.core import parse_date
from app.operations import printing
from app.printing import FORMS, SETS
from app.services.formats import PAPERS


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("print", help="in biểu mẫu của hồ sơ ra tệp PDF (Mẫu 01–06)")
    p.add_argument("codes", nargs="+", metavar="CODE",
                   help="mã hồ sơ; phiếu hẹn (receipt) nhận nhiều mã nộp cùng một lần")
    p.add_argument("--form", choices=list(FORMS), default="receipt",
                   help="receipt (Mẫu 01), supplement (02), refusal (03), extension (04), stop (05, bộ 2025), "
                        "control (05 bộ 2018 / 06 bộ 2025)")
    p.add_argument("--set", dest="form_set", choices=list(SETS), default=None,
                   help="bộ biểu mẫu: 2018 (TT 01/2018) hoặc 2025 (TT 03/2025); mặc định: bộ áp dụng ngày tiếp nhận")
    p.add_argument("--legal-basis", default="", help="căn cứ pháp lý của thông báo dừng giải quyết (Mẫu 05 bộ 2025)")
    p.add_argument("--paper", choices=list(PAPERS), default=None,
                   help="khổ giấy phiếu hẹn: " + ", ".join(PAPERS) + " (mặc định: theo thiết lập)")
    p.add_argument("--out", required=True, type=Path, help="tệp PDF sẽ ghi")
    p.add_argument("--force", action="store_true", help="ghi đè tệp --out nếu đã có")
    p.add_argument("--receiver", default="", help="họ tên người tiếp nhận in dưới chữ ký (mặc định: người đã tiếp nhận)")
    p.add_argument("--reason", default="", help="lý do từ chối (Mẫu 03), khi chưa ghi vào hồ sơ")
    p.add_argument("--cooperating", default="", help="cơ quan phối hợp giải quyết (Mẫu 05)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_print)

    p = sub.add_parser("register", help="in Sổ theo dõi hồ sơ (Mẫu 06 bộ 2018 / 07 bộ 2025) cho một khoảng ngày")
    p.add_argument("--from", dest="date_from", required=True, type=parse_date, help="từ ngày (YYYY-MM-DD)")
    p.add_argument("--to", dest="date_to", required=True, type=parse_date, help="đến ngày (YYYY-MM-DD)")
    p.add_argument("--out", required=True, type=Path, help="tệp PDF sẽ ghi")
    p.add_argument("--set", dest="form_set", choices=list(SETS), default=None,
                   help="bộ biểu mẫu (mặc định: bộ áp dụng ngày --to)")
    p.add_argument("--force", action="store_true", help="ghi đè tệp --out nếu đã có")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_register)


def cmd_print(args, ctx) -> int:  # type: ignore[no-untyped-def]
    done = printing.print_form(ctx.op(account=False), args.codes, args.out, form=args.form, paper=args.paper,
                               receiver=args.receiver, reason=args.reason, cooperating=args.cooperating,
                               form_set=args.form_set, legal_basis=args.legal_basis, force=args.force)
    if args.json:
        ctx.print_json(done.to_json())
    else:
        print(f"Đã ghi {FORMS[args.form]} của hồ sơ {', '.join(done.codes)} vào {args.out} ({done.pages} trang).")
    return 0


def cmd_register(args, ctx) -> int:  # type: ignore[no-untyped-def]
    done = printing.print_register(ctx.op(account=False), args.date_from, args.date_to, args.out,
                                   form_set=args.form_set, force=args.force)
    if args.json:
        ctx.print_json(done.to_json())
    else:
        print(f"Đã ghi Sổ theo dõi hồ sơ ({done.dossiers} hồ sơ, {done.pages} trang) vào {args.out}.")
    return 0
