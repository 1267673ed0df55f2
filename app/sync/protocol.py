"""The sync wire protocol (version 1), shared by the client and the reference receiver.

Paths, the batch envelope, the per-item results and the checks both sides apply: `parse_*` functions
turn a decoded JSON reply into plain dataclasses and raise `ProtocolMismatch` for anything that is not
the protocol's schema (a captive portal's HTML page, a proxy's error page, a truncated body), so the
caller marks nothing. `validate_dossier` is the receiver's per-item check (the record's JSON Schema,
app.sync.schema). Dates on the wire are
`yyyyMMddHHmmss` strings in Asia/Ho_Chi_Minh. docs/sync-protocol.md is the prose version of this file.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

PROTOCOL = "motcua-sync/1"
HEALTH = "/api/v1/health"
BATCHES = "/api/v1/batches"
UPDATES = "/api/v1/updates"
CATALOGUE = "/api/v1/catalogue"

ACCEPTED, DUPLICATE, REJECTED = "accepted", "duplicate", "rejected"
#: Longest legal rejection message (characters) and the most one result can weigh on the wire.
MAX_MESSAGE = 500
MAX_RESULT_BYTES = 2048
RESULTS = (ACCEPTED, DUPLICATE, REJECTED)
#: Kinds of change the desk sends today; the schema accepts any lower-case kind so a new kind of step
#: (an extension, a stop) is not refused by a receiver that has not heard of it yet.
KINDS = ("receive", "transition", "handover", "reschedule", "rating", "note", "supplement")

#: Vietnamese text for the rejection codes the reference receiver uses; a province's own codes are shown
#: with the server's message as it came.
REASONS = {
    "missing_field": "Thiếu thông tin bắt buộc",
    "bad_field": "Thông tin không đúng định dạng",
    "version_conflict": "Trùng phiên bản với một thay đổi khác của cùng hồ sơ",
    "code_conflict": "Mã hồ sơ đã được dùng cho hồ sơ khác trên hệ thống tỉnh",
    "bad_item": "Mục gửi không đúng cấu trúc",
    "unknown_code": "Mã không thuộc danh mục quốc gia",
    "invalid_record": "Bản ghi hồ sơ chưa đúng chuẩn quốc gia",
}

#: Terminal escape sequences (CSI, OSC), other control characters and the bidi overrides/isolates that
#: could make a log line or a message shown to the clerk read differently from what it says.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?|\x9b[0-?]*[ -/]*[@-~]")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
_STAMP = re.compile(r"^\d{14}$")


class ProtocolMismatch(Exception):
    """The reply is not this protocol's schema; nothing in it may be trusted."""


def clean_text(value: str) -> str:
    """Text from outside (a server's message) without escape codes, control or bidi override characters;
    newlines and tabs are kept."""
    if not _CONTROLS.search(value):  # the common case (ESC is a control too): nothing to remove
        return value
    return _CONTROLS.sub("", _ESCAPES.sub("", value))


