"""Attached files go where the store goes: into every backup and back after a restore, into `motcua check`,
and through encryption being turned on and off (no clear page left in the data folder)."""

from __future__ import annotations

from app.models import db as dbmod
from app.services import accounts, accounts_store, backup, checks, files, files_read, restore
from app.services.desk import Desk
from app.services.files_convert import FileIn
from tests.files.support import pdf_bytes, received

PASSWORD = "Khoa-may-2026"


def _everything(folder) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def _blob_path(desk: Desk, uuid: str):
    from app.services.files_store import store_for

    with desk.db.read() as s:
        (blob,) = s.connection().exec_driver_sql(
            "SELECT f.blob FROM stored_files f JOIN dossier_files d ON d.file_id = f.id WHERE d.uuid = ?",
            (uuid,)).one()
    return store_for(desk).path(blob)


def test_a_backup_carries_the_files_and_a_restore_brings_them_back(desk, clerk, admin):
    code = received(desk, clerk)
    pdf = pdf_bytes(2, text="Giấy khám sức khỏe")
    f = files.attach_component(desk, code, [FileIn("kham.pdf", pdf)], clerk, position=3).file
    copy = backup.backup_now(desk, admin)
    assert (copy.parent / "files").is_dir()
    stored = _blob_path(desk, f.uuid)
    stored.unlink()  # the data folder loses the scan
    report = checks.run_checks(desk, admin)
    (item,) = [r for r in report.results if r.key == "files"]
    assert not item.ok and "1 tệp bị mất" in item.summary and code in item.details[0]
    assert "motcua restore" in item.advice
    got = restore.restore(desk, copy, admin)
    assert any("Đã chép lại 1 tệp đính kèm" in n for n in got.notes), got.notes
    assert files_read.content(desk, f.uuid) == pdf
    (item,) = [r for r in checks.run_checks(desk, admin).results if r.key == "files"]
    assert item.ok and "tất cả còn nguyên vẹn" in item.summary


def test_motcua_check_names_an_altered_file(desk, clerk, admin):
    code = received(desk, clerk)
    f = files.attach_component(desk, code, [FileIn("a.pdf", pdf_bytes(1))], clerk, position=1).file
    path = _blob_path(desk, f.uuid)
    raw = bytearray(path.read_bytes())
    raw[50] ^= 1
    path.write_bytes(bytes(raw))
    report = checks.run_checks(desk, admin)
    (item,) = [r for r in report.results if r.key == "files"]
    assert not report.ok and "1 tệp bị thay đổi" in item.summary
    assert item.details == [f"Tệp {f.sha256[:12]}… (hồ sơ {code}): nội dung khác với mã SHA-256 đã ghi"]


def test_files_follow_encryption_on_and_off(desk, clerk, admin):
    accounts.create_user(desk, "lan.pt", "Phạm Thị Lan", "admin", PASSWORD, admin)
    code = received(desk, clerk)
    pdf = pdf_bytes(3, text="Số định danh 001086012345")
    f = files.attach_component(desk, code, [FileIn("cccd.pdf", pdf)], clerk, position=2).file
    backup.backup_now(desk, admin)  # a clear copy of the file in backups/files as well
    paths = desk.paths
    page = files_read.content(desk, f.uuid)[200:264]
    assert page in _everything(paths.data_dir)
    accounts_store.enable_encryption(desk, admin, "lan.pt", PASSWORD)
    try:
        assert page not in _everything(paths.data_dir), "no clear page left, backups included"
        enc = Desk.open(paths)
        assert enc.db.encrypted and files_read.content(enc, f.uuid) == pdf
        (item,) = [r for r in checks.run_checks(enc, admin).results if r.key == "files"]
        assert item.ok
        accounts_store.disable_encryption(enc, admin, "lan.pt", PASSWORD)
        clear = Desk.open(paths)
        assert not clear.db.encrypted and files_read.content(clear, f.uuid) == pdf
        assert page in _everything(paths.data_dir)
        clear.close()
    finally:
        dbmod.forget_key(paths.database)


def test_a_backup_taken_before_encryption_restores_with_its_files(desk, clerk, admin):
    """The old copy's rows name the clear files; after encryption the same content lives under the key's
    names, and the restore takes those (content-addressed), here or in backups/files."""
    accounts.create_user(desk, "lan.pt", "Phạm Thị Lan", "admin", PASSWORD, admin)
    code = received(desk, clerk)
    pdf = pdf_bytes(2, text="Bản quét trước khi mã hóa")
    f = files.attach_component(desk, code, [FileIn("a.pdf", pdf)], clerk, position=1).file
    old = backup.backup_now(desk, admin)
    paths = desk.paths
    accounts_store.enable_encryption(desk, admin, "lan.pt", PASSWORD)
    try:
        enc = Desk.open(paths)
        _blob_path(enc, f.uuid).unlink()  # the data folder loses it too: only the backups' copy is left
        report = restore.restore(enc, old, admin)
        assert files_read.content(enc, f.uuid) == pdf, report.notes
        (item,) = [r for r in checks.run_checks(enc, admin).results if r.key == "files"]
        assert item.ok, item.details
        assert files_read.content(enc, f.uuid)[300:364] not in _everything(paths.data_dir)
        enc.close()
    finally:
        dbmod.forget_key(paths.database)
