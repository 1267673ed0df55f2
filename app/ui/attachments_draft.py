"""The papers of a dossier not saved yet (the intake page), and what waits for its save.

Before the intake saves the dossier, the attachments panel lists the intake form's components; files the
clerk attaches and earlier papers they reuse wait here per component (a reuse replaces files waiting at
the same component, and what waits at a component the form no longer has is dropped). Right after the
save the panel takes the jobs (`take_jobs`) and runs them. Plain data, no widgets; its texts belong to
the panel's translation context. UI thread.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication


class DraftPapers:
    def __init__(self) -> None:
        self.names: list[str] = []
        self.files: dict[int, list[Path]] = {}  # component position -> files waiting for the save
        self.reuses: dict[int, str] = {}  # component position -> attachment uuid to reuse

    def reset(self, names: list[str]) -> None:
        self.names = list(names)
        self.files.clear()
        self.reuses.clear()

    def rename(self, names: list[str]) -> None:
        """The form's papers changed (ticked, added): keep what waits for the papers still there."""
        self.names = list(names)
        for waiting in (self.files, self.reuses):
            for position in [p for p in waiting if p > len(names)]:
                del waiting[position]

    def add_files(self, position: int, paths: list[Path]) -> None:
        self.files.setdefault(position, []).extend(paths)

    def reuse(self, position: int, uuid: str) -> None:
        self.reuses[position] = uuid
        self.files.pop(position, None)

    def waiting(self) -> bool:
        return bool(self.files or self.reuses)

    def rows(self) -> list[tuple[int, str]]:
        """(position, the line the panel shows) for each component of the form."""
        out = []
        for position, name in enumerate(self.names, start=1):
            if position in self.reuses:
                state = QCoreApplication.translate("AttachmentsPanel", "dùng lại (đính kèm khi lưu hồ sơ)")
            elif position in self.files:
                state = QCoreApplication.translate("AttachmentsPanel", "{n} tệp chờ đính kèm khi lưu hồ sơ").format(
                    n=len(self.files[position]))
            else:
                state = QCoreApplication.translate("AttachmentsPanel", "chưa số hóa")
            out.append((position, f"{position}. {name} — {state}"))
        return out

    def take_jobs(self) -> list[tuple[int, list[Path], str | None]]:
        """What waited, in order (files, then reuses, by component), as (position, files, uuid to reuse);
        nothing waits any more."""
        jobs: list[tuple[int, list[Path], str | None]] = [(pos, paths, None) for pos, paths in sorted(self.files.items())]
        jobs += [(pos, [], uuid) for pos, uuid in sorted(self.reuses.items())]
        self.files.clear()
        self.reuses.clear()
        return jobs
