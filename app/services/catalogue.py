"""The procedure catalogue: load the shipped list, import updates, list and look up procedures.

An import updates or adds procedures by key and deactivates none silently; dossiers already received
keep the name and time-limit rule copied onto them at intake, so an import never changes them. Entries
are checked one by one (catalogue_entry): a bad entry is skipped and named, the good ones go in.
`national_code` holds only codes confirmed in a public source; without one the desk's key is used and
flagged as "mã nội bộ", never shown as a national code. A procedure carries its legal basis and the date
it is in force from, and may hold later versions (a new law taking effect): `version_on` gives the one in
force on a day, which intake copies onto the dossier.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.errors import NotFoundError, ValidationError
from app.models import Procedure, ProcedureComponent, ProcedureVersion
from app.paths import resources_dir
from app.services import permissions
from app.services.dto import Actor, Component
from app.services.journal import audit
from app.services.text import clean, fold

if TYPE_CHECKING:  # the entry checker (pydantic) loads when a catalogue file is read
    from app.services.catalogue_entry import ProcedureIn


@dataclass
class ProcedurePaper(Component):
    """A paper the catalogue asks for: a `Component` (name and numbers, `position` its place in the
    procedure's list) plus whether it is required. Its own type because a requirement is not a paper handed
    in: intake copies only the required ones onto the dossier, as plain `Component`s, and optional ones are
    offered for the clerk to tick."""

    required: bool = True

    def to_json(self) -> dict[str, Any]:
        """As `catalogue list --json` has always printed it: name, numbers and `required`."""
        return {k: v for k, v in vars(self).items() if k != "position"}


@dataclass
class ProcedureInfo:
    id: int
    key: str
    national_code: str
    name: str
    field: str
    limit_kind: str
    limit_value: int
    limit_text: str
    fee_text: str
    fee_amount: int
    home_visit: bool
    active: bool
    components: list[ProcedurePaper] = dataclasses.field(default_factory=list)
    legal_basis: str = ""
    basis_from: dt.date | None = None
    unconfirmed: str = ""
    versions: list[RuleVersion] = dataclasses.field(default_factory=list)

    @property
    def code(self) -> str:
        """The code shown and synced: the confirmed national code, else the local key (see code_local)."""
        return self.national_code or self.key

    @property
    def code_local(self) -> bool:
        """No confirmed national code: forms and lists say "mã nội bộ" beside the key."""
        return not self.national_code

    def to_json(self) -> dict[str, Any]:
        out = {k: v for k, v in vars(self).items() if k not in ("components", "versions")}
        return {**out, "basis_from": self.basis_from.isoformat() if self.basis_from else None,
                "code": self.code, "code_local": self.code_local, "components": [c.to_json() for c in self.components],
                "versions": [v.to_json() for v in self.versions]}


@dataclass(frozen=True)
class RuleVersion:
    """The limit, fee and legal basis in force from a day (None: the procedure's own, base version)."""

    effective_from: dt.date | None
    limit_kind: str
    limit_value: int
    limit_text: str
    fee_text: str
    fee_amount: int
    legal_basis: str

    def to_json(self) -> dict[str, Any]:
        return {**vars(self), "effective_from": self.effective_from.isoformat() if self.effective_from else None}


def rule_versions(p: Procedure) -> tuple[RuleVersion, ...]:
    """The procedure's base rule, then its dated versions in the order they take effect."""
    base = RuleVersion(p.basis_from, p.limit_kind, p.limit_value, p.limit_text, p.fee_text, p.fee_amount,
                       p.legal_basis)
    dated = sorted(p.versions, key=lambda v: v.effective_from)
    return (base, *(RuleVersion(v.effective_from, v.limit_kind, v.limit_value, v.limit_text, v.fee_text,
                                v.fee_amount, v.legal_basis) for v in dated))


def rule_on(rules: tuple[RuleVersion, ...], day: dt.date) -> RuleVersion:
    """Of `rule_versions`, the one in force on `day`: the latest that took effect on or before it, else
    the base."""
    chosen = rules[0]
    for v in rules[1:]:
        if v.effective_from is not None and v.effective_from <= day:
            chosen = v
    return chosen


def version_on(p: Procedure, day: dt.date) -> RuleVersion:
    """The rule in force on `day`: the latest version that took effect on or before it, else the base."""
    return rule_on(rule_versions(p), day)


def default_catalogue_file() -> Path:
    return resources_dir() / "catalogue" / "procedures.json"


def _info(p: Procedure, on: dt.date | None = None) -> ProcedureInfo:
    """The procedure as it reads on `on` (today by default): limit, fee and legal basis of the version
    in force that day; `versions` lists the later ones too."""
    rule = version_on(p, on or dt.date.today())
    return ProcedureInfo(p.id, p.key, p.national_code, p.name, p.field, rule.limit_kind, rule.limit_value,
                         rule.limit_text, rule.fee_text, rule.fee_amount, p.home_visit, p.active,
                         [ProcedurePaper(c.name, c.originals, c.copies, c.photocopies, c.position, c.required)
                          for c in p.components], rule.legal_basis, rule.effective_from, p.unconfirmed,
                         [RuleVersion(v.effective_from, v.limit_kind, v.limit_value, v.limit_text, v.fee_text,
                                      v.fee_amount, v.legal_basis) for v in p.versions])


@dataclass(frozen=True)
class ParsedCatalogue:
    entries: list[ProcedureIn]
    skipped: list[str]  # one Vietnamese line per bad entry, skipped


def parse_catalogue(path: Path) -> ParsedCatalogue:
    """Read a catalogue file; a file that is not a catalogue at all raises ValidationError, a bad entry
    is only skipped and named."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValidationError({"file": f"Không tìm thấy tệp danh mục {path}."}) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValidationError({"file": f"Tệp danh mục {path} không phải JSON hợp lệ (UTF-8): {exc}."}) from None
    items = data.get("procedures") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise ValidationError({"file": "Tệp danh mục phải có danh sách «procedures» không rỗng."})
    from app.services.catalogue_entry import check_entries

    checked = check_entries(items)
    if not checked.accepted:
        raise ValidationError({"file": "Không thủ tục nào trong tệp danh mục hợp lệ: "
                                       + " ".join(checked.skipped[:5])})
    return ParsedCatalogue(checked.accepted, checked.skipped)


def _fields(e: ProcedureIn) -> dict[str, Any]:
    return {"national_code": e.national_code, "name": e.name, "name_folded": fold(e.name), "field": e.field,
            "field_code": clean(e.field_code), "limit_kind": e.limit.kind,
            "limit_value": e.limit.value if e.limit.kind != "same_day" else 0, "limit_text": clean(e.limit.text),
            "fee_text": e.fee_text, "fee_amount": e.fee_amount, "legal_basis": clean(e.legal_basis, multiline=True),
            "basis_from": e.basis_from, "unconfirmed": e.unconfirmed, "home_visit": e.home_visit,
            "active": e.active}


def _versions(e: ProcedureIn) -> list[dict[str, Any]]:
    return [{"effective_from": v.effective_from, "limit_kind": v.limit.kind,
             "limit_value": v.limit.value if v.limit.kind != "same_day" else 0, "limit_text": clean(v.limit.text),
             "fee_text": clean(v.fee_text), "fee_amount": v.fee_amount,
             "legal_basis": clean(v.legal_basis, multiline=True)} for v in e.versions]


def import_catalogue(session: Session, path: Path, actor: Actor | str, now: dt.datetime) -> dict[str, Any]:
    """Add or update procedures by key. Returns counts and the skipped entries. Runs inside the caller's
    write transaction."""
    parsed = parse_catalogue(path)
    added = updated = unchanged = 0
    existing = {p.key: p for p in session.execute(select(Procedure)).scalars()}
    if existing and isinstance(actor, Actor):  # seeding an empty catalogue is part of first-run setup
        permissions.require(actor, "catalogue.change")
    changed: list[str] = []
    for e in parsed.entries:
        p = existing.get(e.key)
        fields, versions = _fields(e), _versions(e)
        comps = [ProcedurePaper(clean(c.name), c.originals, c.copies, c.photocopies, pos, c.required)
                 for pos, c in enumerate(e.components, 1)]
        if p is None:
            p = Procedure(key=e.key, updated_at=now, revision=1, **fields)
            session.add(p)
            added += 1
        else:
            have_versions = [{k: getattr(v, k) for k in versions[0]} for v in p.versions] if versions else \
                [1 for _ in p.versions]
            same = all(getattr(p, k) == v for k, v in fields.items()) and have_versions == versions and \
                [c.to_json() for c in _info(p).components] == [c.to_json() for c in comps]
            if same:
                unchanged += 1
                continue
            for k, v in fields.items():
                setattr(p, k, v)
            p.revision += 1
            p.updated_at = now
            p.components.clear()
            p.versions.clear()
            session.flush()
            updated += 1
        changed.append(e.key)
        for c in comps:
            p.components.append(ProcedureComponent(position=c.position, name=c.name, originals=c.originals,
                                                   copies=c.copies, photocopies=c.photocopies,
                                                   required=c.required))
        for v in versions:
            p.versions.append(ProcedureVersion(**v))
    result = {"added": added, "updated": updated, "unchanged": unchanged, "total": len(parsed.entries),
              "skipped": parsed.skipped}
    audit(session, actor, "catalogue.import", "catalogue", Path(path).name,
          {**result, "skipped": parsed.skipped[:50], "changed": changed[:200]}, at=now)
    return result


def list_procedures(session: Session, *, include_inactive: bool = False,
                    on: dt.date | None = None) -> list[ProcedureInfo]:
    """Procedures as they read on `on` (today by default)."""
    q = select(Procedure).order_by(Procedure.field, Procedure.name)
    if not include_inactive:
        q = q.where(Procedure.active.is_(True))
    return [_info(p, on) for p in session.execute(q).scalars()]


def find_procedure(session: Session, ref: str) -> Procedure:
    """A procedure by local key or national code (active or not)."""
    ref = clean(ref)
    p = session.execute(
        select(Procedure).where(or_(Procedure.key == ref, Procedure.national_code == ref)).limit(1)
    ).scalar()
    if p is None:
        raise NotFoundError(
            f"Không có thủ tục mã «{ref}» trong danh mục. Hãy chọn thủ tục trong danh sách (trên dòng lệnh: "
            "motcua catalogue list)."
        )
    return p


def get_procedure(session: Session, ref: str, *, on: dt.date | None = None) -> ProcedureInfo:
    return _info(find_procedure(session, ref), on)
