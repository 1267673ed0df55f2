"""The runner against the real receiver: national payload of a real intake, status updates pulled and
applied as upstream workflow events, the catalogue pulled, one runner per database (lease)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from sqlalchemy import text

from app.models import SyncState
from app.services import intake, queries
from app.services.dto import IntakeRequest, PersonIn
from app.services.status import Status
from app.sync import state
from app.sync.lease import KEY, Lease
from app.sync.runner import Runner
from tests.sync.conftest import config_for, fast_options


def receive_one(desk, clerk):  # type: ignore[no-untyped-def]
    req = IntakeRequest(procedure="1.001193", applicant=PersonIn(
        "Đặng Thị Ngọc Ánh", "cccd", "001190012345", None, "f", "0912345678", "anh@example.vn",
        "Thôn Đông, xã Tân Lập"), summary="Đăng ký khai sinh cho con")
    return intake.receive(desk, req, clerk)


def test_payload_uses_national_names_and_dates(desk, clerk, start_receiver):
    d = receive_one(desk, clerk)
    receiver = start_receiver()
    summary = Runner(desk, config_for(receiver), fast_options()).run()
    assert summary.exit_code == 0 and summary.accepted == 1, summary.line()
    shown = subprocess.run([sys.executable, "-m", "app.sync.receiver", "--db", str(receiver.db), "--show", d.code],
                           capture_output=True, text=True, check=True)
    payload = json.loads(shown.stdout)
    assert payload["MaHoSo"] == d.code and payload["MaTTHC"] == "1.001193"
    assert payload["TenTTHC"] == d.procedure_name and payload["ChuHoSo"] == "Đặng Thị Ngọc Ánh"
    assert payload["NgayTiepNhan"] == d.received_at.strftime("%Y%m%d%H%M%S")
    assert payload["NgayHenTra"] == d.due_at.strftime("%Y%m%d%H%M%S")
    assert payload["TrangThaiHoSo"] == "2" and payload["KenhThucHien"] == "1" and payload["HinhThuc"] == "0"
    assert payload["DinhDanhCHS"] == [{"LoaiDinhDanh": "1", "SoDinhDanh": "001190012345"}]
    assert payload["TaiLieuNop"][0]["TenTepDinhKem"] == d.components[0].name
    assert payload["TrichYeuHoSo"] == "Đăng ký khai sinh cho con"
    event = receiver.query("SELECT at, status, actor FROM events")[0]
    assert event == (d.received_at.strftime("%Y%m%d%H%M%S"), 2, clerk.full_name)


def test_status_updates_are_applied_as_upstream_workflow_events(desk, clerk, clock, start_receiver, tmp_path):
    d = receive_one(desk, clerk)
    catalogue = tmp_path / "catalogue.json"
    catalogue.write_text(json.dumps({"revision": "2026-12", "procedures": [{
        "key": "TINH-01", "national_code": "", "name": "Thủ tục mới của tỉnh", "field": "Hộ tịch",
        "limit": {"kind": "working_days", "value": 3}, "components": [{"name": "Tờ khai"}]}]},
        ensure_ascii=False), encoding="utf-8")
    receiver = start_receiver("--catalogue", str(catalogue))
    clock.advance(hours=2)
    receiver.post_updates([
        {"dossier_uuid": d.uuid, "MaHoSo": d.code, "TrangThaiHoSo": 4, "ThoiDiemXuLy": "20261120100000",
         "NguoiXuLy": "Công chức Tư pháp tỉnh", "PhongBanXuLy": "Phòng Tư pháp", "NoiDungXuLy": "Chuyển xử lý"},
        {"MaHoSo": d.code, "TrangThaiHoSo": 10, "ThoiDiemXuLy": "20261120103000"},  # not allowed from 4
        {"MaHoSo": "KHONG-CO-HO-SO", "TrangThaiHoSo": 9, "ThoiDiemXuLy": "20261120103000"},
        {"MaHoSo": d.code, "PhongBanXuLy": "Phòng Văn hóa - Xã hội", "ThoiDiemXuLy": "20261120104000"},  # hand-over
    ])
    summary = Runner(desk, config_for(receiver), fast_options()).run()
    assert summary.updates_applied == 2 and summary.updates_skipped == 2, summary.to_json()
    assert summary.catalogue_revision == "2026-12"
    with desk.db.read() as s:
        detail = queries.detail_by_code(s, d.code)
        upstream = s.execute(text("SELECT kind, to_status, to_party, source FROM events WHERE source = 'upstream'")).all()
        assert s.execute(text("SELECT name FROM procedures WHERE key = 'TINH-01'")).scalar() == "Thủ tục mới của tỉnh"
    assert detail.status == Status.PROCESSING and detail.handling_unit == "Phòng Tư pháp"
    assert upstream == [("transition", 4, "Phòng Tư pháp", "upstream"),
                        ("handover", None, "Phòng Văn hóa - Xã hội", "upstream")]
    assert state.get(desk, state.UPDATES_CURSOR) == "4"
    assert state.counts(desk).pending == 0  # the upstream event went back to the province as well

    again = Runner(desk, config_for(receiver), fast_options()).run()  # the cursor: nothing applied twice
    assert again.updates_applied == 0 and again.catalogue_revision == ""


def test_one_runner_per_database(desk, clerk, start_receiver):
    receive_one(desk, clerk)
    receiver = start_receiver()
    holder = Lease(desk, seconds=60)
    assert holder.acquire()
    busy = Runner(desk, config_for(receiver), fast_options()).run()
    assert busy.busy and busy.exit_code == 2 and "lượt đồng bộ khác" in busy.error
    assert state.counts(desk).pending == 1
    holder.release()
    assert Runner(desk, config_for(receiver), fast_options()).run().exit_code == 0


def test_a_crashed_runner_lease_expires_or_is_taken_over(desk):
    now = [1_800_000_000.0]
    other = Lease(desk, seconds=120, clock=lambda: now[0])
    other.host = "another-machine"
    assert other.acquire()
    mine = Lease(desk, seconds=60, clock=lambda: now[0])
    now[0] += 119
    assert not mine.acquire()  # still held a second before it runs out
    now[0] += 1
    assert mine.acquire()  # expired
    mine.release()

    # A runner on this machine whose process is gone: taken over at once, long before expiry.
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    with desk.db.write() as s:
        s.merge(SyncState(key=KEY, value=json.dumps({"holder": "x", "host": mine.host,
                                                      "pid": int(dead.stdout), "expires": time.time() + 3600})))
    assert mine.acquire()
    with desk.db.write() as s:  # a live process keeps its lease
        s.merge(SyncState(key=KEY, value=json.dumps({"holder": "y", "host": mine.host, "pid": os.getppid(),
                                                      "expires": time.time() + 100})))
    assert not Lease(desk).acquire()
