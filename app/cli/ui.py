"""`motcua selftest`: build the desktop window over the database offscreen and render a slip; exit 0 if
all is well. Qt is imported only when the command runs, so other commands start without it."""

from __future__ import annotations

import argparse
import os


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("selftest", help="dựng cửa sổ chính trên cơ sở dữ liệu (không hiện) và in thử phiếu hẹn")
    p.add_argument("--json", action="store_true")
    p.add_argument("--screen", metavar="RỘNGxCAO",
                   help="dựng mọi trang và hộp thoại ở kích thước màn hình này (ví dụ 1366x768), báo kích thước "
                        "từng cái và không đạt nếu có cái không vừa")
    p.set_defaults(func=cmd_selftest)


def cmd_selftest(args, ctx) -> int:  # type: ignore[no-untyped-def]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app.ui.screen_check import parse_screen
    from app.ui.selftest import run_selftest

    try:
        screen = parse_screen(args.screen) if args.screen else None
    except ValueError as exc:
        print(exc)
        return 2
    result = run_selftest(ctx.desk, screen)
    if args.json:
        ctx.print_json(result)
    elif result["ok"]:
        sample = " (hồ sơ mẫu, chưa có hồ sơ thật)" if result["slip_sample"] else ""
        print(f"Tự kiểm tra đạt: cửa sổ dựng trong {result['window_seconds']:.2f} giây, trang đầu danh sách "
              f"{result['first_page_seconds'] * 1000:.0f} ms, phiếu hẹn {result['slip_code']}{sample} "
              f"{result['slip_pages']} trang trong {result['slip_ms']:.0f} ms.")
        if screen is not None:
            print(f"Mọi trang và hộp thoại vừa màn hình {args.screen}.")
    elif result.get("screen_check") and not result["screen_check"]["ok"]:
        print(f"Tự kiểm tra KHÔNG đạt: không vừa màn hình {args.screen}: "
              f"{', '.join(result['screen_check']['not_fitting'])}. Hãy báo bộ phận CNTT.")
    else:
        print("Tự kiểm tra KHÔNG đạt: phiếu hẹn dựng ra trang trắng hoặc cửa sổ không vẽ được. "
              "Hãy gửi tệp nhật ký cho bộ phận CNTT.")
    return 0 if result["ok"] else 1
