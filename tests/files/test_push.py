"""Files travel to the real reference receiver (a subprocess) after their dossier's record: chunked and
resumable through a SIGKILL of the uploader and through dropped connections and server errors, every
file byte-identical on the receiver exactly once, idempotent on its SHA-256."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import signal
import subprocess
import sys

import pytest
import requests
from sqlalchemy import text

from app.services import files, files_read
from app.services.files_convert import FileIn
from app.services.files_store import SEGMENT, BlobStore
from app.sync import config as sync_config
from app.sync import schema
from app.sync.client import SyncClient
from app.sync.files_push import FilePusher, PendingFile, national_files, pending, pieces
from app.sync.payload import dossier_record
from app.sync.receiver_process import ReceiverProcess
from app.sync.record import item
from app.sync.runner import Runner
from app.sync.tokens import TokenStore
from tests.files.support import big_pdf, received, scan_jpeg
from tests.sync.conftest import ROOT, TOKEN, config_for, fast_options, reference_receiver, wait_for

N = 4
CHUNK = 256 * 1024


@pytest.fixture
def receivers(tmp_path):
    started: list[ReceiverProcess] = []

    def start(*args: str) -> ReceiverProcess:
        r = reference_receiver(tmp_path / "receiver.sqlite3", *args)
        started.append(r)
        return r

    yield start
    for r in started:
        r.stop()


def _desk_with_files(make_desk, clerk):
    desk = make_desk("desk")
    attached = []
    for i in range(N):
        code = received(desk, clerk)
        attached.append(files.attach_component(desk, code, [FileIn(f"hồ sơ {i}.pdf", big_pdf(i))], clerk,
                                               position=1).file)
    return desk, attached


def _on_receiver(r: ReceiverProcess, sha: str) -> bytes:
    return (r.db.parent / (r.db.name + ".files") / sha[:2] / sha).read_bytes()


def _client(r: ReceiverProcess) -> SyncClient:
    return SyncClient(r.url, TOKEN, read_timeout=5.0, connect_timeout=2.0)


def test_sigkill_mid_upload_then_resume_every_file_exactly_once(make_desk, clerk, admin, receivers):
    desk, attached = _desk_with_files(make_desk, clerk)
    assert pending(desk) == [], "files wait for their dossier's record"
    first = receivers()
    summary = Runner(desk, config_for(first), fast_options(pull=False, files=False)).run()
    assert summary.accepted == 2 * N  # receive + attach events
    assert {p.sha256 for p in pending(desk)} == {f.sha256 for f in attached}
    first.stop()

    # Every request waits a little, so the uploader is killed with a file half-acknowledged.
    slow = receivers("--slow-rate", "1", "--slow-seconds", "0.03")
    sync_config.configure(desk, TokenStore(desk.paths), admin, url=slow.url, token=TOKEN)
    env = {**os.environ, "MOTCUA_TOKEN_BACKEND": "file"}
    proc = subprocess.Popen([sys.executable, "-m", "app.sync.files_push", "--data-dir", str(desk.paths.data_dir),
                             "--chunk-kb", str(CHUNK // 1024)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(lambda: slow.query("SELECT COUNT(*) FROM received_files WHERE state = 'partial' AND received > 0 "
                                "AND EXISTS (SELECT 1 FROM received_files WHERE state = 'complete')")[0][0], 60, 0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = slow.query("SELECT sha256, received, size FROM received_files WHERE state = 'partial'")
    assert partial and all(0 < got < size for _, got, size in partial)
    done_before = slow.stats()["files"]["files"]
    assert 1 <= done_before < N
    slow.stop()

    # Resume through a receiver that drops connections after storing a chunk and fails some requests.
    flaky = receivers("--drop-rate", "0.25", "--fail-rate", "0.15", "--fault-seed", "3")
    client = _client(flaky)
    left = len(pending(desk))
    report = FilePusher(desk, client, chunk=CHUNK, pause=0.01).run()
    assert report.failed == [] and report.resumed >= 1
    assert report.files + report.already == left
    assert pending(desk) == []
    total = sum(f.size for f in attached)
    assert report.bytes_sent < total, "the half-sent file resumed from its last acknowledged chunk"
    for f in attached:
        assert _on_receiver(flaky, f.sha256) == files_read.content(desk, f.uuid)
    stats = flaky.stats()
    assert stats["files"]["files"] == stats["files"]["completed"] == N, stats
    assert stats["files"]["partial"] == 0 and stats["files"]["bytes"] == total
    assert stats["faults"].get("drop", 0) + stats["faults"].get("fail", 0) > 0

    # Idempotent on the SHA-256: pushing again stores nothing twice.
    with desk.db.write() as s:
        s.execute(text("UPDATE stored_files SET uploaded_at = NULL"))
    again = FilePusher(desk, client, chunk=CHUNK).run()
    assert (again.files, again.already, again.bytes_sent) == (0, N, 0)
    assert flaky.stats()["files"]["completed"] == N
    client.close()


def test_the_receiver_checks_chunks_and_offsets(receivers):
    r = receivers()
    data = b"x" * 1000
    sha = hashlib.sha256(data).hexdigest()
    url, auth = f"{r.url}/api/v1/files/{sha}", {"Authorization": f"Bearer {TOKEN}"}

    def put(offset: int, chunk: bytes, digest: str | None = None) -> requests.Response:
        return requests.put(url, params={"offset": offset, "size": len(data)}, data=chunk, timeout=5,
                            headers={**auth, "X-Chunk-SHA256": digest or hashlib.sha256(chunk).hexdigest()})

    assert requests.get(url, headers=auth, timeout=5).json()["state"] == "absent"
    assert put(0, data[:400], "0" * 64).json()["error"] == "chunk_hash_mismatch"
    assert put(0, data[:400]).json() == {"sha256": sha, "state": "partial", "received": 400}
    skipped = put(800, data[800:])
    assert skipped.status_code == 409 and skipped.json()["received"] == 400
    assert put(400, data[400:]).json()["state"] == "complete"
    assert put(0, data).json()["state"] == "complete", "a complete file is not written again"
    bad = hashlib.sha256(b"y" * 1000).hexdigest()
    wrong = requests.put(f"{r.url}/api/v1/files/{bad}", params={"offset": 0, "size": 1000}, data=data, timeout=5,
                         headers={**auth, "X-Chunk-SHA256": sha})
    assert wrong.status_code == 422 and wrong.json()["error"] == "file_hash_mismatch"
    assert requests.get(url, timeout=5).status_code == 401
    stats = r.stats()["files"]
    assert (stats["files"], stats["completed"], stats["replays"], stats["file_rejects"]) == (1, 1, 1, 1)


def test_encrypted_pieces_resume_at_any_offset(tmp_path):
    store = BlobStore(tmp_path, os.urandom(32))
    data = os.urandom(3 * SEGMENT + 12345)
    sha = hashlib.sha256(data).hexdigest()
    rel, encrypted = store.put(data, sha)
    f = PendingFile(1, sha, len(data), rel, encrypted)
    for offset in (0, 1000, SEGMENT, 2 * SEGMENT + 7):
        got = list(pieces(store, f, offset, 300_000))
        assert b"".join(got) == data[offset:] and max(len(p) for p in got) <= 300_000


def test_the_record_references_files_the_national_way(desk, clerk):
    code = received(desk, clerk)
    f = files.attach_component(desk, code, [FileIn("a.jpg", scan_jpeg(2))], clerk, position=2).file
    conn = desk.db.raw_connection()
    try:
        (did,) = conn.execute("SELECT id FROM dossiers WHERE code = ?", (code,)).fetchone()
        refs = national_files(conn, [did])[did]
    finally:
        conn.close()
    assert refs.has_digitised and refs.results == []
    assert refs.components[2] == {"TepDinhKemId": f.uuid, "TenTepDinhKem": f.display_name, "MaThanhPhanHoSo": "2",
                                  "DuongDanTaiTepTin": f"/api/v1/files/{f.sha256}", "DuocSoHoa": True,
                                  "DuocTaiSuDung": False, "DuocLayTuKhoDMQG": False, "MaKetQuaThayThe": ""}


def test_motcua_files_push(make_desk, clerk, admin, receivers, capsys):


    from app.cli import main

    desk = make_desk("cli-push")
    code = received(desk, clerk)
    f = files.attach_component(desk, code, [FileIn("a.jpg", scan_jpeg(1))], clerk, position=1).file
    data = str(desk.paths.data_dir)
    assert main(["--data-dir", data, "files", "push"]) == 2
    assert "Chưa cấu hình địa chỉ" in capsys.readouterr().err
    r = receivers()
    Runner(desk, config_for(r), fast_options(pull=False, files=False)).run()
    sync_config.configure(desk, TokenStore(desk.paths), admin, url=r.url, token=TOKEN)
    assert main(["--data-dir", data, "files", "push", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["files"], report["failed"]) == (1, [])
    assert _on_receiver(r, f.sha256) == files_read.content(desk, f.uuid)


def _pushed_items(r: ReceiverProcess) -> list[dict]:
    items = []
    for (body,) in r.query("SELECT body FROM batches ORDER BY received_at"):
        items += json.loads(gzip.decompress(body))["items"]
    return items


def test_a_sync_run_sends_the_record_naming_the_scan_then_the_scan_once(desk, clerk, receivers):
    code = received(desk, clerk)

    f = files.attach_component(desk, code, [FileIn("cccd.jpg", scan_jpeg(5))], clerk, position=2).file
    r = receivers()
    summary = Runner(desk, config_for(r), fast_options(pull=False)).run()
    assert summary.exit_code == 0 and summary.accepted == 2 and summary.files_sent == 1, summary.line()
    assert "gửi 1 tệp đính kèm" in summary.line()
    hoso = [i["HoSo"] for i in _pushed_items(r) if i["HoSo"]["MaHoSo"] == code][-1]
    assert hoso["HoSoCoThanhPhanSoHoa"] == "1"
    named = [t for t in hoso["TaiLieuNop"] if t.get("TepDinhKemId") == f.uuid]
    assert len(named) == 1 and named[0]["DuongDanTaiTepTin"] == f"/api/v1/files/{f.sha256}"
    assert named[0]["DuocSoHoa"] == "1" and named[0]["TenTepDinhKem"] == f.display_name
    assert named[0]["MaThanhPhanHoSo"] == "2"
    assert [t.get("TepDinhKemId") for t in hoso["TaiLieuNop"]].count(None) == 2, "the other components have no file"
    assert not schema.check_item(item(dossier_record_of(desk, code)))
    assert _on_receiver(r, f.sha256) == files_read.content(desk, f.uuid)  # byte-identical (the scan as stored: a PDF)
    again = Runner(desk, config_for(r), fast_options(pull=False)).run()
    assert again.exit_code == 0 and again.files_sent == 0
    stats = r.stats()["files"]
    assert (stats["files"], stats["completed"]) == (1, 1), stats


def test_a_file_failure_leaves_the_records_sent(desk, clerk, receivers):
    code = received(desk, clerk)
    f = files.attach_component(desk, code, [FileIn("cccd.jpg", scan_jpeg(6))], clerk, position=1).file
    (blob,) = [p.blob for p in files_push_pending_all(desk)]
    BlobStore(desk.paths.data_dir, None).path(blob).unlink()  # the stored copy lost before the run
    r = receivers()
    summary = Runner(desk, config_for(r), fast_options(pull=False)).run()
    assert summary.accepted == 2 and summary.pending == 0, summary.line()
    assert len(summary.files_failed) == 1 and summary.exit_code == 1, summary.line()
    assert "1 tệp chưa gửi được" in summary.line()
    assert [p.sha256 for p in pending(desk)] == [f.sha256], "the file waits for the next run"
    assert r.stats()["files"]["completed"] == 0


def files_push_pending_all(desk) -> list[PendingFile]:
    with desk.db.read() as s:
        rows = s.execute(text("SELECT id, sha256, size, blob, encrypted FROM stored_files")).all()
    return [PendingFile(*row) for row in rows]


def dossier_record_of(desk, code: str):
    conn = desk.db.raw_connection()
    try:
        return dossier_record(conn, code)
    finally:
        conn.close()
