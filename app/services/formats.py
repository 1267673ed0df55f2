"""The vocabularies of what the desk writes out: slip paper sizes and report export formats. The settings
registry, the settings dialog, the command line's choices and the printing package all read them here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.errors import ValidationError

#: Slip paper: key -> Vietnamese label (the `default_paper` setting holds a key).
PAPERS: dict[str, str] = {"a5": "A5 (mỗi liên một trang)", "a4": "A4 (hai liên, cắt đôi)",
                          "80mm": "Giấy cuộn 80 mm"}
DEFAULT_PAPER = "a5"


@dataclass(frozen=True)
class ExportFormat:
    key: str
    label: str
    file_filter: str


#: Report exports, in the order offered.
EXPORT_FORMATS: dict[str, ExportFormat] = {
    "xlsx": ExportFormat("xlsx", "Excel", "Excel (*.xlsx)"),
    "pdf": ExportFormat("pdf", "PDF", "PDF (*.pdf)"),
    "json": ExportFormat("json", "JSON", "JSON (*.json)"),
}


def check_paper(paper: str) -> str:
    """A known paper key, or a ValidationError naming the ones there are (never a silent fallback)."""
    if paper not in PAPERS:
        names = ", ".join(f"{k} ({v})" for k, v in PAPERS.items())
        raise ValidationError({"paper": f"Khổ giấy «{paper}» không có. Hãy chọn một trong: {names}."})
    return paper


def export_format(fmt: str | None, path: Path | None) -> str:
    """The format asked for, else the one the file name ends with, else json; unknown ones are refused."""
    key = (fmt or (path.suffix.lower().lstrip(".") if path is not None else "") or "json").lower()
    if key not in EXPORT_FORMATS:
        raise ValidationError({"format": f"Không biết xuất báo cáo dạng «{key}». Hãy chọn "
                                         + ", ".join(EXPORT_FORMATS) + "."})
    return key
