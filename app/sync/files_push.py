"""Pushing attached files to the provincial system after their dossier's record, and the record's
references to them in the national field names.

A stored file is pushed once the event that attached it has been acknowledged (its outbox row is
sent, or pruned after being sent), so the province always knows the dossier before its files. Each file
goes in chunks (`PUT /api/v1/files/{sha256}?offset=&size=` with the chunk's SHA-256); before sending,
the pusher asks the receiver how many bytes it already acknowledged (`GET`) and resumes there, so a
dropped connection, a timeout or the uploader being killed costs at most one chunk. The receiver
checks every chunk and the whole file; uploads are idempotent on the file's SHA-256. Only one chunk
is in memory (decrypted segment by segment on an encrypted store), and a run is bounded in files and
bytes. The store read is the desk's (the folder, or a centre's database: `files_store.store_for`); a file a
laptop has not sent to the centre yet (`awaiting`) waits for its content. `python -m app.sync.files_push
--data-dir D` runs one pass with the desk's sync configuration.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import requests
from sqlalchemy import text, update

from app.errors import MotCuaError
from app.models import StoredFile
from app.services.desk import Desk
from app.services.files_store import SEGMENT, BlobDamaged, Blobs, store_for
from app.sync.client import SyncClient, SyncFatal, SyncUnavailable, retry_after_seconds
from app.sync.receiver_files import PREFIX

CHUNK = 4 * SEGMENT
TRIES = 6

_PENDING = (
    "SELECT f.id, f.sha256, f.size, f.blob, f.encrypted FROM stored_files f WHERE f.uploaded_at IS NULL "
    "AND f.awaiting = '' "
    "AND EXISTS (SELECT 1 FROM dossier_files df LEFT JOIN outbox o ON o.event_uuid = df.event_uuid "
    "WHERE df.file_id = f.id AND (o.id IS NULL OR o.state = 'sent')) ORDER BY f.id LIMIT :limit")


@dataclass(frozen=True)
class PendingFile:
    id: int
    sha256: str
    size: int
    blob: str
    encrypted: bool


@dataclass
class FilePushReport:
    files: int = 0  # acknowledged whole during this run
    already: int = 0  # the receiver had them already
    resumed: int = 0  # started from a chunk acknowledged earlier
    bytes_sent: int = 0
    seconds: float = 0.0
    failed: list[str] = dataclasses.field(default_factory=list)

    @property
    def mb_per_s(self) -> float:
        return self.bytes_sent / 1e6 / self.seconds if self.seconds else 0.0


def pending(desk: Desk, limit: int = 1000) -> list[PendingFile]:
    with desk.db.read() as s:
        rows = s.execute(text(_PENDING), {"limit": limit}).fetchall()
    return [PendingFile(r[0], r[1], r[2], r[3], bool(r[4])) for r in rows]


def pieces(store: Blobs, f: PendingFile, offset: int, chunk: int) -> Iterator[bytes]:
    """The file's clear bytes from `offset` in chunks of `chunk` bytes (one chunk in memory)."""
    start = offset - offset % SEGMENT if f.encrypted else offset
    skip, buf = offset - start, bytearray()
    for seg in store.segments(f.blob, f.encrypted, start, SEGMENT):
        if skip:
            cut = min(skip, len(seg))
            seg, skip = seg[cut:], skip - cut
        buf += seg
        while len(buf) >= chunk:
            yield bytes(buf[:chunk])
            del buf[:chunk]
    if buf:
        yield bytes(buf)


