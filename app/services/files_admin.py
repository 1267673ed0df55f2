"""Looking after the stored files: verification against their SHA-256, backup and restore of the files
folder, and the digitisation figures of a period (Decision 766, group 4) with the rule of each.

`rekey_files` follows the store when it is encrypted or decrypted. Stored files never change once
written (content-addressed), so a backup is an incremental copy of the `files/` folder into the backups
folder (`backups/files/ab/…`), kept as stored: encrypted files stay encrypted. One copy serves every
database backup, since a file is never rewritten under its name. On a centre's server the files are rows
of the database (files_dbstore): pg_dump and pg_restore carry them, and there is no folder to copy. A
file whose content a laptop has not sent yet (`awaiting`) is counted apart, not as missing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select, text

from app.models import StoredFile
from app.services import permissions
from app.services.crypto_store import shred
from app.services.desk import Desk
from app.services.dto import Actor
from app.services.files_store import BlobDamaged, BlobStore, on_server, store_for


@dataclass(frozen=True)
class FileProblem:
    sha256: str
    blob: str
    dossiers: tuple[str, ...]
    reason: str

    @property
    def line(self) -> str:
        return f"Tệp {self.sha256[:12]}… (hồ sơ {', '.join(self.dossiers) or 'không còn dùng'}): {self.reason}"


@dataclass(frozen=True)
class FilesCheck:
    checked: int
    missing: tuple[FileProblem, ...] = ()
    altered: tuple[FileProblem, ...] = ()
    awaited: tuple[FileProblem, ...] = ()  # a laptop's file whose content has not reached the centre yet
    on_server: bool = False  # the files are rows of a centre's database (restored with it, not a folder)

    @property
    def ok(self) -> bool:
        return not self.missing and not self.altered

    @property
    def summary(self) -> str:
        waiting = (f" {len(self.awaited)} tệp của máy lưu động đang chờ máy đó gửi nội dung về (lần đồng bộ tới)."
                   if self.awaited else "")
        if self.ok:
            return f"Đã kiểm tra {self.checked} tệp đính kèm: tất cả còn nguyên vẹn.{waiting}"
        what = ("cơ sở dữ liệu của Trung tâm từ bản sao lưu vào một cơ sở dữ liệu trống (motcua restore TỆP --database …)"
                if self.on_server else "thư mục files/ từ bản sao lưu (motcua restore)")
        return (f"Đã kiểm tra {self.checked} tệp đính kèm: {len(self.missing)} tệp bị mất, {len(self.altered)} tệp "
                f"bị thay đổi. Hãy khôi phục {what} rồi kiểm tra lại.{waiting}")


def _dossiers_by_file(desk: Desk) -> dict[int, tuple[str, ...]]:
    out: dict[int, list[str]] = {}
    with desk.db.read() as s:
        for fid, code in s.execute(text("SELECT DISTINCT f.file_id, d.code FROM dossier_files f "
                                        "JOIN dossiers d ON d.id = f.dossier_id ORDER BY d.code")):
            out.setdefault(fid, []).append(code)
    return {k: tuple(v) for k, v in out.items()}


def verify_files(desk: Desk, actor: Actor) -> FilesCheck:
    """Read every stored file back (decrypting when encrypted) and compare it with its SHA-256."""
    permissions.require(actor, "store.check")
    return check_files(desk)


def check_files(desk: Desk) -> FilesCheck:
    """`verify_files` without the permission check (for `motcua check`, which checks its actor itself)."""
    store = store_for(desk)
    rows = _rows(desk)
    codes = _dossiers_by_file(desk)
    missing, altered, awaited = [], [], []
    where = "cơ sở dữ liệu của Trung tâm" if on_server(desk) else "thư mục dữ liệu"
    waiting = _awaiting(desk)
    for fid, sha, blob, encrypted in rows:
        if fid in waiting:
            awaited.append(FileProblem(sha, blob, codes.get(fid, ()), f"đang chờ máy lưu động «{waiting[fid]}» gửi về"))
            continue
        if not store.exists(blob):
            missing.append(FileProblem(sha, blob, codes.get(fid, ()), f"không còn trong {where}"))
            continue
        try:
            ok = store.digest(blob, encrypted) == sha
        except (BlobDamaged, OSError):
            ok = False
        if not ok:
            altered.append(FileProblem(sha, blob, codes.get(fid, ()), "nội dung khác với mã SHA-256 đã ghi"))
    return FilesCheck(len(rows), tuple(missing), tuple(altered), tuple(awaited), on_server(desk))


def _awaiting(desk: Desk) -> dict[int, str]:
    with desk.db.read() as s:
        return dict(s.execute(select(StoredFile.id, StoredFile.awaiting).where(StoredFile.awaiting != "")).all())


@dataclass(frozen=True)
class FilesCopy:
    copied: int
    present: int
    bytes: int


def _copy_tree(blobs: list[str], src_root: Path, dst_root: Path) -> FilesCopy:
    copied = present = size = 0
    for rel in blobs:
        src, dst = src_root / rel, dst_root / rel
        if not src.is_file():
            continue
        if dst.is_file() and dst.stat().st_size == src.stat().st_size:
            present += 1
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        tmp = dst.with_name(f".{dst.name}.tmp")
        shutil.copyfile(src, tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, dst)
        copied += 1
        size += dst.stat().st_size
    return FilesCopy(copied, present, size)


def _blobs(desk: Desk) -> list[str]:
    with desk.db.read() as s:
        return [b for (b,) in s.execute(text("SELECT blob FROM stored_files ORDER BY id"))]


def backup_files(desk: Desk, backup_dir: Path) -> FilesCopy:
    """Copy the stored files not yet in `backup_dir/files/` (as stored: encrypted stays encrypted); on a
    centre's server nothing (the files are in its dump)."""
    if on_server(desk):
        return FilesCopy(0, 0, 0)
    return _copy_tree(_blobs(desk), desk.paths.data_dir, Path(backup_dir))


