"""Centre mode as a user does it: connect a data folder to the centre's server and set up the unit (first
counter) or join it (every other counter); see which server and devices; give the counters' role its
restricted privileges."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from app.errors import MotCuaError, PermissionDenied, ValidationError
from app.models.centre import config_path, display_url, parse_url, read_config
from app.operations import admin
from app.operations.base import OpContext, os_actor
from app.paths import AppPaths
from app.services import accounts, backup_signin, centre, centre_backup
from app.services.desk import Desk
from app.services.dto import Actor
from app.services.text import clean

if TYPE_CHECKING:  # the hub (HTTP server, files) loads only where it runs: `motcua serve`, a laptop's token
    from app.sync.hub import Hub


@dataclass(frozen=True)
class SetUp:
    url: str
    agency_name: str
    device_name: str
    joined: bool  # False: this PC created the centre's schema and unit


def connect_and_set_up(paths: AppPaths, url: str, password: str | None, unit: admin.CommuneIn,
                       first: admin.FirstAdmin, *, device_name: str = "", demo: bool = False) -> SetUp:
    """Connect `paths` to the centre's server. The first counter sets up the unit and creates `first` as its
    first administrator (admin.set_up_desk: the same checks as a local desk, made before anything is written);
    every other counter joins, signed in as `first`, who must be an administrator of the centre."""
    if not clean(unit.parent_name):
        raise ValidationError({"parent_name": "Hãy nhập tên cơ quan cấp trên in ở đầu mọi biểu mẫu, ví dụ "
                                              "«ỦY BAN NHÂN DÂN XÃ TÂN LẬP» (Nghị định 30/2020/NĐ-CP)."})
    accounts.check_password_rules(first.password, first.username)
    was_connected = read_config(paths.data_dir) is not None
    connected = centre.connect_folder(paths, url, password)
    desk = Desk.open(paths)
    try:
        if not connected.initialised or not accounts.has_users(desk):
            admin.set_up_desk(desk, None if desk.is_initialised else replace(unit, device_slot=centre.CENTRE_SLOT),
                              first, demo=demo)
        elif desk.agency.code != unit.agency_code.strip():
            raise ValidationError({"agency_code": f"Máy chủ này là của đơn vị {desk.agency.code}, không phải "
                                                  f"{unit.agency_code}. Hãy kiểm tra lại địa chỉ máy chủ."})
        else:
            who = _centre_admin(desk, first.username, first.password, "Hãy dùng --admin với tài khoản quản trị.")
            centre.join(desk, who.actor(), device_name)
        if device_name:
            centre.rename_device(desk, device_name)
        return SetUp(connected.url, desk.agency.name, desk.device.name, connected.initialised)
    except MotCuaError:
        if not was_connected:  # refused: the folder is left as it was, not half-connected
            config_path(paths.data_dir).unlink(missing_ok=True)
        raise
    finally:
        desk.close()


def _centre_admin(desk: Desk, username: str, password: str, what_next: str) -> accounts.UserInfo:
    """The centre's administrator who lets a new PC join: signed in (with the usual count of failures and
    lock-out), and an administrator; PermissionDenied naming `what_next` otherwise."""
    who = accounts.authenticate(desk, username, password)
    if who.role != "admin":
        raise PermissionDenied(f"Chỉ quản trị hệ thống của Trung tâm mới kết nối được máy mới; {who.username} "
                               f"không phải quản trị. {what_next}")
    return who


def is_centre(paths: AppPaths) -> bool:
    """Whether this data folder works on a centre's server (backup and restore use pg_dump/pg_restore)."""
    return centre_backup.is_centre(paths)


def backup_centre(ctx: OpContext, out: Path | None, *, auto: bool) -> Path:
    """pg_dump of the centre's database (audited; `auto`: the daily copy's name)."""
    ctx.require("backup.run")
    return centre_backup.backup_centre(ctx.desk, ctx.actor, out, prefix="tu-dong-" if auto else "thu-cong-")


