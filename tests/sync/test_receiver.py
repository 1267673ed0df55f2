"""The reference receiver over real HTTP: health and token, idempotency-key replay, per-item rejection,
uniqueness on event id and (dossier, version), gzip bodies, malformed requests."""

from __future__ import annotations

import copy
import gzip
import json
import uuid

import requests

from tests.sync.conftest import TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def item(code: str = "000.17.22.H56-261120-0001", *, dossier: str | None = None, version: int = 1,
         event: str | None = None, name: str = "Nguyễn Văn An") -> dict:
    return {"dossier_uuid": dossier or str(uuid.uuid4()), "version": version, "HoSo": {
        "MaHoSo": code, "MaTTHC": "1.001193", "TenTTHC": "Đăng ký khai sinh", "ChuHoSo": name,
        "NgayTiepNhan": "20261120090000", "NgayHenTra": "20261120170000", "TrangThaiHoSo": 2,
        "KenhThucHien": 1, "DinhDanhCHS": [{"LoaiDinhDanh": 1, "SoDinhDanh": "001190012345"}]},
        "changes": [{"event_id": event or str(uuid.uuid4()), "version": version, "kind": "receive",
                     "QuaTrinhXuLy": {"MaHoSo": code, "ThoiDiemXuLy": "20261120090000", "TrangThai": 2}}]}


def post(url: str, items: list[dict], key: str | None = None, *, compress: bool = False) -> requests.Response:
    key = key or str(uuid.uuid4())
    body = json.dumps({"protocol": "motcua-sync/1", "batch_id": key, "agency_code": "000.17.22.H56",
                       "items": items}).encode()
    headers = {**AUTH, "Idempotency-Key": key, "Content-Type": "application/json"}
    if compress:
        body = gzip.compress(body)
        headers["Content-Encoding"] = "gzip"
    return requests.post(url + "/api/v1/batches", data=body, headers=headers, timeout=5)


def results(resp: requests.Response) -> list[tuple[str, str]]:
    assert resp.status_code == 200, resp.text
    return [(r["result"], r.get("code", "")) for r in resp.json()["results"]]


def test_health_is_public_but_checks_a_token_that_is_sent(start_receiver):
    r = start_receiver("--max-items", "50")
    health = requests.get(r.url + "/api/v1/health", timeout=5).json()
    assert health["protocol"] == "motcua-sync/1" and health["limits"]["max_items"] == 50 and health["gzip"]
    assert len(health["server_time"]) == 14
    bad = requests.get(r.url + "/api/v1/health", headers={"Authorization": "Bearer nope"}, timeout=5)
    assert bad.status_code == 401
    assert requests.get(r.url + "/api/v1/updates", timeout=5).status_code == 401


def test_repeated_key_replays_the_stored_answer_and_a_reused_key_is_refused(start_receiver):
    r = start_receiver()
    items = [item(f"000.17.22.H56-261120-{i:04d}") for i in range(1, 4)]
    first = post(r.url, items, "batch-1", compress=True)
    assert results(first) == [("accepted", "")] * 3
    again = post(r.url, items, "batch-1")
    assert again.json() == first.json()  # same answer, nothing stored twice
    stats = r.stats()
    assert (stats["events"], stats["replays"], stats["dossiers"]) == (3, 1, 3)
    assert post(r.url, items[:1], "batch-1").status_code == 422
    # The same changes under a new key are duplicates, not new events.
    assert results(post(r.url, items)) == [("duplicate", "")] * 3
    assert r.stats()["duplicates_refused"] == 3


def test_items_are_checked_one_by_one(start_receiver):
    r = start_receiver()
    good = item("000.17.22.H56-261120-0001")
    no_name = item("000.17.22.H56-261120-0002", name="")
    bad_date = item("000.17.22.H56-261120-0003")
    bad_date["HoSo"]["NgayHenTra"] = "2026-11-20"
    conflict = item("000.17.22.H56-261120-0001")  # same code, another dossier
    twin = copy.deepcopy(good)
    twin["changes"][0]["event_id"] = str(uuid.uuid4())  # same dossier and version, another event
    got = results(post(r.url, [good, no_name, bad_date, conflict, twin]))
    assert sorted(got) == sorted([("accepted", ""), ("rejected", "missing_field"), ("rejected", "bad_field"),
                                  ("rejected", "code_conflict"), ("rejected", "version_conflict")])
    by_event = {x["event_id"]: x for x in post(r.url, [no_name]).json()["results"]}
    assert by_event[no_name["changes"][0]["event_id"]]["message"] == "Thiếu họ tên chủ hồ sơ (ChuHoSo); hãy bổ sung vào hồ sơ rồi gửi lại."
    stats = r.stats()
    assert (stats["dossiers"], stats["events"], stats["rejected_items"]) == (1, 1, 5)


def test_a_newer_version_updates_the_dossier_and_older_ones_do_not(start_receiver):
    r = start_receiver()
    first = item()
    dossier = first["dossier_uuid"]
    second = item(dossier=dossier, version=2)
    second["HoSo"]["TrangThaiHoSo"] = 4
    assert results(post(r.url, [second])) == [("accepted", "")]
    assert results(post(r.url, [first])) == [("accepted", "")]  # late arrival of version 1
    assert r.query("SELECT version, status FROM dossiers") == [(2, 4)]
    assert r.query(f"SELECT COUNT(*) FROM events WHERE dossier_uuid = '{dossier}'") == [(2,)]


def test_malformed_requests(start_receiver):
    r = start_receiver("--max-items", "2")
    url = r.url + "/api/v1/batches"
    assert requests.post(url, data=b"{}", headers=AUTH, timeout=5).status_code == 400  # no key
    h = {**AUTH, "Idempotency-Key": "k"}
    assert requests.post(url, data=b"not json", headers=h, timeout=5).status_code == 400
    assert requests.post(url, data=b"\x00", headers={**h, "Content-Encoding": "gzip"}, timeout=5).status_code == 400
    assert post(r.url, [item(), item(), item()]).status_code == 413
    assert requests.get(r.url + "/api/v1/nothing", timeout=5).status_code == 404
