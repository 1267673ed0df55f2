"""`motcua sync` sub-commands: configure the provincial endpoint, show the state, run a sync.

`motcua sync [--once|--until-empty] [--json]` exits 0 when everything was sent, 1 when some changes
are rejected (parked, waiting for a person), 2 when the province could not be reached or the run hit
a fatal problem (token, address, certificate, another sync running). One summary line on stdout; the
details go to logs/sync.log (rotating). `sync` and `sync status` may run as the OS account (the nightly
task); `sync configure` changes settings and needs `motcua --user QUẢN_TRỊ`.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from app.errors import MotCuaError
from app.operations import sync
from app.sync.runner import RunOptions


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sync", help="đồng bộ hồ sơ với hệ thống một cửa của tỉnh",
                       description="Gửi các thay đổi đang chờ lên hệ thống một cửa của tỉnh và nhận cập nhật. "
                                   "Mã thoát: 0 đã gửi hết · 1 có mục bị từ chối · 2 không kết nối được hoặc lỗi.")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--once", action="store_true", help="gửi một lượt những gì đang chờ (mặc định)")
    mode.add_argument("--until-empty", action="store_true", help="gửi lặp lại đến khi không còn gì chờ")
    p.add_argument("--max-minutes", type=float, default=30.0, help="giới hạn thời gian của cả lượt đồng bộ (phút)")
    p.add_argument("--timeout", type=float, default=30.0, help="số giây chờ máy chủ trả lời mỗi lô")
    p.add_argument("--backoff-base", type=float, default=1.0, help=argparse.SUPPRESS)
    p.add_argument("--no-files", action="store_true",
                   help="chỉ gửi bản ghi hồ sơ, không gửi tệp đính kèm lượt này (tệp sẽ gửi ở lượt sau)")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON (có files_sent, files_bytes, files_failed)")
    p.set_defaults(func=cmd_sync)
    ssub = p.add_subparsers(dest="sync_cmd")
    c = ssub.add_parser("configure", help="khai báo địa chỉ, chứng chỉ CA và mã truy cập của tỉnh")
    c.add_argument("--url", required=True, help="địa chỉ hệ thống một cửa của tỉnh, ví dụ https://motcua.tinh.gov.vn/dongbo")
    c.add_argument("--ca-bundle", help="tệp chứng chỉ CA của tỉnh (.pem), nếu tỉnh dùng CA riêng")
    c.add_argument("--token-stdin", action="store_true", help="đọc mã truy cập từ đầu vào chuẩn (không để lộ trên dòng lệnh)")
    c.add_argument("--connector", help="bộ kết nối với hệ thống của tỉnh (mặc định motcua-sync/1)")
    c.set_defaults(func=cmd_configure)
    c = ssub.add_parser("validate", help="kiểm tra bản ghi hồ sơ theo chuẩn quốc gia (không gửi gì)")
    c.add_argument("code", nargs="?", help="mã hồ sơ; bỏ trống: mọi hồ sơ đang chờ gửi")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_validate)
    c = ssub.add_parser("status", help="xem số mục chờ gửi, đã gửi, bị từ chối")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_status)


def _read_token() -> str:
    if sys.stdin.isatty():
        return getpass.getpass("Mã truy cập (token) do tỉnh cấp: ")
    return sys.stdin.readline().strip()


def cmd_configure(args, ctx) -> int:  # type: ignore[no-untyped-def]
    op = ctx.op(command="sync configure")
    token = _read_token() if args.token_stdin else None
    done = sync.configure(op, args.url, args.ca_bundle, token, connector=args.connector)
    cfg = done.config
    print(f"Đã lưu cấu hình đồng bộ: {cfg.url}" + (f", CA {cfg.ca_bundle}" if cfg.ca_bundle else "") + ".")
    if done.token_where is not None:
        print(f"Mã truy cập được cất trong {done.token_where}, không lưu trong cơ sở dữ liệu.")
    elif not cfg.token:
        print("Chưa có mã truy cập: chạy lại với --token-stdin để nhập.", file=sys.stderr)
    print(done.probe.message if done.probe.ok else f"Chưa kết nối được: {done.probe.message}")
    return 0


def cmd_status(args, ctx) -> int:  # type: ignore[no-untyped-def]
    st = sync.status(ctx.op(account=False))
    if args.json:
        ctx.print_json(st.to_json())
    else:
        c = st.counts
        last = f"{c.last_success:%H:%M %d/%m/%Y}" if c.last_success else "chưa có"
        print(f"Chờ gửi {c.pending}, đã gửi {c.sent}, bị từ chối {c.parked}; lần gửi thành công gần nhất: {last}.")
        if c.last_error:
            print(f"Lỗi gần nhất: {c.last_error}")
        print(st.lease.text if st.lease else "Không có lượt đồng bộ nào đang giữ khóa.")
    return 0


def cmd_validate(args, ctx) -> int:  # type: ignore[no-untyped-def]
    report = sync.validate(ctx.op(account=False), args.code)
    if args.json:
        ctx.print_json({"checked": report.checked, "invalid": report.invalid_count,
                        "problems": [{"code": r.code, "reason": r.reason,
                                      "fields": [p.field for p in r.problems]} for r in report.invalid]})
    else:
        for r in report.invalid:
            print(f"{r.code}: {r.reason}")
        print(f"Đã kiểm tra {report.checked} hồ sơ: " + ("tất cả đúng chuẩn bản ghi quốc gia." if report.ok else
              f"{report.invalid_count} hồ sơ chưa đúng chuẩn, sẽ không được gửi cho tới khi sửa."))
    return 0 if report.ok else 1


def cmd_sync(args, ctx) -> int:  # type: ignore[no-untyped-def]
    if args.timeout <= 0 or args.max_minutes <= 0:
        raise MotCuaError("--timeout và --max-minutes phải lớn hơn 0.")
    options = RunOptions(read_timeout=args.timeout, backoff_base=args.backoff_base,
                         deadline_seconds=args.max_minutes * 60,
                         max_failures=None if args.until_empty else 6, files=not args.no_files)
    summary = sync.run(ctx.op(account=False), until_empty=args.until_empty, options=options)
    if args.json:
        ctx.print_json(summary.to_json())
    else:
        print(summary.line(), file=sys.stdout if summary.exit_code == 0 else sys.stderr)
    return summary.exit_code
