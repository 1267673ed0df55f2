"""Vietnamese person names as they are written: each word starts with a capital, the rest lower case,
every diacritic kept ("nguyễn thị lan" → "Nguyễn Thị Lan", "ĐẶNG văn ánh" → "Đặng Văn Ánh"). Text is
composed (NFC) first, so a name typed with combining marks is not cut after a mark. Ethnic-minority names
written with an apostrophe or hyphen keep a capital after it ("h'hen niê" → "H'Hen Niê")."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[^\s'’\-]+")


def capitalise_name(name: str) -> str:
    text = unicodedata.normalize("NFC", " ".join(name.split()))
    return _WORD.sub(lambda m: m.group(0)[:1].upper() + m.group(0)[1:].lower(), text)