def restore_files(desk: Desk, backup_dir: Path) -> FilesCopy:
    """After a database restore: bring back from `backup_dir/files/` every stored file missing or damaged.
    A row whose recorded copy is nowhere (the store was encrypted or decrypted since that backup) takes the
    copy of the same content under the store's current key, here or in `backup_dir` (content-addressed).
    On a centre's server nothing: the restored dump holds the files."""
    if on_server(desk):
        return FilesCopy(0, 0, 0)
    store = BlobStore(desk.paths.data_dir, desk.db.key)
    rows = _rows(desk)
    wanted = []
    for _fid, sha, blob, encrypted in rows:
        with contextlib.suppress(BlobDamaged, OSError):
            if store.digest(blob, encrypted) == sha:
                continue
        store.remove(blob)
        wanted.append(blob)
    copied = _copy_tree(wanted, Path(backup_dir), desk.paths.data_dir)
    adopted = _adopt_current_copies(desk, store, rows, Path(backup_dir))
    return FilesCopy(copied.copied + adopted.copied, copied.present + adopted.present, copied.bytes + adopted.bytes)


def _rows(desk: Desk) -> list[tuple[int, str, str, bool]]:
    with desk.db.read() as s:
        return [(f.id, f.sha256, f.blob, f.encrypted) for f in s.query(StoredFile).order_by(StoredFile.id)]


def _adopt_current_copies(desk: Desk, store: BlobStore, rows: list[tuple[int, str, str, bool]],
                          backup_dir: Path) -> FilesCopy:
    lost = [(fid, sha) for fid, sha, blob, _enc in rows if not store.path(blob).is_file()]
    copied = _copy_tree([store.relpath(sha) for _fid, sha in lost if not store.path(store.relpath(sha)).is_file()],
                        backup_dir, desk.paths.data_dir)
    adopted = 0
    for fid, sha in lost:
        rel = store.relpath(sha)
        try:
            if store.digest(rel, store.encrypting) != sha:
                continue
        except (BlobDamaged, OSError):
            continue
        with desk.db.write() as s:
            row = s.get(StoredFile, fid)
            assert row is not None
            row.blob, row.encrypted = rel, store.encrypting
        adopted += 1
    return FilesCopy(copied.copied, max(0, adopted - copied.copied), copied.bytes)


def follow_store_key(desk: Desk, old_key: bytes | None) -> int:
    """After `crypto_store.set_encryption` (the desk open with its new key): the stored files and their
    copies in the backups folder follow the store, so no clear page is left in the data folder once it
    is encrypted. Returns how many stored files were rewritten."""
    rows = _rows(desk)
    done = rekey_files(desk, old_key)
    old, new = BlobStore(desk.paths.backups, old_key), BlobStore(desk.paths.backups, desk.db.key)
    for _fid, sha, blob, encrypted in rows:
        if not old.path(blob).is_file() or (blob == new.relpath(sha) and encrypted == new.encrypting):
            continue
        try:
            data = old.read(blob, encrypted)
        except (BlobDamaged, OSError):
            continue  # a copy under another key: left as it is
        new.put(data, sha)
        if new.relpath(sha) != blob:
            shred(old.path(blob))
    return done


def rekey_files(desk: Desk, old_key: bytes | None) -> int:
    """After the store was encrypted, decrypted or re-keyed (`crypto_store.set_encryption`), rewrite every
    stored file from `old_key` to the key the desk is open with now; returns how many were rewritten.
    Each file is written under its new name first, its row updated, then the old copy overwritten and
    removed, so an interruption leaves every row pointing at a readable file (run it again to finish)."""
    old, new = BlobStore(desk.paths.data_dir, old_key), store_for(desk)  # a centre has no key: never here
    done = 0
    for fid, sha, blob, encrypted in _rows(desk):
        if encrypted == new.encrypting and blob == new.relpath(sha):
            continue
        data = old.read(blob, encrypted)
        rel, now_encrypted = new.put(data, sha)
        with desk.db.write() as s:
            row = s.get(StoredFile, fid)
            assert row is not None
            row.blob, row.encrypted = rel, now_encrypted
        if rel != blob:
            shred(old.path(blob))
        done += 1
    return done