def restore_centre(paths: AppPaths, archive: Path, actor: Actor | None,
                   database: str | None = None) -> centre_backup.CentreRestore:
    """pg_restore of a centre backup into a new, empty database, which this data folder then uses. `actor`:
    the desk account signed in on the server; None: the OS account, which must own the data folder (as for
    a local restore, operations.store.restore_damaged)."""
    if actor is None:
        backup_signin.require_folder_owner(paths)
        actor = os_actor()
    return centre_backup.restore_centre(paths, archive, actor, database)


def status(ctx: OpContext) -> centre.CentreStatus:
    """Which server this desk works on and the counters connected to it (a read)."""
    return centre.status(ctx.desk)


def grant(ctx: OpContext, role: str, *, apply: bool) -> str:
    """The SQL restricting the counters' role, returned as text; `apply` runs it (a change: an administrator's
    desk account, audited)."""
    if apply:
        ctx.require_account("settings.change")
    return centre.grant(ctx.desk, role, apply=apply, actor=ctx.actor if apply else None)


def server_url(desk: Desk) -> str | None:
    """The centre's server URL (no password) when this desk works on one, else None."""
    url = getattr(desk.db, "url", None)
    return str(url) if url else None


def check_url(url: str) -> str:
    """The server's address checked (postgresql://, no password in it, user, host, database) and shown back
    without a password; DatabaseError in Vietnamese otherwise. Checked before any password is asked."""
    return display_url(parse_url(url))


def keyring_password(url: str) -> str | None:
    """The server password remembered in the OS keyring for `url`, if any."""
    return centre.keyring_password(url)


def reachable(url: str) -> bool:
    return centre.reachable(url)


def add_laptop(ctx: OpContext, name: str) -> str:
    """A new hub token for a home-visit laptop (audited; only its digest is kept)."""
    ctx.require_account("sync.configure")
    from app.sync import hub

    token = hub.add_laptop(ctx.desk.paths.data_dir, name)
    centre.audit_laptop(ctx.desk, ctx.actor, name)
    return token


def start_hub(ctx: OpContext, host: str, port: int, tls: tuple[Path, Path] | None = None) -> Hub:
    """The centre's hub for the home-visit laptops, listening on host:port until stopped; over https with
    `tls` = (certificate, private key), both PEM."""
    from app.sync import hub

    return hub.make_hub(ctx.desk, host, port, hub.server_tls(*tls) if tls else None).start()


@dataclass(frozen=True)
class Joined:
    url: str
    initialised: bool  # False: the centre's unit is still to be set up (the first-run dialog does it)


def connect_from_app(paths: AppPaths, url: str, password: str, device_name: str = "", admin_username: str = "",
                     admin_password: str = "") -> Joined:
    """The first-run choice "Kết nối máy chủ của Trung tâm", as `motcua init --database` does it: connect to
    the server; a centre already at work is joined as a new device only with the account and password of one
    of its administrators (everyone then signs in as themselves); an empty server is set up next, by the
    first-run dialog. Refused: the data folder is left as it was, not half-connected."""
    was_connected = read_config(paths.data_dir) is not None
    connected = centre.connect_folder(paths, url, password or None)
    if not connected.initialised:
        return Joined(connected.url, False)
    desk = Desk.open(paths)
    try:
        if accounts.has_users(desk):
            if not clean(admin_username) or not admin_password:
                raise ValidationError({"admin_username": (
                    f"Máy chủ này đã có {desk.agency.name} đang hoạt động. Để kết nối máy mới, hãy nhập tài khoản "
                    "và mật khẩu của một quản trị hệ thống của Trung tâm.")})
            who = _centre_admin(desk, admin_username, admin_password,
                                "Hãy nhập tài khoản của một quản trị hệ thống của Trung tâm.")
            centre.join(desk, who.actor(), clean(device_name))
        else:  # a unit set up without accounts yet: the first-run dialog creates its administrator next
            centre.join(desk, Actor(username="setup:device", full_name=clean(device_name) or "Máy mới", role="admin"),
                        clean(device_name))
    except MotCuaError:
        if not was_connected:
            config_path(paths.data_dir).unlink(missing_ok=True)
        raise
    finally:
        desk.close()
    return Joined(connected.url, True)


def has_store(paths: AppPaths) -> bool:
    """Whether the data folder already has a store: its own SQLite file or a centre's server."""
    return centre.has_store(paths)
