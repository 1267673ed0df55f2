"""The shape of one catalogue entry (a procedure), checked with pydantic before anything is written.

A file shipped with the app, sent by the province IT or pulled from the provincial system goes through
`check_entries`: each entry is either accepted, typed and bounded, or skipped with one Vietnamese line
naming it ("Thủ tục thứ 3 «HT-KH» (Đăng ký kết hôn): lệ phí phải là số đồng, không phải chữ…"). A bad
entry never stops the good ones, and nothing here raises on a bad entry. Pure, any thread.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, ValidationError, field_validator

from app.services.text import clean

#: Largest believable values: a fee over 100 million đồng, 99 copies of a paper or a limit over a year
#: of working days is a typing or conversion error upstream, not a rule.
MAX_FEE = 100_000_000
MAX_COPIES = 99
MAX_LIMIT = {"same_day": 0, "working_days": 260, "calendar_days": 365, "working_hours": 2080}
NATIONAL_CODE = r"^(\d\.\d{6})?$"  # a national code, or empty while not confirmed

Count = Annotated[StrictInt, Field(ge=0, le=MAX_COPIES)]
Fee = Annotated[StrictInt, Field(ge=0, le=MAX_FEE)]
Text200 = Annotated[str, Field(max_length=200)]
Text300 = Annotated[str, Field(max_length=300)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class LimitIn(_Model):
    kind: Literal["same_day", "working_days", "calendar_days", "working_hours"]
    value: StrictInt = 0
    text: Text200 = ""

    def check(self) -> None:
        if self.kind != "same_day" and not 1 <= self.value <= MAX_LIMIT[self.kind]:
            raise ValueError(f"thời hạn phải từ 1 đến {MAX_LIMIT[self.kind]} (đang là {self.value})")


class ComponentIn(_Model):
    name: Annotated[str, Field(min_length=1, max_length=500)]
    originals: Count = 0
    copies: Count = 0
    photocopies: Count = 0
    required: StrictBool = True


class VersionIn(_Model):
    effective_from: dt.date
    limit: LimitIn
    fee_text: Text300 = ""
    fee_amount: Fee = 0
    legal_basis: Annotated[str, Field(max_length=2000)] = ""


class ProcedureIn(_Model):
    key: Annotated[str, Field(min_length=1, max_length=40)]
    national_code: Annotated[str, Field(pattern=NATIONAL_CODE)] = ""
    name: Annotated[str, Field(min_length=1, max_length=300)]
    field: Annotated[str, Field(max_length=120)] = ""
    field_code: Annotated[str, Field(max_length=20)] = ""
    limit: LimitIn
    fee_text: Text300 = ""
    fee_amount: Fee = 0
    legal_basis: Annotated[str, Field(max_length=2000)] = ""
    basis_from: dt.date | None = None
    unconfirmed: Annotated[str, Field(max_length=2000)] = ""
    home_visit: StrictBool = False
    active: StrictBool = True
    components: Annotated[list[ComponentIn], Field(max_length=100)] = []
    versions: Annotated[list[VersionIn], Field(max_length=20)] = []

    @field_validator("key", "name", "field", "fee_text", "unconfirmed", mode="before")
    @classmethod
    def _clean(cls, v: object) -> object:
        return clean(v) if isinstance(v, str) else v


_WHY = {
    "int_type": "phải là số nguyên (ví dụ 8000), không phải chữ hay số thập phân",
    "int_parsing": "phải là số nguyên (ví dụ 8000), không phải chữ",
    "greater_than_equal": "không được âm",
    "less_than_equal": "lớn bất thường",
    "string_type": "phải là chữ",
    "string_too_long": "dài quá mức cho phép",
    "string_too_short": "đang để trống",
    "string_pattern_mismatch": "phải có dạng mã quốc gia 1.234567 (hoặc để trống nếu chưa xác nhận)",
    "literal_error": "phải là same_day, working_days, calendar_days hoặc working_hours",
    "missing": "còn thiếu",
    "bool_type": "phải là true hoặc false",
    "date_from_datetime_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_type": "phải là ngày dạng YYYY-MM-DD",
    "list_type": "phải là một danh sách",
    "too_long": "có quá nhiều mục",
    "model_type": "không đúng cấu trúc",
    "value_error": "không hợp lệ",
}
_FIELDS = {"key": "mã nội bộ (key)", "national_code": "mã quốc gia", "name": "tên thủ tục", "limit": "thời hạn",
           "fee_amount": "lệ phí (fee_amount)", "fee_text": "mô tả lệ phí", "components": "thành phần hồ sơ",
           "originals": "số bản chính", "copies": "số bản sao", "photocopies": "số bản photo",
           "versions": "phiên bản", "effective_from": "ngày hiệu lực", "basis_from": "ngày hiệu lực căn cứ",
           "kind": "loại thời hạn", "value": "số ngày/giờ", "legal_basis": "căn cứ pháp lý"}


@dataclass(frozen=True)
class EntryCheck:
    accepted: list[ProcedureIn]
    skipped: list[str]  # one Vietnamese line per skipped entry


def _label(i: int, item: object) -> str:
    if isinstance(item, dict):
        key, name = item.get("key"), item.get("name")
        bits = [f"«{key}»" if isinstance(key, str) and key else "", f"({name})" if isinstance(name, str) and name else ""]
        return f"Thủ tục thứ {i} {' '.join(b for b in bits if b)}".strip()
    return f"Thủ tục thứ {i}"


def _explain(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:3]:
        where = " › ".join(_FIELDS.get(str(p), f"mục {p + 1}" if isinstance(p, int) else str(p)) for p in err["loc"])
        parts.append(f"{where or 'mục'} {_WHY.get(err['type'], 'không hợp lệ')}")
    return "; ".join(parts)


def check_entries(items: list[object]) -> EntryCheck:
    """Typed entries, and one line per skipped entry saying which and why."""
    accepted: list[ProcedureIn] = []
    skipped: list[str] = []
    seen: set[str] = set()
    for i, item in enumerate(items, 1):
        label = _label(i, item)
        try:
            entry = ProcedureIn.model_validate(item)
            entry.limit.check()
            for v in entry.versions:
                v.limit.check()
        except ValidationError as exc:
            skipped.append(f"{label}: {_explain(exc)}. Đã bỏ qua thủ tục này.")
            continue
        except ValueError as exc:
            skipped.append(f"{label}: {exc}. Đã bỏ qua thủ tục này.")
            continue
        if entry.key in seen:
            skipped.append(f"{label}: mã «{entry.key}» bị trùng với một thủ tục phía trên. Đã bỏ qua.")
            continue
        seen.add(entry.key)
        accepted.append(entry)
    return EntryCheck(accepted, skipped)
