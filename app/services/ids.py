"""Time-ordered UUIDs (version 7, RFC 9562) for dossiers and events.

The first 48 bits are the Unix time in milliseconds, so new ids land at the end of the unique indexes
instead of at random pages: inserts stay fast at millions of rows, and ids sort by creation time.
The remaining 74 bits are random, so two offline devices never collide.
"""

from __future__ import annotations

import datetime as dt
import os
import random

_EPOCH_VN = dt.datetime(1970, 1, 1, 7, 0)  # the Unix epoch in Vietnam wall-clock time (UTC+7, no DST)
_MS = dt.timedelta(milliseconds=1)


def uuid7(at: dt.datetime | None = None, rng: random.Random | None = None) -> str:
    """A version-7 UUID for moment `at` (naive times are Vietnam wall-clock time); now by default."""
    if at is None:
        ms = int(dt.datetime.now(dt.UTC).timestamp() * 1000)
    elif at.tzinfo is not None:
        ms = int(at.timestamp() * 1000)
    else:
        ms = (at - _EPOCH_VN) // _MS
    rand = rng.getrandbits(74) if rng is not None else int.from_bytes(os.urandom(10), "big") >> 6
    value = (ms & 0xFFFF_FFFF_FFFF) << 80 | 0x7 << 76 | (rand >> 62) << 64 | 0b10 << 62 | (rand & ((1 << 62) - 1))
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
