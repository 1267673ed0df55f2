"""`motcua print` and `motcua register` on a real database, in process, reading the written PDFs back."""

from __future__ import annotations

import json

from app.cli import main
from app.printing.common import moment
from tests.printing.conftest import NAME, decode, pages, receive, text_of


def _run(desk, capsys, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    rc = main(["--data-dir", str(desk.paths.data_dir), *args])
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_print_receipt_writes_the_slip(desk, clerk, dossier, tmp_path, capsys):
    out = tmp_path / "f.pdf"
    rc, stdout, _ = _run(desk, capsys, "print", dossier.code, "--form", "receipt", "--out", str(out))
    assert rc == 0 and "Đã ghi" in stdout and str(out) in stdout
    data = out.read_bytes()
    text = text_of(data)
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text and NAME in text and moment(dossier.due_at) in text
    assert all(("Code128", dossier.code) in codes for codes in decode(data, 150))


def test_print_roll_and_other_forms_as_json(desk, clerk, dossier, tmp_path, capsys):
    rc, stdout, _ = _run(desk, capsys, "print", dossier.code, "--paper", "80mm", "--out",
                         str(tmp_path / "r.pdf"), "--json")
    info = json.loads(stdout)
    assert rc == 0 and info["paper"] == "80mm" and info["pages"] == 2 and info["codes"] == [dossier.code]
    for form, title in (("control", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"),
                        ("refusal", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ")):
        out = tmp_path / f"{form}.pdf"
        rc, _, _ = _run(desk, capsys, "print", dossier.code, "--form", form, "--reason", "Sai thẩm quyền",
                        "--out", str(out))
        assert rc == 0 and title in text_of(out.read_bytes())


def test_print_one_visit_slip_only_for_one_applicant(desk, clerk, tmp_path, capsys):
    a, b = receive(desk, clerk), receive(desk, clerk, procedure="1.001193")
    out = tmp_path / "visit.pdf"
    rc, _, _ = _run(desk, capsys, "print", a.code, b.code, "--out", str(out))
    assert rc == 0
    text = text_of(out.read_bytes())
    assert a.code in text and b.code in text and "Tiếp nhận 2 hồ sơ" in text
    other = receive(desk, clerk, name="Trần Văn Bình", id_number="001086054321")
    rc, _, err = _run(desk, capsys, "print", a.code, other.code, "--out", str(out))
    assert rc != 0 and "cùng một người nộp" in err
    rc, _, err = _run(desk, capsys, "print", a.code, b.code, "--form", "control", "--out", str(out))
    assert rc != 0 and "từng mã một" in err


def test_print_unknown_code_says_what_to_do(desk, tmp_path, capsys):
    rc, _, err = _run(desk, capsys, "print", "000.17.22.H56-261120-9999", "--out", str(tmp_path / "x.pdf"))
    assert rc != 0 and "Không tìm thấy hồ sơ" in err and "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists()


def test_register_command_prints_the_range(desk, clerk, clock, tmp_path, capsys):
    codes = []
    for name in ("Lê Thị Hồng Nhung", NAME):
        codes.append(receive(desk, clerk, name=name).code)
        clock.advance(days=1)
    out = tmp_path / "so.pdf"
    rc, stdout, _ = _run(desk, capsys, "register", "--from", "2026-11-20", "--to", "2026-11-21", "--out", str(out),
                         "--json")
    assert rc == 0 and json.loads(stdout)["dossiers"] == 2
    found = pages(out.read_bytes(), boxes=False)
    text = " ".join(p.text for p in found)
    assert "SỔ THEO DÕI HỒ SƠ" in text and all(c in text for c in codes) and NAME in text
    rc, _, err = _run(desk, capsys, "register", "--from", "2026-11-21", "--to", "2026-11-20", "--out", str(out))
    assert rc != 0 and "Ngày kết thúc" in err
