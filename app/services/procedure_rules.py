"""What an intake needs of a procedure, read once per catalogue revision and kept by the desk.

A clerk receives dossiers of the same few procedures all day. Reading the procedure, its papers and its
rule versions again for every Save costs three statements, which on a centre are three round trips to
the server and the server's time, at every counter. `ProcedureRules` is that read as plain values, and
`ProcedureCache` (one per desk: `Desk.procedures`) keeps one per reference.

The cache is never trusted blindly. Every change of a procedure raises its `revision` (catalogue
import), and the intake's own write transaction checks that the revision it validated against is still
the catalogue's when it writes (app.services.intake: on SQLite one read inside the write transaction; on
a centre's server inside the batch that numbers the dossier, app.services.seal_pg). When it is not,
nothing is written (`CatalogueChanged`), the cache is emptied and the intake is validated again on the
catalogue as it now is: a procedure stopped a minute ago is refused, a new time limit is applied. A
refusal is never made on a cached read either: a procedure the cache holds as stopped is read again
(it may have been resumed since).
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.models.db import Database
from app.services.catalogue import RuleVersion, find_procedure, rule_on, rule_versions
from app.services.dto import Component
from app.services.text import clean


class CatalogueChanged(Exception):
    """The procedure changed between the intake's check and its write: nothing was written."""


@dataclass(frozen=True)
class ProcedureRules:
    """A procedure as one revision of the catalogue has it, as far as intake is concerned."""

    id: int
    revision: int
    key: str
    national_code: str
    name: str
    field: str
    active: bool
    required: tuple[Component, ...]  # the papers the catalogue requires, in their order
    rules: tuple[RuleVersion, ...]  # catalogue.rule_versions: the base, then the dated versions

    def rule_on(self, day: dt.date) -> RuleVersion:
        return rule_on(self.rules, day)


def read_rules(session: Session, ref: str) -> ProcedureRules:
    """The procedure by local key or national code, as it is now (NotFoundError when there is none)."""
    p = find_procedure(session, ref)
    required = tuple(Component(c.name, c.originals, c.copies, c.photocopies) for c in p.components if c.required)
    return ProcedureRules(p.id, p.revision, p.key, p.national_code, p.name, p.field, p.active, required,
                          rule_versions(p))


class ProcedureCache:
    """`ProcedureRules` by the reference they were asked by; safe to share between a desk's threads."""

    def __init__(self) -> None:
        self._by_ref: dict[str, ProcedureRules] = {}
        self._lock = threading.Lock()

    def get(self, db: Database, ref: str, *, fresh: bool = False) -> ProcedureRules:
        """The procedure as last read, or as it is now when `fresh` (or never read)."""
        key = clean(ref)
        with self._lock:
            hit = None if fresh else self._by_ref.get(key)
        if hit is not None:
            return hit
        with db.read() as s:
            rules = read_rules(s, key)
        with self._lock:
            self._by_ref[key] = rules
        return rules

    def forget(self) -> None:
        with self._lock:
            self._by_ref.clear()
