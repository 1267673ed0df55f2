"""Dossier status codes (TrangThaiHoSo), channels and the table of allowed workflow moves."""

from __future__ import annotations

from enum import IntEnum


class Status(IntEnum):
    REGISTERED = 1
    RECEIVED = 2
    REFUSED = 3
    PROCESSING = 4
    SUPPLEMENT_REQUESTED = 5
    AWAITING_PAYMENT = 6
    WITHDRAWN = 7
    STOPPED = 8
    RESULT_READY = 9
    RETURNED = 10

    @property
    def slug(self) -> str:
        return self.name.lower()

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @classmethod
    def from_slug(cls, slug: str) -> Status:
        key = slug.strip().lower().replace("-", "_")
        if key.isdigit() and int(key) in cls._value2member_map_:
            return cls(int(key))
        try:
            return cls[key.upper()]
        except KeyError:
            names = ", ".join(s.slug for s in cls)
            raise ValueError(f"Trạng thái «{slug}» không có. Chọn một trong: {names}.") from None


STATUS_LABELS = {
    Status.REGISTERED: "Mới đăng ký",
    Status.RECEIVED: "Đã tiếp nhận",
    Status.REFUSED: "Không được tiếp nhận",
    Status.PROCESSING: "Đang xử lý",
    Status.SUPPLEMENT_REQUESTED: "Yêu cầu bổ sung giấy tờ",
    Status.AWAITING_PAYMENT: "Chờ thực hiện nghĩa vụ tài chính",
    Status.WITHDRAWN: "Công dân rút hồ sơ",
    Status.STOPPED: "Dừng xử lý",
    Status.RESULT_READY: "Đã xử lý xong",
    Status.RETURNED: "Đã trả kết quả",
}

S = Status
ALLOWED_MOVES: dict[Status, frozenset[Status]] = {
    S.REGISTERED: frozenset({S.RECEIVED, S.REFUSED, S.WITHDRAWN}),
    S.RECEIVED: frozenset({S.PROCESSING, S.SUPPLEMENT_REQUESTED, S.AWAITING_PAYMENT, S.RESULT_READY,
                           S.REFUSED, S.WITHDRAWN, S.STOPPED}),
    S.PROCESSING: frozenset({S.SUPPLEMENT_REQUESTED, S.AWAITING_PAYMENT, S.RESULT_READY, S.REFUSED,
                             S.WITHDRAWN, S.STOPPED}),
    S.SUPPLEMENT_REQUESTED: frozenset({S.PROCESSING, S.WITHDRAWN, S.STOPPED}),
    S.AWAITING_PAYMENT: frozenset({S.PROCESSING, S.RESULT_READY, S.WITHDRAWN, S.STOPPED}),
    S.RESULT_READY: frozenset({S.RETURNED}),
    S.REFUSED: frozenset(),
    S.WITHDRAWN: frozenset(),
    S.STOPPED: frozenset(),
    S.RETURNED: frozenset(),
}

#: Statuses whose clock is running: these can be overdue.
RUNNING = (S.RECEIVED, S.PROCESSING, S.AWAITING_PAYMENT)
#: Statuses that mean the dossier is still open at the desk.
OPEN = (S.REGISTERED, S.RECEIVED, S.PROCESSING, S.SUPPLEMENT_REQUESTED, S.AWAITING_PAYMENT)
#: Statuses that end processing (result ready, refused, withdrawn, stopped) — sets finished_at.
FINISHING = (S.RESULT_READY, S.REFUSED, S.WITHDRAWN, S.STOPPED)

CHANNELS = {"counter": "Trực tiếp tại quầy", "online": "Trực tuyến", "postal": "Bưu chính công ích",
            "home": "Tại nhà (lưu động)"}
#: KenhThucHien of the national sync: home visits are in-person there.
CHANNEL_NATIONAL = {"counter": 1, "online": 2, "postal": 3, "home": 1}
DELIVERIES = {"counter": "Tại Trung tâm Phục vụ hành chính công", "post": "Qua dịch vụ bưu chính"}
PRIORITY_GROUPS = {
    "": "Không",
    "merit": "Người có công với cách mạng",
    "disabled": "Người khuyết tật",
    "elderly": "Người cao tuổi",
    "pregnant": "Phụ nữ mang thai",
    "force_majeure": "Trường hợp bất khả kháng",
}
