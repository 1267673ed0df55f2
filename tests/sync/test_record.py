"""The national record (DongBoHoSoMC) the desk sends, checked field by field against a committed
fixture: a dossier with two components (one digitised, one reused), a fee, a supplement request and its
receipt, a forward, a hand-over, an extension (reschedule with apology), a result and a hand-back; and
`motcua sync validate` on records that do and do not meet the schema."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

from sqlalchemy import text

from app.services import demo, intake, workflow
from app.services.dto import Actor, Component, IntakeRequest, PersonIn
from app.services.status import Status
from app.sync import schema
from app.sync.checking import validate_records
from app.sync.payload import OutboxReader, dossier_record
from app.sync.record import (
    NATIONAL_FIELD,
    NATIONAL_PROCEDURE,
    ComponentFile,
    RecordIn,
    item,
    national_or_local,
)

FIXTURE = Path(__file__).parent / "fixtures" / "golden_record.json"
OFFICER = Actor(username="canbo1", full_name="Lê Văn Bình", role="officer", title="Công chức Tư pháp - Hộ tịch")
LEADER = Actor(username="lanhdao", full_name="Phạm Thị Lan", role="leader", title="Phó Chủ tịch UBND xã")


def golden_dossier(desk, clerk, clock) -> str:  # type: ignore[no-untyped-def]
    """The story of one dossier, every step through the real workflow services. The procedure row is
    pinned here so catalogue updates do not move the fixture."""
    with desk.db.write() as s:
        s.execute(text("UPDATE procedures SET national_code = '1.004873', name = 'Cấp Giấy xác nhận tình trạng hôn nhân', "
                       "field = 'Hộ tịch', field_code = 'HT', limit_kind = 'working_days', limit_value = 3, "
                       "fee_amount = 3000 WHERE key = 'HT-XNHN'"))
    req = IntakeRequest(
        procedure="HT-XNHN", summary="Xin xác nhận tình trạng hôn nhân để đăng ký kết hôn",
        applicant=PersonIn("Hoàng Minh Tuấn", "cccd", "034095001234", dt.date(1995, 3, 2), "m", "0987654321",
                           "tuan.hm@example.vn", "Xóm 3, thôn Bắc, xã Tân Lập"),
        components=[Component("Tờ khai cấp Giấy xác nhận tình trạng hôn nhân", 1),
                    Component("Giấy tờ chứng minh việc ly hôn", 0, 1)])
    code = intake.receive(desk, req, clerk).code
    clock.advance(hours=1)
    workflow.transition(desk, code, Status.PROCESSING, clerk, to_party="Công chức Tư pháp - Hộ tịch",
                        note="Chuyển công chức Tư pháp - Hộ tịch xử lý")
    clock.advance(hours=2)
    workflow.request_supplement(desk, code, "Thiếu bản sao quyết định ly hôn có hiệu lực.",
                                ["Bản sao quyết định ly hôn"], OFFICER)
    clock.advance(days=3)  # Monday 23/11, 12:00
    workflow.receive_supplement(desk, code, clerk, note="Công dân đã nộp bản sao quyết định ly hôn")
    clock.advance(hours=1)
    workflow.handover(desk, code, "Phạm Thị Lan", OFFICER, note="Trình lãnh đạo ký giấy xác nhận")
    clock.advance(hours=1)
    workflow.reschedule(desk, code, dt.datetime(2026, 12, 1, 16, 0), "Cần xác minh tình trạng hôn nhân tại nơi "
                        "cư trú trước đây.", LEADER, approved_by="Phạm Thị Lan")
    clock.advance(days=7)  # Monday 30/11
    workflow.transition(desk, code, Status.RESULT_READY, OFFICER, note="Đã ký giấy xác nhận")
    clock.advance(hours=2)
    workflow.transition(desk, code, Status.RETURNED, clerk, collected_by="Hoàng Minh Tuấn")
    return code


def golden_record(desk, code: str) -> RecordIn:  # type: ignore[no-untyped-def]
    conn = desk.db.raw_connection()
    try:
        rec = dossier_record(conn, code)
    finally:
        conn.close()
    assert rec is not None
    # What the desk cannot know yet (helper "files" adds attached files): set in the builder's input.
    digitised, reused = rec.components
    return dataclasses.replace(rec, components=(
        dataclasses.replace(digitised, digitised=True, files=(ComponentFile(
            "TK-1", "to-khai.pdf", "https://motcua.example.gov.vn/tep/TK-1"),)),
        dataclasses.replace(reused, reused=True, from_national_store=True)))


def normalised(record: dict) -> dict:
    """Random ids (uuid7) replaced by stable placeholders; everything else as built."""
    out = json.loads(json.dumps(record))
    out["dossier_uuid"] = "<dossier-uuid>"
    for n, ch in enumerate(out["changes"], start=1):
        ch["event_id"] = f"<event-{n}>"
    return out


def test_golden_record_matches_the_fixture_and_the_schema(desk, clerk, clock):
    code = golden_dossier(desk, clerk, clock)
    built = item(golden_record(desk, code))
    assert schema.check_item(built) == []
    expected = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert normalised(built) == expected
    assert schema.check_item({**expected, "dossier_uuid": built["dossier_uuid"],
                              "changes": built["changes"]}) == []


def test_sync_validate_names_what_is_wrong(desk, clerk, clock):
    code = golden_dossier(desk, clerk, clock)
    ok = validate_records(desk, code)
    assert ok.ok and ok.checked == 1
    with desk.db.write() as s:
        s.execute(text("UPDATE dossiers SET applicant_name = '', summary = '' WHERE code = :c"), {"c": code})
        s.execute(text("UPDATE dossiers SET status = 11 WHERE code = :c"), {"c": code})
    bad = validate_records(desk, code)
    assert not bad.ok and bad.invalid_count == 1
    fields = {p.field for p in bad.invalid[0].problems}
    assert {"HoSo.ChuHoSo", "HoSo.TrangThaiHoSo"} <= fields
    assert any(p.code == "unknown_code" for p in bad.invalid[0].problems)
    assert bad.invalid[0].reason.startswith("Thiếu họ tên chủ hồ sơ (ChuHoSo)")


def test_every_catalogue_procedure_goes_out_with_national_or_marked_local_codes(desk):
    demo.load(desk, 600, pending_outbox=600)
    with desk.db.read() as s:
        procedures = s.execute(text("SELECT national_code, key, field_code FROM procedures")).all()
    seen = set()
    for wire in OutboxReader(desk):
        hoso = json.loads(wire.body)["HoSo"]
        seen.add(hoso["TenTTHC"])
        for code in (hoso["MaTTHC"], hoso["MaLinhVuc"]):
            assert code and (code.startswith("DP-") or any(ch.isdigit() for ch in code)), code
    assert len(seen) >= len(procedures) // 2  # the sample covers the catalogue broadly
    for national, key, field in procedures:  # and every procedure, whether sampled or not
        ma_tthc, local = national_or_local(national or key, NATIONAL_PROCEDURE, "TTHC")
        assert ma_tthc and (ma_tthc == national if national else local and ma_tthc == f"DP-{key}")
        ma_lv, _ = national_or_local(field, NATIONAL_FIELD, "LINHVUC")
        assert ma_lv not in ("", "DP-")


def test_bidi_overrides_in_names_never_reach_the_province(desk, clerk):
    req = IntakeRequest(procedure="1.001193", summary="Khai sinh \u202eđảo\u202c",
                        applicant=PersonIn("Nguyễn \u202eVăn\u202c An", "cccd", "001190012345"))
    intake.receive(desk, req, clerk)
    body = next(iter(OutboxReader(desk))).body.decode("ascii")
    record = json.loads(body)
    assert record["HoSo"]["ChuHoSo"] == "Nguyễn Văn An" and "\\u202e" not in body.lower()


def test_a_record_either_engine_refuses_is_never_valid(desk, clerk, clock):
    """The push checks with jsonschema-rs and names problems with the reference validator; a value only
    the stricter one refuses (Python's `$` matches before a final newline) still fails the check."""
    built = item(golden_record(desk, golden_dossier(desk, clerk, clock)))
    assert schema.check_item(built) == []
    empty = {**built, "HoSo": {**built["HoSo"], "ChuHoSo": ""}}
    assert [p.field for p in schema.check_item(empty)] == ["HoSo.ChuHoSo"]
    trailing = {**built, "HoSo": {**built["HoSo"], "NgayHenTra": built["HoSo"]["NgayHenTra"] + "\n"}}
    assert not list(schema.validator().iter_errors(trailing))  # the reference alone would let it through
    problems = schema.check_item(trailing)
    assert [(p.code, p.field) for p in problems] == [("bad_field", "HoSo.NgayHenTra")]
    assert "HoSo.NgayHenTra" in schema.local_reason(problems[0])
