"""Dossier codes (mã hồ sơ) from a configurable template, safe for offline devices.

Default template `{agency}-{yymmdd}-{seq:4}` gives `000.17.22.H56-210531-0001` (Circular 01/2018 Art. 19);
`{agency}-{yyyymmdd}-{seq:7}` gives the newer national sample. The daily sequence is split into ten
blocks, one per device slot (slot s uses s·B+1 … s·B+B−1 with B = 10^(digits−1)), so two devices of one
commune that never talk to each other never mint the same code. The register book (Sổ theo dõi) keeps
its own yearly running number per slot in the same counter table, under slot −(s+1).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.errors import CodeBlockExhausted

_FIELD = re.compile(r"\{(agency|yymmdd|yyyymmdd|seq:(\d))\}")
MAX_SLOTS = 10


@dataclass(frozen=True)
class CodeTemplate:
    template: str

    def __post_init__(self) -> None:
        fields = [m.group(1) for m in _FIELD.finditer(self.template)]
        if sum(f.startswith("seq:") for f in fields) != 1 or not any("yy" in f for f in fields):
            raise ValueError(
                "Mẫu mã hồ sơ phải có đúng một {seq:N} và một {yymmdd} hoặc {yyyymmdd}, "
                "ví dụ {agency}-{yymmdd}-{seq:4}."
            )
        if not 3 <= self.digits <= 9:
            raise ValueError("Số chữ số của số thứ tự phải từ 3 đến 9.")
        leftover = _FIELD.sub("", self.template)
        if "{" in leftover or "}" in leftover:
            raise ValueError("Mẫu mã hồ sơ chỉ dùng {agency}, {yymmdd}, {yyyymmdd}, {seq:N}.")

    @cached_property
    def digits(self) -> int:
        m = re.search(r"\{seq:(\d)\}", self.template)
        assert m
        return int(m.group(1))

    @property
    def block_size(self) -> int:
        return int(10 ** (self.digits - 1))

    def slot_range(self, slot: int) -> range:
        if not 0 <= slot < MAX_SLOTS:
            raise ValueError(f"Số khe thiết bị phải từ 0 đến {MAX_SLOTS - 1}.")
        start = slot * self.block_size
        return range(start + 1, start + self.block_size)

    def format(self, agency: str, day: dt.date, seq: int) -> str:
        before, after = self.day_parts(agency, day)
        return f"{before}{seq:0{self.digits}d}{after}"

    def day_parts(self, agency: str, day: dt.date) -> tuple[str, str]:
        """(text before, text after) the sequence number on `day`: for formatting codes in bulk."""
        before, after = self.template.split(f"{{seq:{self.digits}}}")
        fill = CodeTemplate._fill
        return fill(before, agency, day), fill(after, agency, day)

    @staticmethod
    def _fill(text: str, agency: str, day: dt.date) -> str:
        return (text.replace("{agency}", agency).replace("{yyyymmdd}", f"{day:%Y%m%d}")
                .replace("{yymmdd}", f"{day:%y%m%d}"))

    def pattern(self, agency: str) -> re.Pattern[str]:
        body = re.escape(self.template)
        body = body.replace(re.escape("{agency}"), re.escape(agency))
        body = body.replace(re.escape("{yyyymmdd}"), r"\d{8}").replace(re.escape("{yymmdd}"), r"\d{6}")
        body = body.replace(re.escape(f"{{seq:{self.digits}}}"), rf"\d{{{self.digits}}}")
        return re.compile(f"^{body}$")


def _bump(session: Session, *keys: tuple[dt.date, int]) -> list[int]:
    """The next number of each (day, slot) counter, all in one statement (one round trip to a centre's
    server); the counters' rows stay locked until the caller's transaction ends."""
    values = ", ".join(f"(:d{i}, :s{i}, 1)" for i in range(len(keys)))
    params: dict[str, object] = {}
    for i, (day, slot) in enumerate(keys):
        params |= {f"d{i}": day.isoformat(), f"s{i}": slot}
    rows = session.execute(
        text(f"INSERT INTO code_counters(day, slot, last) VALUES {values} "
             "ON CONFLICT(day, slot) DO UPDATE SET last = code_counters.last + 1 RETURNING day, slot, last"),
        params,
    ).all()
    got = {(str(day)[:10], int(slot)): int(last) for day, slot, last in rows}
    return [got[(day.isoformat(), slot)] for day, slot in keys]


@dataclass(frozen=True)
class Numbers:
    code: str
    register_book: str  # Quyển số
    register_seq: int  # Số thứ tự in that book


def next_numbers(session: Session, template: CodeTemplate, agency: str, slot: int, day: dt.date) -> Numbers:
    """Take the next code of this device's block for `day` and the next number of its register book for
    the year, inside the caller's write transaction."""
    n, seq = _bump(session, *number_keys(slot, day))
    block = template.slot_range(slot)
    if n > len(block):
        raise exhausted(slot, len(block), day)
    return Numbers(template.format(agency, day, block[n - 1]), book_name(slot, day.year), seq)


def number_keys(slot: int, day: dt.date) -> tuple[tuple[dt.date, int], tuple[dt.date, int]]:
    """The counters an intake takes a number from: (day, slot) for its code, (1 January, −(slot+1)) for its
    register book."""
    return (day, slot), (dt.date(day.year, 1, 1), -(slot + 1))


def exhausted(slot: int, size: int, day: dt.date) -> CodeBlockExhausted:
    return CodeBlockExhausted(
        f"Thiết bị (khe {slot}) đã dùng hết {size} số thứ tự của ngày {day:%d/%m/%Y}. "
        "Hãy nhận tiếp trên thiết bị khác hoặc nhờ quản trị cấp thêm khe thiết bị."
    )


def book_name(slot: int, year: int) -> str:
    """The register book (Quyển số) of a device slot for a year."""
    return str(year) if slot == 0 else f"{year}-{slot}"


def next_register_number(session: Session, slot: int, year: int) -> tuple[str, int]:
    """(Quyển số, Số thứ tự) in the register book of this device for `year`."""
    (n,) = _bump(session, (dt.date(year, 1, 1), -(slot + 1)))
    return book_name(slot, year), n
