"""Translatable names of codes shown in the window: statuses, channels, deliveries, priority groups, ratings.

The services keep the Vietnamese names for the command line and the forms; here the same names are
marked for Qt's translation system so the English interface can show them too (a test checks both lists
agree). Any thread; the translation lookup needs a QCoreApplication.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.services.status import Status

STATUS = {
    Status.REGISTERED: QT_TRANSLATE_NOOP("Labels", "Mới đăng ký"),
    Status.RECEIVED: QT_TRANSLATE_NOOP("Labels", "Đã tiếp nhận"),
    Status.REFUSED: QT_TRANSLATE_NOOP("Labels", "Không được tiếp nhận"),
    Status.PROCESSING: QT_TRANSLATE_NOOP("Labels", "Đang xử lý"),
    Status.SUPPLEMENT_REQUESTED: QT_TRANSLATE_NOOP("Labels", "Yêu cầu bổ sung giấy tờ"),
    Status.AWAITING_PAYMENT: QT_TRANSLATE_NOOP("Labels", "Chờ thực hiện nghĩa vụ tài chính"),
    Status.WITHDRAWN: QT_TRANSLATE_NOOP("Labels", "Công dân rút hồ sơ"),
    Status.STOPPED: QT_TRANSLATE_NOOP("Labels", "Dừng xử lý"),
    Status.RESULT_READY: QT_TRANSLATE_NOOP("Labels", "Đã xử lý xong"),
    Status.RETURNED: QT_TRANSLATE_NOOP("Labels", "Đã trả kết quả"),
}

CHANNELS = {
    "counter": QT_TRANSLATE_NOOP("Labels", "Trực tiếp tại quầy"),
    "online": QT_TRANSLATE_NOOP("Labels", "Trực tuyến"),
    "postal": QT_TRANSLATE_NOOP("Labels", "Bưu chính công ích"),
    "home": QT_TRANSLATE_NOOP("Labels", "Tại nhà (lưu động)"),
}

DELIVERIES = {
    "counter": QT_TRANSLATE_NOOP("Labels", "Tại Trung tâm Phục vụ hành chính công"),
    "post": QT_TRANSLATE_NOOP("Labels", "Qua dịch vụ bưu chính"),
}

PRIORITY_GROUPS = {
    "": QT_TRANSLATE_NOOP("Labels", "Không"),
    "merit": QT_TRANSLATE_NOOP("Labels", "Người có công với cách mạng"),
    "disabled": QT_TRANSLATE_NOOP("Labels", "Người khuyết tật"),
    "elderly": QT_TRANSLATE_NOOP("Labels", "Người cao tuổi"),
    "pregnant": QT_TRANSLATE_NOOP("Labels", "Phụ nữ mang thai"),
    "force_majeure": QT_TRANSLATE_NOOP("Labels", "Trường hợp bất khả kháng"),
}

RATINGS = {
    "very_satisfied": QT_TRANSLATE_NOOP("Labels", "Rất hài lòng"),
    "satisfied": QT_TRANSLATE_NOOP("Labels", "Hài lòng"),
    "unsatisfied": QT_TRANSLATE_NOOP("Labels", "Không hài lòng"),
}

ROLES = {
    "clerk": QT_TRANSLATE_NOOP("Labels", "Công chức tiếp nhận và trả kết quả"),
    "officer": QT_TRANSLATE_NOOP("Labels", "Cán bộ xử lý"),
    "leader": QT_TRANSLATE_NOOP("Labels", "Lãnh đạo"),
    "admin": QT_TRANSLATE_NOOP("Labels", "Quản trị hệ thống"),
}

#: The forms a dossier can print, by the name `app.printing.render_form` knows them.
FORMS = {
    "receipt": QT_TRANSLATE_NOOP("Labels", "Mẫu 01 — Giấy tiếp nhận và hẹn trả kết quả"),
    "supplement": QT_TRANSLATE_NOOP("Labels", "Mẫu 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
    "refusal": QT_TRANSLATE_NOOP("Labels", "Mẫu 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ"),
    "extension": QT_TRANSLATE_NOOP("Labels", "Mẫu 04 — Phiếu xin lỗi và hẹn lại ngày trả kết quả"),
    "stop": QT_TRANSLATE_NOOP("Labels", "Mẫu 05 (bộ 2025) — Thông báo dừng giải quyết hồ sơ"),
    "control": QT_TRANSLATE_NOOP("Labels", "Phiếu kiểm soát quá trình giải quyết (Mẫu 05 bộ 2018 / 06 bộ 2025)"),
}


def tr(text: str) -> str:
    return QCoreApplication.translate("Labels", text)


def status(code: int) -> str:
    return tr(STATUS[Status(code)])


def channel(key: str) -> str:
    return tr(CHANNELS[key]) if key in CHANNELS else key


def delivery(key: str) -> str:
    return tr(DELIVERIES[key]) if key in DELIVERIES else key


def priority(key: str) -> str:
    return tr(PRIORITY_GROUPS[key]) if key in PRIORITY_GROUPS else key


def rating(key: str) -> str:
    return tr(RATINGS[key]) if key in RATINGS else key


def role(key: str) -> str:
    return tr(ROLES[key]) if key in ROLES else key


def form(key: str) -> str:
    return tr(FORMS[key]) if key in FORMS else key
