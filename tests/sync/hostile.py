"""A hostile provincial server for the sync tests: a real HTTP server on 127.0.0.1 (a thread of the test
process) that answers health properly and every other call with whatever the test's `behave` function
writes: partial or forged replies, Retry-After 0, a drip feed, a huge body, escape codes in messages."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from app.sync import protocol


class Call:
    def __init__(self, method: str, path: str, headers: dict[str, str], body: bytes, at: float):
        self.method, self.path, self.headers, self.body, self.at = method, path, headers, body, at

    def batch(self) -> dict:
        import gzip

        raw = gzip.decompress(self.body) if self.headers.get("Content-Encoding") == "gzip" else self.body
        return json.loads(raw)

    def event_ids(self) -> list[str]:
        return [c["event_id"] for i in self.batch()["items"] for c in i["changes"]]


Behave = Callable[[BaseHTTPRequestHandler, Call], None]


def send_json(h: BaseHTTPRequestHandler, obj: object, code: int = 200, headers: dict[str, str] | None = None) -> None:
    body = json.dumps(obj).encode()
    h.send_response(code)
    h.send_header("Content-Type", "application/json")
    h.send_header("Content-Length", str(len(body)))
    for k, v in (headers or {}).items():
        h.send_header(k, v)
    h.end_headers()
    h.wfile.write(body)


def results_for(call: Call, ids: list[str] | None = None, result: str = "accepted") -> dict:
    return {"protocol": protocol.PROTOCOL, "batch_id": call.headers["Idempotency-Key"],
            "results": [{"event_id": e, "result": result} for e in (call.event_ids() if ids is None else ids)]}


class Hostile:
    def __init__(self, behave: Behave):
        self.behave = behave
        self.calls: list[Call] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a: object) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                path = self.path.split("?")[0]
                call = Call(self.command, path, dict(self.headers), body, time.monotonic())
                if path == protocol.HEALTH:
                    send_json(self, {"protocol": protocol.PROTOCOL, "server_time": "20261120090000",
                                     "limits": {"max_items": 2000, "max_bytes": 8_000_000}, "gzip": False})
                    return
                if path == protocol.UPDATES:
                    send_json(self, {"updates": [], "next_cursor": "", "more": False})
                    return
                if path == protocol.CATALOGUE:
                    send_json(self, {"revision": "", "procedures": []})
                    return
                server.calls.append(call)
                try:
                    server.behave(self, call)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_GET = do_POST = _handle

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
