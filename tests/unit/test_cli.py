"""The `motcua` command end to end on a real data folder: init with the first administrator, intake --json,
show, transition, find; changes act as a desk account (--user), reads run without one."""

from __future__ import annotations

import argparse
import importlib
import json
import re
import subprocess
import sys

import pytest

from app.cli import COMMAND_MODULES, build_parser, main
from tests.cli_support import run
from tests.users import PASSWORD

ME = ["--user", "quantri", "--password-stdin"]  # the administrator `init` makes below


@pytest.fixture
def home(tmp_path, capsys):
    d = str(tmp_path / "home")
    code, out, err = run(capsys, "--data-dir", d, "init", "--parent-name", "ỦY BAN NHÂN DÂN XÃ TÂN LẬP", "--agency-code", "000.17.22.H56", "--agency-name",
                         "Trung tâm Phục vụ hành chính công xã Tân Lập", "--place", "Tân Lập", "--admin", "quantri",
                         "--admin-name", "Trần Thị Quản Trị", "--password-stdin")
    assert code == 0 and "Đã thiết lập" in out and "quantri" in out, err
    return d


def test_intake_json_then_show_transition_find(home, capsys):
    code, out, err = run(capsys, "--data-dir", home, *ME, "intake", "--procedure", "HT-XNHN", "--name",
                         "Nguyễn Văn Thành", "--id-number", "038085000111", "--sex", "m", "--phone",
                         "0912 000 111", "--received-at", "2026-11-20T16:00+07:00", "--json")
    assert code == 0, err
    d = json.loads(out)
    assert re.fullmatch(r"000\.17\.22\.H56-261120-\d{4}", d["code"])
    assert d["due_at"] == "2026-11-26T16:00:00+07:00"  # 3 working days, weekend and 24/11 skipped
    assert d["received_at"] == "2026-11-20T16:00:00+07:00"
    assert (d["status"], d["status_code"], d["procedure_code"]) == ("received", 2, "1.004873")
    assert d["applicant_name"] == "Nguyễn Văn Thành" and d["uuid"]

    code, out, _ = run(capsys, "--data-dir", home, "show", d["code"], "--json")
    assert code == 0 and json.loads(out)["events"][0]["kind"] == "receive"

    code, out, _ = run(capsys, "--data-dir", home, *ME, "transition", d["code"], "--to", "processing",
                         "--to-party", "Công chức Tư pháp - Hộ tịch", "--json")
    assert code == 0 and json.loads(out)["status_code"] == 4

    code, out, err = run(capsys, "--data-dir", home, *ME, "transition", d["code"], "--to", "returned")
    assert code != 0 and "không chuyển sang" in err and out == ""

    code, out, _ = run(capsys, "--data-dir", home, "find", "nguyen van", "--json")
    assert code == 0 and [r["applicant_name"] for r in json.loads(out)] == ["Nguyễn Văn Thành"]


def test_errors_are_vietnamese_on_stderr_with_nonzero_exit(home, capsys):
    code, out, err = run(capsys, "--data-dir", home, *ME, "intake", "--procedure", "1.001193", "--name", "A",
                         "--id-number", "123")
    assert code != 0 and out == "" and "Số giấy tờ người nộp" in err
    code, _, err = run(capsys, "--data-dir", home, "show", "KHONG-CO-MA")
    assert code == 4 and "Không tìm thấy hồ sơ" in err
    code, _, err = run(capsys, "--data-dir", home, *ME, "catalogue", "import", "/nonexistent.json")
    assert code != 0 and "Không tìm thấy tệp danh mục" in err


def test_uninitialised_folder_says_how_to_init(tmp_path, capsys):
    code, _, err = run(capsys, "--data-dir", str(tmp_path / "empty"), *ME, "intake", "--procedure", "1.001193",
                       "--name", "Lê Văn An")
    assert code != 0 and "motcua init" in err


def test_catalogue_list_has_at_least_20_procedures(home, capsys):
    code, out, _ = run(capsys, "--data-dir", home, "catalogue", "list", "--json")
    procs = json.loads(out)
    assert code == 0 and len(procs) >= 20
    assert {"1.001193", "2.000815", "1.004873"} <= {p["national_code"] for p in procs}
    assert all(p["components"] for p in procs)


def test_console_entry_point_and_version(tmp_path):
    res = subprocess.run([sys.executable, "-m", "app", "--version"], capture_output=True, text=True, check=False)
    assert res.returncode == 0 and res.stdout.startswith("motcua ")
    res = subprocess.run([sys.executable, "-m", "app", "--data-dir", str(tmp_path), "frobnicate"],
                         capture_output=True, text=True, check=False)
    assert res.returncode == 2 and "Lỗi cú pháp lệnh" in res.stderr and "Traceback" not in res.stderr


