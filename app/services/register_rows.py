"""One row of the provincial register export read as a dossier: cells → checked values, or the reasons why not.

Knows the shapes real exports take: dates as text (dd/MM/yyyy[ HH:mm[:ss]], "HH:mm dd/MM/yyyy") or as Excel
serial numbers; names in capitals ("NGUYỄN VĂN AN" → "Nguyễn Văn An"); identity numbers and phones that Excel
stored as numbers and so lost their leading zero; several phones in one cell; a status written in words;
the totals and signature lines at the bottom. Matching to the catalogue is by national code, then by folded
name, then by the start of the summary; otherwise the dossier keeps its text under "thủ tục ngoài danh mục".
Pure, any thread.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from openpyxl.utils.datetime import from_excel

from app.services.calendar import WorkCalendar
from app.services.register_sheet import cell_text
from app.services.status import FINISHING, OPEN, Status
from app.services.text import clean, fold
from app.services.validation import normalize_phone, parse_citizen_id

OUTSIDE_KEY = "ngoai-danh-muc"
OUTSIDE_NAME = "Thủ tục ngoài danh mục"
EARLIEST_YEAR = 1990
LIMITS = {"code": 60, "applicant_name": 120, "address": 300, "summary": 1000}

_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ ,T]+(\d{1,2})[:hg](\d{1,2})(?::(\d{1,2}))?)?$")
_HM_DMY = re.compile(r"^(\d{1,2})[:hg](\d{2})(?::(\d{2}))?[ ,-]+(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_SERIAL = re.compile(r"^\d{4,6}(\.\d+)?$")
_PHONE_SPLIT = re.compile(r"\s*[/;,]\s*|\s+-\s+")
_TOTAL_WORDS = {"tong", "cong"}

# Folded words of a status → status; the first that appears wins ("chờ trả kết quả" is ready, not returned).
_STATUS_WORDS: tuple[tuple[str, Status], ...] = (
    ("cho tra", Status.RESULT_READY), ("chua tra", Status.RESULT_READY),
    ("da tra", Status.RETURNED), ("tra ket qua", Status.RETURNED),
    ("khong duoc tiep nhan", Status.REFUSED), ("tu choi", Status.REFUSED),
    ("rut ho so", Status.WITHDRAWN), ("cong dan rut", Status.WITHDRAWN),
    ("dung xu ly", Status.STOPPED), ("dung giai quyet", Status.STOPPED),
    ("bo sung", Status.SUPPLEMENT_REQUESTED), ("nghia vu tai chinh", Status.AWAITING_PAYMENT),
    ("da xu ly xong", Status.RESULT_READY), ("xu ly xong", Status.RESULT_READY),
    ("co ket qua", Status.RESULT_READY), ("da giai quyet", Status.RESULT_READY),
    ("hoan thanh", Status.RESULT_READY),
    ("dang xu ly", Status.PROCESSING), ("dang giai quyet", Status.PROCESSING),
    ("chuyen xu ly", Status.PROCESSING),
    ("da tiep nhan", Status.RECEIVED), ("moi tiep nhan", Status.RECEIVED), ("tiep nhan", Status.RECEIVED),
    ("moi dang ky", Status.REGISTERED),
)
_CHANNEL_WORDS = (("truc tuyen", "online"), ("online", "online"), ("buu chinh", "postal"),
                  ("luu dong", "home"), ("tai nha", "home"))


@dataclass(frozen=True)
class ProcedureRef:
    id: int
    code: str
    name: str
    field: str
    limit_kind: str
    limit_value: int


class Catalogue:
    """The catalogue as the import matches it: by national code or key, by folded name, by summary start."""

    def __init__(self, procedures: list[ProcedureRef], folded_names: dict[int, str], outside: ProcedureRef):
        self.outside = outside
        self.by_code: dict[str, ProcedureRef] = {}
        self.by_name: dict[str, ProcedureRef] = {}
        for p in procedures:
            if p.code:
                self.by_code.setdefault(p.code.lower(), p)
            self.by_name.setdefault(folded_names[p.id], p)
        self._longest_first = sorted(self.by_name, key=len, reverse=True)
        self._seen: dict[tuple[str, str, str], ProcedureRef | None] = {}

    def match(self, code: str, name: str, summary: str) -> ProcedureRef | None:
        key = (code, name, summary)
        if key not in self._seen:  # a register repeats the same few procedures thousands of times
            if len(self._seen) > 50_000:
                self._seen.clear()
            self._seen[key] = self._match(code, name, summary)
        return self._seen[key]

    def _match(self, code: str, name: str, summary: str) -> ProcedureRef | None:
        if code and (p := self.by_code.get(code.lower())):
            return p
        if name:
            return self.by_name.get(fold(name))
        start = fold(summary)
        return next((self.by_name[n] for n in self._longest_first if n and start.startswith(n)), None)


@dataclass
class RowValues:
    """One importable row, cleaned; everything a dossier needs."""

    row: int
    code: str
    procedure: ProcedureRef
    procedure_code: str
    procedure_name: str
    field_name: str
    applicant_name: str
    id_kind: str
    id_number: str
    phone: str
    address: str
    summary: str
    sets_count: int
    receiver_name: str
    handling_unit: str
    channel: str
    note: str
    received_at: dt.datetime
    due_at: dt.datetime
    finished_at: dt.datetime | None
    returned_at: dt.datetime | None
    status: int


def person_name(value: object) -> str:
    """A name as printed, or capitalised word by word when the export has it all in capitals."""
    name = cell_text(value)
    letters = [ch for ch in name if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters):
        name = " ".join(w[:1].upper() + w[1:].lower() for w in name.split(" "))
    return name


def parse_moment(value: object) -> tuple[dt.datetime, bool] | None:
    """(moment, whether it had a time of day), None for an empty cell; ValueError in Vietnamese otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0), value.time() != dt.time(0)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(0)), False
    text = cell_text(value)
    if isinstance(value, (int, float)) or _SERIAL.match(text):
        serial = float(text)
        if not 1 <= serial < 2958466:
            raise ValueError(f"«{text}» không phải ngày")
        moment = from_excel(serial)
        moment = (moment + dt.timedelta(microseconds=500_000)).replace(microsecond=0)
        return moment, not serial.is_integer()
    try:
        if m := _DMY.match(text):
            d, mo, y, h, mi, sec = m.groups()
        elif m := _HM_DMY.match(text):
            h, mi, sec, d, mo, y = m.groups()
        elif m := _ISO.match(text):
            y, mo, d, h, mi, sec = m.groups()
        else:
            raise ValueError
        moment = dt.datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(sec or 0))
    except ValueError:
        raise ValueError(f"«{text}» không phải ngày dạng dd/MM/yyyy (có thể kèm giờ HH:mm)") from None
    return moment, h is not None


