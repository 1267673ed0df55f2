"""Settings declared once (key, type, default, Vietnamese label), stored as JSON in the `settings` table."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.models import Setting
from app.services import permissions
from app.services.dto import Actor
from app.services.journal import audit


@dataclass(frozen=True)
class SettingSpec:
    key: str
    type: type
    default: Any
    label: str


SPECS: list[SettingSpec] = [
    SettingSpec("office_hours", str, "07:30-11:30,13:30-17:00", "Giờ làm việc"),
    SettingSpec("same_day_cutoff", str, "15:00", "Giờ chốt trả trong ngày"),
    SettingSpec("home_visit_mode", bool, False, "Chế độ lưu động (máy xách tay, không cần mạng)"),
    SettingSpec("language", str, "vi", "Ngôn ngữ giao diện"),
    SettingSpec("default_paper", str, "a5", "Khổ giấy in phiếu hẹn"),
    # Dossiers received on or after this date (YYYY-MM-DD) print with the forms of Circular 03/2025;
    # empty: the date in resources/forms/2025.json (app.printing.formsets).
    SettingSpec("forms_2025_from", str, "", "Ngày bắt đầu in bộ biểu mẫu Thông tư 03/2025/TT-VPCP"),
    SettingSpec("print_direct", bool, False, "In thẳng ra máy in mặc định"),
    SettingSpec("printer_name", str, "", "Máy in mặc định"),
    SettingSpec("idle_lock_minutes", int, 10, "Khóa màn hình sau (phút không dùng)"),
    SettingSpec("sync_url", str, "", "Địa chỉ hệ thống một cửa của tỉnh"),
    SettingSpec("sync_ca_bundle", str, "", "Tệp chứng chỉ CA của tỉnh"),
    SettingSpec("sync_interval_seconds", int, 60, "Chu kỳ kiểm tra kết nối đồng bộ (giây)"),
    SettingSpec("files_max_mb", int, 50, "Dung lượng tối đa của một tệp đính kèm (MB)"),
    SettingSpec("files_max_pages", int, 100, "Số trang tối đa của một tệp đính kèm"),
    SettingSpec("files_scan_dpi", int, 200, "Độ phân giải lưu ảnh chụp/quét (dpi)"),
    SettingSpec("files_page_kb", int, 300, "Dung lượng mục tiêu của một trang quét (KB)"),
    SettingSpec("sync_connector", str, "motcua-sync/1", "Bộ kết nối với hệ thống một cửa của tỉnh"),
]
BY_KEY = {s.key: s for s in SPECS}


def get(session: Session, key: str) -> Any:
    spec = BY_KEY[key]
    row = session.get(Setting, key)
    if row is None:
        return spec.default
    return spec.type(json.loads(row.value))


def get_all(session: Session) -> dict[str, Any]:
    stored = {r.key: r.value for r in session.query(Setting).all()}
    return {s.key: (s.type(json.loads(stored[s.key])) if s.key in stored else s.default) for s in SPECS}


def put(session: Session, key: str, value: Any) -> Any:
    """Store a setting inside the caller's write transaction; returns the previous value."""
    spec = BY_KEY.get(key)
    if spec is None:
        raise ValueError(f"Không có thiết lập «{key}».")
    try:
        value = spec.type(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"Giá trị không hợp lệ cho «{spec.label}».") from exc
    before = get(session, key)
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=json.dumps(value, ensure_ascii=False)))
    else:
        row.value = json.dumps(value, ensure_ascii=False)
    return before


def change(session: Session, key: str, value: Any, actor: Actor, at: dt.datetime) -> Any:
    """`put` for a person: checks the permission and appends an audit entry with before and after.

    Keys starting with `sync_` are the sync configuration (permission `sync.configure`).
    """
    permissions.require(actor, "sync.configure" if key.startswith("sync_") else "settings.change")
    before = put(session, key, value)
    after = get(session, key)
    if before != after:
        audit(session, actor, "settings.change", "setting", key, {"before": before, "after": after}, at=at)
    return before
