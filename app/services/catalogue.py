"""The procedure catalogue: load the shipped list, import updates, list and look up procedures.

An import updates or adds procedures by key and deactivates none silently; dossiers already received
keep the name and time-limit rule copied onto them at intake, so an import never changes them.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.errors import NotFoundError, ValidationError
from app.models import Procedure, ProcedureComponent
from app.paths import resources_dir
from app.services import permissions
from app.services.calendar import LIMIT_KINDS
from app.services.dto import Actor
from app.services.journal import audit
from app.services.text import clean, fold


@dataclass
class ComponentSpec:
    name: str
    originals: int = 0
    copies: int = 0
    photocopies: int = 0
    required: bool = True


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
    components: list[ComponentSpec] = field(default_factory=list)

    @property
    def code(self) -> str:
        """The code shown and synced: the national code when known, else the local key."""
        return self.national_code or self.key

    def to_json(self) -> dict:
        return {**{k: v for k, v in vars(self).items() if k != "components"},
                "code": self.code, "components": [vars(c) for c in self.components]}


def default_catalogue_file() -> Path:
    return resources_dir() / "catalogue" / "procedures.json"


def _info(p: Procedure) -> ProcedureInfo:
    return ProcedureInfo(p.id, p.key, p.national_code, p.name, p.field, p.limit_kind, p.limit_value,
                         p.limit_text, p.fee_text, p.fee_amount, p.home_visit, p.active,
                         [ComponentSpec(c.name, c.originals, c.copies, c.photocopies, c.required)
                          for c in p.components])


def parse_catalogue(path: Path) -> list[dict]:
    """Read and check a catalogue file; a ValidationError lists every bad entry."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValidationError({"file": f"Không tìm thấy tệp danh mục {path}."}) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValidationError({"file": f"Tệp danh mục {path} không phải JSON hợp lệ (UTF-8): {exc}."}) from None
    items = data.get("procedures") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise ValidationError({"file": "Tệp danh mục phải có danh sách «procedures» không rỗng."})
    errors: dict[str, str] = {}
    out = []
    seen: set[str] = set()
    for i, item in enumerate(items, 1):
        where = f"Thủ tục thứ {i}"
        if not isinstance(item, dict):
            errors[f"procedures[{i}]"] = f"{where} không đúng dạng."
            continue
        key, name = clean(item.get("key")), clean(item.get("name"))
        limit = item.get("limit") or {}
        kind = limit.get("kind") if isinstance(limit, dict) else None
        value = limit.get("value", 0) if isinstance(limit, dict) else 0
        if not key or len(key) > 40:
            errors[f"procedures[{i}].key"] = f"{where}: thiếu mã nội bộ (key) hoặc quá 40 ký tự."
        elif key in seen:
            errors[f"procedures[{i}].key"] = f"{where}: mã «{key}» bị trùng."
        seen.add(key)
        if not name:
            errors[f"procedures[{i}].name"] = f"{where}: thiếu tên thủ tục."
        if kind not in LIMIT_KINDS:
            errors[f"procedures[{i}].limit"] = f"{where}: loại thời hạn phải là một trong {', '.join(LIMIT_KINDS)}."
        elif kind != "same_day" and (not isinstance(value, int) or value <= 0):
            errors[f"procedures[{i}].limit"] = f"{where}: thời hạn phải là số nguyên dương."
        comps = item.get("components") or []
        if not isinstance(comps, list) or not all(isinstance(c, dict) and clean(c.get("name")) for c in comps):
            errors[f"procedures[{i}].components"] = f"{where}: mỗi thành phần hồ sơ phải có tên."
            comps = []
        out.append({**item, "key": key, "name": name, "components": comps,
                    "limit": {"kind": kind, "value": int(value or 0), "text": clean(limit.get("text"))}
                    if isinstance(limit, dict) else {}})
    if errors:
        raise ValidationError(errors)
    return out


def import_catalogue(session: Session, path: Path, actor: Actor | str, now: dt.datetime) -> dict:
    """Add or update procedures by key. Returns counts. Runs inside the caller's write transaction."""
    items = parse_catalogue(path)
    added = updated = unchanged = 0
    existing = {p.key: p for p in session.execute(select(Procedure)).scalars()}
    if existing and isinstance(actor, Actor):  # seeding an empty catalogue is part of first-run setup
        permissions.require(actor, "catalogue.change")
    changed: list[str] = []
    for item in items:
        p = existing.get(item["key"])
        fields = {
            "national_code": clean(item.get("national_code")), "name": item["name"],
            "name_folded": fold(item["name"]), "field": clean(item.get("field")),
            "field_code": clean(item.get("field_code")), "limit_kind": item["limit"]["kind"],
            "limit_value": item["limit"]["value"], "limit_text": item["limit"]["text"],
            "fee_text": clean(item.get("fee_text")), "fee_amount": int(item.get("fee_amount") or 0),
            "legal_basis": clean(item.get("legal_basis")), "home_visit": bool(item.get("home_visit")),
            "active": bool(item.get("active", True)),
        }
        comps = [ComponentSpec(clean(c["name"]), int(c.get("originals") or 0), int(c.get("copies") or 0),
                               int(c.get("photocopies") or 0), bool(c.get("required", True)))
                 for c in item["components"]]
        if p is None:
            p = Procedure(key=item["key"], updated_at=now, revision=1, **fields)
            session.add(p)
            added += 1
        else:
            same = all(getattr(p, k) == v for k, v in fields.items()) and \
                [vars(c) for c in _info(p).components] == [vars(c) for c in comps]
            if same:
                unchanged += 1
                continue
            for k, v in fields.items():
                setattr(p, k, v)
            p.revision += 1
            p.updated_at = now
            p.components.clear()
            session.flush()
            updated += 1
        changed.append(item["key"])
        for pos, c in enumerate(comps, 1):
            p.components.append(ProcedureComponent(position=pos, name=c.name, originals=c.originals,
                                                   copies=c.copies, photocopies=c.photocopies,
                                                   required=c.required))
    result = {"added": added, "updated": updated, "unchanged": unchanged, "total": len(items)}
    audit(session, actor, "catalogue.import", "catalogue", Path(path).name, {**result, "changed": changed[:200]},
          at=now)
    return result


def list_procedures(session: Session, *, include_inactive: bool = False) -> list[ProcedureInfo]:
    q = select(Procedure).order_by(Procedure.field, Procedure.name)
    if not include_inactive:
        q = q.where(Procedure.active.is_(True))
    return [_info(p) for p in session.execute(q).scalars()]


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
