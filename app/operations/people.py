"""Operations for the administration page: the desk's accounts (add with a temporary password, disable
or enable, reset the password, change the role) and the agency's details. Each checks the permission
(`user.manage`, `settings.change`) and returns what changed. Temporary passwords are made here, shown
once to the administrator to hand over, and must be changed at the first sign-in. Any thread."""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass

from app.operations.base import Changes, OpContext
from app.services import accounts, agency_details, permissions
from app.services.accounts import UserInfo
from app.services.agency_details import AgencyDetails

__all__ = ["AgencyDetails", "AgencySaved", "NewUser", "UserChange", "UserInfo", "add_user", "agency", "reset_password",
           "save_agency", "set_active", "set_role", "temporary_password", "users"]


@dataclass(frozen=True)
class NewUser:
    username: str
    full_name: str
    title: str
    role: str


@dataclass(frozen=True)
class UserChange:
    user: UserInfo
    temporary_password: str  # "" unless a password was set
    changed: Changes


def temporary_password() -> str:
    """12 characters, letters and digits (no look-alikes such as 0/O, 1/l), easy to read out."""
    letters = "".join(c for c in string.ascii_lowercase if c not in "lo")
    digits = "23456789"
    chars = [secrets.choice(letters) for _ in range(8)] + [secrets.choice(digits) for _ in range(4)]
    return "".join(chars)


def users(ctx: OpContext) -> list[UserInfo]:
    permissions.require(ctx.actor, "user.manage")
    return accounts.list_users(ctx.desk)


def add_user(ctx: OpContext, new: NewUser) -> UserChange:
    ctx.require_account("user.manage")
    password = temporary_password()
    info = accounts.create_user(ctx.desk, new.username, new.full_name, new.role, password, ctx.actor,
                                title=new.title, must_change_password=True)
    return UserChange(info, password, Changes.of("user", info.username))


def set_active(ctx: OpContext, username: str, active: bool) -> UserChange:
    ctx.require_account("user.manage")
    info = accounts.set_active(ctx.desk, username, active, ctx.actor)
    return UserChange(info, "", Changes.of("user", info.username))


def reset_password(ctx: OpContext, username: str) -> UserChange:
    ctx.require_account("user.manage")
    password = temporary_password()
    info = accounts.reset_password(ctx.desk, username, password, ctx.actor)
    return UserChange(info, password, Changes.of("user", info.username))


def set_role(ctx: OpContext, username: str, role: str) -> UserChange:
    ctx.require_account("user.manage")
    info = accounts.set_role(ctx.desk, username, role, ctx.actor)
    return UserChange(info, "", Changes.of("user", info.username))


def agency(ctx: OpContext) -> AgencyDetails:
    return agency_details.read(ctx.desk)


@dataclass(frozen=True)
class AgencySaved:
    details: AgencyDetails
    changed: Changes


def save_agency(ctx: OpContext, new: AgencyDetails) -> AgencySaved:
    ctx.require_account("settings.change")
    return AgencySaved(agency_details.save(ctx.desk, new, ctx.actor), Changes.of("settings", "agency"))