class FilePusher:
    def __init__(self, desk: Desk, client: SyncClient, *, chunk: int = CHUNK, max_files: int = 500,
                 max_bytes: int = 2 * 1024**3, pause: float = 0.2):
        self.desk = desk
        self.client = client
        self.store = store_for(desk)
        self.chunk = chunk
        self.max_files = max_files
        self.max_bytes = max_bytes
        self.pause = pause

    # --- HTTP ---------------------------------------------------------------------------------------
    def _call(self, method: str, sha: str, **kw: Any) -> tuple[int, dict[str, Any]]:
        try:
            resp = self.client.session.request(method, self.client.base + PREFIX + sha, timeout=(self.client.connect_timeout, self.client.read_timeout),
                                               allow_redirects=False, **kw)
        except requests.exceptions.SSLError:
            raise SyncFatal("Không xác minh được chứng chỉ bảo mật của máy chủ tỉnh khi gửi tệp.") from None
        except requests.exceptions.RequestException:
            raise SyncUnavailable("Mất kết nối khi gửi tệp đính kèm; sẽ gửi tiếp từ đoạn đã nhận.") from None
        code = resp.status_code
        if code in (401, 403):
            raise SyncFatal("Hệ thống tỉnh từ chối mã truy cập khi gửi tệp đính kèm. Hãy nhập lại mã truy cập.")
        if code in (429, 503) or code >= 500:
            raise SyncUnavailable(f"Máy chủ tỉnh tạm thời không nhận tệp (mã {code}).",
                                  retry_after=retry_after_seconds(resp.headers.get("Retry-After")))
        if "json" not in resp.headers.get("Content-Type", ""):
            raise SyncUnavailable("Máy chủ trả lời không đúng giao thức khi gửi tệp (có thể là trang đăng nhập Wi-Fi).")
        try:
            body = json.loads(resp.content)
        except ValueError:
            raise SyncUnavailable("Máy chủ trả lời JSON hỏng khi gửi tệp.") from None
        if code == 404:
            raise SyncFatal("Hệ thống tỉnh chưa hỗ trợ nhận tệp đính kèm (mã 404). Hãy báo bộ phận CNTT của tỉnh.")
        return code, body if isinstance(body, dict) else {}

    def _status(self, sha: str) -> tuple[str, int]:
        code, body = self._call("GET", sha)
        if code != 200:
            raise SyncUnavailable(f"Máy chủ tỉnh không cho biết trạng thái tệp (mã {code}).")
        return str(body.get("state", "absent")), int(body.get("received") or 0)

    # --- one file -----------------------------------------------------------------------------------
    def _send(self, f: PendingFile, report: FilePushReport) -> None:
        """Send the file from where the receiver stands; returns when the receiver holds it whole."""
        state, offset = self._status(f.sha256)
        if state == "complete":
            report.already += 1
            return
        if offset:
            report.resumed += 1
        restarts = 0
        while True:
            moved = False
            for piece in pieces(self.store, f, offset, self.chunk):
                code, body = self._call("PUT", f.sha256, params={"offset": offset, "size": f.size}, data=piece,
                                        headers={"X-Chunk-SHA256": _sha(piece),
                                                 "Content-Type": "application/octet-stream"})
                if code == 200:
                    report.bytes_sent += len(piece)
                    offset = int(body.get("received") or 0)
                    if body.get("state") == "complete":
                        report.files += 1
                        return
                    continue
                if code == 409 or body.get("error") == "file_hash_mismatch":
                    offset = int(body.get("received") or 0)
                    restarts += 1
                    moved = True
                    break
                if body.get("error") == "chunk_hash_mismatch":
                    moved = True
                    restarts += 1
                    break
                raise SyncFatal(f"Máy chủ tỉnh không nhận tệp {f.sha256[:12]}… (mã {code}: "
                                f"{body.get('message') or body.get('error')}).")
            if not moved:
                raise SyncUnavailable("Máy chủ chưa xác nhận đủ tệp; sẽ gửi lại.")
            if restarts > 3:
                raise SyncUnavailable(f"Tệp {f.sha256[:12]}… bị máy chủ từ chối nhiều lần; sẽ thử lại lần đồng bộ sau.")

    def _mark(self, f: PendingFile) -> None:
        with self.desk.db.write() as s:
            s.execute(update(StoredFile).where(StoredFile.id == f.id).values(uploaded_at=self.desk.now()))

    def run(self) -> FilePushReport:
        """Push the eligible files (bounded per run); a file that keeps failing is reported, the others go on."""
        report = FilePushReport()
        started = time.perf_counter()
        budget = self.max_bytes
        for f in pending(self.desk, self.max_files):
            if f.size > budget:
                break
            budget -= f.size
            failures = 0  # in a row without a chunk acknowledged
            while True:
                sent = report.bytes_sent
                try:
                    self._send(f, report)
                    self._mark(f)
                    break
                except SyncUnavailable as exc:
                    failures = 1 if report.bytes_sent > sent else failures + 1
                    if failures >= TRIES:
                        report.failed.append(f"{f.sha256[:12]}…: {exc.message}")
                        break
                    time.sleep(min(5.0, exc.retry_after or self.pause * (2 ** failures)))
                except BlobDamaged as exc:
                    report.failed.append(f"{f.sha256[:12]}…: {exc.message} Hãy chạy motcua files check.")
                    break
        report.seconds = time.perf_counter() - started
        return report


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- the record's references (TaiLieuNop, DanhSachGiayToKetQua, HoSoCoThanhPhanSoHoa) -------------------
_REFS = ("SELECT df.dossier_id, df.kind, df.position, df.uuid, df.display_name, df.paper_name, df.result_code, "
         "df.digitised, df.reused, f.sha256 FROM dossier_files df JOIN stored_files f ON f.id = df.file_id "
         "WHERE df.superseded_at IS NULL AND df.dossier_id IN ({}) ORDER BY df.dossier_id, df.kind, df.position")


@dataclass(frozen=True)
class NationalFiles:
    """What a dossier's record says about its files: extra TaiLieuNop fields by component position, the
    result papers, and whether any component is digitised."""

    components: dict[int, dict[str, Any]]
    results: list[dict[str, Any]]

    @property
    def has_digitised(self) -> bool:  # HoSoCoThanhPhanSoHoa
        return bool(self.components)


