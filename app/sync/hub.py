"""The centre's hub: `motcua serve --listen HOST:PORT`. The home-visit laptops push to it as they would to
the province (the same batch protocol, docs/sync-protocol.md), each with its own token.

The HTTP side is the reference receiver's handler (health, gzip bodies, size limits, JSON checks)
with two things changed: a token names one laptop (tokens are kept as SHA-256 digests in the data
folder's hub-tokens.json, shown once when made), and a batch is applied to the centre's store by
app.sync.hub_ingest (through the workflow, exactly once per event id) instead of being filed away.
Updates and catalogue answer empty: the laptops take those from the province. Attached files arrive
with the province's upload protocol (`/api/v1/files/`), answered by app.sync.hub_files. With `--tls-cert`
and `--tls-key` (`server_tls`) the hub speaks https only; the laptops trust its certificate through the
CA bundle of their sync configuration, as they trust a province's own CA.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import secrets
import socket
import ssl
import stat
import sys
import threading
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

import portalocker

from app.errors import MotCuaError
from app.paths import write_private
from app.services.desk import Desk
from app.sync import hub_files, hub_ingest, protocol, receiver, receiver_files
from app.sync.receiver_store import ReceiverStore

TOKENS_FILE = "hub-tokens.json"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _tokens(folder: Path) -> dict[str, str]:
    try:
        tokens: dict[str, str] = json.loads((folder / TOKENS_FILE).read_text(encoding="utf-8"))
        return tokens
    except FileNotFoundError:
        return {}


def add_laptop(folder: Path, name: str) -> str:
    """A new token for the laptop `name` (replacing its old one); only its digest is kept."""
    name = name.strip()
    if not name or len(name) > 60:
        raise MotCuaError("Hãy đặt tên máy lưu động (tối đa 60 ký tự), ví dụ «Lưu động 1».")
    token = secrets.token_urlsafe(24)
    path = folder / TOKENS_FILE
    # Read, change, write under a lock of its own: two laptops added at once both keep their token.
    with portalocker.Lock(str(path.with_name(path.name + ".lock")), "a", timeout=10):
        tokens = {k: v for k, v in _tokens(folder).items() if v != name}
        tokens[_digest(token)] = name
        write_private(path, json.dumps(tokens, ensure_ascii=False, indent=1))
    return token


class _HubStore:
    """What the receiver's handler calls `store`, applying batches to the centre for one laptop."""

    def __init__(self, desk: Desk, laptop: str):
        self.desk, self.laptop = desk, laptop

    def ingest(self, key: str, body_hash: str, batch: dict[str, Any], body_gz: bytes) -> dict[str, Any]:
        if str(batch.get("agency_code", "")) != self.desk.agency.code:
            results = [hub_ingest.ChangeResult(str(ch.get("event_id")), protocol.REJECTED, "bad_item",
                                               f"Máy lưu động không thuộc đơn vị {self.desk.agency.code}.").to_wire()
                       for it in batch["items"] if isinstance(it, dict) for ch in it.get("changes") or []
                       if isinstance(ch, dict) and ch.get("event_id")]
        else:
            results = [r.to_wire() for r in hub_ingest.ingest(self.desk, self.laptop, batch["items"])]
        return {"protocol": protocol.PROTOCOL, "batch_id": str(batch.get("batch_id", "")), "results": results}

    def count_fault(self, kind: str) -> None:  # the hub injects no faults
        return None


class HubHandler(receiver.Handler):
    server_version = "MotCuaHub/1"
    timeout = 300  # seconds a connection may stay silent (TLS handshake included) before it is closed
    desk: Desk

    def _faulted(self) -> bool:
        return False

    def _authorised(self) -> bool:
        header = self.headers.get("Authorization", "")
        given = _digest(header[7:]) if header.startswith("Bearer ") else ""
        for digest, laptop in _tokens(self.desk.paths.data_dir).items():  # read each time: new laptops count
            if given and hmac.compare_digest(given, digest):
                # the handler calls only ingest and count_fault on a hub (its GET and PUT are its own)
                self.store = cast(ReceiverStore, _HubStore(self.desk, laptop))
                return True
        self._error(401, "unauthorized", "Mã truy cập của máy lưu động không hợp lệ.", {"WWW-Authenticate": "Bearer"})
        return False

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path in (protocol.UPDATES, protocol.CATALOGUE):
            if self._authorised():
                self._json(200, {"updates": [], "next_cursor": "", "more": False} if path == protocol.UPDATES
                           else {"revision": "", "procedures": []})
            return
        super().do_GET()


