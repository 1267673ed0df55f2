"""A home-visit laptop's attached files reach the centre through the hub (`motcua serve`) with the
province's upload protocol, unchanged on the laptop: the notes that attach them land first (the
attachments are seen at once, awaiting the content), then the content, checked and streamed into the
centre's store; a counter opens them byte-exact, and the centre's sync sends each to the province once."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from collections.abc import Iterator

import pytest
from sqlalchemy import select, text

from app.errors import NotFoundError
from app.models import StoredFile
from app.services import files, files_admin
from app.services.desk import Desk
from app.services.files_convert import FileIn
from app.sync.client import SyncClient
from app.sync.config import SyncConfig
from app.sync.files_push import FilePusher, pending
from app.sync.hub import add_laptop, make_hub
from app.sync.runner import Runner
from tests.conftest import CLERK
from tests.files.support import big_pdf, received, scan_jpeg
from tests.sync.conftest import config_for, fast_options

pytestmark = pytest.mark.both_engines


def _laptop_visit(lap) -> tuple[str, list[files.AttachedFile], str]:
    """A dossier received on a home visit with two papers scanned; the first paper is scanned again
    (pages appended) before the laptop syncs, so its first file is history that never needs to travel."""
    code = received(lap, CLERK, name="Đặng Thị Ngọc Ánh")
    first = files.attach_component(lap, code, [FileIn("to khai.jpg", scan_jpeg(1))], CLERK, position=1).file
    big = files.attach_component(lap, code, [FileIn("cccd.pdf", big_pdf(7))], CLERK, position=2).file
    again = files.attach_component(lap, code, [FileIn("to khai trang 2.jpg", scan_jpeg(2))], CLERK, position=1).file
    return code, [again, big], first.sha256


@contextlib.contextmanager
def _hub_for(centre: Desk, laptop: str) -> Iterator[SyncConfig]:
    """The centre's hub on a free port, and the sync settings of a laptop named `laptop` pointing at it."""
    hub = make_hub(centre, "127.0.0.1", 0).start()
    try:
        yield SyncConfig(hub.url, "", add_laptop(centre.paths.data_dir, laptop), 60)
    finally:
        hub.stop()


def test_a_laptops_files_reach_the_centre_through_the_hub_then_the_province_once(make_desk, clock, province,
                                                                                 tmp_path):
    centre = make_desk("centre")
    lap = make_desk("lap", slot=1, store="sqlite")
    clock.now = dt.datetime(2026, 11, 20, 8, 30)
    code, current, superseded = _laptop_visit(lap)
    assert current[1].size > 2 * 1024 * 1024, "spans several segments"
    with _hub_for(centre, "Lưu động 1") as config:
        records = Runner(lap, config, fast_options(files=False)).run()
        assert (records.accepted, records.rejected) == (4, 0)  # the receipt and three notes
        # The attachments are at the centre at once; their content is awaited from the laptop.
        papers = files.dossier_papers(centre, code)
        assert [s.file.sha256 if s.file else None for s in papers.slots] == [f.sha256 for f in current] + [None]
        with pytest.raises(NotFoundError, match="máy lưu động «Lưu động 1»"):
            files.content(centre, current[0].uuid)
        with pytest.raises(NotFoundError, match="chưa được gửi về máy chủ Trung tâm"):
            files.export(centre, code, tmp_path / "xuat")
        assert not [p for p in (tmp_path / "xuat").iterdir() if p.is_file()], "no half-exported paper"
        waiting = files_admin.check_files(centre)
        assert waiting.ok and len(waiting.awaited) == 2 and "đang chờ máy đó gửi" in waiting.summary
        assert pending(centre) == [], "nothing to push to the province before the content is here"

        summary = Runner(lap, config, fast_options()).run()
        assert summary.files_failed == [] and summary.files_sent == 3  # two sent, the superseded one not needed
        assert pending(lap) == []
        for f in current:
            assert hashlib.sha256(files.content(centre, f.uuid)).hexdigest() == f.sha256
        with centre.db.read() as s:
            rows = {r.sha256: r for r in s.scalars(select(StoredFile))}
        assert superseded not in rows and set(rows) == {f.sha256 for f in current}
        assert [(rows[f.sha256].size, rows[f.sha256].pages, rows[f.sha256].awaiting) for f in current] == \
               [(f.size, f.pages, "") for f in current]
        assert files_admin.check_files(centre).awaited == ()
        staged = centre.paths.data_dir / "hub-uploads.sqlite3.files"
        assert staged.is_dir() and not [p for p in staged.rglob("*") if p.is_file()], "the staged copies are dropped"

        # Sent again (a lost reply): the hub answers from what it holds; nothing is stored twice.
        with lap.db.write() as s:
            s.execute(text("UPDATE stored_files SET uploaded_at = NULL"))
        client = SyncClient(config.url, config.token, read_timeout=5.0, connect_timeout=2.0)
        try:
            again = FilePusher(lap, client, pause=0.01).run()
        finally:
            client.close()
        assert (again.files, again.already, again.bytes_sent, again.failed) == (0, 3, 0, [])

    first = Runner(centre, config_for(province), fast_options()).run()
    assert (first.accepted, first.rejected, first.files_failed) == (4, 0, [])
    assert first.files_sent == 2
    second = Runner(centre, config_for(province), fast_options()).run()
    assert (second.accepted, second.files_sent) == (0, 0)
    stats = province.stats()["files"]
    assert (stats["completed"], stats["replays"]) == (2, 0)
    for f in current:
        on_province = (province.db.parent / (province.db.name + ".files") / f.sha256[:2] / f.sha256).read_bytes()
        assert hashlib.sha256(on_province).hexdigest() == f.sha256


