"""The two records every operation shares: who acts on which desk (`OpContext`) and what changed
(`Changes`). Nothing else lives here."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.services.desk import Desk
from app.services.dto import Actor

#: Kinds of change an operation announces; the UI's `AppBus.changed(kind, ids)` carries the same words.
KINDS = ("dossier", "user", "settings", "catalogue", "calendar", "files", "sync", "store")


@dataclass(frozen=True)
class OpContext:
    """The open desk and the desk account acting on it (never an OS login for changes)."""

    desk: Desk
    actor: Actor


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