def parse_status(value: object) -> Status | None:
    text = cell_text(value)
    if not text:
        return None
    if text.isdigit() and 1 <= int(text) <= 10:
        return Status(int(text))
    words = f" {fold(text)} "
    for fragment, status in _STATUS_WORDS:
        if f" {fragment} " in words:
            return status
    raise ValueError(f"Trạng thái «{text}» không hiểu được; hãy ghi như «Đang xử lý», «Đã xử lý xong», "
                     "«Đã trả kết quả», hoặc bỏ trống cột này")


def _phone(value: object) -> str:
    if isinstance(value, (int, float)) and len(cell_text(value)) == 9:  # Excel dropped the leading 0
        return "0" + cell_text(value)
    text = cell_text(value)
    if not text:
        return ""
    first_error: ValueError | None = None
    for part in _PHONE_SPLIT.split(text):
        try:
            return normalize_phone(part)
        except ValueError as exc:
            first_error = first_error or exc
    raise ValueError(f"Số điện thoại «{text}»: {first_error}")


def _id_number(value: object) -> tuple[str, str]:
    text = cell_text(value)
    if not text:
        return "", ""
    if isinstance(value, (int, float)) and len(text) in (8, 10, 11):  # leading zeros lost as a number
        text = text.zfill(9 if len(text) == 8 else 12)
    try:
        cid = parse_citizen_id(text)
    except ValueError as exc:
        raise ValueError(f"Số CMND/CCCD «{text}»: {exc}") from None
    return cid.kind, cid.number


