"""The catalogue on national codes: bad entries are named in Vietnamese and skipped (never a crash),
a procedure holds several dated versions and a dossier takes the one in force on the day it was received,
and the shipped catalogue prints no local key as a national code."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import sys

import pytest

from app.cli import main
from app.errors import ValidationError
from app.services import catalogue
from app.services.dto import IntakeRequest, PersonIn
from app.services.intake import receive
from tests.rules.conftest import ADMIN, CLERK
from tests.users import PASSWORD


def _entry(key: str, **over: object) -> dict:
    base = {"key": key, "name": f"Thủ tục {key}", "field": "Hộ tịch",
            "limit": {"kind": "working_days", "value": 3, "text": "03 ngày làm việc"},
            "fee_amount": 0, "components": [{"name": "Tờ khai", "originals": 1}]}
    base.update(over)
    return base


BAD = {
    "FEE-TEXT": {"fee_amount": "8.000 đồng"},
    "COUNT-TEXT": {"components": [{"name": "Tờ khai", "originals": "một"}]},
    "NEGATIVE": {"fee_amount": -5000},
    "COPIES": {"components": [{"name": "Bản sao", "copies": 1_000_000_000}]},
    "LIMIT": {"limit": {"kind": "working_days", "value": 100_000}},
    "KIND": {"limit": {"kind": "weeks", "value": 2}},
    "CODE": {"national_code": "HT-01"},
    "FLOAT": {"fee_amount": 8000.5},
}


def _write(tmp_path, entries: list) -> object:  # type: ignore[type-arg]
    f = tmp_path / "danh-muc.json"
    f.write_text(json.dumps({"revision": "x", "procedures": entries}, ensure_ascii=False), encoding="utf-8")
    return f


def test_bad_entries_are_named_and_skipped(desk, tmp_path):
    entries = [_entry("OK-1"), *[_entry(k, **v) for k, v in BAD.items()], _entry("OK-1"), "not an object"]
    with desk.db.write() as s:
        result = catalogue.import_catalogue(s, _write(tmp_path, entries), ADMIN, desk.now())
    assert (result["added"], result["total"]) == (1, 1)
    skipped = result["skipped"]
    assert len(skipped) == len(BAD) + 2
    for key in BAD:
        line = next(x for x in skipped if f"«{key}»" in x)
        assert line.startswith("Thủ tục thứ ") and "Đã bỏ qua" in line
    fee_line = next(x for x in skipped if "«FEE-TEXT»" in x)
    assert "lệ phí (fee_amount) phải là số nguyên" in fee_line
    assert "lớn bất thường" in next(x for x in skipped if "«COPIES»" in x)
    assert "không được âm" in next(x for x in skipped if "«NEGATIVE»" in x)
    assert "trùng" in skipped[-2] and skipped[-1].startswith("Thủ tục thứ 11")
    with desk.db.read() as s:
        assert catalogue.get_procedure(s, "OK-1").name == "Thủ tục OK-1"
        with pytest.raises(Exception, match="Không có thủ tục mã «FEE-TEXT»"):
            catalogue.get_procedure(s, "FEE-TEXT")


def test_a_file_of_only_bad_entries_is_refused_with_a_message(desk, tmp_path):
    with desk.db.write() as s, pytest.raises(ValidationError, match="Không thủ tục nào"):
        catalogue.import_catalogue(s, _write(tmp_path, [_entry("X", fee_amount="8.000 đồng")]), ADMIN, desk.now())


def test_cli_import_reports_skipped_entries_and_succeeds(tmp_path, capsys, monkeypatch):
    home = str(tmp_path / "home")
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n" + PASSWORD + "\n"))
    assert main(["--data-dir", home, "init", "--parent-name", "ỦY BAN NHÂN DÂN XÃ TÂN LẬP", "--agency-code", "000.17.22.H56", "--agency-name", "Trung tâm",
                 "--admin", "quantri", "--admin-name", "Trần Thị Quản Trị", "--password-stdin"]) == 0
    capsys.readouterr()
    f = _write(tmp_path, [_entry("MOI-1"), _entry("XAU", fee_amount="8.000 đồng")])
    assert main(["--data-dir", home, "--user", "quantri", "--password-stdin", "catalogue", "import", str(f)]) == 0
    out, err = capsys.readouterr()
    assert "thêm 1" in out and "«XAU»" in err


def test_a_dossier_uses_the_version_in_force_on_its_received_day(desk, clock, tmp_path):
    entry = _entry("VER-1", legal_basis="Luật cũ", basis_from="2020-01-01", versions=[
        {"effective_from": "2027-03-01", "limit": {"kind": "working_days", "value": 5, "text": "05 ngày"},
         "fee_amount": 10000, "legal_basis": "Luật mới có hiệu lực 01/03/2027"}])
    with desk.db.write() as s:
        catalogue.import_catalogue(s, _write(tmp_path, [entry]), ADMIN, desk.now())
    clock.now = dt.datetime(2027, 3, 1, 9, 0)
    before = receive(desk, IntakeRequest(procedure="VER-1", applicant=PersonIn(name="Trước Văn Một"),
                                         received_at=dt.datetime(2027, 2, 26, 9, 0)), CLERK)
    after = receive(desk, IntakeRequest(procedure="VER-1", applicant=PersonIn(name="Sau Văn Hai")), CLERK)
    assert (before.limit_value, before.fee_amount) == (3, 0)
    assert (after.limit_value, after.fee_amount) == (5, 10000)
    assert after.due_at == dt.datetime(2027, 3, 8, 9, 0)  # Mon 01/03 + 5 working days
    with desk.db.read() as s:
        info = catalogue.get_procedure(s, "VER-1", on=dt.date(2027, 2, 28))
        later = catalogue.get_procedure(s, "VER-1", on=dt.date(2027, 3, 1))
    assert (info.basis_from, info.limit_value, info.legal_basis) == (dt.date(2020, 1, 1), 3, "Luật cũ")
    assert (later.basis_from, later.limit_value, later.fee_amount) == (dt.date(2027, 3, 1), 5, 10000)
    assert later.legal_basis.startswith("Luật mới") and len(later.versions) == 1
    assert info.code_local and info.to_json()["code_local"] is True


def test_shipped_catalogue_codes(desk):
    with desk.db.read() as s:
        procs = {p.key: p for p in catalogue.list_procedures(s, on=dt.date(2026, 11, 20))}
    national = re.compile(r"^\d\.\d{6}$")
    for p in procs.values():
        assert p.national_code == "" or national.match(p.national_code), p.key
        assert p.code_local == (not p.national_code)
        assert p.legal_basis and p.basis_from is not None, p.key
    # As read today the civil-status rules cite the 2025 two-level decree, and the multi-level ones say
    # the province takes the district's part.
    assert "120/2025" in procs["HT-KH"].legal_basis and procs["HT-KH"].basis_from == dt.date(2025, 7, 1)
    assert "tỉnh" in procs["NCC-TCLS"].limit_text and "chưa xác nhận" in procs["NCC-TCLS"].limit_text
    confirmed = {"HT-KH": "1.000894", "HT-KT": "1.000656", "CT-CK": "2.000884", "HT-NCMC": "1.001022",
                 "HT-GH": "1.004837", "HT-DLKS": "1.004884", "HT-KSLD": "1.003583", "HT-TLBS": "2.000635",
                 "CT-SG": "2.000908", "HT-KHNN": "2.000806"}
    assert {k: procs[k].national_code for k in confirmed} == confirmed
    # Not confirmed: kept on the local key, flagged, and the reason written down.
    for key in ("NCC-MTP", "NCC-TCLS", "CT-HD", "HT-DLKT"):
        assert procs[key].code_local and "chưa xác nhận" in procs[key].unconfirmed
    # Multi-level procedures are re-stated for two levels from 1/7/2025, marked as not confirmed.
    for key in ("NCC-TCLS", "NCC-MTP", "BTXH-TCHT"):
        v = procs[key].versions[-1]
        assert v.effective_from == dt.date(2025, 7, 1) and "tỉnh" in v.limit_text
        assert "chưa xác nhận" in procs[key].unconfirmed
    # Civil status with a foreign element moved to the commune on 1/7/2025.
    assert procs["HT-KHNN"].basis_from == dt.date(2025, 7, 1) and "120/2025" in procs["HT-KHNN"].legal_basis
