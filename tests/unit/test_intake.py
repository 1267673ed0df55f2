"""Intake: validation before any write, one transaction, components, due date, event, audit, outbox."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.errors import ValidationError
from app.models import AuditEntry, Dossier, Event, OutboxRow
from app.services.dto import Component, IntakeRequest, PersonIn
from app.services.intake import last_applicant, receive, receive_visit
from app.services.queries import detail_by_id
from app.services.status import Status

pytestmark = pytest.mark.both_engines


def _counts(desk) -> tuple[int, int, int, int]:
    with desk.db.read() as s:
        return tuple(s.scalar(select(func.count()).select_from(m)) for m in (Dossier, Event, OutboxRow, AuditEntry))


def test_receive_writes_dossier_components_event_audit_and_outbox(desk, clerk, clock):
    clock.now = dt.datetime(2026, 11, 20, 16, 0)
    before = _counts(desk)
    d = receive(desk, IntakeRequest(
        procedure="HT-XNHN",
        applicant=PersonIn(name="  Đặng Thị  Ngọc Ánh ", id_number="001190012345", sex="f",
                           phone="+84 912 345 678", address="Thôn Đông, xã Tân Lập"),
    ), clerk)
    assert d.code == "000.17.22.H56-261120-0001"
    assert d.applicant_name == "Đặng Thị Ngọc Ánh" and d.applicant_phone == "0912345678"
    assert d.status == Status.RECEIVED
    assert d.due_at == dt.datetime(2026, 11, 26, 16, 0)  # 3 working days, 21-22/11 weekend, 24/11 holiday
    assert "Ngày Văn hóa Việt Nam" in d.due_explanation
    assert [c.name for c in d.components][0].startswith("Tờ khai")
    assert d.register_book == "2026" and d.register_seq == 1
    after = _counts(desk)
    assert tuple(b - a for a, b in zip(before, after, strict=True)) == (1, 1, 1, 1)
    with desk.db.read() as s:
        row = s.scalar(select(OutboxRow))
        assert (row.dossier_uuid, row.version, row.state) == (d.uuid, 1, "pending")


def test_validation_lists_every_bad_field_and_writes_nothing(desk, clerk):
    before = _counts(desk)
    with pytest.raises(ValidationError) as err:
        receive(desk, IntakeRequest(
            procedure="KHONG-CO",
            applicant=PersonIn(name="", id_number="00119001234", phone="123", email="a@b"),
            channel="fax", sets_count=0,
            components=[Component("Tờ khai", originals=-1)],
        ), clerk)
    fields = err.value.fields
    for key in ("procedure", "applicant.name", "applicant.id_number", "applicant.phone", "applicant.email",
                "channel", "sets_count", "components[1].count"):
        assert key in fields, key
    assert "Không có thủ tục" in fields["procedure"]
    assert "12 chữ số" in fields["applicant.id_number"]
    assert "Thông tin chưa hợp lệ" in str(err.value)
    assert _counts(desk) == before


def test_id_number_disagreeing_with_birth_date_is_refused(desk, clerk):
    with pytest.raises(ValidationError, match="năm sinh"):
        receive(desk, IntakeRequest(procedure="1.001193", applicant=PersonIn(
            name="Trần Văn Bình", id_number="001085012345", birth_date=dt.date(1986, 1, 1))), clerk)


def test_owner_different_from_applicant_and_custom_components(desk, clerk):
    d = receive(desk, IntakeRequest(
        procedure="CT-BSBC",
        applicant=PersonIn(name="Phạm Văn Đức"),
        owner=PersonIn(name="Phạm Thị Hoa", id_number="040180123456"),
        components=[Component("Bằng tốt nghiệp", originals=1, photocopies=3)],
        sets_count=2, channel="home", priority_group="elderly",
    ), clerk)
    assert d.owner is not None and d.owner.name == "Phạm Thị Hoa" and d.owner.id_number == "040180123456"
    assert [(c.name, c.originals, c.photocopies) for c in d.components] == [("Bằng tốt nghiệp", 1, 3)]
    assert d.sets_count == 2 and d.channel == "home" and d.priority_group == "elderly"


def test_the_detail_returned_is_the_dossier_as_stored(desk, clerk):
    """Intake builds its answer from what it wrote, without reading it back: it must equal a fresh read."""
    ds = receive_visit(desk, [IntakeRequest(
        procedure="CT-BSBC", applicant=PersonIn(name="Phạm Văn Đức", id_number="001190012345", phone="0912345678",
                                                 address="Số 5, đường Lê Lợi", birth_date=dt.date(1990, 5, 1)),
        owner=PersonIn(name="Phạm Thị Hoa", id_number="040180123456"), summary="Bản sao bằng", note="Gấp",
        components=[Component("Bằng tốt nghiệp", originals=1, photocopies=3), Component("Giấy khai sinh")],
    ), IntakeRequest(procedure="HT-XNHN", applicant=PersonIn(name="Phạm Văn Đức")),
        # Every paper unticked: the answer still lists the (no) papers without reading them back.
        IntakeRequest(procedure="HT-XNHN", applicant=PersonIn(name="Phạm Văn Đức"), components=[])], clerk)
    with desk.db.read() as s:
        assert ds == [detail_by_id(s, d.id) for d in ds]
    assert ds[2].components == []


def test_one_visit_several_procedures_all_or_nothing(desk, clerk):
    person = PersonIn(name="Võ Thị Sáu", id_number="052190000111")
    ds = receive_visit(desk, [IntakeRequest(procedure="1.001193", applicant=person),
                              IntakeRequest(procedure="HT-XNHN", applicant=person)], clerk)
    assert [d.code[-4:] for d in ds] == ["0001", "0002"]
    before = _counts(desk)
    with pytest.raises(ValidationError) as err:
        receive_visit(desk, [IntakeRequest(procedure="1.001193", applicant=person),
                             IntakeRequest(procedure="NOPE", applicant=person)], clerk)
    assert "[2].procedure" in err.value.fields
    assert _counts(desk) == before


def test_last_applicant_prefills_from_latest_dossier(desk, clerk):
    receive(desk, IntakeRequest(procedure="1.001193", applicant=PersonIn(
        name="Bùi Thị Xuân", id_number="036190123456", phone="0987654321", address="Xóm Chợ")), clerk)
    p = last_applicant(desk, "036 190 123456")
    assert p is not None and (p.name, p.phone, p.address) == ("Bùi Thị Xuân", "0987654321", "Xóm Chợ")
    assert last_applicant(desk, "036190999999") is None


def test_received_in_the_future_is_refused(desk, clerk, clock):
    with pytest.raises(ValidationError, match="tương lai"):
        receive(desk, IntakeRequest(procedure="1.001193", applicant=PersonIn(name="Lý Văn An"),
                                    received_at=clock.now + dt.timedelta(days=1)), clerk)


def test_catalogue_import_does_not_change_received_dossiers(desk, clerk, admin, tmp_path):
    import json

    from app.services.catalogue import default_catalogue_file, import_catalogue

    d = receive(desk, IntakeRequest(procedure="HT-XNHN", applicant=PersonIn(name="Mai Văn Hải")), clerk)
    data = json.loads(default_catalogue_file().read_text(encoding="utf-8"))
    for p in data["procedures"]:
        if p["key"] == "HT-XNHN":
            for rule in [p, *p["versions"]]:  # the base rule and the version in force since 1/7/2025
                rule["limit"]["value"] = 5
            p["name"] = "Cấp Giấy xác nhận tình trạng hôn nhân (sửa đổi)"
    f = tmp_path / "cat.json"
    f.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with desk.db.write() as s:
        result = import_catalogue(s, f, admin, desk.now())
    assert result["updated"] == 1 and result["unchanged"] == len(data["procedures"]) - 1
    from app.services.queries import detail_by_code

    with desk.db.read() as s:
        again = detail_by_code(s, d.code)
    assert (again.limit_value, again.procedure_name, again.due_at) == (3, d.procedure_name, d.due_at)
    d2 = receive(desk, IntakeRequest(procedure="HT-XNHN", applicant=PersonIn(name="Mai Văn Hải")), clerk)
    assert d2.limit_value == 5 and d2.procedure_name.endswith("(sửa đổi)")
