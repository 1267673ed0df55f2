"""Files the import must refuse (or read right) with a clear Vietnamese message, leaving the store as it was."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import openpyxl
import pytest
from msoffcrypto.format.ooxml import OOXMLFile

from app.services.register_import import import_register, open_layout
from app.services.register_report import RegisterRefused
from app.services.register_sheet import ColumnMapping, RegisterFileError
from tests.importing.workbooks import PUBLIC_HEADER, Row, public_export, public_rows


def _refused(desk, admin, path: Path, dump, **kw) -> RegisterRefused:
    before = dump(desk)
    with pytest.raises(RegisterRefused) as err:
        import_register(desk, path, admin, **kw)
    assert dump(desk) == before  # every table, byte for byte in content
    return err.value


def test_bad_rows_refuse_the_whole_file_with_row_numbers_and_reasons(desk, admin, tmp_path, dump):
    rows = public_rows()
    rows[0].received = "31/02/2026 08:00"  # row 6: no such day
    rows[1].received = "03/12/2026 09:00:00"  # row 7: after "now" (20/11/2026)
    rows[2].due = "09/11/2026 17:00:00"  # row 8: due before received (10/11)
    rows.append(Row(rows[3].code, "Trùng mã", "Lê Thị Hoa", "Thôn Bắc", "0912000000",
                    "13/11/2026 08:00:00", "13/11/2026 17:00:00"))  # row 10: same code as row 9
    bad_id = public_export(tmp_path / "bad.xlsx", rows)
    wb = openpyxl.load_workbook(bad_id)
    wb.active.insert_cols(13)
    wb.active.cell(5, 13, "Số CCCD")
    wb.active.cell(9, 13, "001590012345")  # row 9: century digit 5 = born 2190
    wb.save(bad_id)
    err = _refused(desk, admin, bad_id, dump)
    report = err.report
    assert report.refused_count == 5 and report.importable == 0 and report.created == 0
    reasons = {r.row: r.reason for r in report.refusals}
    assert "«31/02/2026 08:00» không phải ngày dạng dd/MM/yyyy" in reasons[6]
    assert "Ngày tiếp nhận 03/12/2026 09:00 ở tương lai" in reasons[7]
    assert "Ngày hẹn trả 09/11/2026 trước Ngày tiếp nhận 10/11/2026" in reasons[8]
    assert reasons[9].startswith("Số CMND/CCCD «001590012345»: Số thứ 4–6 cho năm sinh 2190")
    assert reasons[10] == "mã hồ sơ trùng với dòng 9"
    assert "Chưa nhập hồ sơ nào" in err.message and "Dòng 8 (TL-2026/0137)" in err.message
    # the dry run says the same without raising
    dry = import_register(desk, bad_id, admin, dry_run=True)
    assert not dry.ok and [r.row for r in dry.refusals] == [6, 7, 8, 9, 10]


def test_a_refusal_in_a_late_chunk_rolls_back_the_earlier_chunks(desk, admin, tmp_path, dump):
    rows = [Row(f"KS-{i:05d}", "Đăng ký khai sinh", "NGUYỄN VĂN AN", "Thôn Đông", "0912345678",
                "02/11/2026 08:15:00", "02/11/2026 17:00:00") for i in range(2500)]
    rows[-1].due = "không rõ"
    err = _refused(desk, admin, public_export(tmp_path / "big.xlsx", rows), dump)
    assert err.report.refused_count == 1 and err.report.importable == 2499


@pytest.mark.parametrize("name, content, expected", [
    ("so-cu.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), r"định dạng Excel cũ \(\.xls\)"),
    ("hong.xlsx", b"PK\x03\x04 not really a zip", "bị hỏng"),
    ("so.pdf", b"%PDF-1.7", r"chỉ nhận sổ xuất ra dạng Excel \(\.xlsx\) hoặc CSV"),
    ("rac.csv", b"Ma ho so;\xff\x81\x8d", "không phải văn bản UTF-8 hay Windows-1258"),
])
def test_unusable_files_are_refused_with_what_to_do(desk, admin, tmp_path, dump, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    before = dump(desk)
    with pytest.raises(RegisterFileError, match=expected):
        import_register(desk, path, admin)
    assert dump(desk) == before


def test_a_truncated_workbook_is_damaged(desk, admin, tmp_path):
    good = public_export(tmp_path / "good.xlsx").read_bytes()
    (tmp_path / "cut.xlsx").write_bytes(good[: len(good) // 2])
    with pytest.raises(RegisterFileError, match="bị hỏng.*xuất lại sổ"):
        import_register(desk, tmp_path / "cut.xlsx", admin)


def test_a_password_protected_workbook_says_to_remove_the_password(desk, admin, tmp_path):
    plain = public_export(tmp_path / "plain.xlsx")
    locked = tmp_path / "co-mat-khau.xlsx"
    with plain.open("rb") as src, locked.open("wb") as out:
        OOXMLFile(src).encrypt("matkhau123", out)
    with pytest.raises(RegisterFileError, match="được đặt mật khẩu.*gỡ mật khẩu"):
        import_register(desk, locked, admin)


def test_no_recognisable_header(desk, admin, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["Danh sách cán bộ"])
    wb.active.append(["Họ và tên", "Chức vụ", "Ghi chú"])
    wb.save(tmp_path / "khac.xlsx")
    with pytest.raises(RegisterFileError, match="Không tìm thấy dòng tiêu đề.*Mã hồ sơ"):
        import_register(desk, tmp_path / "khac.xlsx", admin)


def test_two_columns_for_one_field_until_the_mapping_says_which(desk, admin, tmp_path, dump):
    path = public_export(tmp_path / "hai-cot.xlsx")
    wb = openpyxl.load_workbook(path)
    wb.active.cell(5, 13, "Ngày nhận")
    wb.active.cell(6, 13, "01/01/2020")
    wb.save(path)
    before = dump(desk)
    with pytest.raises(RegisterFileError, match="Cột H «Ngày tiếp nhận» và cột M «Ngày nhận» cùng ứng với"):
        import_register(desk, path, admin)
    assert dump(desk) == before
    layout = open_layout(path)
    mapping = layout.with_fields({12: ""}).mapping()
    mapping.save(tmp_path / "ghep-cot.json")
    loaded = ColumnMapping.load(tmp_path / "ghep-cot.json")
    assert loaded.by_header["ngay nhan"] == "" and loaded.by_header["ngay tiep nhan"] == "received_at"
    assert import_register(desk, path, admin, mapping=loaded).created == 4


def test_a_mapping_file_that_is_not_ours(tmp_path):
    (tmp_path / "x.json").write_text('{"columns": {"a": "b"}}', encoding="utf-8")
    with pytest.raises(RegisterFileError, match="không phải tệp ghép cột"):
        ColumnMapping.load(tmp_path / "x.json")
    (tmp_path / "y.json").write_text('{"format": "motcua-register-mapping", "columns": {"ma": "ma_ho_so"}}')
    with pytest.raises(RegisterFileError, match="trường không biết: ma_ho_so"):
        ColumnMapping.load(tmp_path / "y.json")


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: base letters precomposed, tone marks combining."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", ch)
            try:  # Õ = O + combining tilde
                out += (base + "".join(marks)).encode("cp1258")
                continue
            except UnicodeEncodeError:
                pass
            for i, mark in enumerate(marks):  # ệ = ê (a letter of the code page) + combining dot below
                rest = "".join(marks[:i] + marks[i + 1:])
                try:
                    out += unicodedata.normalize("NFC", base + mark).encode("cp1258") + rest.encode("cp1258")
                    break
                except UnicodeEncodeError:
                    continue
            else:
                raise AssertionError(f"{ch!r} has no Windows-1258 form")
    return bytes(out)


def _csv_text(rows: list[Row]) -> str:
    lines = ["SỔ THEO DÕI HỒ SƠ", ";".join(PUBLIC_HEADER)]
    lines += [";".join([str(i), r.code, r.summary, str(r.sets), r.name, r.address, r.phone, str(r.received),
                        str(r.due), str(r.returned), r.receiver, r.area]) for i, r in enumerate(rows, 1)]
    return "\r\n".join(lines) + "\r\n"


@pytest.mark.parametrize("encode", [lambda t: t.encode("utf-8-sig"), _cp1258], ids=["utf8-bom", "windows-1258"])
def test_csv_in_utf8_with_bom_or_windows_1258(desk, admin, tmp_path, encode):
    path = tmp_path / "so.csv"
    path.write_bytes(encode(_csv_text(public_rows())))
    report = import_register(desk, path, admin)
    assert report.created == 4 and report.header_row == 2
    from app.services import queries

    with desk.db.read() as s:
        d = queries.detail_by_code(s, "H56.12-20261103-0000042")
    assert d.applicant_name == "Trần Thị Ánh Nguyệt" and d.applicant_address == "Xóm Bến, xã Tân Lập"
    assert unicodedata.is_normalized("NFC", d.applicant_name)


@pytest.mark.slow
def test_fifty_thousand_rows_in_one_file(desk, admin, tmp_path):
    rows = [Row(f"000.17.22.H56-2611{1 + i % 19:02d}-{i:05d}", "Chứng thực bản sao", "NGUYỄN THỊ BÌNH",
                "Thôn Đông", "0912345678", f"{1 + i % 19:02d}/11/2026 08:00:00", f"{1 + i % 19:02d}/11/2026 17:00:00")
            for i in range(50_000)]
    path = tmp_path / "50k.csv"
    path.write_text(_csv_text(rows), encoding="utf-8")
    seen = []
    report = import_register(desk, path, admin, progress=lambda done, total: seen.append(done))
    assert report.created == 50_000 and report.rows_read == 50_000
    assert seen == sorted(seen) and len(seen) > 50


def test_a_workbook_that_declares_a_wrong_size_is_read_in_full(desk, admin, tmp_path):
    import re
    import zipfile

    good = public_export(tmp_path / "good.xlsx")
    bad = tmp_path / "kich-thuoc-sai.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, n = re.subn(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1"/>', data)
                assert n == 1
            dst.writestr(item, data)
    report = import_register(desk, bad, admin)
    assert report.created == 4
    from app.services import queries

    with desk.db.read() as s:
        assert queries.detail_by_code(s, "TL-2026/0137").note == "Địa bàn: Xã Tân Lập"  # column L, beyond "A1"
