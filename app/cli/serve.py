"""`motcua serve --listen HOST:PORT`: the centre's hub for the home-visit laptops (app.sync.hub), and
`motcua serve --add-laptop NAME`, which prints a new token for one laptop (shown once). With `--tls-cert`
and `--tls-key` the hub speaks https only."""

from __future__ import annotations

import argparse
import json
import signal
import threading
from pathlib import Path

from app.errors import ValidationError
from app.operations import centre as ops


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="máy chủ Trung tâm nhận đồng bộ từ các máy lưu động")
    p.add_argument("--listen", default="0.0.0.0:8770", metavar="MÁY:CỔNG", help="địa chỉ nghe (mặc định 0.0.0.0:8770)")
    p.add_argument("--add-laptop", metavar="TÊN", help="tạo mã truy cập cho một máy lưu động rồi thoát")
    p.add_argument("--tls-cert", type=Path, metavar="TỆP", help="chứng chỉ máy chủ (PEM) để phục vụ qua https")
    p.add_argument("--tls-key", type=Path, metavar="TỆP", help="khóa riêng của chứng chỉ (PEM, chỉ chủ tệp được đọc)")
    p.set_defaults(func=cmd_serve)


def _listen(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ValidationError({"listen": "Địa chỉ nghe phải có dạng MÁY:CỔNG, ví dụ 0.0.0.0:8770."})
    return host, int(port)


def cmd_serve(args, ctx) -> int:  # type: ignore[no-untyped-def]
    if args.add_laptop:
        token = ops.add_laptop(ctx.op(command="serve --add-laptop"), args.add_laptop)
        print(f"Mã truy cập của «{args.add_laptop}» (chỉ hiện một lần; nhập vào máy lưu động bằng "
              f"motcua sync configure --url http(s)://MÁY_CHỦ:CỔNG --token-stdin):\n{token}")
        return 0
    host, port = _listen(args.listen)
    if bool(args.tls_cert) != bool(args.tls_key):
        raise ValidationError({"tls": "Cần cả --tls-cert (chứng chỉ) và --tls-key (khóa riêng) để phục vụ qua https."})
    hub = ops.start_hub(ctx.op(account=False), host, port, (args.tls_cert, args.tls_key) if args.tls_cert else None)
    print(json.dumps({"listening": hub.url, "port": hub.port}), flush=True)
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    try:
        stopped.wait()
    except KeyboardInterrupt:
        pass
    finally:
        hub.stop()
    return 0