def national_files(conn: sqlite3.Connection, dossier_ids: list[int]) -> dict[int, NationalFiles]:
    """For payload building: per dossier id, the national file fields (merge `components[position]` into
    the TaiLieuNop entry of that component, add `results` as DanhSachGiayToKetQua)."""
    out: dict[int, NationalFiles] = {}
    if not dossier_ids:
        return out
    for did, kind, pos, uuid, name, paper, rcode, digitised, reused, sha in conn.execute(
            _REFS.format(",".join("?" * len(dossier_ids))), dossier_ids):
        nf = out.setdefault(did, NationalFiles({}, []))
        path = PREFIX + sha
        if kind == "component":
            nf.components[pos] = {"TepDinhKemId": uuid, "TenTepDinhKem": name, "MaThanhPhanHoSo": str(pos),
                                  "DuongDanTaiTepTin": path, "DuocSoHoa": bool(digitised),
                                  "DuocTaiSuDung": bool(reused), "DuocLayTuKhoDMQG": False, "MaKetQuaThayThe": ""}
        else:
            nf.results.append({"TenGiayTo": paper, "MaThanhPhanHoSo": "", "GiayToId": uuid,
                               "DuongDanTepTinKetQua": path, "MaGiayToKetQua": rcode})
    return out


_BY_EVENT = ("SELECT df.event_uuid, df.kind, df.position, df.uuid, df.display_name, df.paper_name, df.result_code, "
             "df.digitised, df.reused, f.sha256 FROM dossier_files df JOIN stored_files f ON f.id = df.file_id "
             "WHERE df.event_uuid IN ({}) ORDER BY df.id")


def attached_by_events(conn: sqlite3.Connection, event_uuids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """For payload building: per event id, the files that step attached (change.MoRongMotCua.TepDinhKem),
    current or replaced since, so a receiver keeping files (the centre's hub) keeps the same history."""
    out: dict[str, list[dict[str, Any]]] = {}
    if not event_uuids:
        return out
    for eid, kind, pos, uuid, name, paper, rcode, digitised, reused, sha in conn.execute(
            _BY_EVENT.format(",".join("?" * len(event_uuids))), event_uuids):
        out.setdefault(eid, []).append({
            "TepDinhKemId": uuid, "DuongDanTaiTepTin": PREFIX + sha, "Loai": "KetQua" if kind == "result" else "ThanhPhan",
            "ViTri": int(pos), "TenGiayTo": paper, "TenTepDinhKem": name, "MaGiayToKetQua": rcode,
            "DuocSoHoa": "1" if digitised else "0", "DuocTaiSuDung": "1" if reused else "0"})
    return out


def push_after_records(desk: Desk, url: str, token: str, ca_bundle: str, *, connect_timeout: float,
                       read_timeout: float, call_seconds: float, deadline: Callable[[], float]) -> FilePushReport:
    """The sync run's file pass, after its records, within the run's deadline: never raises for the files
    (a failure is reported in `failed`, and the records already acknowledged stay sent)."""
    client = SyncClient(url, token, ca_bundle=ca_bundle, connect_timeout=connect_timeout, read_timeout=read_timeout,
                        call_seconds=call_seconds, deadline=deadline)
    try:
        return FilePusher(desk, client).run()
    except (SyncFatal, SyncUnavailable) as exc:
        return FilePushReport(failed=[exc.message])
    finally:
        client.close()


def push_files(desk: Desk, *, chunk: int = CHUNK) -> FilePushReport:
    """One pass with the desk's sync configuration (address, CA bundle, token): what `motcua sync` runs
    after the records, and `motcua files push` alone. Raises SyncFatal when the configuration is missing."""
    from app.sync import config as sync_config
    from app.sync.tokens import TokenStore

    cfg = sync_config.load(desk, TokenStore(desk.paths))
    sync_config.require(cfg)
    client = SyncClient(cfg.url, cfg.token, ca_bundle=cfg.ca_bundle)
    try:
        return FilePusher(desk, client, chunk=chunk).run()
    finally:
        client.close()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m app.sync.files_push", description="Gửi tệp đính kèm lên hệ thống tỉnh.")
    p.add_argument("--data-dir", required=True)
    p.add_argument("--chunk-kb", type=int, default=CHUNK // 1024)
    args = p.parse_args(argv)
    from app.paths import AppPaths

    desk = Desk.open(AppPaths.resolve(args.data_dir))
    try:
        report = push_files(desk, chunk=args.chunk_kb * 1024)
    except MotCuaError as exc:
        print(exc.message, file=sys.stderr)
        return exc.exit_code
    finally:
        desk.close()
    print(json.dumps(dataclasses.asdict(report), ensure_ascii=False))
    return 0 if not report.failed else 1


if __name__ == "__main__":
    sys.exit(main())
