"""Reference provincial receiver: `python -m app.sync.receiver --host 127.0.0.1 --port N --db FILE --token T`.

A real HTTP server of the sync protocol over its own SQLite store (receiver_store), used by the tests
and by IT staff to try a desk's configuration. Built on the standard library's ThreadingHTTPServer:
no dependency to ship or audit, HTTP/1.1 keep-alive, and direct access to the socket, which the fault
options need (dropping a connection after the commit). Fault options, each a share of requests
between 0 and 1: `--fail-rate` (500), `--drop-rate` (batch committed, then the connection is closed
without a reply), `--slow-rate` with `--slow-seconds` (answer late, past the client's timeout),
`--throttle-rate` with `--retry-after` (429), `--captive-rate` (a 200 HTML page like a captive portal's, or its 302 with `--captive-redirect`).
On start it prints one JSON line with the port (`--port 0` picks a free one). `--stats` prints what the
store holds as JSON and exits; `--show MA_HO_SO` prints the newest dossier received under that code.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import hmac
import json
import random
import signal
import socket
import ssl
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from app.sync import protocol, receiver_files
from app.sync.receiver_store import KeyReused, ReceiverStore

PORTAL = ("<!DOCTYPE html><html><head><title>Đăng nhập Wi-Fi</title></head><body><h1>Chào mừng!</h1>"
          "<p>Vui lòng đăng nhập để sử dụng Internet.</p><form><input name=phone></form></body></html>")


class Faults:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.rng = random.Random(args.fault_seed)
        self.lock = threading.Lock()

    def roll(self, share: float) -> bool:
        if share <= 0:
            return False
        with self.lock:
            return self.rng.random() < share


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out as separate writes; don't wait for delayed ACKs
    server_version = "MotCuaReferenceReceiver/1"
    store: ReceiverStore
    files: receiver_files.FileStore
    faults: Faults
    args: argparse.Namespace

    def log_message(self, fmt: str, *a: object) -> None:
        if self.args.verbose:
            sys.stderr.write(f"{self.address_string()} {fmt % a}\n")

    # --- replies ----------------------------------------------------------------------------------
    def _send(self, code: int, body: bytes, ctype: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, code: int, obj: object, headers: dict[str, str] | None = None) -> None:
        self._send(code, json.dumps(obj, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8",
                   headers)

    def _error(self, code: int, error: str, message: str, headers: dict[str, str] | None = None) -> None:
        self._json(code, {"error": error, "message": message}, headers)

    # --- request handling -------------------------------------------------------------------------
    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _faulted(self) -> bool:
        """Inject the configured faults; True when the request has been answered (or dropped)."""
        a, f = self.args, self.faults
        if f.roll(a.captive_rate):
            self.store.count_fault("captive")
            if a.captive_redirect:
                self._send(302, b"", "text/html", {"Location": "http://portal.wifi.example/login"})
            else:
                self._send(200, PORTAL.encode("utf-8"), "text/html; charset=utf-8")
            return True
        if f.roll(a.throttle_rate):
            self.store.count_fault("throttle")
            self._error(429, "throttled", "Quá nhiều yêu cầu, hãy thử lại sau.", {"Retry-After": str(a.retry_after)})
            return True
        if f.roll(a.fail_rate):
            self.store.count_fault("fail")
            self._error(500, "internal", "Lỗi máy chủ (giả lập).")
            return True
        if f.roll(a.slow_rate):
            self.store.count_fault("slow")
            time.sleep(a.slow_seconds)
        return False

    def _authorised(self) -> bool:
        header = self.headers.get("Authorization", "")
        given = header[7:] if header.startswith("Bearer ") else ""
        if given and hmac.compare_digest(given.encode(), self.args.token.encode()):
            return True
        self._error(401, "unauthorized", "Mã truy cập không hợp lệ.", {"WWW-Authenticate": "Bearer"})
        return False

    def do_GET(self) -> None:  # http.server's name
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if self._faulted():
            return
        if url.path == protocol.HEALTH:
            # Public, but a token that is sent is checked: a desk's "test connection" then tests the token too.
            if self.headers.get("Authorization") and not self._authorised():
                return
            now = dt.datetime.now(dt.timezone(dt.timedelta(hours=7))).replace(tzinfo=None)
            self._json(200, {"protocol": protocol.PROTOCOL, "server_time": protocol.stamp(now),
                             "limits": {"max_items": self.args.max_items, "max_bytes": self.args.max_bytes},
                             "gzip": not self.args.no_gzip})
        elif url.path == protocol.UPDATES:
            if self._authorised():
                limit = min(1000, max(1, int(query.get("limit", "200")) if query.get("limit", "").isdigit() else 200))
                self._json(200, self.store.updates_after(query.get("cursor", ""), limit))
        elif url.path == protocol.CATALOGUE:
            if self._authorised():
                self._json(200, self.store.catalogue_since(query.get("since", "")))
        elif url.path.startswith(receiver_files.PREFIX):
            receiver_files.serve_get(self, url.path)
        else:
            self._error(404, "not_found", f"Không có đường dẫn {url.path}.")

    def do_POST(self) -> None:
        raw = self._read_body()
        path = urlsplit(self.path).path
        if self._faulted():
            return
        if not self._authorised():
            return
        if path == protocol.BATCHES:
            self._batch(raw)
        elif path == protocol.UPDATES:  # for tests and IT staff: record a decision "taken upstream"
            try:
                n = self.store.add_updates(json.loads(raw).get("updates") or [])
            except (ValueError, AttributeError) as exc:
                self._error(400, "bad_request", str(exc))
                return
            self._json(200, {"added": n})
        else:
            self._error(404, "not_found", f"Không có đường dẫn {path}.")

    def do_PUT(self) -> None:
        receiver_files.serve_put(self)

    def _batch(self, raw: bytes) -> None:
        key = self.headers.get("Idempotency-Key", "").strip()
        if not key or len(key) > 100:
            self._error(400, "missing_idempotency_key", "Thiếu tiêu đề Idempotency-Key.")
            return
        limit = self.args.max_bytes + 65536
        if self.headers.get("Content-Encoding", "") == "gzip":
            body_gz = raw
            try:
                d = zlib.decompressobj(16 + zlib.MAX_WBITS)
                raw = d.decompress(raw, limit + 1)  # bounded: a gzip bomb stops here
            except zlib.error:
                self._error(400, "bad_gzip", "Nội dung nén gzip hỏng.")
                return
        else:
            body_gz = b""
        if len(raw) > limit:
            self._error(413, "too_large", f"Lô vượt quá {self.args.max_bytes} byte.")
            return
        try:
            batch = json.loads(raw)
            if not isinstance(batch, dict) or not isinstance(batch.get("items"), list):
                raise ValueError("thiếu danh sách items")
            changes = sum(len(i.get("changes") or []) for i in batch["items"] if isinstance(i, dict))
            if changes > self.args.max_items:
                self._error(413, "too_many_items", f"Lô vượt quá {self.args.max_items} mục.")
                return
        except (ValueError, UnicodeDecodeError) as exc:
            self._error(400, "bad_json", f"Nội dung không phải lô JSON hợp lệ: {exc}")
            return
        try:
            reply = self.store.ingest(key, hashlib.sha256(raw).hexdigest(), batch,
                                      body_gz or gzip.compress(raw, compresslevel=1))
        except KeyReused:
            self._error(422, "idempotency_key_reused", "Idempotency-Key đã dùng cho một lô khác.")
            return
        if self.faults.roll(self.args.drop_rate):
            self.store.count_fault("drop")
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        self._json(200, reply)

    def handle(self) -> None:
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout) or was killed: nothing to answer


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m app.sync.receiver",
                                description="Máy chủ tiếp nhận mẫu của hệ thống một cửa tỉnh (giao thức motcua-sync/1).")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765, help="0: chọn cổng trống")
    p.add_argument("--db", required=True, type=Path, help="tệp SQLite của máy chủ mẫu")
    p.add_argument("--token", default="", help="mã truy cập (Bearer) mà máy trạm phải gửi")
    p.add_argument("--stats", action="store_true", help="in thống kê JSON của dữ liệu rồi thoát")
    p.add_argument("--show", metavar="MA_HO_SO", help="in hồ sơ (HoSo) mới nhất đã nhận cho mã này rồi thoát")
    p.add_argument("--catalogue", type=Path, help="tệp danh mục thủ tục (JSON) phục vụ ở /api/v1/catalogue")
    p.add_argument("--max-items", type=int, default=2000)
    p.add_argument("--max-bytes", type=int, default=8_000_000)
    p.add_argument("--synchronous", choices=["off", "normal", "full"], default="normal",
                   help="độ bền ghi của SQLite (off: nhanh nhất, chỉ mất dữ liệu nếu hệ điều hành dừng đột ngột)")
    p.add_argument("--tls-cert", type=Path, help="chứng chỉ máy chủ (PEM) để phục vụ qua https")
    p.add_argument("--tls-key", type=Path, help="khóa riêng của chứng chỉ (PEM)")
    p.add_argument("--no-gzip", action="store_true", help="không nhận nội dung nén gzip")
    for name, help_ in (("fail", "trả lỗi 500"), ("drop", "ghi xong rồi cắt kết nối, không trả lời"),
                        ("slow", "trả lời chậm"), ("throttle", "trả 429 kèm Retry-After"),
                        ("captive", "trả trang HTML 200 như cổng đăng nhập Wi-Fi")):
        p.add_argument(f"--{name}-rate", type=float, default=0.0, help=f"tỉ lệ yêu cầu bị {help_} (0–1)")
    p.add_argument("--captive-redirect", action="store_true", help="cổng đăng nhập trả 302 thay vì trang 200")
    p.add_argument("--slow-seconds", type=float, default=5.0)
    p.add_argument("--retry-after", type=int, default=1)
    p.add_argument("--fault-seed", type=int, default=None)
    p.add_argument("--verbose", action="store_true")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    store = ReceiverStore(args.db, args.synchronous)
    if args.stats:
        print(json.dumps({**store.stats(), "files": receiver_files.FileStore(args.db).stats()}, ensure_ascii=False,
                         indent=1))
        return 0
    if args.show:
        payload = store.dossier_payload(args.show)
        if payload is None:
            print(f"Máy chủ mẫu chưa nhận hồ sơ {args.show}.", file=sys.stderr)
            return 1
        print(json.dumps(payload, ensure_ascii=False, indent=1))
        return 0
    if not args.token:
        print("Cần --token: mã truy cập mà máy trạm sẽ gửi kèm.", file=sys.stderr)
        return 2
    if args.catalogue:
        data = json.loads(args.catalogue.read_text(encoding="utf-8"))
        store.set_catalogue(str(data.get("revision") or "1"), data.get("procedures") or [])
    handler = type("BoundHandler", (Handler,), {"store": store, "faults": Faults(args), "args": args,
                                                "files": receiver_files.FileStore(args.db)})
    server = ThreadingHTTPServer((args.host, args.port), handler)
    server.daemon_threads = True
    scheme = "http"
    if args.tls_cert:  # to try a desk's CA-bundle configuration end to end
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(args.tls_cert, args.tls_key)
        server.socket = tls.wrap_socket(server.socket, server_side=True)
        scheme = "https"
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown, daemon=True).start())
    port = server.server_address[1]
    print(json.dumps({"listening": f"{scheme}://{args.host}:{port}", "port": port}), flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
