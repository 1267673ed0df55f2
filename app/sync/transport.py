"""The HTTP plumbing under the sync client: a total deadline per request and a cap on the reply size.

`requests` only bounds each socket read, so a server that drips one byte every few seconds keeps a call
alive for ever. `DeadlineSession` records the connections it opens; a watchdog thread shuts the socket
of the call in flight at its deadline, which unblocks the read whatever phase it is in (status line,
headers or body). The deadline is asked again while the call runs (the runner's lease may be renewed,
or may be lost, meanwhile), within the call's own fixed limit. Replies are streamed and counted as they arrive (after gzip decoding), so a reply
larger than the cap is refused with memory bounded by the cap, not by what the server sends.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool


class DeadlinePassed(Exception):
    """The call was cut at its total deadline."""


class ReplyTooLarge(Exception):
    """The reply went past the size cap."""


class _Live:
    """The connections a session has open, so the watchdog can shut the one in flight."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.conns: set[Any] = set()

    def shut_all(self) -> None:
        with self.lock:
            conns = list(self.conns)
        for conn in conns:
            sock = getattr(conn, "sock", None)
            if sock is not None:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


def _tracked(base: type[HTTPConnection], live: _Live) -> type[HTTPConnection]:
    class Tracked(base):  # type: ignore[misc,valid-type]
        def connect(self) -> None:
            with live.lock:
                live.conns.add(self)
            super().connect()

        def close(self) -> None:
            with live.lock:
                live.conns.discard(self)
            super().close()

    return Tracked


class _Adapter(HTTPAdapter):
    def __init__(self, live: _Live):
        self._live = live
        super().__init__(pool_connections=1, pool_maxsize=2, max_retries=0)

    def init_poolmanager(self, *args: Any, **kw: Any) -> None:
        super().init_poolmanager(*args, **kw)
        http_conn, https_conn = _tracked(HTTPConnection, self._live), _tracked(HTTPSConnection, self._live)
        self.poolmanager.pool_classes_by_scheme = {
            "http": type("TrackedPool", (HTTPConnectionPool,), {"ConnectionCls": http_conn}),
            "https": type("TrackedTLSPool", (HTTPSConnectionPool,), {"ConnectionCls": https_conn})}


class DeadlineSession(requests.Session):
    """A requests session whose `fetch` has a total deadline and a reply size cap."""

    def __init__(self) -> None:
        super().__init__()
        self._live = _Live()
        adapter = _Adapter(self._live)
        self.mount("http://", adapter)
        self.mount("https://", adapter)

    def fetch(self, method: str, url: str, *, limit: float, deadline: Callable[[], float], read_timeout: float,
              connect_timeout: float, max_bytes: int, **kw: Any) -> tuple[requests.Response, bytes]:
        """Perform the call; returns the response (closed) and its decoded body. It is cut at `limit` (a
        `time.monotonic()` instant) or at `deadline()`, asked again every quarter second, whichever comes
        first. Raises DeadlinePassed, ReplyTooLarge or requests' own errors."""
        def end() -> float:
            return min(limit, deadline())

        left = end() - time.monotonic()
        if left <= 0:
            raise DeadlinePassed()
        fired, done = threading.Event(), threading.Event()

        def watch() -> None:
            while not done.wait(min(0.25, max(0.0, end() - time.monotonic()))):
                if time.monotonic() >= end():
                    fired.set()
                    self._live.shut_all()
                    return

        watchdog = threading.Thread(target=watch, daemon=True, name="sync-call-deadline")
        watchdog.start()
        try:
            resp = self.request(method, url, stream=True, allow_redirects=False,
                                timeout=(min(connect_timeout, left), read_timeout), **kw)
            try:
                body = bytearray()
                for chunk in resp.iter_content(65536):
                    body += chunk
                    if len(body) > max_bytes:
                        raise ReplyTooLarge()
                    if fired.is_set():
                        raise DeadlinePassed()
            finally:
                resp.close()
        except (requests.exceptions.RequestException, OSError):
            if fired.is_set():
                raise DeadlinePassed() from None
            raise
        finally:
            done.set()
            watchdog.join()
        if fired.is_set():
            raise DeadlinePassed()
        return resp, bytes(body)
