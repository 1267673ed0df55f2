"""The desk's notion of "now": wall-clock time in Asia/Ho_Chi_Minh, naive, to the second."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def now_vn() -> dt.datetime:
    return dt.datetime.now(VN).replace(tzinfo=None, microsecond=0)


def to_vn_naive(t: dt.datetime) -> dt.datetime:
    """Accept an aware or naive datetime; naive ones are taken as Vietnam time already."""
    if t.tzinfo is not None:
        t = t.astimezone(VN).replace(tzinfo=None)
    return t.replace(microsecond=0)
