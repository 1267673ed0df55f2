"""HTTP client of the sync protocol (requests): health, batch push, updates and catalogue pulls.

One `requests.Session` per client keeps the connection alive between batches. Every call has a
connect and a read timeout; TLS is verified (against the province's CA bundle when one is configured).
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
from typing import Any
from urllib.parse import urlsplit

import requests

from app import __version__
from app.errors import MotCuaError
from app.sync import protocol
from app.sync.protocol import Health, ProtocolMismatch, UpdatesPage

log = logging.getLogger(__name__)

LOOPBACK = ("127.0.0.1", "localhost", "::1")
RECONFIGURE = "Hãy kiểm tra lại bằng: motcua sync configure --url ĐỊA_CHỈ --token-stdin (hoặc mục Cài đặt → Đồng bộ)."


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
                 read_timeout: float = 30.0):
        self.base = check_url(url)
        self.timeout = (connect_timeout, read_timeout)
        self.session = requests.Session()
        self.session.verify = ca_bundle or True
        # Provincial networks often need the system's HTTPS proxy; a trial against this machine never does.
        self.session.trust_env = urlsplit(self.base).hostname not in LOOPBACK
        self.session.headers.update({"Authorization": f"Bearer {token}", "Accept": "application/json",
                                     "User-Agent": f"motcua-desk/{__version__}"})

    def close(self) -> None:
        self.session.close()

    # --- calls ------------------------------------------------------------------------------------
    def health(self) -> Health:
        return self._parse(protocol.parse_health, self._request("GET", protocol.HEALTH))

    def push(self, batch_id: str, body: bytes, *, gzipped: bool) -> Any:
        """POST one encoded (and possibly gzip-compressed) batch; returns the decoded JSON reply."""
        headers = {"Content-Type": "application/json; charset=utf-8", "Idempotency-Key": batch_id}
        if gzipped:
            headers["Content-Encoding"] = "gzip"
        return self._request("POST", protocol.BATCHES, data=body, headers=headers)

    def updates(self, cursor: str, limit: int = 200) -> UpdatesPage:
        return self._parse(protocol.parse_updates,
                           self._request("GET", protocol.UPDATES, params={"cursor": cursor, "limit": limit}))

    def catalogue(self, since: str) -> tuple[str, list[dict]]:
        return self._parse(protocol.parse_catalogue,
                           self._request("GET", protocol.CATALOGUE, params={"since": since}))

    # --- plumbing ---------------------------------------------------------------------------------
    @staticmethod
    def _parse(fn, obj):  # type: ignore[no-untyped-def]
        try:
            return fn(obj)
        except ProtocolMismatch as exc:
            raise not_protocol(str(exc)) from None

    def _request(self, method: str, path: str, **kw: Any) -> Any:
        url = self.base + path
        try:
            resp = self.session.request(method, url, timeout=self.timeout, allow_redirects=False, **kw)
        except requests.exceptions.SSLError:
            raise SyncFatal("Không xác minh được chứng chỉ bảo mật của máy chủ tỉnh. Nếu tỉnh dùng chứng chỉ "
                            "riêng, hãy khai báo tệp CA bằng --ca-bundle. " + RECONFIGURE) from None
        except requests.exceptions.Timeout:
            raise SyncUnavailable("Máy chủ tỉnh không trả lời kịp (quá thời gian chờ). Sẽ thử lại sau.") from None
        except requests.exceptions.ConnectionError:
            raise SyncUnavailable("Không kết nối được máy chủ tỉnh (mất mạng hoặc máy chủ tắt). "
                                  "Dữ liệu vẫn an toàn trên máy; sẽ gửi khi có mạng.") from None
        except requests.exceptions.RequestException as exc:
            raise SyncUnavailable(f"Lỗi mạng khi gọi máy chủ tỉnh ({type(exc).__name__}). Sẽ thử lại sau.") from None
        return self._decode(resp)

    @staticmethod
    def _decode(resp: requests.Response) -> Any:
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
            return json.loads(resp.content)
        except (ValueError, UnicodeDecodeError):
            raise not_protocol("nội dung JSON hỏng") from None


def not_protocol(detail: str) -> SyncUnavailable:
    log.warning("reply is not the sync protocol: %s", detail)
    return SyncUnavailable("Máy chủ trả lời không đúng giao thức đồng bộ (có thể mạng đang chuyển sang trang "
                           "đăng nhập Wi-Fi, hoặc địa chỉ sai). Chưa đánh dấu mục nào là đã gửi; sẽ thử lại sau.")
