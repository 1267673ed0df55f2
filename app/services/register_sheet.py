"""Reading a register export ("Sổ theo dõi hồ sơ") from the provincial system: the file, its header, its columns.

Owns what only this module knows about real exports: .xlsx read in openpyxl's streaming (read-only) mode,
CSV in UTF-8 (with or without BOM) or Windows-1258 with its delimiter guessed; the header row found under
the title rows ("SỔ THEO DÕI HỒ SƠ", the unit, the period), possibly two rows of merged cells ("Ngày" over
"Tiếp nhận | Hẹn trả | Trả"), and an optional row of column numbers "(1) (2) …" below it; columns mapped
to dossier fields by their folded header text, through a mapping the administrator can edit and save as
JSON for next month's file. Every refusal is a `RegisterFileError` in Vietnamese. Pure, any thread.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import itertools
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.errors import MotCuaError
from app.services.text import clean, fold

HEADER_SCAN_ROWS = 30
MIN_HEADER_FIELDS = 3
MAPPING_FORMAT = "motcua-register-mapping"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PARENS = re.compile(r"\([^)]*\)")
_NUMBERING = re.compile(r"^\(?\d{1,2}\)?$")


class RegisterFileError(MotCuaError):
    """The file cannot be imported as a whole (unreadable, no header, ambiguous columns); nothing written."""

    exit_code = 3


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    synonyms: tuple[str, ...]  # folded header texts


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("code", "Mã hồ sơ", ("ma ho so", "so ho so", "ma hs", "ma so ho so")),
    FieldSpec("summary", "Trích yếu", ("trich yeu", "trich yeu ho so", "noi dung", "noi dung yeu cau")),
    FieldSpec("sets_count", "Số bộ hồ sơ", ("so bo ho so", "so bo")),
    FieldSpec("applicant_name", "Chủ hồ sơ", ("chu ho so", "ten chu ho so", "nguoi nop", "nguoi nop ho so",
                                            "ho ten", "ho va ten", "to chuc ca nhan", "ten to chuc ca nhan",
                                            "cong dan to chuc")),
    FieldSpec("address", "Địa chỉ", ("dia chi", "dia chi chu ho so", "noi cu tru")),
    FieldSpec("phone", "Số điện thoại", ("so dien thoai", "dien thoai", "sdt", "so dt")),
    FieldSpec("id_number", "CMND/CCCD", ("cmnd cccd", "so cmnd cccd", "cccd", "cmnd", "so cccd", "so cmnd",
                                        "so dinh danh", "so giay to", "can cuoc", "so can cuoc")),
    FieldSpec("received_at", "Ngày tiếp nhận", ("ngay tiep nhan", "ngay nhan", "thoi gian tiep nhan",
                                               "ngay nhan ho so", "tiep nhan")),
    FieldSpec("due_at", "Ngày hẹn trả", ("ngay hen tra", "ngay hen", "hen tra", "ngay hen tra ket qua",
                                        "thoi gian hen tra")),
    FieldSpec("result_at", "Ngày có kết quả", ("ngay co ket qua", "ngay xu ly xong", "ngay hoan thanh",
                                              "ngay ket thuc xu ly", "co ket qua")),
    FieldSpec("returned_at", "Ngày trả", ("ngay tra", "ngay tra ket qua", "thoi gian tra", "da tra")),
    FieldSpec("receiver_name", "Người nhận hồ sơ", ("nguoi nhan ho so", "nguoi tiep nhan", "can bo tiep nhan",
                                                   "nguoi tiep nhan ho so")),
    FieldSpec("area", "Địa bàn", ("dia ban",)),
    FieldSpec("procedure_name", "Tên thủ tục", ("ten thu tuc", "thu tuc", "ten thu tuc hanh chinh", "ten tthc",
                                               "thu tuc hanh chinh")),
    FieldSpec("procedure_code", "Mã thủ tục", ("ma thu tuc", "ma tthc", "ma thu tuc hanh chinh")),
    FieldSpec("field_name", "Lĩnh vực", ("linh vuc", "ten linh vuc")),
    FieldSpec("status", "Trạng thái", ("trang thai", "tinh trang", "trang thai ho so")),
    FieldSpec("handling_unit", "Đơn vị xử lý", ("don vi xu ly", "phong ban xu ly", "co quan xu ly",
                                               "co quan giai quyet")),
    FieldSpec("channel", "Kênh nộp", ("kenh nop", "hinh thuc nop", "kenh tiep nhan", "kenh thuc hien")),
)
FIELD_LABELS = {f.key: f.label for f in FIELDS}
REQUIRED = ("code", "applicant_name", "received_at")
_BY_SYNONYM = {syn: f.key for f in FIELDS for syn in f.synonyms}


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    out, n = "", index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def header_key(text: str) -> str:
    """A header's folded form, without notes in brackets: "Ngày trả (dd/MM/yyyy)" → "ngay tra"."""
    return fold(_PARENS.sub(" ", clean(text)))