def is_blank(cells: tuple[Any, ...]) -> bool:
    return all(cell_text(c) == "" for c in cells)


def is_totals(cells: tuple[Any, ...], code_index: int) -> bool:
    """"Tổng cộng: 125 hồ sơ", "Cộng", "Tổng số" in the first filled cell, and no code on the line."""
    first = next((cell_text(c) for c in cells if cell_text(c)), "")
    words = fold(first).split()
    code = fold(cell_text(cells[code_index])) if code_index < len(cells) else ""
    return bool(words) and words[0] in _TOTAL_WORDS and (not code or code.split()[0] in _TOTAL_WORDS)


def is_footer(cells: tuple[Any, ...], code_index: int, after_totals: bool) -> bool:
    """The totals line, or (once it was seen) a signature line under it: no code on either."""
    return is_totals(cells, code_index) or (after_totals and not cell_text(
        cells[code_index] if code_index < len(cells) else None))


class RowReader:
    """Turns the cells of one data row into `RowValues`, or raises ValueError listing every problem."""

    def __init__(self, columns: dict[str, int], catalogue: Catalogue, calendar: WorkCalendar, now: dt.datetime):
        self.columns = columns
        self.catalogue = catalogue
        self.calendar = calendar
        self.now = now
        self.latest = now + dt.timedelta(minutes=5)

    def cell(self, cells: tuple[Any, ...], key: str) -> object:
        i = self.columns.get(key)
        return cells[i] if i is not None and i < len(cells) else None

    def text(self, cells: tuple[Any, ...], key: str) -> str:
        return cell_text(self.cell(cells, key))

    def _moment(self, cells: tuple[Any, ...], key: str, label: str, problems: list[str], *,
                past: bool = True) -> tuple[dt.datetime, bool] | None:
        try:
            got = parse_moment(self.cell(cells, key))
        except ValueError as exc:
            problems.append(f"{label}: {exc}")
            return None
        if got is None:
            return None
        if got[0].year < EARLIEST_YEAR:
            problems.append(f"{label} {got[0]:%d/%m/%Y} quá cũ (trước năm {EARLIEST_YEAR})")
            return None
        if past and got[0] > self.latest:
            problems.append(f"{label} {got[0]:%d/%m/%Y %H:%M} ở tương lai")
            return None
        return got

    def read(self, number: int, cells: tuple[Any, ...]) -> RowValues:
        problems: list[str] = []
        code = self.text(cells, "code")
        if not code:
            problems.append("thiếu Mã hồ sơ")
        elif len(code) > LIMITS["code"]:
            problems.append(f"Mã hồ sơ dài quá {LIMITS['code']} ký tự")
        name = person_name(self.cell(cells, "applicant_name"))
        if not name:
            problems.append("thiếu tên Chủ hồ sơ")
        elif len(name) > LIMITS["applicant_name"]:
            problems.append(f"tên Chủ hồ sơ dài quá {LIMITS['applicant_name']} ký tự")
        address = self.text(cells, "address")
        if len(address) > LIMITS["address"]:
            problems.append(f"Địa chỉ dài quá {LIMITS['address']} ký tự")
        id_kind = id_number = phone = ""
        try:
            id_kind, id_number = _id_number(self.cell(cells, "id_number"))
        except ValueError as exc:
            problems.append(str(exc))
        try:
            phone = _phone(self.cell(cells, "phone"))
        except ValueError as exc:
            problems.append(str(exc))
        status: Status | None = None
        try:
            status = parse_status(self.cell(cells, "status"))
        except ValueError as exc:
            problems.append(str(exc))
        received = self._moment(cells, "received_at", "Ngày tiếp nhận", problems)
        if received is None and not any(p.startswith("Ngày tiếp nhận") for p in problems):
            problems.append("thiếu Ngày tiếp nhận")
        due = self._moment(cells, "due_at", "Ngày hẹn trả", problems, past=False)
        result = self._moment(cells, "result_at", "Ngày có kết quả", problems)
        returned = self._moment(cells, "returned_at", "Ngày trả", problems)
        summary = clean(self.text(cells, "summary"))[:LIMITS["summary"]]
        proc_code, proc_name = self.text(cells, "procedure_code"), self.text(cells, "procedure_name")
        proc = self.catalogue.match(proc_code, proc_name, summary)
        if problems or received is None:
            raise ValueError("; ".join(problems))
        received_at = received[0]
        due_at = self._due(due, proc, received_at, problems)
        finished_at, returned_at, final = self._ending(status, received_at, result, returned, problems)
        if problems:
            raise ValueError("; ".join(problems))
        assert due_at is not None
        area = self.text(cells, "area")
        chosen = proc or self.catalogue.outside
        return RowValues(
            row=number, code=code, procedure=chosen,
            procedure_code=proc.code if proc else proc_code,
            procedure_name=proc.name if proc else (proc_name or summary or OUTSIDE_NAME)[:300],
            field_name=(proc.field if proc else "") or self.text(cells, "field_name"),
            applicant_name=name, id_kind=id_kind, id_number=id_number, phone=phone, address=address,
            summary=summary or (proc.name if proc else proc_name), sets_count=self._sets(cells),
            receiver_name=person_name(self.cell(cells, "receiver_name"))[:120],
            handling_unit=self.text(cells, "handling_unit")[:200], channel=self._channel(cells),
            note=f"Địa bàn: {area}" if area else "", received_at=received_at, due_at=due_at,
            finished_at=finished_at, returned_at=returned_at, status=int(final),
        )

    def _due(self, due: tuple[dt.datetime, bool] | None, proc: ProcedureRef | None, received_at: dt.datetime,
             problems: list[str]) -> dt.datetime | None:
        if due is None:
            if proc is None:
                problems.append("thiếu Ngày hẹn trả (thủ tục ngoài danh mục nên không tự tính được)")
                return None
            try:
                return self.calendar.due_date_for(proc.limit_kind, proc.limit_value, received_at).at
            except ValueError as exc:
                problems.append(str(exc))
                return None
        due_at = due[0] if due[1] else dt.datetime.combine(due[0].date(), self.calendar.hours.closing)
        if due_at < received_at:
            problems.append(f"Ngày hẹn trả {due_at:%d/%m/%Y} trước Ngày tiếp nhận {received_at:%d/%m/%Y}")
        return due_at

    @staticmethod
    def _ending(status: Status | None, received_at: dt.datetime, result: tuple[dt.datetime, bool] | None,
                returned: tuple[dt.datetime, bool] | None,
                problems: list[str]) -> tuple[dt.datetime | None, dt.datetime | None, Status]:
        def at(got: tuple[dt.datetime, bool] | None, label: str) -> dt.datetime | None:
            if got is None:
                return None
            moment = got[0] if got[1] or got[0].date() != received_at.date() else max(got[0], received_at)
            if moment < received_at:
                problems.append(f"{label} {moment:%d/%m/%Y} trước Ngày tiếp nhận {received_at:%d/%m/%Y}")
            return moment

        result_at, returned_at = at(result, "Ngày có kết quả"), at(returned, "Ngày trả")
        if status is None:
            status = (Status.RETURNED if returned_at else Status.RESULT_READY if result_at else Status.PROCESSING)
        if status in OPEN and returned_at:
            problems.append(f"trạng thái «{status.label}» nhưng đã có Ngày trả")
        if status is Status.RETURNED and returned_at is None:
            problems.append("trạng thái «Đã trả kết quả» nhưng thiếu Ngày trả")
        finished_at = None
        if status in FINISHING or status is Status.RETURNED:
            finished_at = result_at or returned_at
            if finished_at is None:
                problems.append(f"trạng thái «{status.label}» cần Ngày có kết quả")
        return finished_at, (returned_at if status is Status.RETURNED else None), status

    def _sets(self, cells: tuple[Any, ...]) -> int:
        text = self.text(cells, "sets_count")
        return int(text) if text.isdigit() and 1 <= int(text) <= 99 else 1

    def _channel(self, cells: tuple[Any, ...]) -> str:
        words = f" {fold(self.text(cells, 'channel'))} "
        return next((slug for fragment, slug in _CHANNEL_WORDS if f" {fragment} " in words), "counter")
