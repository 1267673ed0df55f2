"""The centre's hub: `motcua serve --listen HOST:PORT`. The home-visit laptops push to it as they would to
the province (the same batch protocol, docs/sync-protocol.md), each with its own token.

The HTTP side is the reference receiver's handler (health, gzip bodies, size limits, JSON checks)
with two things changed: a token names one laptop (tokens are kept as SHA-256 digests in the data
folder's hub-tokens.json, shown once when made), and a batch is applied to the centre's store by
app.sync.hub_ingest (through the workflow, exactly once per event id) instead of being filed away.
Updates and catalogue answer empty: the laptops take those from the province. Attached files arrive
with the province's upload protocol (`/api/v1/files/`), answered by app.sync.hub_files.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import secrets
import threading
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

from app.errors import MotCuaError
from app.paths import restrict_file
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
    tokens = {k: v for k, v in _tokens(folder).items() if v != name}
    tokens[_digest(token)] = name
    path = folder / TOKENS_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(tokens, ensure_ascii=False, indent=1), encoding="utf-8")
    restrict_file(tmp)
    os.replace(tmp, path)
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
        return f"http://{host.decode() if isinstance(host, bytes) else host}:{self.port}"

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


def make_hub(desk: Desk, host: str, port: int) -> Hub:
    args = argparse.Namespace(max_items=2000, max_bytes=8_000_000, no_gzip=False, verbose=False, drop_rate=0.0)
    files = hub_files.HubFiles(desk)  # the handler's GET and PUT of /api/v1/files/ are receiver_files' own
    handler = type("BoundHubHandler", (HubHandler,), {"desk": desk, "args": args, "faults": receiver.Faults(_no_faults()),
                                                     "files": cast(receiver_files.FileStore, files)})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return Hub(server, files=files)


def _no_faults() -> argparse.Namespace:
    return argparse.Namespace(fault_seed=None)
