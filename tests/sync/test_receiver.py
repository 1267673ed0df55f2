"""The reference receiver over real HTTP: health and token, idempotency-key replay, per-item rejection,
uniqueness on event id and (dossier, version), gzip bodies, malformed requests."""

from __future__ import annotations

import copy
import gzip
import json
import uuid

import requests

from app.sync.record import ComponentIn, EventIn, PersonIn, RecordIn
from app.sync.record import item as record_item
from tests.sync.conftest import TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def item(code: str = "000.17.22.H56-261120-0001", *, dossier: str | None = None, version: int = 1,
         event: str | None = None, name: str = "Nguyễn Văn An") -> dict:
    """A valid national record item (built by the desk's own record builder)."""
    rec = RecordIn(
        dossier_uuid=dossier or str(uuid.uuid4()), version=version, code=code, procedure_code="1.001193",
        procedure_name="Đăng ký khai sinh", field_code="HT", field_name="Hộ tịch", channel="counter",
        applicant=PersonIn(name, "cccd", "001190012345"), owner=None, applicant_type=1, summary="Khai sinh",
        note="", received_at="20261120090000", legal_due_at="20261120170000", original_due_at="20261120170000",
        promised_due_at="", status=2, finished_at="", returned_at="", result_delivery="counter",
        handling_unit="", collected_by="", components=(ComponentIn("Tờ khai", 1),),
        events=(EventIn(event or str(uuid.uuid4()), version, "receive", "20261120090000", 2, "Nguyễn Thị Hồng"),))
    return record_item(rec)


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
    second["HoSo"]["TrangThaiHoSo"] = "4"
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


def test_each_item_is_checked_against_the_schema_naming_the_field(start_receiver):
    r = start_receiver()
    good = item("000.17.22.H56-261120-0001")
    wrong_type = item("000.17.22.H56-261120-0002")
    wrong_type["HoSo"]["TrangThaiHoSo"] = 4  # a number where the national record has a string
    missing = item("000.17.22.H56-261120-0003")
    del missing["HoSo"]["NoiNopHoSo"]
    unknown = item("000.17.22.H56-261120-0004")
    unknown["HoSo"]["TaiLieuNop"][0]["DuocSoHoa"] = "7"
    extra = item("000.17.22.H56-261120-0005")
    extra["HoSo"]["DiaChi"] = "desk-only field mixed into HoSo"
    also_good = item("000.17.22.H56-261120-0006")
    reply = post(r.url, [good, wrong_type, missing, unknown, extra, also_good]).json()["results"]
    by_event = {x["event_id"]: x for x in reply}

    def got(it: dict) -> dict:
        return by_event[it["changes"][0]["event_id"]]

    assert got(good)["result"] == got(also_good)["result"] == "accepted"
    assert (got(wrong_type)["code"], "HoSo.TrangThaiHoSo" in got(wrong_type)["message"]) == ("bad_field", True)
    assert (got(missing)["code"], "HoSo.NoiNopHoSo" in got(missing)["message"]) == ("missing_field", True)
    assert got(unknown)["code"] == "unknown_code"
    assert "HoSo.TaiLieuNop[0].DuocSoHoa" in got(unknown)["message"] and "danh mục" in got(unknown)["message"]
    assert got(extra)["code"] == "bad_field" and "DiaChi" in got(extra)["message"]
    stats = r.stats()
    assert (stats["dossiers"], stats["events"], stats["rejected_items"]) == (2, 2, 4)
