"""`motcua import register`: dry run and import as JSON, a refused file with its reasons and exit code."""

from __future__ import annotations

import json

from tests.cli_support import run
from tests.importing.workbooks import public_export, public_rows
from tests.users import ADMIN, add_account, as_user


def test_dry_run_then_import_then_show(desk, tmp_path, capsys):
    add_account(desk, ADMIN)  # the import acts as an administrator's desk account; the dry run only reads
    home = str(desk.paths.data_dir)
    path = str(public_export(tmp_path / "so.xlsx"))
    code, out, _ = run(capsys, "--data-dir", home, "import", "register", path, "--dry-run", "--json")
    assert code == 0
    dry = json.loads(out)
    assert (dry["dry_run"], dry["rows_read"], dry["importable"], dry["created"], dry["ok"]) == (True, 8, 4, 4, True)
    code, out, _ = run(capsys, "--data-dir", home, "show", "TL-2026/0137")
    assert code != 0  # the dry run wrote nothing
    code, out, _ = run(capsys, "--data-dir", home, *as_user(ADMIN), "import", "register", path)
    assert code == 0 and "nhập được 4 (mới 4" in out and "Đã nhập xong" in out
    code, out, _ = run(capsys, "--data-dir", home, "show", "TL-2026/0137", "--json")
    assert code == 0 and json.loads(out)["imported_source"] == "provincial_register"


def test_refused_file_exit_code_and_reasons(desk, tmp_path, capsys):
    add_account(desk, ADMIN)
    home = str(desk.paths.data_dir)
    rows = public_rows()
    rows[2].due = "01/11/2026"
    path = str(public_export(tmp_path / "so.xlsx", rows))
    code, out, err = run(capsys, "--data-dir", home, *as_user(ADMIN), "import", "register", path)
    assert code == 3
    assert "Dòng 8 (TL-2026/0137): Ngày hẹn trả 01/11/2026 trước Ngày tiếp nhận 10/11/2026" in err
    assert "Chưa nhập hồ sơ nào" in err
    code, out, _ = run(capsys, "--data-dir", home, *as_user(ADMIN), "import", "register", path, "--json")
    assert code == 3 and json.loads(out)["refusals"][0]["row"] == 8
    (tmp_path / "so.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    code, _, err = run(capsys, "--data-dir", home, *as_user(ADMIN), "import", "register", str(tmp_path / "so.xls"))
    assert code == 3 and "Excel cũ (.xls)" in err
