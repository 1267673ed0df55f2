"""`motcua attach` and `motcua files`: attach scans/PDFs to a dossier, list, export and check its files.
`attach` changes a dossier and acts as a desk account (`motcua --user NAME`); listing, export, check and
push (like `sync`) may run as the OS account."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from app.cli.core import parse_date
from app.errors import MotCuaError
from app.operations import files as ops


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("attach", help="đính kèm ảnh quét/PDF vào một thành phần hồ sơ hoặc làm kết quả")
    p.add_argument("code", metavar="MA_HO_SO")
    p.add_argument("paths", metavar="TEP", nargs="+", type=Path, help="ảnh JPEG/PNG/TIFF hoặc PDF (nhiều tệp được ghép)")
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--component", type=int, metavar="SO", help="số thứ tự thành phần hồ sơ (từ 1)")
    target.add_argument("--result", action="store_true", help="tệp kết quả giải quyết (khi đã xử lý xong/đã trả)")
    p.add_argument("--result-code", default="", help="số/ký hiệu giấy tờ kết quả (MaGiayToKetQua)")
    p.add_argument("--result-name", default="", help="tên giấy tờ kết quả")
    p.add_argument("--valid-until", type=parse_date, help="giấy tờ còn hiệu lực đến ngày (để tái sử dụng)")
    p.add_argument("--seen-file", metavar="UUID|none", type=_seen,
                   help="tệp hiện tại của giấy tờ đã xem (uuid trong motcua files MA_HO_SO --json, hoặc none nếu chưa "
                        "có tệp): giấy tờ đã có tệp khác thì không ghi gì")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_attach)

    forms = "motcua files MA_HO_SO | files export MA_HO_SO --out THU_MUC | files check | files push"
    f = sub.add_parser("files", help=f"tệp đính kèm của hồ sơ: {forms}",
                       usage="motcua files MA_HO_SO [MA_HO_SO ...] [--history] [--json]\n"
                             "       motcua files export MA_HO_SO --out THU_MUC\n"
                             "       motcua files check\n       motcua files push",
                       description="Xem, xuất, kiểm tra tệp đính kèm; files push gửi các tệp còn chờ lên hệ thống "
                                   "của tỉnh.")
    f.add_argument("words", nargs="+", metavar="MA_HO_SO")
    f.add_argument("--out", type=Path, help="thư mục xuất tệp (với files export)")
    f.add_argument("--history", action="store_true", help="kèm các tệp đã được thay/bổ sung")
    f.add_argument("--json", action="store_true")
    f.set_defaults(func=cmd_files)


def _json(f: ops.AttachedFile) -> dict:
    return {"uuid": f.uuid, "kind": f.kind, "component": f.position or None, "paper_name": f.paper_name,
            "result_code": f.result_code, "file_name": f.display_name, "sha256": f.sha256, "size": f.size,
            "pages": f.pages, "digitised": f.digitised, "reused": f.reused, "reused_from": f.reused_from_code,
            "attached_at": f.attached_at.isoformat(sep=" "), "attached_by": f.attached_by,
            "valid_until": f.valid_until.isoformat() if f.valid_until else None, "current": f.current}


def _seen(text: str) -> str:
    """`--seen-file`: an attachment uuid, or "none" (the paper had no file) as the operations take it: ""."""
    return "" if text.strip().casefold() == "none" else text.strip()


def _kb(n: int) -> str:
    return f"{n / 1024:,.0f} KB".replace(",", ".")


def cmd_attach(args, ctx) -> int:  # type: ignore[no-untyped-def]
    out = ops.attach(ctx.op(command="attach"), args.code, args.paths, component=args.component, result=args.result,
                     result_code=args.result_code, result_name=args.result_name, valid_until=args.valid_until,
                     seen=args.seen_file)
    if args.json:
        ctx.print_json({"code": out.code, "appended": out.appended, "file": _json(out.file)})
        return 0
    f = out.file
    where = f"thành phần {f.position} «{f.paper_name}»" if f.kind == "component" else f"kết quả «{f.paper_name}»"
    print(f"Đã {'bổ sung trang cho' if out.appended else 'đính kèm'} {where} của hồ sơ {out.code}: {f.pages} trang, "
          f"{_kb(f.size)}, SHA-256 {f.sha256}.")
    return 0


def cmd_files(args, ctx) -> int:  # type: ignore[no-untyped-def]
    words = args.words
    if words[0] == "export" and len(words) == 2:
        if not args.out:
            raise MotCuaError("Hãy chọn thư mục xuất: motcua files export MA_HO_SO --out THU_MUC")
        out = ops.export(ctx.op(account=False), words[1], args.out)
        if args.json:
            ctx.print_json([str(p) for p in out.written])
        else:
            print(f"Đã xuất {len(out.written)} tệp của hồ sơ {out.code} vào {args.out} (không ghi đè tệp có sẵn).")
        return 0
    if words == ["push"]:
        pushed = ops.push(ctx.op(account=False))
        if args.json:
            ctx.print_json(dataclasses.asdict(pushed))
        else:
            print(f"Đã gửi {pushed.files} tệp ({pushed.bytes_sent / 1e6:.1f} MB, {pushed.resumed} tệp gửi tiếp), "
                  f"{pushed.already} tệp tỉnh đã có.")
            for line in pushed.failed:
                print("  Chưa gửi được " + line, file=sys.stderr)
        return 0 if not pushed.failed else 1
    if words == ["check"]:
        report = ops.check(ctx.op(account=False))
        if args.json:
            ctx.print_json({"ok": report.ok, "checked": report.checked,
                            "missing": [p.sha256 for p in report.missing], "altered": [p.sha256 for p in report.altered]})
        else:
            print(report.summary)
            for p in (*report.missing, *report.altered):
                print("  " + p.line)
        return 0 if report.ok else 1
    if len(words) != 1:
        raise MotCuaError("Cách dùng: motcua files MA_HO_SO [--json] | motcua files export MA_HO_SO --out THU_MUC | "
                          "motcua files check | motcua files push")
    rows = ops.list_files(ctx.op(account=False), words[0], history=args.history)
    if args.json:
        ctx.print_json([_json(f) for f in rows])
        return 0
    if not rows:
        print(f"Hồ sơ {words[0]} chưa có tệp đính kèm. Đính kèm bằng: motcua attach {words[0]} TEP --component SO")
        return 0
    for f in rows:
        where = f"TP {f.position}" if f.kind == "component" else "Kết quả"
        flags = "tái sử dụng" if f.reused else "số hóa"
        old = "" if f.current else " (đã thay)"
        print(f"{where:8} {f.paper_name[:50]:50} {f.pages:3} trang {_kb(f.size):>9}  {flags}{old}  {f.sha256}")
    return 0
