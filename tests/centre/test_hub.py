"""The hub: two home-visit laptops (SQLite, slots 1 and 2) receive offline, sync into the centre through
`motcua serve`'s handler with their own tokens, and the centre then pushes everything to the province."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select, text

from app.models import Dossier, Event, OutboxRow, Reschedule, SupplementRequest
from app.services.desk import Desk
from app.services.dto import Actor, IntakeRequest, PersonIn
from app.services.intake import receive
from app.services.journal import verify_audit_chain
from app.services.search import SearchFilter, search
from app.services.status import Status
from app.services.workflow import transition
from app.sync.config import SyncConfig
from app.sync.hub import TOKENS_FILE, add_laptop, make_hub
from app.sync.runner import Runner
from tests.conftest import CLERK
from tests.sync.conftest import TOKEN, config_for, fast_options
from tests.sync.test_command import motcua
from tests.users import ADMIN, PASSWORD, add_account, as_user

pytestmark = pytest.mark.both_engines
OFFICER = Actor(username="lưu động", full_name="Phạm Văn Bình", role="officer", title="Công chức lưu động")


def _visit(desk, names: list[str]) -> list[str]:
    codes = [receive(desk, IntakeRequest(procedure="HT-XNHN", channel="home", applicant=PersonIn(
        name=n, address="Thôn Đồng Tâm, xã Tân Lập")), CLERK).code for n in names]
    return codes


def test_two_laptops_through_the_hub_then_every_dossier_once_at_the_province(make_desk, clock, province):
    centre = make_desk("centre")
    laptops = [make_desk(f"lap{n}", slot=n, store="sqlite") for n in (1, 2)]
    clock.now = dt.datetime(2026, 11, 20, 8, 30)
    codes = _visit(laptops[0], ["Đặng Thị Ngọc Ánh", "Lê Văn An"]) + _visit(laptops[1], ["Trần Thị Hoa"])
    clock.advance(minutes=30)
    transition(laptops[0], codes[0], Status.PROCESSING, OFFICER, to_party="Công chức Tư pháp – Hộ tịch")
    centre_code = _visit(centre, ["Ngô Anh Tuấn"])[0]
    hub = make_hub(centre, "127.0.0.1", 0).start()
    try:
        for n, lap in enumerate(laptops, 1):
            config = SyncConfig(hub.url, "", add_laptop(centre.paths.data_dir, f"Lưu động {n}"), 60)
            first = Runner(lap, config, fast_options()).run()
            assert (first.accepted, first.rejected) == ((3, 0) if n == 1 else (1, 0))
            with lap.db.write() as s:  # a reply lost on the way: the laptop sends everything again
                s.execute(text("UPDATE outbox SET state = 'pending', result = ''"))
            again = Runner(lap, config, fast_options()).run()
            assert again.rejected == 0 and (again.accepted, again.duplicate) == (0, first.accepted)
    finally:
        hub.stop()
    with centre.db.read() as s:
        rows = dict(s.execute(select(Dossier.code, Dossier.status)).all())
        assert set(rows) == {*codes, centre_code}
        assert rows[codes[0]] == int(Status.PROCESSING) and rows[codes[2]] == int(Status.RECEIVED)
        assert s.scalar(select(func.count()).select_from(Event)) == 5
        assert s.scalar(select(func.count()).select_from(OutboxRow)) == 5
        assert verify_audit_chain(s).ok
        # What the hub wrote is found by name (on PostgreSQL through the suffixes the trigger keeps).
        by_name = SearchFilter(text_field="name")
        assert [r.code for r in search(s, "Lê Văn A", by_name).rows] == [codes[1]]
        assert [r.code for r in search(s, "thi ngoc a", by_name).rows] == [codes[0]]
    summary = Runner(centre, config_for(province), fast_options()).run()
    assert (summary.accepted, summary.rejected) == (5, 0)
    assert sorted(c for (c,) in province.query("SELECT code FROM dossiers")) == sorted([*codes, centre_code])
    assert province.query("SELECT count(*) FROM events") == [(5,)]


def test_motcua_serve_takes_a_laptop_with_its_own_token_and_refuses_others(make_desk, capsys, monkeypatch):
    import io
    import subprocess
    import sys

    from app.cli import main
    from tests.sync.conftest import ROOT

    centre = make_desk("centre")
    lap = make_desk("lap", slot=3, store="sqlite")
    code = _visit(lap, ["Lê Văn An"])[0]
    home = ["--data-dir", str(centre.paths.data_dir)]
    capsys.readouterr()
    assert main([*home, "serve", "--add-laptop", "Lưu động 3"]) != 0  # a new token is a change: a desk account
    add_account(centre, ADMIN)
    capsys.readouterr()
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main([*home, *as_user(ADMIN), "serve", "--add-laptop", "Lưu động 3"]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    assert token not in (centre.paths.data_dir / "hub-tokens.json").read_text(encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "app", *home, "serve", "--listen", "127.0.0.1:0"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = json.loads(proc.stdout.readline())["listening"]
        refused = Runner(lap, SyncConfig(url, "", "not-the-token", 60), fast_options()).run()
        assert refused.fatal and refused.accepted == 0
        summary = Runner(lap, SyncConfig(url, "", token, 60), fast_options()).run()
        assert (summary.accepted, summary.rejected) == (1, 0)
    finally:
        proc.terminate()
        proc.wait(10)
        proc.stdout.close()
        proc.stderr.close()
    with centre.db.read() as s:
        assert s.scalar(select(Dossier.channel).where(Dossier.code == code)) == "home"


LEADER = Actor(username="ld", full_name="Trần Quốc Toản", role="leader", title="Giám đốc")


def test_every_step_made_on_a_laptop_arrives_once_with_the_same_state(make_desk, clock):
    from app.services import workflow

    centre = make_desk("centre")
    lap = make_desk("lap", slot=4, store="sqlite")
    clock.now = dt.datetime(2026, 11, 16, 8, 30)
    code = _visit(lap, ["Đặng Thị Ngọc Ánh"])[0]
    steps = [lambda: transition(lap, code, Status.PROCESSING, OFFICER, to_party="Tư pháp – Hộ tịch"),
             lambda: workflow.handover(lap, code, "Công chức Văn hóa", OFFICER),
             lambda: workflow.request_supplement(lap, code, "Thiếu bản sao giấy khai sinh", ["Giấy khai sinh"],
                                                 OFFICER),
             lambda: workflow.receive_supplement(lap, code, CLERK),
             lambda: workflow.extend(lap, code, dt.datetime(2026, 11, 27, 16, 0), "Chờ xác minh nơi cư trú", LEADER,
                                     proposer="Phạm Văn Bình", approver_name="Nguyễn Thị Mai",
                                     approver_title="Phó Chủ tịch UBND xã"),
             lambda: transition(lap, code, Status.RESULT_READY, OFFICER),
             lambda: transition(lap, code, Status.RETURNED, CLERK, collected_by="Lê Văn Tâm (con, được ủy quyền)"),
             lambda: workflow.record_rating(lap, code, "very_satisfied", CLERK)]
    for step in steps:
        clock.advance(hours=2)
        step()
    stopped = _visit(lap, ["Lê Văn An"])[0]
    clock.advance(hours=1)
    transition(lap, stopped, Status.PROCESSING, OFFICER, to_party="Công chức Tư pháp – Hộ tịch")
    workflow.stop(lap, stopped, "Người nộp đã chuyển nơi cư trú", LEADER, legal_basis="Khoản 2 Điều 22 Luật Hộ tịch",
                  proposer="Phạm Văn Bình", approver_name="Nguyễn Thị Mai", approver_title="Phó Chủ tịch UBND xã")
    token = add_laptop(centre.paths.data_dir, "Lưu động 4")
    hub = make_hub(centre, "127.0.0.1", 0).start()
    try:
        summary = Runner(lap, SyncConfig(hub.url, "", token, 60), fast_options()).run()
    finally:
        hub.stop()
    assert (summary.accepted, summary.rejected) == (12, 0), summary
    fields = (Dossier.status, Dossier.due_at, Dossier.extended_due_at, Dossier.rating, Dossier.collected_by,
              Dossier.supplement_count, Dossier.version)
    rows, facts = [], []
    for desk in (lap, centre):
        with desk.db.read() as s:
            rows.append(s.execute(select(*fields).where(Dossier.code == code)).one())
            kinds = [k for (k,) in s.execute(select(Event.kind).order_by(Event.id))]
            # the papers asked for, who proposed and approved the extension and the stop, the stop's basis
            facts.append((s.execute(select(SupplementRequest.reason, SupplementRequest.items)).all(),
                          s.execute(select(Reschedule.proposer, Reschedule.approved_by, Reschedule.approver_title)).all(),
                          [json.loads(d) for (d,) in s.execute(select(Event.data).where(Event.kind == "reschedule")
                                                               .union_all(select(Event.data).where(
                                                                   Event.to_status == int(Status.STOPPED))))]))
    assert rows[0] == rows[1] and rows[1].status == int(Status.RETURNED) and rows[1].version == 9
    assert kinds == ["receive", "transition", "handover", "transition", "transition", "reschedule", "transition",
                     "transition", "rating", "receive", "transition", "transition"]
    assert facts[0] == facts[1]
    assert json.loads(facts[1][0][0][1]) == ["Giấy khai sinh"]
    assert facts[1][1] == [("Phạm Văn Bình", "Nguyễn Thị Mai", "Phó Chủ tịch UBND xã")]
    assert [(d["approver_name"], d["legal_basis"]) for d in facts[1][2]] == [
        ("Nguyễn Thị Mai", ""), ("Nguyễn Thị Mai", "Khoản 2 Điều 22 Luật Hộ tịch")]


def test_the_centres_nightly_motcua_sync_pushes_to_the_province(centre, province):
    """`motcua sync` (lease, push, files, pull) as a separate process on a counter of a PostgreSQL centre."""
    folder = centre.counters(1)[0]
    desk = Desk.open(folder)
    codes = _visit(desk, ["Lê Văn An", "Trần Thị Hoa"])
    add_account(desk, ADMIN)  # configuring the sync changes settings: an administrator does it
    desk.close()
    done = motcua(folder.data_dir, *as_user(ADMIN), "sync", "configure", "--url", province.url, "--token-stdin",
                  stdin=f"{PASSWORD}\n{TOKEN}\n")
    assert done.returncode == 0, done.stderr
    done = motcua(folder.data_dir, "sync", "--until-empty", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["accepted"] == 2
    assert sorted(c for (c,) in province.query("SELECT code FROM dossiers")) == sorted(codes)
    assert motcua(folder.data_dir, "sync", "status").returncode == 0


def _serve(folder, *args: str):  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    from tests.sync.conftest import ROOT

    return subprocess.Popen([sys.executable, "-m", "app", "--data-dir", str(folder), "serve", "--listen", "127.0.0.1:0",
                             *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _stop(proc) -> None:  # type: ignore[no-untyped-def]
    proc.terminate()
    proc.wait(10)
    proc.stdout.close()
    proc.stderr.close()


def test_the_hub_over_https_with_the_laptops_trusting_its_ca(make_desk, tmp_path):
    """`motcua serve --tls-cert --tls-key`: a key others may read and a certificate that is not one are
    refused with what to do; the laptop configures the hub's https address with its CA bundle and syncs;
    without the CA it refuses to talk, and plain http gets nothing from the hub."""
    import os

    import requests

    from tests.sync.test_tls import make_ca_and_server

    centre = make_desk("centre")
    lap = make_desk("lap", slot=5, store="sqlite")
    code = _visit(lap, ["Lê Văn An"])[0]
    add_account(lap, ADMIN)
    token = add_laptop(centre.paths.data_dir, "Lưu động 5")
    pem = make_ca_and_server(tmp_path)
    tls = ["--tls-cert", str(pem["cert"]), "--tls-key", str(pem["key"])]

    os.chmod(pem["key"], 0o644)
    refused = _serve(centre.paths.data_dir, *tls)
    assert refused.wait(60) != 0
    assert f"chmod 600 {pem['key']}" in refused.stderr.read()
    _stop(refused)
    os.chmod(pem["key"], 0o600)
    garbage = tmp_path / "not-a-cert.pem"
    garbage.write_text("-----BEGIN CERTIFICATE-----\nkhông phải chứng chỉ\n-----END CERTIFICATE-----\n")
    refused = _serve(centre.paths.data_dir, "--tls-cert", str(garbage), "--tls-key", str(pem["key"]))
    assert refused.wait(60) != 0
    assert f"Không dùng được chứng chỉ «{garbage}»" in refused.stderr.read()
    _stop(refused)
    half = _serve(centre.paths.data_dir, "--tls-cert", str(pem["cert"]))
    assert half.wait(60) != 0 and "--tls-key" in half.stderr.read()
    _stop(half)

    proc = _serve(centre.paths.data_dir, *tls)
    try:
        url = json.loads(proc.stdout.readline())["listening"]
        assert url.startswith("https://127.0.0.1:")
        with pytest.raises(requests.ConnectionError):  # plain http to the https hub: no answer
            requests.get(url.replace("https://", "http://") + "/health", timeout=10)
        untrusted = Runner(lap, SyncConfig(url, "", token, 60), fast_options(max_failures=2)).run()
        assert untrusted.fatal and "chứng chỉ" in untrusted.error and untrusted.accepted == 0
        done = motcua(lap.paths.data_dir, *as_user(ADMIN), "sync", "configure", "--url", url, "--ca-bundle",
                      str(pem["ca"]), "--token-stdin", stdin=f"{PASSWORD}\n{token}\n")
        assert done.returncode == 0, done.stderr
        done = motcua(lap.paths.data_dir, "sync", "--until-empty", "--json")
        assert done.returncode == 0, done.stdout + done.stderr
        assert json.loads(done.stdout)["accepted"] == 1
    finally:
        _stop(proc)
    with centre.db.read() as s:
        assert s.scalar(select(Dossier.code).where(Dossier.code == code)) == code


def test_two_laptops_through_a_faulty_lan_then_every_dossier_exactly_once_at_the_province(make_desk, clock, province):
    """Issue 16's hub test: two laptops (SQLite, slots 1 and 2) receive offline and sync at the same time into
    the hub through the fault proxy (requests reset before the hub, replies lost after it stored the batch,
    replies held past the laptop's timeout); then the centre pushes everything to the reference receiver.
    Every dossier and every change exactly once at the hub and at the province; the laptops' outboxes end
    empty."""
    import threading

    from tests.sync.fault_proxy import FaultProxy

    centre = make_desk("centre")
    laptops = [make_desk(f"lap{n}", slot=n, store="sqlite") for n in (1, 2)]
    clock.now = dt.datetime(2026, 11, 20, 8, 0)
    names = [f"{family} {given}" for family in ("Nguyễn Văn", "Trần Thị", "Lê Minh")
             for given in ("An", "Bình", "Cường", "Dung", "Hoa", "Khánh")]
    codes = {n: _visit(lap, names) for n, lap in enumerate(laptops, 1)}
    clock.advance(hours=1)
    for n, lap in enumerate(laptops, 1):
        for code in codes[n][:6]:
            transition(lap, code, Status.PROCESSING, OFFICER, to_party="Công chức Tư pháp – Hộ tịch")
    centre_codes = _visit(centre, ["Ngô Anh Tuấn", "Đỗ Thị Hương"])
    laptop_events = 2 * (18 + 6)
    hub = make_hub(centre, "127.0.0.1", 0).start()
    proxy = FaultProxy(hub.url, reset=0.15, drop=0.15, delay=0.1, delay_seconds=1.2, seed=16,
                       first=("reset", "drop", "delay"))
    tokens = {n: add_laptop(centre.paths.data_dir, f"Lưu động {n}") for n in (1, 2)}
    summaries, errors = {}, []

    def sync(n: int, lap) -> None:  # type: ignore[no-untyped-def]
        try:
            config = SyncConfig(proxy.url, "", tokens[n], 60)
            summaries[n] = Runner(lap, config, fast_options(max_items=4, read_timeout=0.8, pull=False)).run()
        except BaseException as exc:  # raised below, on the test's thread
            errors.append(exc)

    try:
        threads = [threading.Thread(target=sync, args=(n, lap)) for n, lap in enumerate(laptops, 1)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(180)
    finally:
        proxy.stop()
        hub.stop()
    assert not errors, errors
    assert all(f in proxy.faults for f in ("reset", "drop", "delay")), proxy.faults
    for n, lap in enumerate(laptops, 1):
        s = summaries[n]
        assert not s.error and s.rejected == 0 and s.invalid == 0, s.line()
        assert s.accepted + s.duplicate >= 24, s.line()
        with lap.db.read() as r:
            assert dict(r.execute(text("SELECT state, count(*) FROM outbox GROUP BY state")).all()) == {"sent": 24}
    assert sum(s.duplicate for s in summaries.values()) > 0  # lost replies were answered from what the hub had

    everything = sorted([*codes[1], *codes[2], *centre_codes])
    with centre.db.read() as s:
        assert sorted(c for (c,) in s.execute(select(Dossier.code))) == everything
        assert s.scalar(select(func.count(func.distinct(Dossier.uuid)))) == len(everything)
        assert s.scalar(select(func.count()).select_from(Event)) == laptop_events + 2
        assert s.scalar(select(func.count(func.distinct(Event.uuid)))) == laptop_events + 2
        statuses = dict(s.execute(select(Dossier.code, Dossier.status)).all())
        assert sum(statuses[c] == int(Status.PROCESSING) for c in [*codes[1], *codes[2]]) == 12
        assert verify_audit_chain(s).ok
    pushed = Runner(centre, config_for(province), fast_options()).run()
    assert (pushed.accepted, pushed.rejected, pushed.invalid) == (laptop_events + 2, 0, 0), pushed.line()
    assert province.query("SELECT COUNT(*), COUNT(DISTINCT code) FROM dossiers") == [(len(everything),) * 2]
    assert sorted(c for (c,) in province.query("SELECT code FROM dossiers")) == everything
    assert province.query("SELECT COUNT(*), COUNT(DISTINCT event_id) FROM events") == [(laptop_events + 2,) * 2]
    with centre.db.read() as s:
        assert dict(s.execute(text("SELECT state, count(*) FROM outbox GROUP BY state")).all()) == {
            "sent": laptop_events + 2}


def test_laptops_added_at_once_all_keep_their_token(tmp_path):
    """`serve --add-laptop` run twice at the same time: both tokens are kept, no temporary file is left."""
    names = [f"Lưu động {n}" for n in range(1, 25)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        tokens = dict(zip(names, pool.map(lambda name: add_laptop(tmp_path, name), names), strict=True))
    kept = json.loads((tmp_path / TOKENS_FILE).read_text(encoding="utf-8"))
    assert sorted(kept.values()) == sorted(names)
    assert all(kept[hashlib.sha256(tokens[name].encode()).hexdigest()] == name for name in names)
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*.tmp"))
