"""Settings declared once — key, type, default, Vietnamese label and hint, allowed values or range — and
stored as JSON in the `settings` table. The settings dialog is built from this registry (labels translated
there), and `put` refuses a value the registry does not allow, whoever sends it."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from app.models import Setting
from app.services import permissions
from app.services.dto import Actor
from app.services.formats import DEFAULT_PAPER, PAPERS
from app.services.journal import audit

#: Interface languages: key -> the language's own name (never translated).
LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}


@dataclass(frozen=True)
class SettingSpec:
    """One setting. `label` names it (the dialog's row); `hint` is the check box's text or the number's
    unit (a text field shows its default as the example); `choices` (value -> label) or `minimum`/`maximum` are the values allowed; `source` names choices
    only the machine knows ("printers"); `in_dialog` puts it in the settings dialog (in this order)."""

    key: str
    type: type
    default: Any
    label: str
    hint: str = ""
    choices: dict[Any, str] = field(default_factory=dict)
    minimum: int | None = None
    maximum: int | None = None
    source: str = ""
    in_dialog: bool = False

    def check(self, value: Any) -> Any:
        """`value` as this setting's type, or ValueError in Vietnamese naming what is allowed."""
        try:
            value = self.type(value)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"Giá trị không hợp lệ cho «{self.label}».") from exc
        if self.choices and value not in self.choices:
            allowed = ", ".join(f"{k} ({v})" for k, v in self.choices.items())
            raise ValueError(f"«{self.label}» không nhận giá trị «{value}». Hãy chọn một trong: {allowed}.")
        if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
            raise ValueError(f"«{self.label}» phải từ {self.minimum} đến {self.maximum}.")
        return value


SPECS: list[SettingSpec] = [
    SettingSpec("language", str, "vi", "Ngôn ngữ giao diện", choices=LANGUAGES, in_dialog=True),
    SettingSpec("home_visit_mode", bool, False, "Chế độ lưu động",
                "Máy xách tay đi tiếp nhận tại nhà: mặc định hình thức «tại nhà», làm việc không cần mạng",
                in_dialog=True),
    SettingSpec("print_direct", bool, False, "In phiếu", "In phiếu thẳng ra máy in, không hỏi", in_dialog=True),
    SettingSpec("printer_name", str, "", "Máy in", "Máy in mặc định của hệ thống", source="printers",
                in_dialog=True),
    SettingSpec("default_paper", str, DEFAULT_PAPER, "Khổ giấy phiếu hẹn", choices=PAPERS, in_dialog=True),
    SettingSpec("idle_lock_minutes", int, 10, "Khóa màn hình sau", " phút (0 = không khóa)", minimum=0,
                maximum=240, in_dialog=True),
    SettingSpec("office_hours", str, "07:30-11:30,13:30-17:00", "Giờ làm việc", in_dialog=True),
    SettingSpec("same_day_cutoff", str, "15:00", "Giờ chốt trả trong ngày", in_dialog=True),
    SettingSpec("sync_url", str, "", "Địa chỉ hệ thống một cửa của tỉnh"),
    SettingSpec("sync_ca_bundle", str, "", "Tệp chứng chỉ CA của tỉnh"),
    SettingSpec("sync_interval_seconds", int, 60, "Chu kỳ kiểm tra kết nối đồng bộ (giây)", minimum=5,
                maximum=86_400),
    SettingSpec("sync_connector", str, "motcua-sync/1", "Bộ kết nối với hệ thống một cửa của tỉnh"),
    # Dossiers received on or after this date (YYYY-MM-DD) print with the forms of Circular 03/2025;
    # empty: the date in resources/forms/2025.json (app.printing.formsets).
    SettingSpec("forms_2025_from", str, "", "Ngày bắt đầu in bộ biểu mẫu Thông tư 03/2025/TT-VPCP"),
    SettingSpec("files_max_mb", int, 50, "Dung lượng tối đa của một tệp đính kèm (MB)", minimum=1, maximum=2048),
    SettingSpec("files_max_pages", int, 100, "Số trang tối đa của một tệp đính kèm", minimum=1, maximum=5000),
    SettingSpec("files_scan_folder", str, "", "Thư mục máy quét lưu tệp vào (theo dõi khi tiếp nhận)"),
    SettingSpec("files_scan_dpi", int, 200, "Độ phân giải lưu ảnh chụp/quét (dpi)", minimum=72, maximum=1200),
    SettingSpec("files_page_kb", int, 300, "Dung lượng mục tiêu của một trang quét (KB)", minimum=20,
                maximum=10_000),
]
BY_KEY = {s.key: s for s in SPECS}


def get(session: Session, key: str) -> Any:
    spec = BY_KEY[key]
    row = session.get(Setting, key)
    if row is None:
        return spec.default
    return spec.type(json.loads(row.value))


def put(session: Session, key: str, value: Any) -> Any:
    """Store a setting inside the caller's write transaction; returns the previous value."""
    spec = BY_KEY.get(key)
    if spec is None:
        raise ValueError(f"Không có thiết lập «{key}».")
    value = spec.check(value)
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
