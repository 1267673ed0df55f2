"""Form sets as data: which numbers, titles, fixed sentences and labels each circular's forms carry.

One JSON file per set in resources/forms/ (2018.json: Circular 01/2018/TT-VPCP, Mẫu 01–06; 2025.json:
Circular 03/2025/TT-VPCP, Mẫu 01–07). A province's variant or a later circular is a new file; the layout
code in app.printing is shared. A dossier prints with the set in force on the day it was received:
`form_set_for` picks it, from the sets' `in_force_from` dates or the `forms_2025_from` setting.
Sentences may hold `{placeholders}` and `**bold**` spans. Pure Python, any thread.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from app.paths import resources_dir

FormKind = Literal["receipt", "supplement", "refusal", "extension", "stop", "control", "register"]
KINDS: tuple[str, ...] = ("receipt", "supplement", "refusal", "extension", "stop", "control", "register")
SETS = ("2018", "2025")


@dataclass(frozen=True)
class FormText:
    """One form of a set: its number ("01"), its title and its sentences by key."""

    kind: str
    number: str
    title: str
    texts: dict[str, object]

    def get(self, key: str, default: str = "", **values: object) -> str:
        raw = self.texts.get(key, default)
        return str(raw).format(**values) if values else str(raw)

    def has(self, key: str) -> bool:
        return key in self.texts

    def items(self, key: str) -> list[str]:
        raw = self.texts.get(key, [])
        return [str(x) for x in raw] if isinstance(raw, list) else []


@dataclass(frozen=True)
class FormSet:
    id: str
    name: str  # "Thông tư 03/2025/TT-VPCP"
    in_force_from: dt.date | None
    corner: str  # "Mẫu số {number} — …"
    common: dict[str, str]
    forms: dict[str, FormText]

    def form(self, kind: str) -> FormText:
        try:
            return self.forms[kind]
        except KeyError:
            have = ", ".join(f"{f.kind} (Mẫu {f.number})" for f in self.forms.values())
            raise ValueError(f"Bộ biểu mẫu {self.name} không có biểu mẫu «{kind}». Hãy chọn một biểu mẫu bộ này "
                             f"có ({have}) hoặc in theo bộ mẫu khác.") from None

    def corner_for(self, kind: str) -> str:
        return self.corner.format(number=self.form(kind).number)


@lru_cache(maxsize=8)
def load(set_id: str) -> FormSet:
    """The set from resources/forms/<set_id>.json (cached: the files do not change while running)."""
    path = resources_dir() / "forms" / f"{set_id}.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"Không có bộ biểu mẫu «{set_id}». Hãy chọn: {', '.join(SETS)}.") from None
    start = raw.get("in_force_from")
    forms = {}
    for kind, body in raw["forms"].items():
        texts = {k: v for k, v in body.items() if k not in ("number", "title")}
        forms[kind] = FormText(kind, body["number"], body["title"], texts)
    return FormSet(raw["id"], raw["name"], dt.date.fromisoformat(start) if start else None, raw["corner"],
                   dict(raw.get("common", {})), forms)


def parse_start(value: object) -> dt.date | None:
    """The `forms_2025_from` setting: an ISO date, or empty for the date in 2025.json."""
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"Ngày áp dụng bộ mẫu 2025 «{text}» không đúng dạng NNNN-TT-NN (ví dụ 2025-11-01). "
                         "Hãy sửa thiết lập forms_2025_from.") from None


def form_set_for(received: dt.date | dt.datetime, forms_2025_from: object = None) -> str:
    """'2025' for a dossier received on or after the 2025 set's start date, else '2018'.

    `forms_2025_from` is the setting (date, ISO text or empty); empty uses `in_force_from` of 2025.json.
    """
    day = received.date() if isinstance(received, dt.datetime) else received
    start = parse_start(forms_2025_from) or load("2025").in_force_from
    return "2025" if start is not None and day >= start else "2018"
