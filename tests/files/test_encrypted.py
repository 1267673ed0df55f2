"""On an encrypted store (SQLCipher) the attached files are encrypted too: no page's bytes, and not even
a file's SHA-256, can be found in the data folder without the key; a changed byte is detected."""

from __future__ import annotations

import hashlib

import pytest

from app.models import db as dbmod
from app.services import crypto_store, files, files_read
from app.services.desk import Desk
from app.services.files_convert import FileIn
from app.services.files_store import BlobDamaged
from tests.files.support import jpeg, pdf_bytes, received, scan_image


@pytest.fixture
def locked_desk(make_desk, clock):
    desk = make_desk("laptop")
    paths = desk.paths
    desk.close()
    key = crypto_store.new_key()
    crypto_store.convert_file(paths.database, None, key)
    dbmod.register_key(paths.database, key)
    d = Desk.open(paths, clock=clock)
    assert d.db.encrypted
    yield d
    d.close()
    dbmod.forget_key(paths.database)


def _everything(folder) -> bytes:
    return b"".join(p.read_bytes() + p.name.encode() for p in sorted(folder.rglob("*")) if p.is_file())


def test_no_attached_content_can_be_read_from_the_folder(locked_desk, clerk):
    desk = locked_desk
    code = received(desk, clerk)
    scan = jpeg(scan_image(11, 150), 150, quality=70)  # small enough to be embedded in the PDF as it is
    pdf = pdf_bytes(3, text="Số định danh 001086012345")
    a = files.attach_component(desk, code, [FileIn("cccd.jpg", scan)], clerk, position=1).file
    b = files.attach_component(desk, code, [FileIn("kham suc khoe.pdf", pdf)], clerk, position=2).file
    stored = files_read.content(desk, a.uuid)
    assert scan in stored, "the clear PDF embeds the page's JPEG as it came"
    blob = _everything(desk.paths.data_dir)
    for known in (scan[1000:1064], scan[-2000:-1936], pdf[200:264], stored[-300:-236]):
        assert known not in blob
    for digest in (a.sha256, b.sha256):
        assert digest.encode() not in blob and bytes.fromhex(digest) not in blob
    assert hashlib.sha256(files_read.content(desk, b.uuid)).hexdigest() == b.sha256 == hashlib.sha256(pdf).hexdigest()


def test_a_changed_byte_is_detected(locked_desk, clerk):
    desk = locked_desk
    code = received(desk, clerk)
    f = files.attach_component(desk, code, [FileIn("a.pdf", pdf_bytes(2))], clerk, position=1).file
    (path,) = [p for p in (desk.paths.data_dir / "files").rglob("*") if p.is_file()]
    raw = bytearray(path.read_bytes())
    raw[100] ^= 1
    path.write_bytes(bytes(raw))
    with pytest.raises(BlobDamaged, match="đã bị sửa"):
        files_read.content(desk, f.uuid)


def test_files_follow_the_store_when_it_is_encrypted(make_desk, clerk, admin, clock):
    from app.services import files_admin

    desk = make_desk("later")
    code = received(desk, clerk)
    pdf = pdf_bytes(2, text="Giấy tờ trước khi mã hóa")
    f = files.attach_component(desk, code, [FileIn("a.pdf", pdf)], clerk, position=1).file
    paths = desk.paths
    assert pdf[300:364] in _everything(paths.data_dir)
    desk.close()
    key = crypto_store.new_key()
    crypto_store.convert_file(paths.database, None, key)
    dbmod.register_key(paths.database, key)
    try:
        d = Desk.open(paths, clock=clock)
        assert files_admin.rekey_files(d, None) == 1
        assert files_admin.rekey_files(d, None) == 0, "nothing left to do"
        assert pdf[300:364] not in _everything(paths.data_dir)
        assert files_read.content(d, f.uuid) == pdf and files_admin.verify_files(d, admin).ok
        d.close()
    finally:
        dbmod.forget_key(paths.database)