@dataclass
class ColumnMapping:
    """Folded header text → field key ("" = ignore this column). Saved as JSON for next month's file."""

    by_header: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"format": MAPPING_FORMAT, "version": 1, "columns": dict(sorted(self.by_header.items()))}

    def save(self, path: Path) -> None:
        try:
            path.write_text(json.dumps(self.to_json(), ensure_ascii=False, indent=1), encoding="utf-8")
        except OSError as exc:
            raise RegisterFileError(f"Không ghi được tệp ghép cột {path} ({exc.strerror}). "
                                    "Hãy chọn thư mục khác.") from None

    @classmethod
    def load(cls, path: Path) -> ColumnMapping:
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except OSError as exc:
            raise RegisterFileError(f"Không đọc được tệp ghép cột {path} ({exc.strerror}).") from None
        except ValueError:
            raise RegisterFileError(f"Tệp ghép cột {path.name} không phải JSON hợp lệ. Hãy lưu lại tệp ghép "
                                    "cột từ trình nhập sổ.") from None
        columns = data.get("columns") if isinstance(data, dict) else None
        if data.get("format") != MAPPING_FORMAT or not isinstance(columns, dict):
            raise RegisterFileError(f"Tệp {path.name} không phải tệp ghép cột của Một Cửa.")
        unknown = sorted({str(v) for v in columns.values() if v and v not in FIELD_LABELS})
        if unknown:
            raise RegisterFileError(f"Tệp ghép cột {path.name} có trường không biết: {', '.join(unknown)}. "
                                    f"Các trường dùng được: {', '.join(FIELD_LABELS)}.")
        return cls({header_key(str(k)): str(v or "") for k, v in columns.items()})


@dataclass(frozen=True)
class SheetColumn:
    index: int
    header: str  # as printed (two-row headers joined with " / ")
    key: str  # folded
    field: str  # "" when ignored

    @property
    def letter(self) -> str:
        return column_letter(self.index)


@dataclass
class SheetLayout:
    sheet: str
    header_row: int  # 1-based, first header row
    header_rows: int  # 1 or 2
    first_data_row: int  # 1-based
    columns: list[SheetColumn]

    def field_columns(self) -> dict[str, int]:
        return {c.field: c.index for c in self.columns if c.field}

    def problems(self) -> list[str]:
        """What stops an import with this mapping, in Vietnamese (empty when it can go ahead)."""
        out = []
        seen: dict[str, SheetColumn] = {}
        for c in self.columns:
            if not c.field:
                continue
            if c.field in seen:
                first = seen[c.field]
                out.append(f"Cột {first.letter} «{first.header}» và cột {c.letter} «{c.header}» cùng ứng với "
                           f"«{FIELD_LABELS[c.field]}». Hãy chọn lại một cột trong bảng ghép cột "
                           "(hoặc dùng --mapping TỆP.json).")
            else:
                seen[c.field] = c
        missing = [FIELD_LABELS[k] for k in REQUIRED if k not in seen]
        if missing:
            out.append(f"Không thấy cột {', '.join(f'«{m}»' for m in missing)} trong dòng tiêu đề {self.header_row}. "
                       "Hãy ghép cột đó trong bảng ghép cột (hoặc dùng --mapping TỆP.json).")
        return out

    def mapping(self) -> ColumnMapping:
        return ColumnMapping({c.key: c.field for c in self.columns if c.key})

    def with_fields(self, fields: dict[int, str]) -> SheetLayout:
        """The same layout with some columns re-mapped (column index → field key or "")."""
        cols = [SheetColumn(c.index, c.header, c.key, fields.get(c.index, c.field)) for c in self.columns]
        return SheetLayout(self.sheet, self.header_row, self.header_rows, self.first_data_row, cols)


