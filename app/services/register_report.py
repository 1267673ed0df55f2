"""What an import of the provincial register says back: rows read, importable, skipped and refused.

`ImportReport` is filled while the rows stream by (register_import) and read by the command line (text or
JSON) and the wizard; `RegisterRefused` carries it when a real import was rolled back. Pure, any thread.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from app.errors import MotCuaError

KEEP_REFUSALS = 1000


@dataclass(frozen=True)
class Refusal:
    row: int
    code: str
    reason: str


@dataclass
class ImportReport:
    file_name: str
    sheet: str
    header_row: int
    dry_run: bool
    rows_read: int = 0
    importable: int = 0
    skipped_totals: int = 0
    skipped_empty: int = 0
    refused_count: int = 0
    refusals: list[Refusal] = field(default_factory=list)  # the first KEEP_REFUSALS
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    outside_catalogue: int = 0
    seconds: float = 0.0
    dossier_ids: list[int] = field(default_factory=list)  # created or updated (real import only)

    @property
    def ok(self) -> bool:
        return self.refused_count == 0

    def refuse(self, row: int, code: str, reason: str) -> None:
        self.refused_count += 1
        if len(self.refusals) < KEEP_REFUSALS:
            self.refusals.append(Refusal(row, code, reason))

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("dossier_ids")
        out["ok"] = self.ok
        return out

    def text(self) -> str:
        head = "Chạy thử (không ghi gì)" if self.dry_run else "Nhập sổ"
        lines = [f"{head}: tệp {self.file_name}, trang «{self.sheet}», dòng tiêu đề {self.header_row}.",
                 f"Đã đọc {self.rows_read} dòng: nhập được {self.importable} (mới {self.created}, cập nhật "
                 f"{self.updated}, không đổi {self.unchanged}; ngoài danh mục {self.outside_catalogue}), bỏ qua "
                 f"{self.skipped_totals} dòng tổng cộng/chữ ký và {self.skipped_empty} dòng trống, "
                 f"từ chối {self.refused_count}."]
        lines += [f"  - Dòng {r.row}{f' ({r.code})' if r.code else ''}: {r.reason}." for r in self.refusals]
        if self.refused_count > len(self.refusals):
            lines.append(f"  … và {self.refused_count - len(self.refusals)} dòng khác.")
        if self.refused_count:
            lines.append("Chưa nhập hồ sơ nào: hãy sửa các dòng trên trong tệp (hoặc bảng ghép cột) rồi nhập lại.")
        elif self.dry_run:
            lines.append("Tệp nhập được: hãy nhập thật (bỏ --dry-run, hoặc bấm «Tiếp theo» trong trình nhập sổ).")
        else:
            lines.append(f"Đã nhập xong trong {self.seconds:.1f} giây.")
        return "\n".join(lines)


class RegisterRefused(MotCuaError):
    """Some rows were refused: nothing was written. `report` lists each refusal."""

    exit_code = 3

    def __init__(self, report: ImportReport):
        super().__init__(report.text())
        self.report = report
