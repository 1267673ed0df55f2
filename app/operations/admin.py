"""Setting a desk up and running it: the commune and its first administrator, accounts (sign-in, password,
users and roles), settings, the catalogue, and the demo commune. Changes need a desk account with the
right permission (`OpContext.require_account`); the first administrator is the one exception."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.errors import PermissionDenied, ValidationError
from app.operations.base import Changes, OpContext
from app.paths import AppPaths
from app.services import accounts, accounts_store, catalogue, settings
from app.services.clock import now_vn
from app.services.desk import Desk
from app.services.dto import Actor
from app.services.setup import initialise
from app.services.text import clean


# --- the commune and its first administrator -------------------------------------------------------
@dataclass
class CommuneIn:
    agency_code: str
    agency_name: str
    parent_name: str = ""
    place: str = ""
    device_slot: int = 0
    code_template: str = "{agency}-{yymmdd}-{seq:4}"
    lookup_url: str = ""


@dataclass
class FirstAdmin:
    username: str
    full_name: str
    password: str
    password_again: str | None = None  # the UI asks twice; None when the caller checked it
    title: str = ""


def set_up_desk(desk: Desk, commune: CommuneIn | None, admin: FirstAdmin, *, demo: bool = False) -> accounts.UserInfo:
    """A new desk: the commune (when not set up yet) then its first administrator. The account's own checks
    come first, so a weak password does not leave a commune without an administrator. `demo`: a store for
    trials and benchmarks, the only kind `demo_data` fills (never a real commune)."""
    if accounts.has_users(desk):
        raise PermissionDenied("Máy này đã được thiết lập và đã có tài khoản quản trị. Người dùng mới do quản trị "
                               "hệ thống thêm (trên dòng lệnh: motcua --user QUẢN_TRỊ user add …).")
    if admin.password_again is not None and admin.password != admin.password_again:
        raise ValidationError({"password_again": "Hai lần nhập mật khẩu không giống nhau; hãy nhập lại."})
    accounts.check_password_rules(admin.password, admin.username)
    if commune is not None and not clean(commune.parent_name):
        raise ValidationError({"parent_name": "Hãy nhập tên cơ quan cấp trên in ở đầu mọi biểu mẫu, ví dụ "
                                              "«ỦY BAN NHÂN DÂN XÃ TÂN LẬP» (Nghị định 30/2020/NĐ-CP)."})
    actor = Actor(username=f"setup:{admin.username}", full_name=admin.full_name, role="admin")
    if commune is not None:
        initialise(desk, actor=actor, agency_code=commune.agency_code, agency_name=commune.agency_name,
                   parent_name=commune.parent_name, place=commune.place, device_slot=commune.device_slot,
                   code_template=commune.code_template, lookup_url=commune.lookup_url)
    if demo:
        from app.services import demo as demo_store

        demo_store.mark_demo_store(desk)
    return accounts.create_user(desk, admin.username, admin.full_name, "admin", admin.password, actor,
                                title=admin.title, must_change_password=False)


def needs_first_admin(desk: Desk) -> bool:
    return not desk.is_initialised or not accounts.has_users(desk)


# --- signing in ------------------------------------------------------------------------------------
def open_signed_in(paths: AppPaths, username: str, password: str,
                   clock: Callable[[], dt.datetime] = now_vn) -> tuple[Desk, accounts.UserInfo]:
    """Open the desk as a desk account (on an encrypted store the password unlocks it); lock-out applies."""
    return accounts_store.open_signed_in(paths, username, password, clock)


def sign_in(desk: Desk, username: str, password: str) -> accounts.UserInfo:
    return accounts.authenticate(desk, username, password)


def unlock_screen(ctx: OpContext, password: str) -> accounts.UserInfo:
    return accounts.unlock_screen(ctx.desk, ctx.actor.username, password)


def change_password(desk: Desk, username: str, old: str, new: str) -> Changes:
    accounts.change_password(desk, username, old, new)
    return Changes.of("user", username)


# --- users -----------------------------------------------------------------------------------------
@dataclass
class UserChanged:
    user: accounts.UserInfo
    changes: Changes


def list_users(ctx: OpContext) -> list[accounts.UserInfo]:
    return accounts.list_users(ctx.desk)


def add_user(ctx: OpContext, username: str, full_name: str, role: str, password: str, *,
             title: str = "") -> UserChanged:
    ctx.require_account("user.manage")
    u = accounts.create_user(ctx.desk, username, full_name, role, password, ctx.actor, title=title)
    return UserChanged(u, Changes.of("user", u.username))


def set_active(ctx: OpContext, username: str, active: bool) -> UserChanged:
    ctx.require_account("user.manage")
    u = accounts.set_active(ctx.desk, username, active, ctx.actor)
    return UserChanged(u, Changes.of("user", u.username))


def reset_password(ctx: OpContext, username: str, password: str) -> UserChanged:
    ctx.require_account("user.manage")
    u = accounts.reset_password(ctx.desk, username, password, ctx.actor)
    return UserChanged(u, Changes.of("user", u.username))


def set_role(ctx: OpContext, username: str, role: str) -> UserChanged:
    ctx.require_account("user.manage")
    u = accounts.set_role(ctx.desk, username, role, ctx.actor)
    return UserChanged(u, Changes.of("user", u.username))


# --- settings --------------------------------------------------------------------------------------
@dataclass
class SettingsSaved:
    changed: dict[str, Any]
    changes: Changes


def store_settings(ctx: OpContext, values: dict[str, Any]) -> SettingsSaved:
    """Save changed settings in one transaction (each checked against the registry and audited)."""
    for key in values:
        ctx.require_account("sync.configure" if key.startswith("sync_") else "settings.change")
    errors = {}
    for key, value in values.items():
        try:
            settings.BY_KEY[key].check(value)
        except KeyError:
            errors[key] = f"Không có thiết lập «{key}»."
        except ValueError as exc:
            errors[key] = str(exc)
    if errors:
        raise ValidationError(errors)
    now = ctx.desk.now()
    changed = {}
    with ctx.desk.db.write() as s:
        for key, value in values.items():
            before = settings.change(s, key, value, ctx.actor, now)
            if before != settings.get(s, key):
                changed[key] = settings.get(s, key)
    ctx.desk.invalidate()
    return SettingsSaved(changed, Changes.of("settings", *changed))


# --- catalogue -------------------------------------------------------------------------------------
@dataclass
class CatalogueImported:
    added: int
    updated: int
    unchanged: int
    skipped: list[str] = field(default_factory=list)  # one Vietnamese line per bad entry, skipped
    summary: dict[str, Any] = field(default_factory=dict)
    changes: Changes = field(default_factory=lambda: Changes.of("catalogue"))


def import_catalogue(ctx: OpContext, path: Path) -> CatalogueImported:
    ctx.require_account("catalogue.change")
    with ctx.desk.db.write() as s:
        result = catalogue.import_catalogue(s, path, ctx.actor, ctx.desk.now())
    return CatalogueImported(result["added"], result["updated"], result["unchanged"], list(result["skipped"]),
                             result)


# --- the demo commune ------------------------------------------------------------------------------
DEMO_USER, DEMO_PASSWORD = "quantri", "MotCua2026demo"
DEMO_COMMUNE = CommuneIn(agency_code="000.17.22.H56", agency_name="Trung tâm Phục vụ hành chính công xã Tân Lập",
                         parent_name="ỦY BAN NHÂN DÂN XÃ TÂN LẬP", place="Tân Lập", device_slot=0,
                         lookup_url="https://dichvucong.example.gov.vn/tra-cuu")


def demo_setup(desk: Desk, dossiers: int) -> bool:
    """The demo commune of `make run`, with a known administrator; False when the folder is set up already."""
    from app.services import demo

    if desk.is_initialised:
        return False
    set_up_desk(desk, DEMO_COMMUNE, FirstAdmin(DEMO_USER, "Nguyễn Văn Quản", DEMO_PASSWORD,
                                               title="Quản trị hệ thống (xã mẫu)"), demo=True)
    demo.load(desk, dossiers, seed=7, recent=True)
    return True


def demo_data(ctx: OpContext, dossiers: int, *, seed: int = 2026, pending_outbox: int = 0) -> dict[str, Any]:
    """Fake dossiers through the bulk path (benchmarks and training); only into a store made for it
    (`demo-setup`, `init --demo`), never a real commune's."""
    from app.services import demo

    ctx.require_account("settings.change")
    if not 1 <= dossiers <= 5_000_000:
        raise ValidationError({"dossiers": "Số hồ sơ mẫu phải từ 1 đến 5.000.000."})
    demo.require_demo_store(ctx.desk)
    return demo.load(ctx.desk, dossiers, seed=seed, pending_outbox=pending_outbox)