def test_demo_data_bulk_path_is_consistent(tmp_path, capsys):
    home = str(tmp_path / "demo")
    assert run(capsys, "--data-dir", home, "init", "--parent-name", "ỦY BAN NHÂN DÂN XÃ TÂN LẬP", "--agency-code", "000.17.22.H56", "--agency-name",
               "Trung tâm Phục vụ hành chính công xã Tân Lập", "--demo", "--admin", "quantri", "--admin-name",
               "Trần Thị Quản Trị", "--password-stdin")[0] == 0
    code, out, _ = run(capsys, "--data-dir", home, *ME, "demo-data", "--dossiers", "3000", "--pending-outbox",
                       "300", "--json")
    assert code == 0 and json.loads(out)["dossiers"] == 3000
    import sqlite3
    from pathlib import Path

    conn = sqlite3.connect(Path(home) / "motcua.sqlite3")
    assert conn.execute("SELECT count(*) FROM dossiers").fetchone()[0] == 3000
    assert conn.execute("SELECT count(*) FROM dossiers d WHERE NOT EXISTS "
                        "(SELECT 1 FROM events e WHERE e.dossier_id = d.id)").fetchone()[0] == 0
    # The archive counts as synced and pruned (below the watermark); the newest dossiers wait to be sent.
    through = int(conn.execute("SELECT value FROM sync_state WHERE key = 'outbox_pruned_through_event'")
                  .fetchone()[0])
    assert conn.execute("SELECT count(*) FROM events e WHERE e.id > ? AND NOT EXISTS "
                        "(SELECT 1 FROM outbox o WHERE o.event_uuid = e.uuid)", (through,)).fetchone()[0] == 0
    assert conn.execute("SELECT count(DISTINCT dossier_id) FROM outbox WHERE state = 'pending'").fetchone()[0] == 300
    assert conn.execute("SELECT min(dossier_id) FROM outbox").fetchone()[0] == 2701
    conn.execute("INSERT INTO dossier_fts(dossier_fts, rank) VALUES ('integrity-check', 1)")
    assert conn.execute("SELECT count(DISTINCT code) FROM dossiers").fetchone()[0] == 3000
    conn.close()
    # A second, small load into the same archive (same seed) keeps the indexes and still adds only new ids.
    code, out, _ = run(capsys, "--data-dir", home, *ME, "demo-data", "--dossiers", "400", "--json")
    assert code == 0 and "fts" not in json.loads(out)["index_phases"]
    conn = sqlite3.connect(Path(home) / "motcua.sqlite3")
    assert conn.execute("SELECT count(DISTINCT uuid) FROM dossiers").fetchone()[0] == 3400
    conn.execute("INSERT INTO dossier_fts(dossier_fts, rank) VALUES ('integrity-check', 1)")
    last_id, last_name = conn.execute("SELECT id, search_name FROM dossiers ORDER BY id DESC LIMIT 1").fetchone()
    found = conn.execute("SELECT rowid FROM dossier_fts WHERE dossier_fts MATCH ? AND rowid = ?",
                         (f'"{last_name}"', last_id)).fetchall()
    assert found == [(last_id,)]  # the triggers indexed the new dossiers
    conn.close()
    code, out, err = run(capsys, "--data-dir", home, "check")
    assert code == 0, out + err
    # Intake after a bulk load continues the day's counter instead of colliding.
    code, out, err = run(capsys, "--data-dir", home, *ME, "intake", "--procedure", "1.001193", "--name",
                         "Lê Văn An", "--json")
    assert code == 0, err
    code, out, _ = run(capsys, "--data-dir", home, "find", "nguyen", "--limit", "5", "--json")
    assert code == 0 and len(json.loads(out)) == 5


