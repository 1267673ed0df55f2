"""The agency's details printed on slips and forms, changed by an administrator from the app: names, the
place, the look-up address printed under the QR code, the hotline, the head's title and name. The agency
code is shown but not changed here (every dossier code is built from it). Checked, stored in one
transaction with an audit entry of before and after."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.errors import ValidationError
from app.models import Agency
from app.services import permissions
from app.services.desk import Desk
from app.services.dto import Actor
from app.services.journal import audit
from app.services.text import clean

LIMITS = {"name": 200, "parent_name": 200, "place": 100, "lookup_url": 300, "hotline": 40, "head_title": 120,
          "head_name": 120}


@dataclass(frozen=True)
class AgencyDetails:
    code: str
    name: str
    parent_name: str
    place: str
    lookup_url: str
    hotline: str
    head_title: str
    head_name: str


def read(desk: Desk) -> AgencyDetails:
    with desk.db.read() as s:
        a = s.execute(select(Agency).limit(1)).scalar_one()
        return AgencyDetails(a.code, a.name, a.parent_name, a.place, a.lookup_url, a.hotline, a.head_title,
                             a.head_name)


def save(desk: Desk, new: AgencyDetails, actor: Actor) -> AgencyDetails:
    permissions.require(actor, "settings.change")
    values = {k: clean(getattr(new, k)) for k in LIMITS}
    errors = {k: f"Dài quá {n} ký tự." for k, n in LIMITS.items() if len(values[k]) > n}
    if not values["name"]:
        errors["name"] = "Hãy nhập tên đơn vị (in trên đầu phiếu hẹn)."
    url = values["lookup_url"]
    if url and not url.startswith(("https://", "http://")):
        errors["lookup_url"] = "Địa chỉ tra cứu phải bắt đầu bằng https:// (ví dụ https://dichvucong.gov.vn)."
    if errors:
        raise ValidationError(errors)
    with desk.db.write() as s:
        a = s.execute(select(Agency).limit(1)).scalar_one()
        before = {k: getattr(a, k) for k in LIMITS}
        for k, v in values.items():
            setattr(a, k, v)
        audit(s, actor, "agency.update", "agency", a.code, {"before": before, "after": values}, at=desk.now())
    desk.invalidate()
    return read(desk)


