"""Sync that tells the truth (issue 12), each point against a hostile server on 127.0.0.1 through the
real client and runner: partial and forged replies, contradictory results, Retry-After 0 or in the past,
a drip-fed reply, a huge reply, a lease from the future, escape codes in server messages, a catalogue
the desk cannot import."""

from __future__ import annotations

import email.utils
import json
import threading
import time
import tracemalloc
import uuid

import pytest

from app.models import SyncState
from app.sync import lease as lease_mod
from app.sync import state, synclog
from app.sync.config import SyncConfig
from app.sync.runner import Runner
from tests.sync.conftest import TOKEN, config_for, fast_options, load_backlog, outbox
from tests.sync.hostile import Hostile, results_for, send_json


@pytest.fixture
def hostile():
    servers: list[Hostile] = []

    def _start(behave) -> Hostile:  # type: ignore[no-untyped-def]
        servers.append(Hostile(behave))
        return servers[-1]

    yield _start
    for s in servers:
        s.stop()


def run(desk, server, **kw):  # type: ignore[no-untyped-def]
    return Runner(desk, SyncConfig(server.url, "", TOKEN, 60), fast_options(**{"until_empty": False, **kw})).run()


def states(desk) -> set[str]:  # type: ignore[no-untyped-def]
    return {r[0] for r in outbox(desk).values()}


@pytest.mark.parametrize("kind", ["some", "never-sent"])
def test_unanswered_changes_are_not_a_success(kind, desk, hostile):
    load_backlog(desk, 20)
    total = len(outbox(desk))

    def behave(h, call):  # type: ignore[no-untyped-def]
        ids = call.event_ids()[:5] if kind == "some" else [str(uuid.uuid4()) for _ in range(3)]
        send_json(h, results_for(call, ids))

    summary = run(desk, hostile(behave))
    assert summary.exit_code == 2 and summary.unanswered == (total - 5 if kind == "some" else total)
    assert not summary.line().startswith("Đồng bộ xong") and "không trả lời" in summary.line()
    assert state.counts(desk).last_success is None
    assert sum(1 for r in outbox(desk).values() if r[0] == "pending") == summary.unanswered


def test_a_fully_answered_run_sets_last_success(desk, hostile):
    load_backlog(desk, 20)
    summary = run(desk, hostile(lambda h, call: send_json(h, results_for(call))))
    assert summary.exit_code == 0 and summary.line().startswith("Đồng bộ xong")
    assert state.counts(desk).last_success is not None and states(desk) == {"sent"}


def test_one_item_twice_with_different_results_marks_nothing(desk, hostile):
    load_backlog(desk, 10)

    def behave(h, call):  # type: ignore[no-untyped-def]
        reply = results_for(call)
        reply["results"].append({"event_id": call.event_ids()[0], "result": "rejected", "code": "bad_field",
                                 "message": "sai"})
        send_json(h, reply)

    summary = run(desk, hostile(behave), max_failures=2)
    assert summary.exit_code == 2 and "không đúng giao thức" in summary.error
    assert states(desk) == {"pending"}


@pytest.mark.parametrize("retry_after", ["0", "past-date"])
def test_retry_after_never_waits_less_than_the_backoff(retry_after, desk, hostile):
    load_backlog(desk, 5)
    value = "0" if retry_after == "0" else email.utils.formatdate(time.time() - 3600, usegmt=True)

    def behave(h, call):  # type: ignore[no-untyped-def]
        if len(server.calls) <= 4:
            send_json(h, {"error": "busy"}, 503, {"Retry-After": value})
        else:
            send_json(h, results_for(call))

    server = hostile(behave)
    summary = run(desk, server, backoff_base=0.05, backoff_cap=1.0)
    assert summary.exit_code == 0 and len(server.calls) == 5
    gaps = [b.at - a.at for a, b in zip(server.calls, server.calls[1:], strict=False)]
    for n, gap in enumerate(gaps, start=1):  # the n-th failure waits at least base * 2**n
        assert gap >= 0.05 * 2 ** n * 0.95, gaps


def drip(h, call):  # type: ignore[no-untyped-def]
    """One byte of a never-ending reply every 0.4 s, from the status line on."""
    for byte in b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" * 1000:
        h.wfile.write(bytes([byte]))
        h.wfile.flush()
        time.sleep(0.4)


def test_a_drip_fed_reply_is_cut_at_the_call_deadline(desk, hostile):
    load_backlog(desk, 5)
    server = hostile(drip)
    summary = run(desk, server, call_seconds=1.5, read_timeout=5.0, max_failures=2)
    assert summary.unreachable and "thời hạn" in summary.error
    assert len(server.calls) == 2 and states(desk) == {"pending"}


