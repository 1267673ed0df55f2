"""What every widget is built from: the open desk, the signed-in actor, the task helper and the change bus.

`AppBus.changed(kind, ids)` is the one app-level signal that says what changed (kinds: "dossier",
"settings", "catalogue", "sync"); each view decides whether to refresh. Created and used on the UI thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from app.operations.base import Changes, OpContext
from app.services import permissions
from app.services.desk import Desk
from app.services.dto import Actor
from app.ui.tasks import Tasks

if TYPE_CHECKING:
    from app.ui.sync_worker import SyncController


class AppBus(QObject):
    changed = Signal(str, list)
    #: A short message for the user: (text, level) with level "info" | "ok" | "error".
    message = Signal(str, str)


@dataclass
class UiContext:
    desk: Desk
    actor: Actor
    tasks: Tasks = field(default_factory=Tasks)
    bus: AppBus = field(default_factory=AppBus)
    #: The window's one sync controller (created on first use by `sync_worker.controller_for`).
    sync: SyncController | None = None

    @property
    def op(self) -> OpContext:
        """Who acts on which desk, for the operations the widgets call."""
        return OpContext(self.desk, self.actor)

    def can(self, action: str) -> bool:
        """Whether the signed-in user may do `action` (the UI hides or disables what they may not)."""
        return permissions.allowed(self.actor, action)

    def setting(self, key: str):  # type: ignore[no-untyped-def]
        return self.desk.setting(key)

    def notify_changed(self, kind: str, ids: list | None = None) -> None:
        self.bus.changed.emit(kind, list(ids or []))

    def announce(self, *changes: Changes) -> None:
        """Tell every view what an operation changed (its `Changes`)."""
        for c in changes:
            self.notify_changed(c.kind, list(c.ids))

    def say(self, text: str, level: str = "info") -> None:
        self.bus.message.emit(text, level)
