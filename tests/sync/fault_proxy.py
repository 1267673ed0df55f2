"""A fault-injecting HTTP proxy for the sync tests: a real server on 127.0.0.1 (a thread of the test
process) in front of any upstream (the centre's hub, a receiver) that forwards each request and, for a
seeded share of the batch POSTs, breaks the exchange the way a LAN or a Wi-Fi link does:

- `reset`: the connection is reset before the request reaches the upstream (nothing stored there);
- `drop`: the upstream gets the batch and answers, but the answer is lost (connection reset instead):
  the client must send the same batch again and get `duplicate`s, never a second copy;
- `delay`: the answer is held back for `delay_seconds` (pass more than the client's read timeout to
  make it give up on an answer the upstream has already stored, less to just slow it down).

`first` scripts the faults of the first batch POSTs, so a short test meets every kind whatever the seed.

Health, updates and catalogue calls pass through untouched. `faults` counts what was injected."""

from __future__ import annotations

import http.client
import random
import socket
import struct
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from app.sync import protocol

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authorization"}


class FaultProxy:
    def __init__(self, upstream: str, *, reset: float = 0.0, drop: float = 0.0, delay: float = 0.0,
                 delay_seconds: float = 0.5, seed: int = 16, first: tuple[str, ...] = ()):
        target = urlsplit(upstream)
        self.host, self.port = target.hostname or "127.0.0.1", target.port or 80
        self.shares = (("reset", reset), ("drop", drop), ("delay", delay))
        self.delay_seconds = delay_seconds
        self.rng = random.Random(seed)
        self.script = list(first)  # the first batch POSTs get these faults, in order (then the shares)
        self.lock = threading.Lock()
        self.faults: Counter[str] = Counter()
        self.forwarded = 0
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a: object) -> None:
                pass

            def _handle(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                fault = proxy.roll() if self.command == "POST" and self.path.startswith(protocol.BATCHES) else ""
                if fault == "reset":
                    proxy.count(fault)
                    self._reset()
                    return
                status, headers, answer = proxy.forward(self.command, self.path, dict(self.headers), body)
                if fault == "drop":
                    proxy.count(fault)
                    self._reset()
                    return
                if fault == "delay":
                    proxy.count(fault)
                    time.sleep(proxy.delay_seconds)
                try:
                    self.send_response(status)
                    for k, v in headers:
                        if k.lower() not in HOP_BY_HOP and k.lower() != "content-length":
                            self.send_header(k, v)
                    self.send_header("Content-Length", str(len(answer)))
                    self.end_headers()
                    self.wfile.write(answer)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True  # the client gave up waiting (its read timeout)

            def _reset(self) -> None:
                """Close with RST (SO_LINGER 0): the client sees 'connection reset by peer'."""
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.close_connection = True

            do_GET = do_POST = do_PUT = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
        self.thread.start()

    def roll(self) -> str:
        with self.lock:
            if self.script:
                return self.script.pop(0)
            x = self.rng.random()
        for kind, share in self.shares:
            if x < share:
                return kind
            x -= share
        return ""

    def count(self, kind: str) -> None:
        with self.lock:
            self.faults[kind] += 1

    def forward(self, method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, list[tuple[str, str]], bytes]:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            conn.request(method, path, body=body or None,
                         headers={k: v for k, v in headers.items() if k.lower() not in HOP_BY_HOP})
            reply = conn.getresponse()
            answer = reply.read()
            with self.lock:
                self.forwarded += 1
            return reply.status, reply.getheaders(), answer
        finally:
            conn.close()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()