def test_the_lease_is_renewed_while_a_call_runs_and_never_outlived(desk, hostile):
    load_backlog(desk, 5)
    server = hostile(drip)
    runner = Runner(desk, SyncConfig(server.url, "", TOKEN, 60),
                    fast_options(until_empty=False, lease_seconds=0.9, call_seconds=60, read_timeout=5.0,
                                 deadline_seconds=3.0, max_failures=None))
    worker = threading.Thread(target=runner.run)
    worker.start()
    expiries = []
    while worker.is_alive():
        info = lease_mod.current(desk, 0.9)
        if info is not None and worker.is_alive():
            assert info.holder == runner.lease.holder
            assert info.seconds_left > 0, "the run outlived its lease"
            expiries.append(time.time() + info.seconds_left)
        time.sleep(0.1)
    worker.join()
    # The run lasted more than three lease lengths on one drip-fed call, its lease renewed all along.
    assert len(expiries) > 10 and expiries[-1] - expiries[0] > 1.5
    assert runner.summary.unreachable and lease_mod.current(desk) is None


def test_a_huge_reply_is_a_protocol_failure_with_flat_memory(desk, hostile):
    load_backlog(desk, 5)

    def behave(h, call):  # type: ignore[no-untyped-def]
        h.send_response(200)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(400 * 1024 * 1024))
        h.end_headers()
        h.wfile.write(b'{"batch_id": "x", "results": [' + b" " * 1000)
        chunk = b" " * (1024 * 1024)
        for _ in range(400):
            h.wfile.write(chunk)

    tracemalloc.start()
    try:
        summary = run(desk, hostile(behave), max_failures=1)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert summary.unreachable and "không đúng giao thức" in summary.error
    assert states(desk) == {"pending"}
    assert peak < 80 * 1024 * 1024, peak


def test_a_lease_from_the_far_future_is_ignored_and_shown(desk, hostile):
    load_backlog(desk, 5)
    with desk.db.write() as s:
        s.merge(SyncState(key=lease_mod.KEY, value=json.dumps(
            {"holder": "far", "host": "may-khac", "pid": 4242, "expires": time.time() + 365 * 86400})))
    info = lease_mod.current(desk)
    assert info is not None and not info.believed and "may-khac" in info.text and "bỏ qua" in info.text
    summary = run(desk, hostile(lambda h, call: send_json(h, results_for(call))))
    assert summary.exit_code == 0 and states(desk) == {"sent"}


def test_escape_codes_and_bidi_overrides_never_reach_the_log_or_the_clerk(desk, hostile):
    load_backlog(desk, 3)
    synclog.attach(desk.paths)
    nasty = "Sai\x1b[2J\x1b[31m tên \u202eđảo ngược\u202c\x1b]0;pwned\x07 \x9b31m hết"

    def behave(h, call):  # type: ignore[no-untyped-def]
        send_json(h, results_for(call, result="rejected") | {"results": [
            {"event_id": e, "result": "rejected", "code": "bad\x1b[0m", "message": nasty} for e in call.event_ids()]})

    summary = run(desk, hostile(behave))
    assert summary.rejected == len(outbox(desk)) > 0
    text = (desk.paths.logs / "sync.log").read_text(encoding="utf-8")
    for bad in ("\x1b", "\u202e", "\u202c", "\x07", "\x9b"):
        assert bad not in text
    assert "Sai tên đảo ngược" in text
    messages = {r[3] for r in outbox(desk).values()}
    assert messages == {"Sai tên đảo ngược  hết"}


def test_a_catalogue_that_cannot_be_imported_never_fails_the_push(desk, start_receiver, tmp_path):
    load_backlog(desk, 10)
    catalogue = tmp_path / "catalogue.json"
    catalogue.write_text(json.dumps({"revision": "2026-13", "procedures": [
        {"key": "TINH-02", "national_code": "", "name": "Thủ tục hỏng", "field": "Hộ tịch",
         "limit": {"kind": "working_days", "value": "ba"}, "fee_amount": "8.000 đồng",
         "components": [{"name": "Tờ khai", "originals": 1e9}]}]}, ensure_ascii=False), encoding="utf-8")
    receiver = start_receiver("--catalogue", str(catalogue))
    summary = Runner(desk, config_for(receiver), fast_options()).run()
    assert summary.exit_code == 0, summary.line()
    assert states(desk) == {"sent"} and summary.catalogue_revision == ""
