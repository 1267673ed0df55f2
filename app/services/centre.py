"""Centre mode set-up: point a data folder at the centre's PostgreSQL database, as its first counter or a new one.

`connect_folder` checks the URL (never a password in it), connects with the password given (prompt or
--db-password-stdin, registered for this process only), the OS keyring or the pgpass file, migrates an
empty database, and only then writes the data folder's centre.json (URL and this PC's device UUID).
`join` registers this PC as a device of a centre that is already set up: every counter of a centre
uses the shared slot 0, so they all take codes from the one daily counter on the server; slots 1–9
stay reserved for the home-visit laptops that work offline on SQLite and sync through the hub.
"""

from __future__ import annotations

import socket
import uuid as uuidlib
from dataclasses import dataclass

from sqlalchemy import select, text, update

from app.errors import DatabaseError, MotCuaError, ValidationError
from app.models import Device
from app.models.centre import (
    CentreConfig,
    display_url,
    open_centre,
    parse_url,
    read_config,
    register_password,
    write_config,
)
from app.models.pg_ddl import grant_sql
from app.paths import AppPaths
from app.services.desk import Desk
from app.services.dto import Actor
from app.services.journal import audit

#: Slot of every counter PC of a centre: one shared daily sequence on the server.
CENTRE_SLOT = 0
KEYRING_SERVICE = "MotCuaDesk-centre"


def keyring_password(url: str) -> str | None:
    """The server password remembered in the OS keyring for `url` (None when there is none or no keyring)."""
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, url)
    except Exception:
        return None


@dataclass(frozen=True)
class Connected:
    url: str  # without a password
    device_uuid: str
    initialised: bool  # the centre already had its unit set up (this PC joins it)


def connect_folder(paths: AppPaths, url: str, password: str | None) -> Connected:
    """Connect `paths` to the centre database at `url` and remember it in the data folder."""
    parse_url(url)
    if paths.database.exists() and paths.database.stat().st_size:
        raise MotCuaError(f"Thư mục dữ liệu {paths.data_dir} đang chứa cơ sở dữ liệu riêng của máy này. Hãy dùng "
                          "một thư mục dữ liệu mới (--data-dir) để kết nối máy chủ Trung tâm; dữ liệu cũ giữ nguyên.")
    if password is not None:
        register_password(url, password)
    config = CentreConfig(display_url(parse_url(url)), str(uuidlib.uuid4()))
    db = open_centre(config, password=password)  # connects and migrates before anything is written here
    db.close()
    paths.ensure()
    write_config(paths.data_dir, config)
    desk = Desk.open(paths)
    try:
        return Connected(config.url, config.device_uuid, desk.is_initialised)
    finally:
        desk.close()


def join(desk: Desk, actor: Actor, name: str = "") -> None:
    """Register this PC (the device UUID of its centre.json) as a counter of the centre."""
    uuid = getattr(desk.db, "device_uuid", None)
    if not uuid:
        raise MotCuaError("Thư mục dữ liệu này không kết nối máy chủ Trung tâm.")
    with desk.db.write() as s:
        if s.scalar(select(Device.id).where(Device.uuid == uuid)) is None:
            count = len(s.execute(select(Device.id)).all())
            s.add(Device(uuid=uuid, slot=CENTRE_SLOT, name=name or f"Quầy {count + 1}", is_current=False))
            audit(s, actor, "device.join", "device", uuid, {"name": name}, at=desk.now())
    desk.invalidate()


def rename_device(desk: Desk, name: str) -> None:
    with desk.db.write() as s:
        s.execute(update(Device).where(Device.uuid == getattr(desk.db, "device_uuid", "")).values(name=name))
    desk.invalidate()


@dataclass(frozen=True)
class CentreStatus:
    url: str
    agency_name: str
    device_name: str
    devices: tuple[str, ...]


def status(desk: Desk) -> CentreStatus:
    url = getattr(desk.db, "url", None)
    if url is None:
        raise DatabaseError("Máy này dùng cơ sở dữ liệu riêng (SQLite), không kết nối máy chủ Trung tâm.")
    with desk.db.read() as s:
        names = tuple(s.scalars(select(Device.name).order_by(Device.id)))
    return CentreStatus(url, desk.agency.name, desk.device.name, names)


def grant(desk: Desk, role: str, *, apply: bool, actor: Actor | None = None) -> str:
    """The SQL restricting the counters' role (run it when `apply`); returned as text either way."""
    status(desk)  # refuses a local store
    try:
        with desk.db.read() as s:
            database = s.execute(text("SELECT current_database()")).scalar_one()
        statements = grant_sql(database, role)
    except ValueError as exc:
        raise ValidationError({"role": "Tên vai trò chỉ gồm chữ, số và dấu gạch dưới, ví dụ motcua_quay."}) from exc
    if apply:
        with desk.db.write() as s:
            for sql in statements:
                s.execute(text(sql))
            if actor is not None:
                audit(s, actor, "centre.grant", "role", role, {}, at=desk.now())
    return ";\n".join(statements) + ";"


#: Seconds a probe of the server waits: with a probe every second the status bar knows within 2 s.
PROBE_TIMEOUT = 1.0


def reachable(url: str) -> bool:
    """Whether the centre's server accepts a connection on its port now (a TCP probe; no login)."""
    parsed = parse_url(url)
    try:
        with socket.create_connection((parsed.host or "localhost", parsed.port or 5432), timeout=PROBE_TIMEOUT):
            return True
    except OSError:
        return False


def audit_laptop(desk: Desk, actor: Actor, name: str) -> None:
    with desk.db.write() as s:
        audit(s, actor, "hub.laptop_token", "device", name, {}, at=desk.now())


def has_store(paths: AppPaths) -> bool:
    return read_config(paths.data_dir) is not None or (paths.database.exists() and paths.database.stat().st_size > 0)
