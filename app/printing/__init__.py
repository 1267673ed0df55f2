"""Official one-stop forms as PDF: pure functions, data in, bytes out (no database, no Qt, any thread).

Two form sets, as data in resources/forms/ (see `app.printing.formsets`): "2018" (Circular
01/2018/TT-VPCP, Mẫu 01–06) and "2025" (Circular 03/2025/TT-VPCP, Mẫu 01–07). A dossier prints with
the set in force on the day it was received, so reprints of older dossiers keep their set.

Front ends call two functions:

- ``render_form(kind, agency, detail, *, paper="a5", form_set=None, forms_2025_from=None,
  receiver_name="", guide_name="", reason="", legal_basis="", cooperating_units="", issued_at=None)``
  → PDF bytes. kind: "receipt" (Mẫu 01; `detail` may be a list = one visit; paper "a5" | "a4" |
  "80mm"), "supplement" (02), "refusal" (03), "extension" (04), "stop" (05, 2025 set only), "control"
  (05 of 2018 / 06 of 2025). form_set: "2018" | "2025" | None (None: chosen from the dossier's
  received date and `forms_2025_from`, the setting of that name: a date, ISO text or empty for the
  date in 2025.json). archive=True gives PDF/A-2b, validated (≈ 60–100 ms more: for archive copies).
- ``render_register(agency, rows, date_from, date_to, *, form_set=None, forms_2025_from=None,
  archive=False)`` → the
  register (06 of 2018 / 07 of 2025), A4 landscape; the set is the one in force on `date_to`.

``form_set_for(received, forms_2025_from)`` tells which set a date falls under;
``printable(detail, forms_2025_from)`` lists the kinds a dossier can print now (its workflow and set).

Invalid input (unknown form, paper or set, a form the set does not have) raises ``ValueError`` with a
Vietnamese message.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from app.printing.control import build_control_pdf
from app.printing.convert import (
    REFUSED,
    STOPPED,
    control_from_detail,
    extension_from_detail,
    refusal_from_detail,
    register_from_rows,
    slip_from_details,
    stop_from_detail,
    supplement_from_detail,
)
from app.printing.formsets import KINDS, SETS, FormKind, FormSet, form_set_for, load
from app.printing.letters import build_extension_pdf, build_stop_pdf
from app.printing.notices import build_refusal_pdf, build_supplement_pdf
from app.printing.receipt import build_receipt_pdf
from app.printing.register import build_register_pdf
from app.printing.render import to_pdfa

if TYPE_CHECKING:
    from app.services.desk import AgencyInfo
    from app.services.dto import DossierDetail, DossierRow

#: The forms one dossier can print, by the kind `render_form` knows them (the register is separate).
FORMS: dict[str, str] = {
    "receipt": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    "supplement": "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
    "refusal": "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
    "extension": "Văn bản xin lỗi và đề nghị gia hạn (2018: phiếu xin lỗi và hẹn lại ngày trả kết quả)",
    "stop": "Thông báo dừng giải quyết hồ sơ (bộ mẫu 2025)",
    "control": "Phiếu kiểm soát quá trình giải quyết hồ sơ",
}


def choose_set(received: dt.date | dt.datetime, form_set: str | None, forms_2025_from: object) -> FormSet:
    """The set asked for, or the one in force on the received date."""
    if form_set:
        if form_set not in SETS:
            raise ValueError(f"Không có bộ biểu mẫu «{form_set}». Hãy chọn: {', '.join(SETS)}.")
        return load(form_set)
    return load(form_set_for(received, forms_2025_from))


def render_form(kind: FormKind, agency: AgencyInfo, detail: DossierDetail | list[DossierDetail], *,
                paper: str = "a5", form_set: str | None = None, forms_2025_from: object = None,
                receiver_name: str = "", guide_name: str = "", reason: str = "", legal_basis: str = "",
                cooperating_units: str = "", issued_at: dt.datetime | None = None, archive: bool = False) -> bytes:
    """One form of one dossier (or, for a receipt, the dossiers of one visit) as PDF bytes;
    `archive`: PDF/A-2b, validated (for the dossier's archive copy, not for the counter printer)."""
    data = _build(kind, agency, detail, paper=paper, form_set=form_set, forms_2025_from=forms_2025_from,
                  receiver_name=receiver_name, guide_name=guide_name, reason=reason, legal_basis=legal_basis,
                  cooperating_units=cooperating_units, issued_at=issued_at)
    return to_pdfa(data) if archive else data


def _build(kind: str, agency: AgencyInfo, detail: DossierDetail | list[DossierDetail], *, paper: str,
           form_set: str | None, forms_2025_from: object, receiver_name: str, guide_name: str, reason: str,
           legal_basis: str, cooperating_units: str, issued_at: dt.datetime | None) -> bytes:
    details = detail if isinstance(detail, list) else [detail]
    form = kind
    if not details:
        raise ValueError("Cần ít nhất một hồ sơ để in biểu mẫu.")
    if form not in FORMS:
        raise ValueError(f"Không có biểu mẫu «{form}». Hãy chọn: {', '.join(FORMS)}.")
    one = details[0]
    fs = choose_set(one.received_at, form_set, forms_2025_from)
    fs.form(form)  # a form the set does not have (stop in 2018) is refused before anything is built
    if form == "receipt":
        return build_receipt_pdf(slip_from_details(agency, details, receiver_name), fs, paper)
    if form == "supplement":
        return build_supplement_pdf(supplement_from_detail(agency, one, guide_name), fs)
    if form == "refusal":
        return build_refusal_pdf(refusal_from_detail(agency, one, receiver_name, reason), fs)
    if form == "extension":
        return build_extension_pdf(extension_from_detail(agency, one, issued_at), fs)
    if form == "stop":
        return build_stop_pdf(stop_from_detail(agency, one, issued_at, reason, legal_basis), fs)
    return build_control_pdf(control_from_detail(agency, one, cooperating_units), fs)


def printable(detail: DossierDetail, forms_2025_from: object = None) -> list[str]:
    """The forms this dossier can print now, in its set: what the workflow has produced so far."""
    fs = choose_set(detail.received_at, None, forms_2025_from)
    kinds = ["receipt", "control"]
    if detail.supplements:
        kinds.append("supplement")
    if detail.status == REFUSED:
        kinds.append("refusal")
    if detail.reschedules:
        kinds.append("extension")
    if detail.status == STOPPED and "stop" in fs.forms:
        kinds.append("stop")
    return kinds


def render_register(agency: AgencyInfo, rows: list[DossierRow], date_from: dt.date, date_to: dt.date, *,
                    form_set: str | None = None, forms_2025_from: object = None, archive: bool = False) -> bytes:
    """The register of the dossiers received in [date_from, date_to] as PDF bytes (PDF/A-2b if `archive`)."""
    fs = choose_set(date_to, form_set, forms_2025_from)
    data = build_register_pdf(register_from_rows(agency, rows, date_from, date_to), fs)
    return to_pdfa(data) if archive else data


__all__ = [
    "FORMS", "KINDS", "SETS", "FormKind", "FormSet", "choose_set", "form_set_for", "load", "printable", "render_form",
    "render_register",
]
