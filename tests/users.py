"""The people of the test suite, defined once: who they are (an Actor for the services) and, when a
test needs to sign in (the app, `motcua --user`), a desk account with a known password."""

from __future__ import annotations

from app.services import accounts
from app.services.desk import Desk
from app.services.dto import Actor

CLERK = Actor(username="clerk1", full_name="Nguyễn Thị Hồng", role="clerk", title="Công chức tiếp nhận")
ADMIN = Actor(username="admin", full_name="Trần Quốc Toản", role="admin", title="Quản trị hệ thống")
OFFICER = Actor(username="officer1", full_name="Trần Văn Xử", role="officer", title="Công chức tư pháp")
LEADER = Actor(username="leader1", full_name="Phạm Thị Lãnh", role="leader", title="Phó Chủ tịch")
PASSWORD = "matkhau2026x"


def add_account(desk: Desk, who: Actor, password: str = PASSWORD) -> accounts.UserInfo:
    """`who` as a desk account (made by the administrator; no password change asked)."""
    return accounts.create_user(desk, who.username, who.full_name, who.role, password, ADMIN, title=who.title,
                                must_change_password=False)


def as_user(who: Actor) -> list[str]:
    """`motcua` arguments that act as `who`; the password goes on the first line of standard input."""
    return ["--user", who.username, "--password-stdin"]
