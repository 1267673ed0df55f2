"""First-run setup of a commune desk: the unit, this device's slot, the catalogue and calendar seeds."""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid as uuidlib

from sqlalchemy import func, select

from app.errors import MotCuaError, ValidationError
from app.models import Agency, CalendarOverride, Device, Procedure
from app.paths import resources_dir
from app.services.catalogue import default_catalogue_file, import_catalogue
from app.services.codes import MAX_SLOTS, CodeTemplate
from app.services.desk import Desk
from app.services.dto import Actor
from app.services.journal import audit
from app.services.text import clean

_AGENCY_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.]{1,39}$")


def initialise(desk: Desk, *, agency_code: str, agency_name: str, parent_name: str = "", place: str = "",
               device_slot: int = 0, code_template: str = "{agency}-{yymmdd}-{seq:4}",
               lookup_url: str = "", actor: Actor) -> None:
    code, name = clean(agency_code), clean(agency_name)
    errors = {}
    if not _AGENCY_CODE.match(code):
        errors["agency_code"] = ("Mã đơn vị chỉ gồm chữ, số và dấu chấm, 2–40 ký tự "
                                 "(ví dụ 000.17.22.H56 hoặc H21.65).")
    if not name or len(name) > 200:
        errors["agency_name"] = "Hãy nhập tên Trung tâm Phục vụ hành chính công (tối đa 200 ký tự)."
    if not 0 <= device_slot < MAX_SLOTS:
        errors["device_slot"] = f"Khe thiết bị phải từ 0 đến {MAX_SLOTS - 1}; mỗi máy của đơn vị một khe khác nhau."
    try:
        CodeTemplate(code_template)
    except ValueError as exc:
        errors["code_template"] = str(exc)
    if errors:
        raise ValidationError(errors)
    now = desk.now()
    with desk.db.write() as s:
        if s.scalar(select(Agency.id).limit(1)) is not None:
            raise MotCuaError("Cơ sở dữ liệu này đã được thiết lập cho một đơn vị; không thiết lập lại.")
        s.add(Agency(code=code, name=name, parent_name=clean(parent_name), place=clean(place),
                     code_template=code_template, lookup_url=clean(lookup_url), created_at=now))
        s.add(Device(uuid=getattr(desk.db, "device_uuid", None) or str(uuidlib.uuid4()), slot=device_slot, name=f"Máy {device_slot}", is_current=True))
        if not s.scalar(select(func.count(Procedure.id))):
            import_catalogue(s, default_catalogue_file(), actor, now)
        seed_calendar(s)
        audit(s, actor, "agency.init", "agency", code,
              {"name": name, "parent": parent_name, "place": place, "slot": device_slot}, at=now)
    desk.invalidate()


def seed_calendar(session) -> int:  # type: ignore[no-untyped-def]
    """Add the shipped overrides (known swapped days) that the table does not have yet."""
    data = json.loads((resources_dir() / "calendar" / "overrides-vn.json").read_text(encoding="utf-8"))
    have = set(session.execute(select(CalendarOverride.day)).scalars())
    added = 0
    for o in data["overrides"]:
        day = dt.date.fromisoformat(o["day"])
        if day not in have:
            session.add(CalendarOverride(day=day, kind=o["kind"], note=o.get("note", "")))
            added += 1
    return added