def stamp(value: dt.datetime | str | None) -> str:
    """A datetime (or SQLite's 'YYYY-MM-DD HH:MM:SS[.ffffff]' text) as `yyyyMMddHHmmss`; '' for None."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        # Sliced rather than parsed: the push path formats hundreds of thousands of these.
        return value[0:4] + value[5:7] + value[8:10] + value[11:13] + value[14:16] + value[17:19]
    return value.strftime("%Y%m%d%H%M%S")


def parse_stamp(value: str) -> dt.datetime:
    if not isinstance(value, str) or not _STAMP.match(value):
        raise ValueError(f"thời điểm «{value}» không đúng dạng yyyyMMddHHmmss")
    return dt.datetime.strptime(value, "%Y%m%d%H%M%S")


@dataclass(frozen=True)
class Health:
    server_time: str
    max_items: int
    max_bytes: int
    gzip: bool
    protocol: str


@dataclass(frozen=True)
class ItemResult:
    event_id: str
    result: str
    code: str = ""
    message: str = ""


@dataclass(frozen=True)
class Update:
    id: str
    dossier_uuid: str
    code: str
    status: int | None
    at: dt.datetime
    note: str
    actor: str
    unit: str


@dataclass
class UpdatesPage:
    updates: list[Update] = field(default_factory=list)
    next_cursor: str = ""
    more: bool = False


def _need(obj: Any, key: str, kind: type | tuple[type, ...]) -> Any:
    if not isinstance(obj, dict) or key not in obj or not isinstance(obj[key], kind):
        raise ProtocolMismatch(f"thiếu hoặc sai trường «{key}»")
    return obj[key]


def parse_health(obj: Any) -> Health:
    if _need(obj, "protocol", str) != PROTOCOL:
        raise ProtocolMismatch(f"giao thức «{obj.get('protocol')}» không phải {PROTOCOL}")
    limits = _need(obj, "limits", dict)
    return Health(_need(obj, "server_time", str), max(1, int(_need(limits, "max_items", int))),
                  max(1024, int(_need(limits, "max_bytes", int))), bool(obj.get("gzip", False)), PROTOCOL)


def parse_batch_reply(obj: Any, batch_id: str, sent: set[str]) -> dict[str, ItemResult]:
    """Per-item results keyed by event id; items the reply does not list stay unknown (retried). A reply
    that lists one item twice with different results is not the protocol: nothing in it is trusted."""
    if _need(obj, "batch_id", str) != batch_id:
        raise ProtocolMismatch("câu trả lời thuộc về lô khác")
    out: dict[str, ItemResult] = {}
    seen: dict[str, tuple[str, str]] = {}
    for r in _need(obj, "results", list):
        event_id = _need(r, "event_id", str)
        result = _need(r, "result", str)
        if result not in RESULTS:
            raise ProtocolMismatch(f"kết quả «{result}» không có trong giao thức")
        code = r.get("code") or ""
        message = r.get("message") or ""
        if result == REJECTED and not (isinstance(code, str) and code):
            raise ProtocolMismatch("mục bị từ chối mà không có mã lý do")
        if seen.setdefault(event_id, (result, str(code))) != (result, str(code)):
            raise ProtocolMismatch(f"mục {clean_text(event_id)[:60]} được trả lời hai lần với kết quả khác nhau")
        if event_id not in sent:
            continue  # a result for something we did not send in this batch proves nothing
        out[event_id] = ItemResult(event_id, result, clean_text(str(code))[:60],
                                   clean_text(str(message))[:MAX_MESSAGE])
    return out


def parse_updates(obj: Any) -> UpdatesPage:
    page = UpdatesPage(next_cursor=str(_need(obj, "next_cursor", (str, int))), more=bool(obj.get("more")))
    for u in _need(obj, "updates", list):
        status = u.get("TrangThaiHoSo") if isinstance(u, dict) else None
        if status is not None and (not isinstance(status, int) or not 1 <= status <= 10):
            raise ProtocolMismatch("TrangThaiHoSo phải là số từ 1 đến 10")
        try:
            at = parse_stamp(_need(u, "ThoiDiemXuLy", str))
        except ValueError as exc:
            raise ProtocolMismatch(str(exc)) from None
        page.updates.append(Update(str(_need(u, "id", (str, int))), str(u.get("dossier_uuid") or ""),
                                   str(u.get("MaHoSo") or ""), status, at, str(u.get("NoiDungXuLy") or ""),
                                   str(u.get("NguoiXuLy") or ""), str(u.get("PhongBanXuLy") or "")))
    return page


def parse_catalogue(obj: Any) -> tuple[str, list[dict[str, Any]]]:
    revision = str(_need(obj, "revision", (str, int)))
    procedures = _need(obj, "procedures", list)
    if not all(isinstance(p, dict) for p in procedures):
        raise ProtocolMismatch("danh mục thủ tục không đúng cấu trúc")
    return revision, procedures


# --- the receiver's per-item checks ---------------------------------------------------------------

#: Labels of the fields a clerk can fix, for messages that say what to add.
FIELD_LABELS = {"MaHoSo": "mã hồ sơ", "MaTTHC": "mã thủ tục", "TenTTHC": "tên thủ tục",
             "ChuHoSo": "họ tên chủ hồ sơ", "NgayTiepNhan": "ngày tiếp nhận", "NgayHenTra": "ngày hẹn trả",
             "TrangThaiHoSo": "trạng thái hồ sơ", "KenhThucHien": "kênh thực hiện"}


def validate_dossier(item: Any) -> tuple[str, str] | None:
    """The receiver's check of one dossier item against the record's JSON Schema: None, or (code,
    Vietnamese message naming the field). A failure here rejects every change the item carries."""
    from app.sync import schema  # jsonschema is loaded only where items are checked

    if not isinstance(item, dict):
        return "bad_item", "Mục gửi không phải một đối tượng JSON."
    hoso = item.get("HoSo")
    if isinstance(hoso, dict):
        for key, label in FIELD_LABELS.items():
            value = hoso.get(key)
            if value is None or (isinstance(value, str) and not value.strip()):
                return "missing_field", f"Thiếu {label} ({key}); hãy bổ sung vào hồ sơ rồi gửi lại."
    problems = schema.check_item(item)
    if problems:
        p = problems[0]
        return p.code, f"{p.message} (trường {p.field}; lược đồ {schema.NAME})"
    if any(not isinstance(ch, dict) or ch.get("version", 0) > item["version"] for ch in item["changes"]):
        return "bad_item", "Phiên bản của thay đổi phải từ 1 đến phiên bản hiện tại của hồ sơ."
    return None


def reason_text(code: str, message: str) -> str:
    """What the user reads for a parked item: the server's message, else our text for its code."""
    return message or REASONS.get(code, f"Hệ thống tỉnh từ chối (mã {code}).")
