"""Nothing typed is lost: the intake form is kept as a draft file in the data folder as it changes, put
back on the next start after a crash or a power cut, and the clerk is asked before a half-typed visit is
thrown away (Ctrl+N, Alt+F4, Ctrl+Q).

The draft is kept by `services.drafts.DraftStore`: one per desk account, written atomically and flushed
(a power cut leaves the previous draft or the new one, never half of one), encrypted with the store's
key on an encrypted desk. UI thread; the file is written on the Tasks writer lane (a slow disk or a
network share never holds the window), in the order asked, so the last draft wins and a discard is
never undone by an older save.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QMessageBox, QWidget

from app.services.drafts import DraftStore
from app.services.dto import Component

if TYPE_CHECKING:
    from app.ui.applicant_form import ApplicantForm
    from app.ui.intake_page import IntakePage

log = logging.getLogger(__name__)
SAVE_DELAY_MS = 400
PERSON_FIELDS = ("id_number", "name", "birth_date", "phone", "email", "address")


@dataclass
class PaperDraft:
    ticked: bool
    name: str
    originals: int
    copies: int
    photocopies: int


@dataclass
class PersonDraft:
    id_number: str = ""
    name: str = ""
    birth_date: str = ""
    sex: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""

    def is_empty(self) -> bool:
        return not any(getattr(self, f).strip() for f in PERSON_FIELDS)


@dataclass
class IntakeDraft:
    saved_at: str = ""
    procedures: list[str] = field(default_factory=list)
    papers: dict[str, list[PaperDraft]] = field(default_factory=dict)
    applicant: PersonDraft = field(default_factory=PersonDraft)
    owner: PersonDraft | None = None
    channel: str = ""
    delivery: str = ""
    priority: str = ""
    sets: int = 1
    fee_exempt: bool = False
    note: str = ""

    def is_empty(self) -> bool:
        """Nothing the clerk typed or chose (the defaults of a new visit do not count)."""
        return (not self.procedures and self.applicant.is_empty() and (self.owner is None or self.owner.is_empty())
                and not self.note.strip() and not self.priority and self.sets == 1 and not self.fee_exempt)

    @classmethod
    def from_json(cls, text: str) -> IntakeDraft:
        raw = json.loads(text)
        owner = raw.get("owner")
        return cls(saved_at=raw.get("saved_at", ""), procedures=list(raw.get("procedures", [])),
                   papers={k: [PaperDraft(**p) for p in v] for k, v in raw.get("papers", {}).items()},
                   applicant=PersonDraft(**raw.get("applicant", {})),
                   owner=PersonDraft(**owner) if owner else None, channel=raw.get("channel", ""),
                   delivery=raw.get("delivery", ""), priority=raw.get("priority", ""), sets=int(raw.get("sets", 1)),
                   fee_exempt=bool(raw.get("fee_exempt", False)), note=raw.get("note", ""))


class DraftFile:
    """The draft of one desk account, through `services.drafts.DraftStore` (plain or encrypted file)."""

    def __init__(self, store: DraftStore):
        self.store = store
        self.path = store.path

    def load(self) -> IntakeDraft | None:
        try:
            text = self.store.load()
            draft = IntakeDraft.from_json(text) if text else None
        except (OSError, ValueError, TypeError, KeyError, sqlite3.Error):
            log.warning("intake draft %s unreadable; ignored", self.path)
            return None
        return None if draft is None or draft.is_empty() else draft

    def write(self, draft: IntakeDraft | None) -> None:
        """Keep `draft`, or remove the file when None (any thread)."""
        if draft is None:
            self.store.clear()
        else:
            self.store.save(json.dumps(asdict(draft), ensure_ascii=False))


def person_draft(form: ApplicantForm) -> PersonDraft:
    return PersonDraft(**{f: getattr(form, f).text() for f in PERSON_FIELDS}, sex=form.sex.currentData() or "")


def fill_person(form: ApplicantForm, p: PersonDraft) -> None:
    for f in PERSON_FIELDS:
        getattr(form, f).setText(getattr(p, f))
    form.sex.setCurrentIndex(max(0, form.sex.findData(p.sex)))


class IntakeDrafts(QObject):
    """Keeps one intake page's draft: saved shortly after every change, restored once the catalogue is in."""

    #: A draft was put back into the form (when it had been saved, "HH:MM dd/mm/yyyy").
    restored = Signal(str)

    def __init__(self, page: IntakePage):
        super().__init__(page)
        self.page = page
        desk = page.ctx.desk
        self.file = DraftFile(DraftStore(desk, page.ctx.actor.username))
        self._restoring = False
        self._pending = self.file.load()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save_now)
        self._watch(page)

    def _watch(self, page: IntakePage) -> None:
        for w in page.findChildren(QLineEdit):
            w.textChanged.connect(self.changed)
        for w in page.findChildren(QComboBox):
            w.currentIndexChanged.connect(self.changed)
        page.note.textChanged.connect(self.changed)
        page.sets.valueChanged.connect(self.changed)
        page.fee_exempt.toggled.connect(self.changed)
        page.picker.chosen_changed.connect(self.changed)
        page.components.table.itemChanged.connect(self.changed)

    # --- the form <-> the draft ------------------------------------------------------------------
    def current(self) -> IntakeDraft:
        p = self.page
        papers = {key: [PaperDraft(t, c.name, c.originals, c.copies, c.photocopies) for t, c in items]
                  for key, items in p.components.lists().items()}
        owner = person_draft(p.owner) if p.owner_box.isChecked() else None
        return IntakeDraft(saved_at=p.ctx.desk.now().strftime("%H:%M %d/%m/%Y"),
                           procedures=[x.key for x in p.picker.chosen], papers=papers,
                           applicant=person_draft(p.applicant), owner=owner, channel=p.channel.currentData() or "",
                           delivery=p.delivery.currentData() or "", priority=p.priority.currentData() or "",
                           sets=p.sets.value(), fee_exempt=p.fee_exempt.isChecked(), note=p.note.toPlainText())

    def dirty(self) -> bool:
        return not self.current().is_empty()

    def changed(self, *_: object) -> None:
        if not self._restoring:
            self._timer.start()

    def save_now(self) -> None:
        """Queue the form as it is now on the writer lane (the window waits for that lane when it closes)."""
        self._timer.stop()
        draft = self.current()
        self._write(None if draft.is_empty() else draft)

    def discard(self) -> None:
        self._timer.stop()
        self._write(None)

    def _write(self, draft: IntakeDraft | None) -> None:
        self.page.ctx.tasks.run(self.file.write, draft, write=True,
                                on_error=lambda exc: log.warning("intake draft %s not written: %s", self.file.path,
                                                                 exc))

    def restore_pending(self) -> None:
        """Put back the draft found at start, once the procedures are known (called after each load)."""
        draft, self._pending = self._pending, None
        if draft is None:
            return
        p = self.page
        self._restoring = True
        try:
            for key in draft.procedures:
                p.picker.add(key)
            p.components.restore_lists({k: [(x.ticked, Component(x.name, x.originals, x.copies, x.photocopies))
                                            for x in v] for k, v in draft.papers.items()})
            fill_person(p.applicant, draft.applicant)
            p.owner_box.setChecked(draft.owner is not None)
            if draft.owner is not None:
                fill_person(p.owner, draft.owner)
            for box, value in ((p.channel, draft.channel), (p.delivery, draft.delivery), (p.priority, draft.priority)):
                if box.findData(value) >= 0:
                    box.setCurrentIndex(box.findData(value))
            p.sets.setValue(draft.sets)
            p.fee_exempt.setChecked(draft.fee_exempt)
            p.note.setPlainText(draft.note)
        finally:
            self._restoring = False
        self.restored.emit(draft.saved_at)


def ask(parent: QWidget, title: str, text: str, yes: str, no: str, on_yes: Callable[[], object],
        destructive: bool = False, default_yes: bool = False) -> QMessageBox:
    """A yes/no question that does not block the window (`open()`); `on_yes` runs on the first button.
    Enter answers "no" unless `default_yes` (Escape always answers "no")."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.DestructiveRole if destructive
                               else QMessageBox.ButtonRole.AcceptRole)
    no_button = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(yes_button if default_yes else no_button)
    box.setEscapeButton(no_button)
    box.buttonClicked.connect(lambda b: b is yes_button and on_yes())
    box.open()
    return box
