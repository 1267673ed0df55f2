"""Printing forms: the slip of a visit (Mẫu 01), the other forms of one dossier (Mẫu 02–06) and the register
(Mẫu 06/07) for a range of days, each in the form set in force on its day (setting forms_2025_from). The rules of the command line's `print` and `register` live here, so the UI
and the command line share them: one applicant per slip, a known paper size (never a silent fallback),
a register of at most a year. Forms show the names recorded on the dossier, never an OS login."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from app import printing
from app.errors import ValidationError
from app.operations.base import OpContext
from app.operations.dossiers import details as read_details
from app.operations.exports import save
from app.services import queries, search
from app.services.dto import DossierDetail, DossierRow
from app.services.formats import check_paper
from app.services.search import SearchFilter

#: The register covers at most this many days per print.
REGISTER_MAX_DAYS = 366


def forms_2025_from(ctx: OpContext) -> object:
    """The desk's setting: from which received day the 2025 set prints (empty: the date in 2025.json)."""
    return ctx.desk.setting("forms_2025_from")


def slip_pdf(ctx: OpContext, details: list[DossierDetail], receiver_name: str, paper: str) -> bytes:
    """The one slip of a visit (several procedures of one applicant), in the set in force on its day."""
    check_one_applicant(details)
    return _render(ctx, "receipt", details, paper=check_paper(paper), receiver_name=receiver_name)


def form_pdf(ctx: OpContext, form: str, dossier: DossierDetail, **extra: Any) -> bytes:
    """Any form of one dossier; the receipt is the slip so reprints match the original."""
    if form == "receipt":
        return slip_pdf(ctx, [dossier], dossier.receiver_name, str(ctx.desk.setting("default_paper")))
    return _render(ctx, check_form(form), dossier, **extra)


def printable(ctx: OpContext, dossier: DossierDetail) -> list[str]:
    """The forms this dossier can print now, in the set in force on its received day."""
    return printing.printable(dossier, forms_2025_from(ctx))


def _render(ctx: OpContext, form: str, detail: DossierDetail | list[DossierDetail], **extra: Any) -> bytes:
    try:
        return printing.render_form(cast(printing.FormKind, form), ctx.desk.agency, detail,
                                    forms_2025_from=forms_2025_from(ctx), **extra)
    except ValueError as exc:  # a set the desk does not know, a form its set does not have
        raise ValidationError({"form": str(exc)}) from None


def check_form(form: str) -> str:
    if form not in printing.FORMS:
        raise ValidationError({"form": f"Không có biểu mẫu «{form}». Hãy chọn: {', '.join(printing.FORMS)}."})
    return form


def check_one_applicant(details: list[DossierDetail]) -> None:
    if len({d.applicant_id_number or d.applicant_name for d in details}) > 1:
        raise ValidationError({"codes": "Các hồ sơ in chung một phiếu hẹn phải của cùng một người nộp."})


@dataclass
class Printed:
    """A form written to a file."""

    out: Path
    form: str
    codes: list[str]
    paper: str
    size: int
    pages: int

    def to_json(self) -> dict[str, Any]:
        return {"out": str(self.out), "form": self.form, "codes": self.codes, "paper": self.paper,
                "bytes": self.size, "pages": self.pages}


def pdf_pages(data: bytes) -> int:
    return data.count(b"/Type /Page\n") or data.count(b"/Type /Page ")


def print_form(ctx: OpContext, codes: list[str], out: Path, *, form: str = "receipt", paper: str | None = None,
               receiver: str = "", reason: str = "", cooperating: str = "", form_set: str | None = None,
               legal_basis: str = "", force: bool = False) -> Printed:
    """One form of the dossiers `codes` into `out`: a slip may hold a visit's dossiers, other forms one."""
    check_form(form)
    if not codes:
        raise ValidationError({"codes": "Hãy nhập ít nhất một mã hồ sơ."})
    if form != "receipt" and len(codes) > 1:
        raise ValidationError({"codes": "Chỉ phiếu hẹn (receipt) mới in chung nhiều hồ sơ; các biểu mẫu khác "
                                        "hãy in từng mã một."})
    paper = check_paper(paper or str(ctx.desk.setting("default_paper")))
    found = read_details(ctx, codes)
    check_one_applicant(found)
    if form_set is not None and form_set not in printing.SETS:
        raise ValidationError({"set": f"Không có bộ biểu mẫu «{form_set}». Hãy chọn: {', '.join(printing.SETS)}."})
    data = _render(ctx, form, found if form == "receipt" else found[0], paper=paper, form_set=form_set,
                   receiver_name=receiver, reason=reason, cooperating_units=cooperating, legal_basis=legal_basis)
    save(ctx, out, data, force=force)
    return Printed(out, form, [d.code for d in found], paper if form == "receipt" else "a5", len(data),
                   pdf_pages(data))


@dataclass
class Register:
    """The register (Mẫu 06) written to a file."""

    out: Path
    date_from: dt.date
    date_to: dt.date
    dossiers: int
    size: int
    pages: int

    def to_json(self) -> dict[str, Any]:
        return {"out": str(self.out), "from": self.date_from.isoformat(), "to": self.date_to.isoformat(),
                "dossiers": self.dossiers, "bytes": self.size, "pages": self.pages}


def check_register_range(date_from: dt.date, date_to: dt.date) -> None:
    if date_to < date_from:
        raise ValidationError({"to": "Ngày kết thúc phải bằng hoặc sau ngày bắt đầu."})
    if (date_to - date_from).days >= REGISTER_MAX_DAYS:
        raise ValidationError({"to": "Mỗi lần in sổ tối đa một năm; hãy chia thành nhiều khoảng ngày."})


def register_pdf(ctx: OpContext, date_from: dt.date, date_to: dt.date,
                 form_set: str | None = None) -> tuple[bytes, int]:
    """The register's PDF and how many dossiers it lists."""
    check_register_range(date_from, date_to)
    desk = ctx.desk
    f = SearchFilter(received_from=date_from, received_to=date_to)
    rows: list[DossierRow] = []
    with desk.db.read() as s:
        cursor = None
        while True:
            page = search.search(s, "", f, limit=search.MAX_LIMIT, cursor=cursor, now=desk.now())
            # Full details carry the handling unit, delivery and who collected the result.
            rows.extend(queries.detail_by_id(s, r.id) for r in page.rows)
            cursor = page.next_cursor
            if cursor is None:
                break
    try:
        data = printing.render_register(desk.agency, rows, date_from, date_to, form_set=form_set,
                                        forms_2025_from=forms_2025_from(ctx))
    except ValueError as exc:
        raise ValidationError({"set": str(exc)}) from None
    return data, len(rows)


def print_register(ctx: OpContext, date_from: dt.date, date_to: dt.date, out: Path, *,
                   form_set: str | None = None, force: bool = False) -> Register:
    data, count = register_pdf(ctx, date_from, date_to, form_set)
    save(ctx, out, data, force=force)
    return Register(out, date_from, date_to, count, len(data), pdf_pages(data))