def server_tls(cert: Path, key: Path) -> ssl.SSLContext:
    """The hub's TLS context (TLS 1.2 or newer) from a PEM certificate (its chain after it) and its private
    key, which only the hub's account may read. Every failure is a MotCuaError saying which file to fix."""
    for path, what in ((cert, "chứng chỉ"), (key, "khóa riêng")):
        if not path.is_file():
            raise MotCuaError(f"Không thấy tệp {what} «{path}». Hãy chỉ đúng tệp PEM bằng --tls-cert và --tls-key.")
    if os.name == "posix" and stat.S_IMODE(key.stat().st_mode) & 0o077:
        raise MotCuaError(f"Tệp khóa riêng «{key}» đang để người khác đọc được (quyền "
                          f"{stat.S_IMODE(key.stat().st_mode):04o}). Hãy chạy «chmod 600 {key}» (chủ tệp là tài khoản "
                          "chạy motcua serve) rồi khởi động lại.")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    try:
        context.load_cert_chain(cert, key)
    except PermissionError:
        raise MotCuaError(f"Tài khoản đang chạy motcua serve không đọc được «{cert}» hoặc «{key}». Hãy cho tài "
                          "khoản này quyền đọc hai tệp (khóa riêng chỉ mình nó đọc).") from None
    except (ssl.SSLError, OSError) as exc:
        raise MotCuaError(f"Không dùng được chứng chỉ «{cert}» với khóa «{key}» ({exc.strerror or exc}). Cần chứng "
                          "chỉ máy chủ dạng PEM và đúng khóa riêng của nó, khóa không đặt mật khẩu.") from None
    return context


class _TlsServer(ThreadingHTTPServer):
    """https: the handshake of each connection happens on its own handler thread (a slow or plain-http
    client never holds up the others); a failed handshake is one line on stderr, not a traceback."""

    context: ssl.SSLContext

    def get_request(self) -> tuple[socket.socket, Any]:
        conn, addr = super().get_request()
        return self.context.wrap_socket(conn, server_side=True, do_handshake_on_connect=False), addr

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, (ssl.SSLError, ConnectionError, TimeoutError)):
            sys.stderr.write(f"{client_address[0]}: kết nối TLS không thành: {exc}\n")
            return
        super().handle_error(request, client_address)


@dataclass
class Hub:
    server: ThreadingHTTPServer
    thread: threading.Thread | None = None
    files: hub_files.HubFiles | None = None

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    @property
    def url(self) -> str:
        host = self.server.server_address[0]
        scheme = "https" if isinstance(self.server, _TlsServer) else "http"
        return f"{scheme}://{host.decode() if isinstance(host, bytes) else host}:{self.port}"

    def start(self) -> Hub:
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.2},
                                       name="hub", daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        if self.thread is not None:
            self.thread.join()
        if self.files is not None:
            self.files.close()


def make_hub(desk: Desk, host: str, port: int, tls: ssl.SSLContext | None = None) -> Hub:
    """The hub on host:port (0: a free port), over https when given a TLS context (`server_tls`)."""
    args = argparse.Namespace(max_items=2000, max_bytes=8_000_000, no_gzip=False, verbose=False, drop_rate=0.0)
    files = hub_files.HubFiles(desk)  # the handler's GET and PUT of /api/v1/files/ are receiver_files' own
    handler = type("BoundHubHandler", (HubHandler,), {"desk": desk, "args": args, "faults": receiver.Faults(_no_faults()),
                                                     "files": cast(receiver_files.FileStore, files)})
    if tls is None:
        server = ThreadingHTTPServer((host, port), handler)
    else:
        server = _TlsServer((host, port), handler)
        server.context = tls
    server.daemon_threads = True
    return Hub(server, files=files)


def _no_faults() -> argparse.Namespace:
    return argparse.Namespace(fault_seed=None)
