"""HTTP client of the sync protocol (requests): health, batch push, updates and catalogue pulls.

One session per client keeps the connection alive between batches. Every call has a connect and a read
timeout and a total deadline (the earliest of the per-call limit and what the runner allows: its own
deadline and its lease), and its reply is capped in size (`transport`); TLS is verified (against the
province's CA bundle when one is configured).
Failures are sorted for the runner: `SyncFatal` (401/403, TLS, wrong address, bad configuration) stops
the run; `SyncUnavailable` (no network, timeouts, resets, 5xx, 429/503 with Retry-After, a reply that is
not the protocol's schema such as a captive portal's page) is retried with backoff. The token is sent
only in the Authorization header and never appears in a message or a log line.
"""

from __future__ import annotations

import email.utils
import json
import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

import requests

from app import __version__
from app.errors import MotCuaError
from app.sync import protocol
from app.sync.protocol import Health, ProtocolMismatch, UpdatesPage
from app.sync.transport import DeadlinePassed, DeadlineSession, ReplyTooLarge

_T = TypeVar("_T")
log = logging.getLogger(__name__)

LOOPBACK = ("127.0.0.1", "localhost", "::1")
RECONFIGURE = "Hãy kiểm tra lại bằng: motcua sync configure --url ĐỊA_CHỈ --token-stdin (hoặc mục Cài đặt → Đồng bộ)."

#: Reply size caps, a few times the largest legal reply of each call (a batch reply lists at most
#: `max_items` results of at most ~1.5 KB each); anything larger is not the protocol.
SMALL_REPLY = 256 * 1024
UPDATES_REPLY = 8 * 1024 * 1024
CATALOGUE_REPLY = 32 * 1024 * 1024


def batch_reply_cap(max_items: int) -> int:
    return 4 * (16 * 1024 + max_items * protocol.MAX_RESULT_BYTES)


class SyncFatal(MotCuaError):
    """The run cannot go on until a person fixes something (token, address, certificate)."""

    exit_code = 2


class SyncUnavailable(MotCuaError):
    """The provincial system cannot be reached properly right now; try again later."""

    exit_code = 2

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


def check_url(url: str) -> str:
    """The base URL, or a SyncFatal saying what is wrong with it. Plain http only on this machine."""
    url = (url or "").strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SyncFatal(f"Địa chỉ đồng bộ «{url}» không hợp lệ; cần dạng https://ten-may-chu/duong-dan. "
                        + RECONFIGURE)
    if parts.scheme == "http" and parts.hostname not in LOOPBACK:
        raise SyncFatal("Địa chỉ đồng bộ phải dùng https:// (mã truy cập không được gửi qua mạng không mã hóa). "
                        + RECONFIGURE)
    return url