def test_argparse_words_are_vietnamese(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    out = capsys.readouterr().out
    assert done.value.code == 0 and out.startswith("cách dùng: motcua") and "tùy chọn" in out
    assert "usage:" not in out and "show this help" not in out
    with pytest.raises(SystemExit):
        main(["intake", "--procedure", "1.001193", "--name", "Lê Văn An", "--channel", "fax"])
    err = capsys.readouterr().err
    assert "lựa chọn 'fax' không có" in err and "invalid choice" not in err


def test_demo_setup_makes_a_commune_someone_can_sign_in_to(tmp_path, capsys):
    from app.operations.admin import DEMO_PASSWORD, DEMO_USER
    from app.paths import AppPaths
    from app.services import accounts
    from app.services.desk import Desk

    home = str(tmp_path / "demo")
    code, out, _ = run(capsys, "--data-dir", home, "demo-setup", "--dossiers", "60")
    assert code == 0 and DEMO_PASSWORD in out
    assert run(capsys, "--data-dir", home, "demo-setup")[0] == 0  # a second run changes nothing
    desk = Desk.open(AppPaths.resolve(home))
    try:
        user = accounts.authenticate(desk, DEMO_USER, DEMO_PASSWORD)
        assert user.role == "admin" and not user.must_change_password
        with desk.db.read() as s:
            from sqlalchemy import func, select

            from app.models import Dossier

            assert s.scalar(select(func.count()).select_from(Dossier)) == 60
    finally:
        desk.close()


def _audit(home: str) -> list[tuple[str, str]]:
    import sqlite3
    from pathlib import Path

    conn = sqlite3.connect(Path(home) / "motcua.sqlite3")
    try:
        return conn.execute("SELECT actor, action FROM audit_log ORDER BY id").fetchall()
    finally:
        conn.close()


def test_changes_need_a_desk_account_reads_do_not(home, capsys):
    import getpass

    before = _audit(home)
    code, out, err = run(capsys, "--data-dir", home, "intake", "--procedure", "1.001193", "--name", "Lê Văn An")
    assert code == 6 and out == "" and "--user" in err and "tài khoản" in err
    code, _, err = run(capsys, "--data-dir", home, "--user", "quantri", "catalogue", "import", "x.json", stdin="")
    assert code != 0 and "--password-stdin" in err  # no terminal to type on: it says how to pass it
    assert _audit(home) == before  # nothing written, not even an audit entry
    with pytest.raises(SystemExit) as refused:  # the old way to claim any name is gone
        run(capsys, "--data-dir", home, "--as", "quantri", "find", "a")
    assert refused.value.code == 2 and "Lỗi cú pháp lệnh" in capsys.readouterr().err
    code, out, _ = run(capsys, "--data-dir", home, "backup", "--json")
    assert code == 0
    assert _audit(home)[-1] == (f"os:{getpass.getuser()}", "store.backup")  # the OS account, audited as such


def test_wrong_passwords_lock_the_account_as_in_the_app(home, capsys):
    for _ in range(5):
        code, _, err = run(capsys, "--data-dir", home, *ME, "find", "a", stdin="sai-mat-khau-1\n")
        assert code == 9 and "Sai tên đăng nhập hoặc mật khẩu" in err
    code, _, err = run(capsys, "--data-dir", home, *ME, "find", "a")  # now even the right password
    assert code == 9 and "tạm khóa" in err


def test_roles_hold_on_the_command_line(home, capsys):
    code, _, err = run(capsys, "--data-dir", home, *ME, "user", "add", "hong.nt", "--name", "Nguyễn Thị Hồng",
                       "--role", "clerk", "--password-stdin", stdin=f"{PASSWORD}\nTam-thoi-2026\n")
    assert code == 0, err
    clerk = ["--user", "hong.nt", "--password-stdin"]
    code, _, err = run(capsys, "--data-dir", home, *clerk, "user", "set-role", "hong.nt", "admin",
                       stdin="Tam-thoi-2026\n")
    assert code == 6 and "không có quyền quản lý người dùng" in err
    code, out, err = run(capsys, "--data-dir", home, *clerk, "intake", "--procedure", "1.001193", "--name",
                         "Lê Văn An", "--json", stdin="Tam-thoi-2026\n")
    assert code == 0, err
    assert json.loads(out)["receiver_name"] == "Nguyễn Thị Hồng"  # signed by the account, not the OS login


def test_a_slip_printed_without_an_account_shows_who_received_it(home, capsys, tmp_path):
    import getpass

    import pypdfium2 as pdfium

    code, out, err = run(capsys, "--data-dir", home, *ME, "intake", "--procedure", "1.001193", "--name",
                         "Lê Văn An", "--json")
    assert code == 0, err
    dossier = json.loads(out)
    slip = tmp_path / "slip.pdf"
    code, _, err = run(capsys, "--data-dir", home, "print", dossier["code"], "--out", str(slip))
    assert code == 0, err
    pdf = pdfium.PdfDocument(slip.read_bytes())
    try:
        text = pdf[0].get_textpage().get_text_range()
    finally:
        pdf.close()
    assert "Trần Thị Quản Trị" in text  # the administrator who received it, recorded on the dossier
    assert getpass.getuser() not in text.split()


def _pdf_text(path) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path.read_bytes())
    try:
        return " ".join(" ".join(page.get_textpage().get_text_range() for page in pdf).split())
    finally:
        pdf.close()


