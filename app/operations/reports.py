"""The leaders' report for a period (figures, breakdowns, lists) and its exports (Excel, PDF, JSON), the
same for the Reports page and `motcua report`."""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.errors import MotCuaError
from app.operations.base import OpContext
from app.operations.exports import save
from app.services.formats import export_format
from app.services.outputs import check_target
from app.services.reports import Period, build_report, parse_period


@dataclass
class Report:
    """A built report: its period, the figures (the JSON document of docs/reports.md) and the build time."""

    period: Period
    data: dict[str, Any]
    seconds: float

    def to_json(self) -> dict[str, Any]:
        return {**self.data, "seconds": self.seconds}


def period_of(text: str = "", date_from: dt.date | None = None, date_to: dt.date | None = None) -> Period:
    """'2026-11', '2026-Q4', '2026' or a date range; none given is a Vietnamese error saying how to choose."""
    if not text and not (date_from or date_to):
        raise MotCuaError("Hãy chọn kỳ báo cáo: --period 2026-11 (hoặc 2026-Q4, 2026), hoặc --from … --to ….")
    return parse_period(text, date_from, date_to)


def report(ctx: OpContext, period: Period, *, due_days: int = 3, list_limit: int = 500,
           include_imported: bool = True) -> Report:
    """The report for `period`; `include_imported=False` leaves out dossiers imported from the provincial
    register (the count of those received in the period is reported either way)."""
    ctx.require("report.read")
    started = time.perf_counter()
    data = build_report(ctx.desk, period, ctx.actor, due_days=due_days, list_limit=list_limit,
                        include_imported=include_imported)
    return Report(period, data, round(time.perf_counter() - started, 3))


def render(data: dict[str, Any], fmt: str) -> bytes:
    """The report document as the bytes of one export format."""
    if fmt == "xlsx":
        from app.services.report_xlsx import build_report_xlsx

        return build_report_xlsx(data)
    if fmt == "pdf":
        from app.printing.report_pdf import build_report_pdf

        return build_report_pdf(data)
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def check_export_target(ctx: OpContext, path: Path, *, force: bool = False) -> None:
    """Refuse a target in the data folder or an existing file (without `force`) before a long build."""
    check_target(path, ctx.desk.paths.data_dir, force=force)


def export(ctx: OpContext, data: dict[str, Any], path: Path, fmt: str | None = None, *, force: bool = False) -> Path:
    """Render and save (any thread); the format is `fmt`, else the file's ending."""
    return save(ctx, path, render(data, export_format(fmt, path)), force=force)