class RegisterFile:
    """An open register export. `rows(start)` streams (row number, cells) from a 1-based row."""

    def __init__(self, path: Path, sheet: str | None = None):
        self.path = Path(path)
        self._wb: Any = None  # openpyxl's read-only workbook (untyped)
        self._csv_encoding = ""
        self._csv_lines = 0
        self._declared_rows: int | None = None
        self._csv_delimiter = ","
        suffix = self.path.suffix.lower()
        try:
            head = self.path.open("rb").read(8)
        except OSError as exc:
            raise RegisterFileError(f"Không mở được tệp {self.path} ({exc.strerror}). Hãy kiểm tra đường dẫn "
                                    "và đóng tệp nếu đang mở trong Excel.") from None
        if suffix == ".xls":
            raise RegisterFileError(f"Tệp {self.path.name} là định dạng Excel cũ (.xls). Hãy mở tệp trong Excel "
                                    "hoặc LibreOffice, chọn Lưu thành (Save As) «Excel Workbook (.xlsx)», rồi nhập "
                                    "tệp .xlsx đó.")
        if suffix in (".xlsx", ".xlsm"):
            self._open_workbook(head, sheet)
        elif suffix in (".csv", ".txt"):
            if sheet:
                raise RegisterFileError("Tệp CSV chỉ có một trang; bỏ tham số --sheet.")
            self._open_csv()
            self.sheet_names, self.sheet = [self.path.stem], self.path.stem
        else:
            raise RegisterFileError(f"Không nhập được tệp «{self.path.name}»: chỉ nhận sổ xuất ra dạng Excel (.xlsx) "
                                    "hoặc CSV (.csv).")

    def _open_workbook(self, head: bytes, sheet: str | None) -> None:
        import openpyxl

        if head == _OLE_MAGIC:
            raise RegisterFileError(f"Tệp {self.path.name} được đặt mật khẩu (hoặc là tệp .xls đổi đuôi). Hãy mở "
                                    "tệp trong Excel, gỡ mật khẩu (Tệp → Thông tin → Bảo vệ sổ làm việc) và lưu "
                                    "thành .xlsx, rồi nhập lại.")
        try:
            self._wb = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError) as exc:
            raise RegisterFileError(f"Tệp {self.path.name} bị hỏng hoặc không phải sổ Excel .xlsx ({type(exc).__name__})."
                                    " Hãy xuất lại sổ từ hệ thống một cửa của tỉnh rồi nhập lại.") from None
        self.sheet_names = list(self._wb.sheetnames)
        if sheet and sheet not in self.sheet_names:
            names = ", ".join(f"«{n}»" for n in self.sheet_names)
            self.close()
            raise RegisterFileError(f"Sổ không có trang «{sheet}». Các trang có: {names}.")
        active = self._wb.active
        self.sheet = sheet or (active.title if active is not None else self.sheet_names[0])
        ws = self._wb[self.sheet]
        self._declared_rows = ws.max_row
        # Some exporters write a wrong size (<dimension ref="A1"/>); read every cell there is instead.
        ws.reset_dimensions()

    def _open_csv(self) -> None:
        """Decide the encoding in one streaming pass (UTF-8, with or without BOM, else Windows-1258, whose
        tone marks are combining characters that `clean` composes to NFC), counting lines on the way."""
        lines = 0
        for encoding in ("utf-8-sig", "cp1258"):
            decoder = codecs.getincrementaldecoder(encoding)()
            try:
                with self.path.open("rb") as f:
                    lines = 0
                    while chunk := f.read(1 << 20):
                        decoder.decode(chunk)
                        lines += chunk.count(b"\n")
                    decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                continue
            self._csv_encoding = encoding
            break
        else:
            raise RegisterFileError(f"Tệp {self.path.name} không phải văn bản UTF-8 hay Windows-1258. Hãy mở trong "
                                    "Excel và lưu thành «CSV UTF-8» hoặc .xlsx.")
        self._csv_lines = lines + 1
        with self.path.open(encoding=self._csv_encoding, newline="") as f:
            sample = "".join(itertools.islice(f, HEADER_SCAN_ROWS))
        counts = {d: sample.count(d) for d in (",", ";", "\t")}
        self._csv_delimiter = max(counts, key=lambda d: counts[d])

    @property
    def total_rows(self) -> int | None:
        """The sheet's last row as the file declares it (None when unknown)."""
        if self._csv_encoding:
            return self._csv_lines
        return self._declared_rows

    def rows(self, start: int = 1) -> Iterator[tuple[int, tuple[Any, ...]]]:
        if self._csv_encoding:
            with self.path.open(encoding=self._csv_encoding, newline="") as f:
                for number, cells in enumerate(csv.reader(f, delimiter=self._csv_delimiter), 1):
                    if number >= start:
                        yield number, tuple(cells)
            return
        ws = self._wb[self.sheet]
        try:
            for number, cells in enumerate(ws.iter_rows(min_row=start, values_only=True), start):
                yield number, cells
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError) as exc:
            raise RegisterFileError(f"Tệp {self.path.name} bị hỏng ở giữa trang «{self.sheet}» "
                                    f"({type(exc).__name__}). Hãy xuất lại sổ rồi nhập lại.") from None

    def close(self) -> None:
        if self._wb is not None:
            self._wb.close()
            self._wb = None

    def __enter__(self) -> RegisterFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def cell_text(value: object) -> str:
    """A cell as text: whole numbers without ".0", date-times as dd/MM/yyyy HH:mm:ss, NFC and trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y %H:%M:%S}"
    return clean(value)


def _labels_one(row: tuple[Any, ...]) -> list[str]:
    return [cell_text(v) for v in row]


def _labels_two(top: tuple[Any, ...], bottom: tuple[Any, ...]) -> list[str]:
    """Join a two-row header: a merged parent ("Ngày") spans the empty cells to its right that have a
    child below; a cell merged down (text on top, nothing below) keeps its own text and ends the span."""
    out, parent = [], ""
    for i in range(max(len(top), len(bottom))):
        t = cell_text(top[i]) if i < len(top) else ""
        b = cell_text(bottom[i]) if i < len(bottom) else ""
        if t and b:
            parent = t
            out.append(f"{t} / {b}")
        elif b:
            out.append(f"{parent} / {b}" if parent else b)
        else:
            parent = ""
            out.append(t)
    return out


def _field_of(label: str, mapping: ColumnMapping) -> tuple[str, str]:
    """(folded key, field) for one header label: the administrator's mapping for the whole label first,
    then the known names of "parent child", of the child alone, of the parent alone."""
    parts = [p for p in label.split(" / ") if p]
    key = header_key(" ".join(parts))
    if key in mapping.by_header:
        return key, mapping.by_header[key]
    for cand in [" ".join(parts)] + (parts[::-1] if len(parts) > 1 else []):
        found = _BY_SYNONYM.get(header_key(cand))
        if found:
            return key, found
    return key, ""


def _columns(labels: list[str], mapping: ColumnMapping) -> list[SheetColumn]:
    cols = []
    for i, label in enumerate(labels):
        if not label:
            continue
        key, fld = _field_of(label, mapping)
        cols.append(SheetColumn(i, label, key, fld))
    return cols


def _score(cols: list[SheetColumn]) -> int:
    return len({c.field for c in cols if c.field})


def _is_numbering(row: tuple[Any, ...]) -> bool:
    cells = [cell_text(v) for v in row if cell_text(v)]
    return len(cells) >= MIN_HEADER_FIELDS and all(_NUMBERING.match(c) for c in cells)


def detect_layout(source: RegisterFile, mapping: ColumnMapping | None = None) -> SheetLayout:
    """Find the header under the title rows: the row whose cells name the most fields, or a pair of rows
    (two-row merged header) when the pair names more fields than either row alone."""
    mapping = mapping or ColumnMapping()
    rows = [cells for _, cells in itertools.islice(source.rows(1), HEADER_SCAN_ROWS + 2)]
    singles = [_columns(_labels_one(r), mapping) for r in rows]
    best: tuple[int, int, int, list[SheetColumn]] | None = None  # (score, row index, height, columns)
    for r in range(min(HEADER_SCAN_ROWS, len(rows))):
        options = [(1, singles[r])]
        if r + 1 < len(rows):
            pair = _columns(_labels_two(rows[r], rows[r + 1]), mapping)
            if _score(pair) > max(_score(singles[r]), _score(singles[r + 1])):
                options.append((2, pair))
        for height, cols in options:
            if best is None or _score(cols) > best[0]:
                best = (_score(cols), r, height, cols)
    if best is None or best[0] < MIN_HEADER_FIELDS:
        raise RegisterFileError(
            f"Không tìm thấy dòng tiêu đề của sổ trong {HEADER_SCAN_ROWS} dòng đầu của trang «{source.sheet}». "
            "Sổ cần có các cột như «Mã hồ sơ», «Chủ hồ sơ», «Ngày tiếp nhận», «Ngày hẹn trả». Hãy chọn đúng trang "
            "(--sheet) hoặc xuất lại sổ từ hệ thống một cửa của tỉnh.")
    _, r, height, cols = best
    first_data = r + height
    if first_data < len(rows) and _is_numbering(rows[first_data]):
        first_data += 1
    return SheetLayout(source.sheet, r + 1, height, first_data + 1, cols)
