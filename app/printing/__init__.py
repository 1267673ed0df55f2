"""Official one-stop forms as PDF (Circular 01/2018/TT-VPCP, Mẫu 01–06): pure functions, data in, bytes out.

No database, no Qt: callers read a `DossierDetail` (services.queries) and the `AgencyInfo`
(desk.agency), convert them with the `*_from_*` helpers of `app.printing.slip`, and build. Any thread.

Builders (all return the PDF as bytes, fonts embedded):

- ``build_receipt_pdf(slip: ReceiptSlip, paper: str = "a5") -> bytes`` — Mẫu 01, two copies
  ("Liên 1: Lưu", "Liên 2: Giao người nộp"); paper "a5" (one copy per A5 page), "a4" (both A5 copies
  side by side on one A4 landscape sheet, to be cut) or "80mm" (roll, one page per copy).
  ``slip_from_details(agency, [detail, ...], receiver_name="")`` makes the slip; several details =
  one visit with several procedures on one slip.
- ``build_supplement_pdf(n: SupplementNotice) -> bytes`` — Mẫu 02; ``supplement_from_detail(agency, detail,
  guide_name="")`` takes the latest supplement request.
- ``build_refusal_pdf(n: RefusalNotice) -> bytes`` — Mẫu 03; ``refusal_from_detail(agency, detail,
  receiver_name="", reason="")``.
- ``build_apology_pdf(n: ApologyLetter) -> bytes`` — Mẫu 04; ``apology_from_detail(agency, detail,
  issued_at=None)`` takes the latest reschedule.
- ``build_control_pdf(sheet: ControlSheet) -> bytes`` — Mẫu 05; ``control_from_detail(agency, detail,
  cooperating_units="")`` reads the event / hand-over log.
- ``build_register_pdf(book: RegisterBook) -> bytes`` — Mẫu 06, A4 landscape;
  ``register_from_rows(agency, rows, date_from, date_to)`` accepts DossierRow or DossierDetail items.
- ``render_form(form, agency, detail, **extra) -> bytes`` — one call for the UI and the command line:
  form is "receipt" | "supplement" | "refusal" | "apology" | "control"; extra: ``paper`` (receipt),
  ``receiver_name`` (receipt, refusal), ``guide_name`` (supplement), ``reason`` (refusal),
  ``issued_at`` (apology), ``cooperating_units`` (control). For a receipt, ``detail`` may be a list of
  details (one visit).

Invalid input (unknown form or paper) raises ``ValueError`` with a Vietnamese message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.printing.control import build_control_pdf
from app.printing.notices import build_apology_pdf, build_refusal_pdf, build_supplement_pdf
from app.printing.receipt import build_receipt_pdf
from app.printing.register import build_register_pdf
from app.printing.slip import (
    ApologyLetter,
    ControlSheet,
    ReceiptSlip,
    RefusalNotice,
    RegisterBook,
    SupplementNotice,
    apology_from_detail,
    control_from_detail,
    refusal_from_detail,
    register_from_rows,
    slip_from_details,
    supplement_from_detail,
)

if TYPE_CHECKING:
    from app.services.desk import AgencyInfo
    from app.services.dto import DossierDetail

FORMS = {
    "receipt": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01)",
    "supplement": "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)",
    "refusal": "Phiếu từ chối tiếp nhận giải quyết hồ sơ (Mẫu 03)",
    "apology": "Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04)",
    "control": "Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 05)",
}


def render_form(form: str, agency: AgencyInfo, detail: DossierDetail | list[DossierDetail], **extra) -> bytes:  # type: ignore[no-untyped-def]
    """Build one form for one dossier (or, for a receipt, the dossiers of one visit)."""
    details = detail if isinstance(detail, list) else [detail]
    if form == "receipt":
        slip = slip_from_details(agency, details, extra.get("receiver_name", ""))
        return build_receipt_pdf(slip, extra.get("paper", "a5"))
    one = details[0]
    if form == "supplement":
        return build_supplement_pdf(supplement_from_detail(agency, one, extra.get("guide_name", "")))
    if form == "refusal":
        return build_refusal_pdf(refusal_from_detail(agency, one, extra.get("receiver_name", ""),
                                                     extra.get("reason", "")))
    if form == "apology":
        return build_apology_pdf(apology_from_detail(agency, one, extra.get("issued_at")))
    if form == "control":
        return build_control_pdf(control_from_detail(agency, one, extra.get("cooperating_units", "")))
    raise ValueError(f"Không có biểu mẫu «{form}». Hãy chọn: {', '.join(FORMS)}.")


__all__ = [
    "FORMS", "ApologyLetter", "ControlSheet", "ReceiptSlip", "RefusalNotice", "RegisterBook", "SupplementNotice",
    "apology_from_detail", "build_apology_pdf", "build_control_pdf", "build_receipt_pdf", "build_refusal_pdf",
    "build_register_pdf", "build_supplement_pdf", "control_from_detail", "refusal_from_detail",
    "register_from_rows", "render_form", "slip_from_details", "supplement_from_detail",
]
