"""The records every operation shares: who acts on which desk (`OpContext`) and what changed (`Changes`),
and the checks every operation starts with (`require`, `require_account`). Nothing else lives here."""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field

from app.errors import PermissionDenied
from app.services import permissions
from app.services.desk import Desk
from app.services.dto import Actor

#: Kinds of change an operation announces; the UI's `AppBus.changed(kind, ids)` carries the same words.
KINDS = ("dossier", "user", "settings", "catalogue", "calendar", "files", "sync", "store")
#: Usernames of operating-system accounts start with this (commands that may run without a desk account).
OS_PREFIX = "os:"


@dataclass(frozen=True)
class OpContext:
    """The open desk and the account acting on it: a desk account, or the OS account for the few
    commands that may run without one (reads, sync, backup, check, audit verify)."""

    desk: Desk
    actor: Actor

    @property
    def is_desk_account(self) -> bool:
        return not self.actor.username.startswith((OS_PREFIX, "system:"))

    def require(self, action: str) -> None:
        """The acting account may do `action` (permissions.RULES), else PermissionDenied in Vietnamese."""
        permissions.require(self.actor, action)

    def require_account(self, action: str | None = None) -> None:
        """A change: it needs a signed-in desk account (with the permission `action`), never the OS login."""
        if not self.is_desk_account:
            label = permissions.ACTION_LABELS.get(action, action) if action else "thay đổi dữ liệu"
            raise PermissionDenied(
                f"Việc {label} cần đăng nhập bằng tài khoản của bộ phận một cửa. Trong ứng dụng: đăng nhập "
                "bằng tài khoản của bạn. Trên dòng lệnh: motcua --user TÊN_ĐĂNG_NHẬP … (mật khẩu được hỏi, "
                "hoặc --password-stdin).")
        if action:
            self.require(action)


def os_actor() -> Actor:
    """The operating-system account that runs a read, sync, backup or check without a desk account; the
    audit log records it under this name. Never the name printed on a form."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # no login name in some service contexts
        name = "system"
    return Actor(username=f"{OS_PREFIX}{name}", full_name=name, role=permissions.ADMIN)


@dataclass(frozen=True)
class Changes:
    """What an operation changed: one kind and the ids (dossier ids, user names, setting keys…)."""

    kind: str
    ids: tuple[int | str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown change kind {self.kind!r}")

    @classmethod
    def of(cls, kind: str, *ids: int | str) -> Changes:
        return cls(kind, tuple(ids))


#: An operation that changed nothing (reads).
NOTHING: tuple[Changes, ...] = ()
