"""Centre mode as a user does it: connect a data folder to the centre's server and set up the unit (first
counter) or join it (every other counter); see which server and devices; give the counters' role its
restricted privileges."""

from __future__ import annotations

from dataclasses import dataclass

from app.errors import ValidationError
from app.paths import AppPaths
from app.services import centre, permissions
from app.services.desk import Desk
from app.services.dto import Actor
from app.services.setup import initialise
from app.sync import hub
from app.sync.hub import Hub


@dataclass(frozen=True)
class UnitIn:
    agency_code: str
    agency_name: str
    parent_name: str = ""
    place: str = ""
    code_template: str = "{agency}-{yymmdd}-{seq:4}"
    lookup_url: str = ""


@dataclass(frozen=True)
class SetUp:
    url: str
    agency_name: str
    device_name: str
    joined: bool  # False: this PC created the centre's schema and unit


def connect_and_set_up(paths: AppPaths, url: str, password: str | None, unit: UnitIn, actor: Actor, *,
                       device_name: str = "") -> SetUp:
    connected = centre.connect_folder(paths, url, password)
    desk = Desk.open(paths)
    try:
        if not connected.initialised:
            initialise(desk, agency_code=unit.agency_code, agency_name=unit.agency_name,
                       parent_name=unit.parent_name, place=unit.place, device_slot=centre.CENTRE_SLOT,
                       code_template=unit.code_template, lookup_url=unit.lookup_url, actor=actor)
        elif desk.agency.code != unit.agency_code.strip():
            raise ValidationError({"agency_code": f"Máy chủ này là của đơn vị {desk.agency.code}, không phải "
                                                  f"{unit.agency_code}. Hãy kiểm tra lại địa chỉ máy chủ."})
        else:
            centre.join(desk, actor, device_name)
        if device_name:
            centre.rename_device(desk, device_name)
        return SetUp(connected.url, desk.agency.name, desk.device.name, connected.initialised)
    finally:
        desk.close()


def status(desk: Desk) -> centre.CentreStatus:
    return centre.status(desk)


def grant(desk: Desk, role: str, *, apply: bool, actor: Actor | None = None) -> str:
    """The SQL restricting the counters' role (run it when `apply`); returned as text either way."""
    return centre.grant(desk, role, apply=apply, actor=actor)


def server_url(desk: Desk) -> str | None:
    """The centre's server URL (no password) when this desk works on one, else None."""
    url = getattr(desk.db, "url", None)
    return str(url) if url else None


def reachable(url: str) -> bool:
    return centre.reachable(url)


def add_laptop(desk: Desk, name: str, actor: Actor) -> str:
    """A new hub token for a home-visit laptop (audited; only its digest is kept)."""
    permissions.require(actor, "sync.configure")
    token = hub.add_laptop(desk.paths.data_dir, name)
    centre.audit_laptop(desk, actor, name)
    return token


def start_hub(desk: Desk, host: str, port: int) -> Hub:

    return hub.make_hub(desk, host, port).start()


@dataclass(frozen=True)
class Joined:
    url: str
    initialised: bool  # False: the centre's unit is still to be set up (the first-run dialog does it)


def connect_from_app(paths: AppPaths, url: str, password: str, device_name: str = "") -> Joined:
    """The first-run choice "Kết nối máy chủ của Trung tâm": connect, and join the centre if it is set up."""
    connected = centre.connect_folder(paths, url, password or None)
    if connected.initialised:
        desk = Desk.open(paths)
        try:
            actor = Actor(username="setup:device", full_name=device_name or "Máy mới", role="admin")
            centre.join(desk, actor, device_name)
        finally:
            desk.close()
    return Joined(connected.url, connected.initialised)


def has_store(paths: AppPaths) -> bool:
    """Whether the data folder already has a store: its own SQLite file or a centre's server."""
    return centre.has_store(paths)