def retry_after_seconds(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class SyncClient:
    def __init__(self, url: str, token: str, *, ca_bundle: str = "", connect_timeout: float = 5.0,
                 read_timeout: float = 30.0, call_seconds: float = 600.0,
                 deadline: Callable[[], float] | None = None, max_items: int = 2000):
        """`call_seconds`: total limit of one call; `deadline()`: the latest `time.monotonic()` instant
        any call may still run (the runner's deadline and lease), asked again at every call."""
        self.base = check_url(url)
        self.connect_timeout, self.read_timeout, self.call_seconds = connect_timeout, read_timeout, call_seconds
        self.deadline = deadline or (lambda: float("inf"))
        self.max_items = max_items
        self.session = DeadlineSession()
        self.session.verify = ca_bundle or True
        # Provincial networks often need the system's HTTPS proxy; a trial against this machine never does.
        self.session.trust_env = urlsplit(self.base).hostname not in LOOPBACK
        self.session.headers.update({"Authorization": f"Bearer {token}", "Accept": "application/json",
                                     "User-Agent": f"motcua-desk/{__version__}"})

    def close(self) -> None:
        self.session.close()

    # --- calls ------------------------------------------------------------------------------------
    def health(self) -> Health:
        return self._parse(protocol.parse_health, self._request("GET", protocol.HEALTH, cap=SMALL_REPLY))

    def push(self, batch_id: str, body: bytes, *, gzipped: bool) -> Any:
        """POST one encoded (and possibly gzip-compressed) batch; returns the decoded JSON reply."""
        headers = {"Content-Type": "application/json; charset=utf-8", "Idempotency-Key": batch_id}
        if gzipped:
            headers["Content-Encoding"] = "gzip"
        return self._request("POST", protocol.BATCHES, data=body, headers=headers,
                             cap=batch_reply_cap(self.max_items))

    def updates(self, cursor: str, limit: int = 200) -> UpdatesPage:
        return self._parse(protocol.parse_updates,
                           self._request("GET", protocol.UPDATES, params={"cursor": cursor, "limit": limit},
                                         cap=UPDATES_REPLY))

    def catalogue(self, since: str) -> tuple[str, list[dict[str, Any]]]:
        return self._parse(protocol.parse_catalogue,
                           self._request("GET", protocol.CATALOGUE, params={"since": since},
                                         cap=CATALOGUE_REPLY))

    # --- plumbing ---------------------------------------------------------------------------------
    @staticmethod
    def _parse(fn: Callable[[Any], _T], obj: Any) -> _T:
        try:
            return fn(obj)
        except ProtocolMismatch as exc:
            raise not_protocol(str(exc)) from None

    def _request(self, method: str, path: str, *, cap: int, **kw: Any) -> Any:
        url = self.base + path
        try:
            resp, body = self.session.fetch(method, url, limit=time.monotonic() + self.call_seconds,
                                            deadline=self.deadline, read_timeout=self.read_timeout,
                                            connect_timeout=self.connect_timeout, max_bytes=cap, **kw)
        except DeadlinePassed:
            raise SyncUnavailable("Máy chủ tỉnh không trả lời xong trong thời hạn cho phép của một lần gọi "
                                  "(mạng quá chậm hoặc máy chủ treo). Sẽ thử lại sau.") from None
        except ReplyTooLarge:
            raise not_protocol(f"câu trả lời lớn hơn {cap} byte") from None
        except requests.exceptions.SSLError as exc:
            raise tls_error(urlsplit(self.base).hostname or "", exc) from None
        except requests.exceptions.Timeout:
            raise SyncUnavailable("Máy chủ tỉnh không trả lời kịp (quá thời gian chờ). Sẽ thử lại sau.") from None
        except (requests.exceptions.ConnectionError, OSError):
            raise SyncUnavailable("Không kết nối được máy chủ tỉnh (mất mạng hoặc máy chủ tắt). "
                                  "Dữ liệu vẫn an toàn trên máy; sẽ gửi khi có mạng.") from None
        except requests.exceptions.RequestException as exc:
            raise SyncUnavailable(f"Lỗi mạng khi gọi máy chủ tỉnh ({type(exc).__name__}). Sẽ thử lại sau.") from None
        return self._decode(resp, body)

    @staticmethod
    def _decode(resp: requests.Response, content: bytes) -> Any:
        code = resp.status_code
        if code in (401, 403):
            raise SyncFatal("Hệ thống tỉnh từ chối mã truy cập của máy này (mã sai, hết hạn hoặc bị thu hồi). "
                            "Hãy xin mã truy cập mới từ bộ phận CNTT của tỉnh rồi nhập lại. " + RECONFIGURE)
        if code in (429, 503):
            wait = retry_after_seconds(resp.headers.get("Retry-After"))
            raise SyncUnavailable(f"Máy chủ tỉnh đang quá tải (mã {code}); sẽ gửi lại sau.", retry_after=wait)
        if code >= 500:
            raise SyncUnavailable(f"Máy chủ tỉnh gặp lỗi (mã {code}); sẽ thử lại sau.")
        if 300 <= code < 400:  # what captive portals answer; the province itself never redirects
            raise not_protocol(f"chuyển hướng {code} tới {resp.headers.get('Location', '?')}")
        if code == 404:
            raise SyncFatal(f"Địa chỉ đồng bộ không đúng: máy chủ trả mã {code} cho {resp.request.path_url}. "
                            + RECONFIGURE)
        if code == 413:
            raise SyncUnavailable("Lô gửi quá lớn so với giới hạn của máy chủ tỉnh; sẽ gửi lô nhỏ hơn.")
        if code >= 400:
            raise SyncFatal(f"Máy chủ tỉnh không nhận yêu cầu (mã {code}). Hãy gửi nhật ký đồng bộ cho bộ phận CNTT.")
        ctype = resp.headers.get("Content-Type", "")
        if "json" not in ctype:
            raise not_protocol(f"nội dung trả về là «{ctype or 'không rõ'}»")
        try:
            return json.loads(content)
        except (ValueError, UnicodeDecodeError):
            raise not_protocol("nội dung JSON hỏng") from None


def tls_error(host: str, exc: Exception) -> SyncFatal:
    """A refused certificate, saying why: the host name it was issued for, or an unknown CA."""
    text = str(exc).lower()
    if "hostname mismatch" in text or "doesn't match" in text or "not valid for" in text:
        return SyncFatal(f"Chứng chỉ bảo mật của máy chủ không cấp cho tên máy «{host}» (sai tên máy chủ — "
                         "hostname mismatch). Địa chỉ đồng bộ có thể bị gõ sai, hoặc máy chủ đang dùng chứng chỉ "
                         "của một tên khác: hãy đối chiếu địa chỉ với bộ phận CNTT của tỉnh (tệp CA không cần "
                         "sửa). " + RECONFIGURE)
    return SyncFatal("Không xác minh được chứng chỉ bảo mật của máy chủ tỉnh. Nếu tỉnh dùng chứng chỉ "
                     "riêng, hãy khai báo tệp CA bằng --ca-bundle. " + RECONFIGURE)


def not_protocol(detail: str) -> SyncUnavailable:
    log.warning("reply is not the sync protocol: %s", detail)
    return SyncUnavailable("Máy chủ trả lời không đúng giao thức đồng bộ (có thể mạng đang chuyển sang trang "
                           "đăng nhập Wi-Fi, hoặc địa chỉ sai). Chưa đánh dấu mục nào là đã gửi; sẽ thử lại sau.")