# --- digitisation figures -------------------------------------------------------------------------------
RULES = {
    "dossiers_digitised": "Số hồ sơ tiếp nhận trong kỳ (theo ngày tiếp nhận) có ít nhất một thành phần được số hóa "
                          "tại quầy hoặc tái sử dụng từ kết quả số hóa trước (HoSoCoThanhPhanSoHoa), chia cho số "
                          "hồ sơ tiếp nhận trong kỳ.",
    "results_digitised": "Số hồ sơ có kết quả trong kỳ (đã xử lý xong hoặc đã trả, theo ngày kết thúc xử lý) có tệp "
                         "kết quả số hóa (DanhSachGiayToKetQua), chia cho số hồ sơ có kết quả trong kỳ.",
    "dossiers_reusing": "Số hồ sơ tiếp nhận trong kỳ có ít nhất một thành phần tái sử dụng giấy tờ đã số hóa "
                        "(DuocTaiSuDung) thay vì yêu cầu công dân nộp lại, chia cho số hồ sơ tiếp nhận trong kỳ.",
    "papers_reused": "Số thành phần hồ sơ (tiếp nhận trong kỳ) dùng lại giấy tờ đã số hóa; mỗi thành phần tính một lần.",
}


LABELS = {
    "dossiers_digitised": "Hồ sơ có thành phần được số hóa",
    "results_digitised": "Kết quả giải quyết được số hóa",
    "dossiers_reusing": "Hồ sơ tái sử dụng giấy tờ đã số hóa",
    "papers_reused": "Số giấy tờ được tái sử dụng",
}


def _rate(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


@dataclass(frozen=True)
class DigitisationFigures:
    first_day: dt.date
    last_day: dt.date
    received: int
    dossiers_digitised: int
    dossiers_reusing: int
    papers_digitised: int
    papers_reused: int
    with_result: int
    results_digitised: int
    rules: dict[str, str] = field(default_factory=lambda: dict(RULES))

    @property
    def dossiers_digitised_rate(self) -> float | None:
        return _rate(self.dossiers_digitised, self.received)

    @property
    def results_digitised_rate(self) -> float | None:
        return _rate(self.results_digitised, self.with_result)

    @property
    def dossiers_reusing_rate(self) -> float | None:
        return _rate(self.dossiers_reusing, self.received)

    def rows(self) -> list[FigureRow]:
        """The figures as the report shows them (label, count, out of, share in %, rule), in order."""
        return [
            FigureRow("dossiers_digitised", LABELS["dossiers_digitised"], self.dossiers_digitised, self.received,
                      self.dossiers_digitised_rate, RULES["dossiers_digitised"]),
            FigureRow("results_digitised", LABELS["results_digitised"], self.results_digitised, self.with_result,
                      self.results_digitised_rate, RULES["results_digitised"]),
            FigureRow("dossiers_reusing", LABELS["dossiers_reusing"], self.dossiers_reusing, self.received,
                      self.dossiers_reusing_rate, RULES["dossiers_reusing"]),
            FigureRow("papers_reused", LABELS["papers_reused"], self.papers_reused, None, None,
                      RULES["papers_reused"]),
        ]


@dataclass(frozen=True)
class FigureRow:
    key: str
    label: str
    count: int
    out_of: int | None
    rate: float | None
    rule: str


_FIGURES = """
WITH period AS (SELECT id FROM dossiers WHERE received_at >= :start AND received_at < :end),
comp AS (SELECT f.dossier_id, f.digitised, f.reused FROM dossier_files f JOIN period p ON p.id = f.dossier_id
         WHERE f.kind = 'component' AND f.superseded_at IS NULL),
done AS (SELECT id FROM dossiers WHERE finished_at >= :start AND finished_at < :end AND status IN (9, 10))
SELECT (SELECT count(*) FROM period),
       (SELECT count(DISTINCT dossier_id) FROM comp),
       (SELECT count(DISTINCT dossier_id) FROM comp WHERE reused),
       (SELECT count(*) FROM comp WHERE digitised),
       (SELECT count(*) FROM comp WHERE reused),
       (SELECT count(*) FROM done),
       (SELECT count(DISTINCT f.dossier_id) FROM dossier_files f JOIN done ON done.id = f.dossier_id
        WHERE f.kind = 'result' AND f.superseded_at IS NULL)
"""


def digitisation_figures(desk: Desk, first_day: dt.date, last_day: dt.date) -> DigitisationFigures:
    """The group-4 figures for the days `first_day`..`last_day` (both included); see RULES."""
    start = dt.datetime.combine(first_day, dt.time.min)
    end = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time.min)
    with desk.db.read() as s:
        row = s.execute(text(_FIGURES), {"start": start, "end": end}).one()
    return DigitisationFigures(first_day, last_day, *(int(x or 0) for x in row))  # type: ignore[arg-type]
