"""Text hygiene shared by every service: NFC normalisation, trimming, control characters, search folding.

`fold()` is the search key: marks removed, đ→d, lower case, single spaces, so "Đặng Thị Ngọc Ánh" and
"dang thi ngoc anh" meet. Pure functions, any thread.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")
_SPACES = re.compile(r"[ \t\r\n\u00a0]+")
_FOLD_KEEP = re.compile(r"[^0-9a-z]+")
_D_MAP = str.maketrans({"đ": "d", "Đ": "d", "ð": "d"})


def clean(value: object, *, multiline: bool = False) -> str:
    """NFC, no control characters, trimmed; internal whitespace collapsed unless multiline."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    text = _CONTROL.sub("", text)
    if multiline:
        lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n")]
        return "\n".join(lines).strip()
    return _SPACES.sub(" ", text).strip()


def fold(value: str) -> str:
    """Search key: no diacritics, đ→d, lower case, words separated by one space."""
    text = unicodedata.normalize("NFD", value.translate(_D_MAP))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return _FOLD_KEEP.sub(" ", text).strip()


def thousands(value: float) -> str:
    """A whole number the Vietnamese way: dots between thousands (1.234.567)."""
    return f"{round(value):,}".replace(",", ".")


def decimal(value: float, places: int = 1) -> str:
    """A number with `places` decimals the Vietnamese way: dots between thousands, a decimal comma."""
    return f"{value:,.{places}f}".replace(",", "\0").replace(".", ",").replace("\0", ".")


_DAY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")


def parse_day(text: str) -> dt.date:
    """A day as people type it: dd/mm/yyyy (also d-m-yyyy, d.m.yyyy) or yyyy-mm-dd. ValueError in Vietnamese."""
    value = text.strip()
    try:
        if m := _DAY.fullmatch(value):
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"ngày «{text}» không đúng dạng DD/MM/YYYY hoặc YYYY-MM-DD") from None
