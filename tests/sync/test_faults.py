"""Under each fault of the receiver, a 5,000-dossier backlog ends on the server exactly once and every
outbox row ends sent or parked with the reason (real receiver subprocess, real client). The few dossiers
without an applicant name fail the record's schema on the desk: parked here, never sent."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from app.sync.runner import Runner
from tests.sync.conftest import config_for, fast_options, load_backlog, outbox

GOOD, BAD = 5000, 10

SCENARIOS = {
    "fail": (["--fail-rate", "0.3"], {}),
    "drop": (["--drop-rate", "0.3"], {}),
    "slow": (["--slow-rate", "0.2", "--slow-seconds", "1.5"], {"read_timeout": 0.8}),
    "throttle": (["--throttle-rate", "0.2", "--retry-after", "1"], {}),
    "captive": (["--captive-rate", "0.3"], {}),
}


@pytest.mark.parametrize("fault", list(SCENARIOS))
def test_backlog_ends_on_server_exactly_once(fault, desk, start_receiver):
    args, opts = SCENARIOS[fault]
    load_backlog(desk, GOOD + BAD)
    with desk.db.write() as s:  # a few dossiers the province must refuse: no applicant name
        bad = [r[0] for r in s.execute(text("SELECT id FROM dossiers ORDER BY random() LIMIT :n"), {"n": BAD})]
        ids = ",".join(map(str, bad))
        s.execute(text(f"UPDATE dossiers SET applicant_name = '' WHERE id IN ({ids})"))
        bad_events = {r[0] for r in s.execute(text(f"SELECT event_uuid FROM outbox WHERE dossier_id IN ({ids})"))}
    receiver = start_receiver(*args, "--fault-seed", "7")

    summary = Runner(desk, config_for(receiver), fast_options(max_items=2000, **opts)).run()

    assert not summary.error, summary.error
    assert summary.exit_code == 1  # some were rejected
    rows = outbox(desk)
    assert {state for state, *_ in rows.values()} == {"sent", "parked"}
    parked = {e for e, (state, *_rest) in rows.items() if state == "parked"}
    assert parked == bad_events
    for e in parked:
        _state, result, code, message = rows[e]
        assert (result, code) == ("invalid", "missing_field")
        assert message == "Thiếu họ tên chủ hồ sơ (ChuHoSo); hãy bổ sung vào hồ sơ rồi gửi lại."
    sent = {e for e, (state, *_rest) in rows.items() if state == "sent"}
    on_server = {r[0] for r in receiver.query("SELECT event_id FROM events")}
    assert on_server == sent
    stats = receiver.stats()
    assert stats["dossiers"] == GOOD
    assert stats["events"] == len(sent) == stats["accepted"]
    assert stats["faults"].get(fault, 0) > 0, stats
    if fault == "throttle":  # backoff alone would wait ~0.1 s; each 429 said "Retry-After: 1"
        assert summary.seconds >= 0.9 * stats["faults"]["throttle"]
    if fault == "drop":  # the lost replies were recovered by replay or as duplicates, never stored twice
        assert stats["replays"] + stats["duplicates_refused"] > 0
    assert receiver.query("SELECT COUNT(*), COUNT(DISTINCT code) FROM dossiers")[0] == (GOOD, GOOD)