def test_print_every_form_kind_in_the_set_of_the_received_day_or_the_one_asked(home, capsys, tmp_path):
    def intake() -> str:
        code, out, err = run(capsys, "--data-dir", home, *ME, "intake", "--procedure", "HT-XNHN", "--name",
                             "Nguyễn Văn Thành", "--id-number", "038085000111", "--received-at",
                             "2026-11-20T09:00+07:00", "--json")
        assert code == 0, err
        return json.loads(out)["code"]

    def printed(code: str, form: str, *extra: str) -> str:
        out_file = tmp_path / f"{form}-{'-'.join(extra) or 'default'}-{code[-4:]}.pdf"
        rc, out, err = run(capsys, "--data-dir", home, "print", code, "--form", form, "--out", str(out_file), *extra)
        assert rc == 0, err
        assert str(out_file) in out
        return _pdf_text(out_file)

    late = intake()  # received 20/11/2026: the 2025 set (in force from 01/11/2025)
    assert "03/2025/TT-VPCP" in printed(late, "receipt")
    assert "01/2018/TT-VPCP" in printed(late, "receipt", "--set", "2018", "--paper", "a4")
    assert "Mẫu số 06" in printed(late, "control") and "Mẫu số 05" in printed(late, "control", "--set", "2018")
    assert run(capsys, "--data-dir", home, *ME, "transition", late, "--to", "processing",
               "--to-party", "Công chức Tư pháp - Hộ tịch")[0] == 0
    code, _, err = run(capsys, "--data-dir", home, *ME, "extend", late, "--new-due", "2026-12-03T16:00", "--reason",
                       "Chờ xác minh của Công an xã", "--approver", "Lê Văn Thành", "--approver-title",
                       "Phó Chủ tịch UBND xã")
    assert code == 0, err
    text = printed(late, "extension")
    assert "VĂN BẢN XIN LỖI" in text and "Chờ xác minh của Công an xã" in text
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI" in printed(late, "extension", "--set", "2018")
    code, _, err = run(capsys, "--data-dir", home, *ME, "stop", late, "--reason", "Người nộp đề nghị dừng",
                       "--legal-basis", "Điều 9 Nghị định 61/2018", "--approver", "Lê Văn Thành",
                       "--approver-title", "Phó Chủ tịch UBND xã")
    assert code == 0, err
    text = printed(late, "stop", "--legal-basis", "Khoản 2 Điều 9 Nghị định 61/2018/NĐ-CP")
    assert "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in text and "Khoản 2 Điều 9" in text
    code, out, err = run(capsys, "--data-dir", home, "print", late, "--form", "stop", "--set", "2018", "--out",
                         str(tmp_path / "none.pdf"))
    assert code != 0 and out == "" and "2018" in err and not (tmp_path / "none.pdf").exists()

    refused = intake()
    code, _, err = run(capsys, "--data-dir", home, *ME, "transition", refused, "--to", "refused", "--note",
                       "Thiếu giấy xác nhận cư trú")
    assert code == 0, err
    text = printed(refused, "refusal")
    assert "PHIẾU TỪ CHỐI" in text and "Mẫu số 03" in text and "Thiếu giấy xác nhận cư trú" in text
    assert "PHIẾU YÊU CẦU BỔ SUNG" in printed(refused, "supplement")

    book = tmp_path / "so.pdf"
    code, _, err = run(capsys, "--data-dir", home, "register", "--from", "2026-11-01", "--to", "2026-11-30",
                       "--out", str(book))
    assert code == 0, err
    assert "Mẫu số 07" in _pdf_text(book)
    code, _, err = run(capsys, "--data-dir", home, "register", "--from", "2026-11-01", "--to", "2026-11-30",
                       "--set", "2018", "--out", str(tmp_path / "so-2018.pdf"))
    assert code == 0, err
    assert "Mẫu số 06" in _pdf_text(tmp_path / "so-2018.pdf")


def test_each_command_loads_only_its_own_module():
    """COMMAND_MODULES names exactly what each module registers, so a command parses with its module alone
    (and help or an unknown command with all of them)."""
    for module, commands in COMMAND_MODULES.items():
        sub = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(module).register(sub)
        assert tuple(sorted(sub.choices)) == tuple(sorted(commands)), module
    assert set(build_parser(["--data-dir", "x", "sync", "status"])._subparsers._group_actions[0].choices) == {"sync"}
    assert not build_parser(["--data-dir", "x"])._subparsers._group_actions[0].choices  # the app opens
    everything = {c for commands in COMMAND_MODULES.values() for c in commands}
    for argv in (["--help"], ["nope"]):
        assert set(build_parser(argv)._subparsers._group_actions[0].choices) == everything
    # A fresh `motcua selftest`-sized command never loads the spreadsheet reader nor the hub.
    out = subprocess.run([sys.executable, "-c", "import sys; from app.cli import build_parser; "
                          "build_parser(['sync', 'status']); print(sorted(m for m in ('openpyxl', 'app.sync.hub') "
                          "if m in sys.modules))"], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