def test_an_upload_cut_mid_file_resumes_at_the_hub(make_desk, clock):
    centre = make_desk("centre")
    lap = make_desk("lap", slot=2, store="sqlite")
    clock.now = dt.datetime(2026, 11, 20, 9, 0)
    _code, current, _ = _laptop_visit(lap)
    with _hub_for(centre, "Lưu động 2") as config:
        assert Runner(lap, config, fast_options(files=False)).run().rejected == 0
        big = next(p for p in pending(lap) if p.sha256 == current[1].sha256)
        client = SyncClient(config.url, config.token, read_timeout=5.0, connect_timeout=2.0)
        try:
            pusher = FilePusher(lap, client, chunk=512 * 1024, pause=0.01)
            head = files.store_for(lap).read(big.blob, big.encrypted)[:512 * 1024]  # the uploader dies after one chunk
            status, body = pusher._call("PUT", big.sha256, params={"offset": 0, "size": big.size}, data=head,
                                        headers={"X-Chunk-SHA256": hashlib.sha256(head).hexdigest()})
            assert (status, body["state"], body["received"]) == (200, "partial", 512 * 1024)
            with pytest.raises(NotFoundError):  # half a file is nothing at the centre
                files.content(centre, current[1].uuid)
            report = pusher.run()
        finally:
            client.close()
        assert report.failed == [] and report.resumed == 1 and report.bytes_sent < sum(f.size for f in current)
        assert hashlib.sha256(files.content(centre, current[1].uuid)).hexdigest() == current[1].sha256


def test_a_paper_awaited_from_a_laptop_and_scanned_at_a_counter_is_stored_once(make_desk, clock):
    centre = make_desk("centre")
    lap = make_desk("lap", slot=3, store="sqlite")
    clock.now = dt.datetime(2026, 11, 20, 10, 0)
    _code, current, _ = _laptop_visit(lap)
    with _hub_for(centre, "Lưu động 3") as config:
        assert Runner(lap, config, fast_options(files=False)).run().rejected == 0
        # The same PDF (the citizen's ID card) handed in again at a counter for another dossier.
        other = received(centre, CLERK, name="Đặng Thị Ngọc Ánh")
        same = files.content(lap, current[1].uuid)
        files.attach_component(centre, other, [FileIn("cccd.pdf", same)], CLERK, position=2)
        assert hashlib.sha256(files.content(centre, current[1].uuid)).hexdigest() == current[1].sha256
        assert len(files_admin.check_files(centre).awaited) == 1  # only the laptop's other paper
        summary = Runner(lap, config, fast_options()).run()
        assert summary.files_failed == [] and summary.files_bytes < current[1].size  # the ID card was not sent
        assert files_admin.check_files(centre).awaited == ()
