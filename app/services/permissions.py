"""Who may do what: one table from action to roles, checked at the top of every service entry point.

The UI hides what a user may not do, but the services are where the rule holds: a call by the wrong
role raises PermissionDenied with a Vietnamese message naming the roles that may do it. A signed-in
actor carries `live` (see accounts): its role and active flag are re-read from the store at every
check, so a demoted or disabled session cannot use (or give back to itself) rights it no longer has. Roles follow
the desk: clerk (tiếp nhận, trả kết quả), officer (xử lý), leader (duyệt xin lỗi/hẹn lại, xem báo cáo),
admin (người dùng, thiết lập, danh mục, đồng bộ, sao lưu — and everything else). The `system` role is
for changes decided upstream and applied by the sync runner, never for a person.
"""

from __future__ import annotations

from app.errors import PermissionDenied
from app.services.dto import Actor
from app.services.status import Status

ROLE_LABELS = {"clerk": "Công chức tiếp nhận và trả kết quả", "officer": "Cán bộ xử lý", "leader": "Lãnh đạo",
               "admin": "Quản trị hệ thống"}
ADMIN = "admin"
SYSTEM = "system"

#: action -> roles allowed besides admin (admin may do everything).
RULES: dict[str, frozenset[str]] = {
    "dossier.receive": frozenset({"clerk"}),
    "dossier.correct": frozenset({"clerk"}),
    "dossier.accept_online": frozenset({"clerk"}),
    "dossier.refuse": frozenset({"clerk", "officer", "leader"}),
    "dossier.forward": frozenset({"clerk", "officer"}),
    "dossier.request_supplement": frozenset({"clerk", "officer"}),
    "dossier.await_payment": frozenset({"officer"}),
    "dossier.withdraw": frozenset({"clerk", "officer"}),
    "dossier.stop": frozenset({"officer", "leader"}),
    "dossier.result_ready": frozenset({"officer", "leader"}),
    "dossier.return": frozenset({"clerk"}),
    "dossier.handover": frozenset({"clerk", "officer", "leader"}),
    "dossier.rating": frozenset({"clerk"}),
    "dossier.reschedule": frozenset({"leader"}),
    "report.read": frozenset({"leader"}),
    "user.manage": frozenset(),
    "settings.change": frozenset(),
    "catalogue.change": frozenset(),
    "sync.configure": frozenset(),
    "backup.run": frozenset(),
    "backup.restore": frozenset(),
    "store.check": frozenset(),
    "store.encrypt": frozenset(),
    "register.import": frozenset(),
}

ACTION_LABELS = {
    "dossier.receive": "tiếp nhận hồ sơ",
    "dossier.correct": "sửa thông tin người nộp của hồ sơ đã lưu",
    "dossier.accept_online": "tiếp nhận hồ sơ trực tuyến",
    "dossier.refuse": "từ chối hồ sơ",
    "dossier.forward": "chuyển xử lý hồ sơ",
    "dossier.request_supplement": "yêu cầu bổ sung hồ sơ",
    "dossier.await_payment": "yêu cầu thực hiện nghĩa vụ tài chính",
    "dossier.withdraw": "ghi nhận công dân rút hồ sơ",
    "dossier.stop": "dừng xử lý hồ sơ",
    "dossier.result_ready": "ghi nhận đã xử lý xong",
    "dossier.return": "trả kết quả",
    "dossier.handover": "bàn giao hồ sơ",
    "dossier.rating": "ghi nhận mức hài lòng",
    "dossier.reschedule": "duyệt xin lỗi và hẹn lại ngày trả",
    "report.read": "xem báo cáo",
    "user.manage": "quản lý người dùng",
    "settings.change": "thay đổi thiết lập",
    "catalogue.change": "thay đổi danh mục thủ tục",
    "sync.configure": "cấu hình đồng bộ",
    "backup.run": "sao lưu dữ liệu",
    "backup.restore": "khôi phục dữ liệu",
    "store.check": "kiểm tra cơ sở dữ liệu",
    "store.encrypt": "bật/tắt mã hóa cơ sở dữ liệu",
    "register.import": "nhập sổ theo dõi hồ sơ từ hệ thống của tỉnh",
}

#: Workflow target status -> the action it needs.
MOVE_ACTIONS: dict[Status, str] = {
    Status.RECEIVED: "dossier.accept_online",
    Status.REFUSED: "dossier.refuse",
    Status.PROCESSING: "dossier.forward",
    Status.SUPPLEMENT_REQUESTED: "dossier.request_supplement",
    Status.AWAITING_PAYMENT: "dossier.await_payment",
    Status.WITHDRAWN: "dossier.withdraw",
    Status.STOPPED: "dossier.stop",
    Status.RESULT_READY: "dossier.result_ready",
    Status.RETURNED: "dossier.return",
}


def system_actor(name: str = "sync") -> Actor:
    """The actor for changes decided upstream (provincial system) and applied by the sync runner."""
    return Actor(username=f"system:{name}", full_name="Hệ thống một cửa của tỉnh", role=SYSTEM)


def current(actor: Actor) -> Actor | None:
    """The actor as the store says now (role, active); None when the account was disabled or removed."""
    return actor if actor.live is None else actor.live()


def allowed(actor: Actor, action: str) -> bool:
    if action not in RULES:
        raise KeyError(action)
    fresh = current(actor)
    return fresh is not None and _allowed(fresh, action)


def _allowed(actor: Actor, action: str) -> bool:
    if actor.role == ADMIN:
        return True
    if actor.role == SYSTEM:  # upstream decisions: dossier statuses and catalogue updates only
        return action.startswith("dossier.") or action == "catalogue.change"
    return actor.role in RULES[action]


def require(actor: Actor, action: str) -> None:
    """Raise PermissionDenied unless `actor` may do `action` (role and active flag read from the store)."""
    if action not in RULES:
        raise KeyError(action)
    fresh = current(actor)
    if fresh is None:
        raise PermissionDenied(f"Tài khoản {actor.username} đã bị vô hiệu hóa hoặc không còn trên máy này. Hãy đăng "
                               "xuất và đăng nhập bằng tài khoản đang dùng được, hoặc liên hệ quản trị hệ thống.")
    actor = fresh
    if _allowed(actor, action):
        return
    roles = [ROLE_LABELS[r] for r in sorted(RULES[action])] + [ROLE_LABELS[ADMIN]]
    label = ACTION_LABELS.get(action, action)
    mine = ROLE_LABELS.get(actor.role, actor.role or "không rõ")
    raise PermissionDenied(
        f"Tài khoản {actor.username} ({mine}) không có quyền {label}. Việc này dành cho: "
        f"{', '.join(roles)}. Hãy nhờ người có quyền thực hiện hoặc đề nghị quản trị phân quyền."
    )


def require_move(actor: Actor, target: Status) -> None:
    require(actor, MOVE_ACTIONS[target])


def actions_for(role: str) -> list[str]:
    """What a role may do (for the UI to enable buttons and for the user list)."""
    probe = Actor(username="probe", full_name="", role=role)
    return [a for a in RULES if _allowed(probe, a)]
