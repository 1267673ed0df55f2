"""Outbox retention: acknowledged rows older than the retention period are pruned as a prefix, the
watermark records it, and `motcua check` still proves every newer change has its outbox row."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from app.services import checks, outbox
from app.services.dto import IntakeRequest, PersonIn
from app.services.intake import receive


def _receive(desk, clerk, n: int) -> None:
    for i in range(n):
        receive(desk, IntakeRequest(procedure="1.001193", applicant=PersonIn(name=f"Lê Văn {chr(65 + i)}")), clerk)


def _mark_sent(desk, ids: list[int], when: dt.datetime) -> None:
    with desk.db.write() as s:
        listed = ",".join(map(str, ids))
        s.execute(text(f"UPDATE outbox SET state = 'sent', result = 'accepted', sent_at = :t WHERE id IN ({listed})"),
                  {"t": when})


def _outbox_ids(desk) -> list[int]:
    with desk.db.read() as s:
        return list(s.execute(text("SELECT id FROM outbox ORDER BY id")).scalars())


def test_prunes_the_acknowledged_prefix_only(desk, clerk, admin, clock):
    _receive(desk, clerk, 6)
    ids = _outbox_ids(desk)
    old = clock.now - dt.timedelta(days=120)
    _mark_sent(desk, ids[:2] + ids[3:5], old)  # the third row is still pending: the prefix stops there
    clock.advance(days=1)
    assert outbox.prune_acknowledged(desk) == 2
    assert _outbox_ids(desk) == ids[2:]
    with desk.db.read() as s:
        through = outbox.pruned_through(s)
        first_kept_event = s.execute(text("SELECT e.id FROM events e JOIN outbox o ON o.event_uuid = e.uuid "
                                          "ORDER BY o.id LIMIT 1")).scalar()
    assert through == first_kept_event - 1
    assert outbox.prune_acknowledged(desk) == 0  # once a day
    report = checks.run_checks(desk, admin)
    assert report.ok, report


def test_recent_acknowledgements_are_kept_and_a_gap_is_still_found(desk, clerk, admin, clock):
    _receive(desk, clerk, 3)
    ids = _outbox_ids(desk)
    _mark_sent(desk, ids, clock.now - dt.timedelta(days=10))  # inside the retention period
    assert outbox.prune_acknowledged(desk) == 0
    assert _outbox_ids(desk) == ids
    # An outbox row lost above the watermark is still reported by the check.
    import sqlite3

    conn = sqlite3.connect(desk.db.path)
    conn.execute("DELETE FROM outbox WHERE id = ?", (ids[-1],))
    conn.commit()
    conn.close()
    report = checks.run_checks(desk, admin)
    assert not report.ok
