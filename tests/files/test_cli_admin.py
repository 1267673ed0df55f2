"""`motcua attach` / `motcua files` end to end in a real data folder, the verification of stored files
(missing, altered), backup and restore of the files folder, and the digitisation figures."""

from __future__ import annotations

import datetime as dt
import json

from app.services import files, files_admin, files_reuse, files_store, workflow
from app.services.files_convert import FileIn
from app.services.status import Status
from tests.cli_support import run
from tests.files.support import pdf_bytes, received, scan_jpeg
from tests.users import CLERK, add_account, as_user


def test_attach_list_export_from_the_command_line(make_desk, clerk, tmp_path, capsys):
    desk = make_desk("cli")
    code = received(desk, clerk)
    add_account(desk, CLERK)  # attaching changes the dossier: the clerk's desk account does it
    data = str(desk.paths.data_dir)
    desk.close()
    scans = []
    for i in range(2):
        p = tmp_path / f"Trang quét số {i}.jpg"
        p.write_bytes(scan_jpeg(i))
        scans.append(str(p))
    rc, out, err = run(capsys, "--data-dir", data, *as_user(CLERK), "attach", code, *scans, "--component", "2")
    assert rc == 0, err
    assert "thành phần 2" in out and "2 trang" in out
    (tmp_path / "kq.pdf").write_bytes(pdf_bytes(1))
    rc, _, err = run(capsys, "--data-dir", data, *as_user(CLERK), "attach", code, str(tmp_path / "kq.pdf"), "--result")
    assert rc == 3 and "chỉ đính kèm kết quả" in err
    (tmp_path / "rong.pdf").write_bytes(b"")
    rc, _, err = run(capsys, "--data-dir", data, *as_user(CLERK), "attach", code, str(tmp_path / "rong.pdf"), "--component", "1")
    assert rc == 3 and "rỗng (0 byte)" in err
    rc, out, _ = run(capsys, "--data-dir", data, "files", code, "--json")
    listed = json.loads(out)
    assert [(f["component"], f["pages"], f["digitised"], f["reused"]) for f in listed] == [(2, 2, True, False)]
    assert len(listed[0]["sha256"]) == 64 and listed[0]["size"] > 0
    outdir = tmp_path / "xuat"
    outdir.mkdir()
    (outdir / listed[0]["file_name"]).write_bytes(b"do not overwrite")
    rc, out, _ = run(capsys, "--data-dir", data, "files", "export", code, "--out", str(outdir), "--json")
    (written,) = json.loads(out)
    assert (outdir / listed[0]["file_name"]).read_bytes() == b"do not overwrite"
    assert open(written, "rb").read(5) == b"%PDF-"
    rc, out, _ = run(capsys, "--data-dir", data, "files", "check")
    assert rc == 0 and "1 tệp đính kèm: tất cả còn nguyên vẹn" in out


def test_check_finds_missing_and_altered_files_and_backup_restores_them(desk, clerk, admin, tmp_path):
    a = received(desk, clerk)
    fa = files.attach_component(desk, a, [FileIn("a.pdf", pdf_bytes(1, "A"))], clerk, position=1).file
    fb = files.attach_component(desk, a, [FileIn("b.pdf", pdf_bytes(2, "B"))], clerk, position=2).file
    copy = files_admin.backup_files(desk, tmp_path / "backups")
    assert (copy.copied, copy.present) == (2, 0)
    assert files_admin.backup_files(desk, tmp_path / "backups").present == 2, "incremental"
    store = files_store.store_for(desk)
    store.path(store.relpath(fa.sha256)).unlink()
    p = store.path(store.relpath(fb.sha256))
    raw = bytearray(p.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    p.write_bytes(bytes(raw))
    report = files_admin.verify_files(desk, admin)
    assert not report.ok and report.checked == 2
    assert [x.sha256 for x in report.missing] == [fa.sha256] and [x.sha256 for x in report.altered] == [fb.sha256]
    assert a in report.missing[0].line and "khôi phục" in report.summary
    restored = files_admin.restore_files(desk, tmp_path / "backups")
    assert restored.copied == 2 and files_admin.verify_files(desk, admin).ok


def test_digitisation_figures(desk, clerk, admin, clock):
    a, b, c = received(desk, clerk), received(desk, clerk), received(desk, clerk, id_number="079090001111")
    files.attach_component(desk, a, [FileIn("a.jpg", scan_jpeg(1))], clerk, position=1)
    files.attach_component(desk, a, [FileIn("b.pdf", pdf_bytes())], clerk, position=2)
    paper = files_reuse.reusable_papers(desk, "001086012345")[0]
    files_reuse.reuse(desk, b, 1, paper.uuid, clerk)
    for code in (a, c):
        workflow.transition(desk, code, Status.RESULT_READY, admin)
    files.attach_result(desk, a, [FileIn("kq.pdf", pdf_bytes())], admin, result_code="01/KQ")
    day = clock.now.date()
    fig = files_admin.digitisation_figures(desk, day, day)
    assert (fig.received, fig.dossiers_digitised, fig.dossiers_reusing, fig.papers_digitised, fig.papers_reused,
            fig.with_result, fig.results_digitised) == (3, 2, 1, 2, 1, 2, 1)
    assert (fig.dossiers_digitised_rate, fig.results_digitised_rate, fig.dossiers_reusing_rate) == (66.7, 50.0, 33.3)
    assert set(fig.rules) == {"dossiers_digitised", "results_digitised", "dossiers_reusing", "papers_reused"}
    assert [(r.key, r.count, r.out_of, r.rate) for r in fig.rows()] == [
        ("dossiers_digitised", 2, 3, 66.7), ("results_digitised", 1, 2, 50.0), ("dossiers_reusing", 1, 3, 33.3),
        ("papers_reused", 1, None, None)]
    assert all(r.label and "Số" in r.rule for r in fig.rows())
    empty = files_admin.digitisation_figures(desk, day - dt.timedelta(days=30), day - dt.timedelta(days=1))
    assert empty.received == 0 and empty.dossiers_digitised_rate is None
