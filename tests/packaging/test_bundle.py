"""The frozen bundle, built once per session from installer/motcua.spec, does what a desk needs without
Python or the source tree: version, self-test offscreen, the counter's commands, Vietnamese holidays,
printing with the shipped fonts, migrations read as files, sync over HTTP, and an old database opened.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess

import pypdfium2 as pdfium
import pytest

import app
from app.paths import AppPaths
from app.services import intake
from app.services.desk import Desk
from app.services.dto import Actor, IntakeRequest, PersonIn
from app.sync.receiver_process import ReceiverProcess
from tests.packaging.conftest import FIXTURES, ROOT
from tests.users import PASSWORD

pytestmark = pytest.mark.slow

AGENCY = ["--agency-code", "000.17.22.H56", "--agency-name", "Trung tâm Phục vụ hành chính công xã Tân Lập",
          "--parent-name", "ỦY BAN NHÂN DÂN XÃ TÂN LẬP", "--place", "Tân Lập", "--admin", "quantri",
          "--admin-name", "Trần Thị Quản Trị", "--password-stdin"]
#: Changes act as the administrator made by `init` (password on standard input).
ME = ["--user", "quantri", "--password-stdin"]
SIGN_IN = PASSWORD + "\n"
#: Qt modules the spec leaves out; none of their libraries may reach the bundle.
QT_LEFT_OUT = ("Qml", "Quick", "WebEngine", "Network", "Pdf", "Multimedia", "3D", "Charts", "Designer", "Sql")


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, f"exit {result.returncode}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    return result.stdout


def test_bundle_holds_resources_migrations_and_no_unused_qt(bundle):
    shipped = {p.relative_to(ROOT / "resources") for p in (ROOT / "resources").rglob("*")
               if p.is_file() and p.suffix != ".ts"}
    bundled = {p.relative_to(bundle.internal / "resources") for p in (bundle.internal / "resources").rglob("*")
               if p.is_file()}
    assert shipped and shipped == bundled
    versions = sorted(p.name for p in (ROOT / "app/models/migrations/versions").glob("*.py"))
    assert sorted(p.name for p in (bundle.internal / "app/models/migrations/versions").glob("*.py")) == versions
    assert (bundle.internal / "app/models/migrations/env.py").is_file()
    qt_libs = [p.name for p in bundle.internal.rglob("*Qt6*") if p.is_file()]
    assert any("Qt6Widgets" in n for n in qt_libs) and any("Qt6PrintSupport" in n for n in qt_libs)
    assert not [n for n in qt_libs if any(f"Qt6{m}" in n for m in QT_LEFT_OUT)]
    # The source tree never ships: only bytecode inside the archive, except the migration scripts.
    assert not [p for p in bundle.internal.rglob("*.py") if "migrations" not in p.parts]
    # 229 MB before this wave; pikepdf (PDF/A archive copies), pydantic, jsonschema, img2pdf, cryptography and
    # psycopg (centre mode) brought it to ~295 MB. The bound catches an accidental Qt module or data set.
    assert bundle.size_mb() < 330, f"bundle grew to {bundle.size_mb():.0f} MB"
    print(f"\nbundle: {bundle.size_mb():.0f} MB, built in {bundle.seconds:.0f} s")


def test_version_runs_from_any_folder(bundle):
    assert ok(bundle.run("--version")).strip() == f"motcua {app.__version__}"


def test_selftest_offscreen_on_a_new_desk(bundle, data_dir):
    ok(bundle.run("init", *AGENCY, data=data_dir, stdin=SIGN_IN))
    report = json.loads(ok(bundle.run("selftest", "--json", data=data_dir)))
    assert report["ok"] is True and report["slip_sample"] is True and report["slip_pages"] >= 1


def test_counter_commands_and_printed_slip(bundle, data_dir, tmp_path):
    ok(bundle.run("init", *AGENCY, data=data_dir, stdin=SIGN_IN))
    got = json.loads(ok(bundle.run(*ME, "intake", "--procedure", "1.001193", "--name", "Đặng Thị Ngọc Ánh",
                                   "--id-number", "001190012345", "--phone", "0912345678", "--json", data=data_dir,
                                   stdin=SIGN_IN)))
    assert got["status"] == "received" and got["applicant_name"] == "Đặng Thị Ngọc Ánh"
    found = json.loads(ok(bundle.run("find", "dang thi ngoc anh", "--json", data=data_dir)))
    assert got["code"] in json.dumps(found)
    slip = tmp_path / "slip.pdf"
    ok(bundle.run("print", got["code"], "--form", "receipt", "--out", str(slip), data=data_dir))
    pdf = pdfium.PdfDocument(slip.read_bytes())
    try:
        text = pdf[0].get_textpage().get_text_range()
    finally:
        pdf.close()
    # The shipped Liberation Serif carries the Vietnamese letters; a missing font would drop them.
    assert got["code"] in text and "Đặng Thị Ngọc Ánh" in text and "GIẤY TIẾP NHẬN" in text.upper()
    assert re.search(r"ĐẠT|đạt", ok(bundle.run("check", data=data_dir)))
    report = json.loads(ok(bundle.run("selftest", "--json", data=data_dir)))
    assert report["ok"] is True and report["slip_code"] == got["code"] and report["slip_sample"] is False


def test_due_dates_skip_vietnamese_holidays_as_the_source_does(bundle, data_dir, tmp_path):
    """holidays loads its country module by name: a bundle without it would count 2/9 as a working day."""
    ok(bundle.run("init", *AGENCY, data=data_dir, stdin=SIGN_IN))
    received = "2026-08-28T09:00"  # Friday before the 31/8–2/9 National Day break
    frozen = json.loads(ok(bundle.run(*ME, "intake", "--procedure", "1.004873", "--name", "Lê Thị Hồng Nhung",
                                      "--received-at", received, "--json", data=data_dir, stdin=SIGN_IN)))
    desk = Desk.open(AppPaths(tmp_path / "source").ensure())
    try:
        from app.services.setup import initialise

        actor = Actor(username="os:test", full_name="Kiểm thử", role="admin")
        initialise(desk, agency_code="000.17.22.H56", agency_name="Trung tâm Phục vụ hành chính công xã Tân Lập",
                   actor=actor)
        source = intake.receive(desk, IntakeRequest(procedure="1.004873", applicant=PersonIn(name="Lê Thị Hồng Nhung"),
                                                    received_at=dt.datetime(2026, 8, 28, 9, 0)), actor).to_json()
    finally:
        desk.close()
    assert frozen["due_at"] == source["due_at"]
    assert frozen["due_at"] > "2026-09-03"


def test_old_schema_fixture_opens_in_the_bundle(bundle, data_dir):
    fixture = sorted(FIXTURES.glob("*.sqlite3"))[0]
    record = json.loads(fixture.with_suffix(".json").read_text(encoding="utf-8"))
    data_dir.mkdir()
    shutil.copyfile(fixture, data_dir / "motcua.sqlite3")
    found = json.loads(ok(bundle.run("find", "", "--limit", "100", "--json", data=data_dir)))
    assert {d["code"] for d in record["dossiers"]} <= set(re.findall(r'"code": "([^"]+)"', json.dumps(found)))
    for row in record["dossiers"][:2]:
        shown = json.loads(ok(bundle.run("show", row["code"], "--json", data=data_dir)))
        assert shown["uuid"] == row["uuid"] and shown["applicant_name"] == row["applicant_name"]


def test_sync_pushes_to_the_reference_receiver(bundle, data_dir, tmp_path):
    ok(bundle.run("init", *AGENCY, data=data_dir, stdin=SIGN_IN))
    for name in ("Nguyễn Văn Đức", "Hoàng Thị Lựu"):
        ok(bundle.run(*ME, "intake", "--procedure", "2.000815", "--name", name, data=data_dir, stdin=SIGN_IN))
    receiver = ReceiverProcess(tmp_path / "receiver.sqlite3", "t0ken-Bundle_123")
    try:
        ok(bundle.run(*ME, "sync", "configure", "--url", receiver.url, "--token-stdin",
                      stdin=f"{PASSWORD}\n{receiver.token}\n", data=data_dir))
        ok(bundle.run("sync", "--until-empty", data=data_dir))
    finally:
        receiver.stop()
    stats = receiver.stats()
    assert stats["dossiers"] == 2 and stats["accepted"] == stats["events"] >= 2 and stats["rejected_items"] == 0
    status = ok(bundle.run("sync", "status", data=data_dir))
    assert "Chờ gửi 0" in status
