"""`motcua selftest`: build the desktop window over the database offscreen and render a slip; exit 0 if
all is well. Qt is imported only when the command runs, so other commands start without it."""

from __future__ import annotations

import argparse
import os


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("selftest", help="dựng cửa sổ chính trên cơ sở dữ liệu (không hiện) và in thử phiếu hẹn")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_selftest)


def cmd_selftest(args, ctx) -> int:  # type: ignore[no-untyped-def]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app.ui.selftest import run_selftest

    result = run_selftest(ctx.desk)
    if args.json:
        ctx.print_json(result)
    elif result["ok"]:
        sample = " (hồ sơ mẫu, chưa có hồ sơ thật)" if result["slip_sample"] else ""
        print(f"Tự kiểm tra đạt: cửa sổ dựng trong {result['window_seconds']:.2f} giây, trang đầu danh sách "
              f"{result['first_page_seconds'] * 1000:.0f} ms, phiếu hẹn {result['slip_code']}{sample} "
              f"{result['slip_pages']} trang trong {result['slip_ms']:.0f} ms.")
    else:
        print("Tự kiểm tra KHÔNG đạt: phiếu hẹn dựng ra trang trắng hoặc cửa sổ không vẽ được. "
              "Hãy gửi tệp nhật ký cho bộ phận CNTT.")
    return 0 if result["ok"] else 1
