"""Validation of what a clerk types: citizen identity numbers, phone numbers, e-mail, lengths.

Citizen ID (Căn cước, 12 digits): province-of-registration code, century/sex digit, birth-year digits;
there is no check digit, so none is invented. The old 9-digit CMND is its own kind; from 1/1/2025 it is
no longer a valid identity document (Law on Identification 2023), so a new intake refuses it as the
applicant's number (`check_identity_document`), while dossiers received before keep theirs and a CMND
can still be listed as a paper handed in. Messages are Vietnamese and say what to fix. Pure functions,
any thread.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

PROVINCE_CODES: dict[str, str] = {
    "001": "Hà Nội", "002": "Hà Giang", "004": "Cao Bằng", "006": "Bắc Kạn", "008": "Tuyên Quang",
    "010": "Lào Cai", "011": "Điện Biên", "012": "Lai Châu", "014": "Sơn La", "015": "Yên Bái",
    "017": "Hòa Bình", "019": "Thái Nguyên", "020": "Lạng Sơn", "022": "Quảng Ninh", "024": "Bắc Giang",
    "025": "Phú Thọ", "026": "Vĩnh Phúc", "027": "Bắc Ninh", "030": "Hải Dương", "031": "Hải Phòng",
    "033": "Hưng Yên", "034": "Thái Bình", "035": "Hà Nam", "036": "Nam Định", "037": "Ninh Bình",
    "038": "Thanh Hóa", "040": "Nghệ An", "042": "Hà Tĩnh", "044": "Quảng Bình", "045": "Quảng Trị",
    "046": "Thừa Thiên Huế", "048": "Đà Nẵng", "049": "Quảng Nam", "051": "Quảng Ngãi",
    "052": "Bình Định", "054": "Phú Yên", "056": "Khánh Hòa", "058": "Ninh Thuận", "060": "Bình Thuận",
    "062": "Kon Tum", "064": "Gia Lai", "066": "Đắk Lắk", "067": "Đắk Nông", "068": "Lâm Đồng",
    "070": "Bình Phước", "072": "Tây Ninh", "074": "Bình Dương", "075": "Đồng Nai",
    "077": "Bà Rịa–Vũng Tàu", "079": "TP Hồ Chí Minh", "080": "Long An", "082": "Tiền Giang",
    "083": "Bến Tre", "084": "Trà Vinh", "086": "Vĩnh Long", "087": "Đồng Tháp", "089": "An Giang",
    "091": "Kiên Giang", "092": "Cần Thơ", "093": "Hậu Giang", "094": "Sóc Trăng", "095": "Bạc Liêu",
    "096": "Cà Mau",
}



@dataclass(frozen=True)
class CitizenId:
    kind: str  # cccd | cmnd | other
    number: str
    province: str = ""
    sex: str = ""  # m | f
    birth_year: int | None = None

    @property
    def national_kind(self) -> int:
        """DinhDanhCHS.LoaiDinhDanh: 1 for the 12-digit number, 2 for anything else."""
        return 1 if self.kind == "cccd" else 2


def parse_citizen_id(raw: str, *, kind: str = "", birth_date: dt.date | None = None,
                     sex: str = "") -> CitizenId:
    """Parse and check an identity number; raises ValueError with a Vietnamese message."""
    number = re.sub(r"[\s.\-]", "", raw or "")
    if not number:
        raise ValueError("Chưa nhập số giấy tờ tùy thân.")
    if kind == "other":
        if len(number) > 20:
            raise ValueError("Số giấy tờ quá dài (tối đa 20 ký tự).")
        return CitizenId("other", number)
    if not number.isdigit():
        raise ValueError("Số định danh chỉ gồm chữ số, không có chữ cái hay ký hiệu.")
    if kind == "cmnd" or (not kind and len(number) == 9):
        if len(number) != 9:
            raise ValueError(f"Số CMND phải có đúng 9 chữ số (đang có {len(number)}).")
        return CitizenId("cmnd", number)
    if len(number) != 12:
        raise ValueError(
            f"Số định danh cá nhân (căn cước) phải có đúng 12 chữ số (đang có {len(number)}); "
            "CMND cũ có 9 chữ số."
        )
    province = number[:3]
    if province not in PROVINCE_CODES:
        raise ValueError(f"Ba số đầu «{province}» không phải mã tỉnh/thành nơi đăng ký khai sinh.")
    century_digit = int(number[3])
    century = 1900 + 100 * (century_digit // 2)
    id_sex = "m" if century_digit % 2 == 0 else "f"
    birth_year = century + int(number[4:6])
    if birth_year > dt.date.today().year:
        raise ValueError(f"Số thứ 4–6 cho năm sinh {birth_year}, chưa tới: hãy kiểm tra lại số định danh.")
    if birth_date is not None and birth_date.year != birth_year:
        raise ValueError(
            f"Số định danh cho năm sinh {birth_year} nhưng ngày sinh đã nhập là năm {birth_date.year}."
        )
    if sex and sex != id_sex:
        said = "nam" if id_sex == "m" else "nữ"
        raise ValueError(f"Số thứ tư của số định danh cho giới tính {said}, khác với giới tính đã chọn.")
    return CitizenId("cccd", number, PROVINCE_CODES[province], id_sex, birth_year)


#: From this day the 9-digit CMND is no longer a valid identity document (Law on Identification 2023).
CMND_INVALID_FROM = dt.date(2025, 1, 1)


def check_identity_document(cid: CitizenId, received_on: dt.date) -> None:
    """Refuse the old 9-digit CMND as the applicant's identity number of a dossier received from 1/1/2025."""
    if cid.kind == "cmnd" and received_on >= CMND_INVALID_FROM:
        raise ValueError(
            "Từ ngày 01/01/2025 Chứng minh nhân dân 9 số không còn là giấy tờ tùy thân hợp lệ. Hãy nhập số định "
            "danh cá nhân 12 chữ số (in trên thẻ căn cước, hoặc tra trên ứng dụng VNeID; người từng có CMND "
            "đều đã có số này). Bản CMND cũ vẫn có thể ghi vào thành phần hồ sơ nếu công dân nộp kèm."
        )


def normalize_phone(raw: str) -> str:
    """Vietnamese phone numbers in one form: 0xxxxxxxxx. '+84 912…', '84912…' and '0912…' are the same."""
    digits = re.sub(r"[\s.\-()]", "", raw or "")
    if not digits:
        return ""
    if digits.startswith("+"):
        digits = digits[1:]
        if not digits.startswith("84"):
            raise ValueError("Chỉ nhận số điện thoại Việt Nam (bắt đầu bằng 0 hoặc +84).")
    if not digits.isdigit():
        raise ValueError("Số điện thoại chỉ gồm chữ số (có thể bắt đầu bằng +84).")
    if digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    if not digits.startswith("0") or len(digits) not in (10, 11):
        raise ValueError("Số điện thoại phải có 10 chữ số, bắt đầu bằng 0 (ví dụ 0912345678).")
    return digits


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def check_email(raw: str) -> str:
    email = (raw or "").strip()
    if email and (not _EMAIL.match(email) or len(email) > 120):
        raise ValueError("Địa chỉ email chưa đúng dạng (ví dụ ten@example.vn).")
    return email
