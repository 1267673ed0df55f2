"""A home-visit laptop's attached files reach the centre through the hub (`motcua serve`) with the
province's upload protocol, unchanged on the laptop: the notes that attach them land first (the
attachments are seen at once, awaiting the content), then the content, checked and streamed into the
centre's store; a counter opens them byte-exact, and the centre's sync sends each to the province once.
A paper replaced on the laptop before it synced reaches the centre as the laptop keeps it: the current
file, and the replaced one as history."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from collections.abc import Iterator

import pytest
from sqlalchemy import select, text

from app.errors import ConcurrentChange, NotFoundError
from app.models import DossierFile, Event, StoredFile
from app.services import files, files_admin, files_read, files_reuse, files_store
from app.services.desk import Desk
from app.services.files_convert import FileIn
from app.sync.client import SyncClient
from app.sync.config import SyncConfig
from app.sync.files_push import FilePusher, pending
from app.sync.hub import add_laptop, make_hub
from app.sync.runner import Runner
from tests.conftest import CLERK
from tests.files.support import CCCD, big_pdf, pdf_bytes, received, scan_jpeg
from tests.sync.conftest import config_for, fast_options

pytestmark = pytest.mark.both_engines


def _laptop_visit(lap) -> tuple[str, list[files_read.AttachedFile], str]:
    """A dossier received on a home visit with two papers scanned; the first paper is scanned again
    (pages appended) before the laptop syncs, so its first file is history (returned third)."""
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
        papers = files_reuse.dossier_papers(centre, code)
        assert [s.file.sha256 if s.file else None for s in papers.slots] == [f.sha256 for f in current] + [None]
        with pytest.raises(NotFoundError, match="máy lưu động «Lưu động 1»"):
            files_read.content(centre, current[0].uuid)
        with pytest.raises(NotFoundError, match="chưa được gửi về máy chủ Trung tâm"):
            files_read.export(centre, code, tmp_path / "xuat")
        assert not [p for p in (tmp_path / "xuat").iterdir() if p.is_file()], "no half-exported paper"
        waiting = files_admin.check_files(centre)
        assert waiting.ok and len(waiting.awaited) == 3 and "đang chờ máy đó gửi" in waiting.summary
        assert pending(centre) == [], "nothing to push to the province before the content is here"

        summary = Runner(lap, config, fast_options()).run()
        assert summary.files_failed == [] and summary.files_sent == 3  # the two current ones and the history
        assert pending(lap) == []
        for f in current:
            assert hashlib.sha256(files_read.content(centre, f.uuid)).hexdigest() == f.sha256
        with centre.db.read() as s:
            rows = {r.sha256: r for r in s.scalars(select(StoredFile))}
        assert set(rows) == {f.sha256 for f in current} | {superseded} and rows[superseded].awaiting == ""
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
    assert first.files_sent == 3
    second = Runner(centre, config_for(province), fast_options()).run()
    assert (second.accepted, second.files_sent) == (0, 0)
    stats = province.stats()["files"]
    assert (stats["completed"], stats["replays"]) == (3, 0)
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
            head = files_store.store_for(lap).read(big.blob, big.encrypted)[:512 * 1024]  # the uploader dies after one chunk
            status, body = pusher._call("PUT", big.sha256, params={"offset": 0, "size": big.size}, data=head,
                                        headers={"X-Chunk-SHA256": hashlib.sha256(head).hexdigest()})
            assert (status, body["state"], body["received"]) == (200, "partial", 512 * 1024)
            with pytest.raises(NotFoundError):  # half a file is nothing at the centre
                files_read.content(centre, current[1].uuid)
            report = pusher.run()
        finally:
            client.close()
        assert report.failed == [] and report.resumed == 1 and report.bytes_sent < sum(f.size for f in current)
        assert hashlib.sha256(files_read.content(centre, current[1].uuid)).hexdigest() == current[1].sha256


def test_a_paper_awaited_from_a_laptop_and_scanned_at_a_counter_is_stored_once(make_desk, clock):
    centre = make_desk("centre")
    lap = make_desk("lap", slot=3, store="sqlite")
    clock.now = dt.datetime(2026, 11, 20, 10, 0)
    _code, current, _ = _laptop_visit(lap)
    with _hub_for(centre, "Lưu động 3") as config:
        assert Runner(lap, config, fast_options(files=False)).run().rejected == 0
        # The same PDF (the citizen's ID card) handed in again at a counter for another dossier.
        other = received(centre, CLERK, name="Đặng Thị Ngọc Ánh")
        same = files_read.content(lap, current[1].uuid)
        files.attach_component(centre, other, [FileIn("cccd.pdf", same)], CLERK, position=2)
        assert hashlib.sha256(files_read.content(centre, current[1].uuid)).hexdigest() == current[1].sha256
        assert len(files_admin.check_files(centre).awaited) == 2  # only the laptop's other paper and its history
        summary = Runner(lap, config, fast_options()).run()
        assert summary.files_failed == [] and summary.files_bytes < current[1].size  # the ID card was not sent
        assert files_admin.check_files(centre).awaited == ()


def _history(desk: Desk, code: str) -> list[tuple]:
    """Every attachment of a dossier, replaced ones included, as a counter sees them, with when each was
    attached and replaced."""
    with desk.db.read() as s:
        times = {u: (a, r) for u, a, r in s.execute(select(DossierFile.uuid, DossierFile.attached_at,
                                                           DossierFile.superseded_at))}
    return [(f.uuid, f.kind, f.position, f.sha256, f.current, f.reused, f.display_name, *times[f.uuid])
            for f in files_read.list_files(desk, code, history=True)]


def _counts(desk: Desk) -> tuple[int, ...]:
    with desk.db.read() as s:
        return tuple(len(s.scalars(select(t.id)).all()) for t in (DossierFile, StoredFile, Event))


@pytest.mark.parametrize("max_items", [2000, 1], ids=["one-item", "one-change-per-item"])
def test_a_paper_replaced_on_a_laptop_before_its_first_sync_reaches_the_centre_with_its_history(
        make_desk, clock, province, max_items):
    centre = make_desk("centre")
    lap = make_desk("lap", slot=4, store="sqlite")
    clock.now = dt.datetime(2026, 11, 20, 14, 0)
    earlier = received(lap, CLERK, name="Bùi Thị Thanh Hương")  # same citizen: her ID card can be reused
    files.attach_component(lap, earlier, [FileIn("cccd.pdf", pdf_bytes(1, "Căn cước công dân"))], CLERK, position=2)
    code = received(lap, CLERK, name="Bùi Thị Thanh Hương")
    files.attach_component(lap, code, [FileIn("to khai.pdf", pdf_bytes(1, "Tờ khai bản đầu"))], CLERK, position=1)
    clock.now += dt.timedelta(minutes=7)
    card = next(p for p in files_reuse.reusable_papers(lap, CCCD) if p.dossier_code == earlier)
    files_reuse.reuse(lap, code, 2, card.uuid, CLERK)
    clock.now += dt.timedelta(minutes=3)  # a new version of the form: its pages appended to the first
    files.attach_component(lap, code, [FileIn("to khai ky.jpg", scan_jpeg(4))], CLERK, position=1)
    clock.now += dt.timedelta(minutes=4)  # the reused ID card replaced by a fresh scan
    files.attach_component(lap, code, [FileIn("cccd moi.pdf", pdf_bytes(2, "Căn cước công dân mới"))], CLERK,
                           position=2)
    on_laptop = _history(lap, code)
    assert [(h[2], h[4]) for h in on_laptop] == [(1, False), (1, True), (2, False), (2, True)]

    with _hub_for(centre, "Lưu động 4") as config:
        summary = Runner(lap, config, fast_options(max_items=max_items)).run()
        assert (summary.rejected, summary.files_failed) == (0, [])
        assert _history(centre, code) == on_laptop  # the current files, and the replaced ones as history
        for h in on_laptop:  # every one of them opens at a counter, byte-exact
            assert hashlib.sha256(files_read.content(centre, h[0])).hexdigest() == h[3]
        assert files_admin.check_files(centre).awaited == ()
        held = _counts(centre)

        # The whole sync again (replies lost): the hub answers from what it holds, nothing is added.
        with lap.db.write() as s:
            s.execute(text("UPDATE outbox SET state = 'pending'"))
            s.execute(text("UPDATE stored_files SET uploaded_at = NULL"))
        again = Runner(lap, config, fast_options(max_items=max_items)).run()
        assert (again.accepted, again.rejected, again.files_failed, again.files_bytes) == (0, 0, [], 0)
        assert again.duplicate == summary.accepted
        assert _counts(centre) == held and _history(centre, code) == on_laptop

    sent = Runner(centre, config_for(province), fast_options())
    first = sent.run()
    assert (first.rejected, first.files_failed, first.files_sent) == (0, [], len({h[3] for h in on_laptop}))
    assert Runner(centre, config_for(province), fast_options()).run().files_sent == 0
    stats = province.stats()["files"]
    assert (stats["completed"], stats["replays"]) == (len({h[3] for h in on_laptop}), 0)


def test_a_laptops_scan_replayed_by_the_hub_is_recorded_as_told_and_a_counter_that_did_not_see_it_is_told(
        make_desk, clock):
    centre = make_desk("centre")
    lap = make_desk("lap", slot=5, store="sqlite")
    clock.now = dt.datetime(2026, 11, 20, 8, 30)
    code, _current, _ = _laptop_visit(lap)
    with _hub_for(centre, "Lưu động 5") as config:
        assert Runner(lap, config, fast_options()).run().rejected == 0
        # At 09:00 a counter scans the health certificate (paper 3), shown empty there.
        clock.now = dt.datetime(2026, 11, 20, 9, 0)
        mine = files.attach_component(centre, code, [FileIn("suc khoe.pdf", pdf_bytes(1, "Giấy khám"))], CLERK,
                                      position=3, seen="").file
        # At 09:10 the laptop, offline, scans the same paper (it never saw the counter's file), then syncs.
        clock.now = dt.datetime(2026, 11, 20, 9, 10)
        theirs = files.attach_component(lap, code, [FileIn("kham.pdf", pdf_bytes(2, "Giấy khám bản ký"))], CLERK,
                                        position=3).file
        summary = Runner(lap, config, fast_options()).run()
        assert (summary.rejected, summary.files_failed) == (0, [])  # a replayed step is recorded as told
    now = {f.uuid: f.current for f in files_read.list_files(centre, code, history=True) if f.position == 3}
    assert now == {mine.uuid: False, theirs.uuid: True}
    held = _counts(centre)
    # The counter, still showing its own scan, adds a page to it: refused, naming the laptop's step.
    with pytest.raises(ConcurrentChange) as refused:
        files.attach_component(centre, code, [FileIn("trang 2.pdf", pdf_bytes(1))], CLERK, position=3, seen=mine.uuid)
    assert (f"Giấy tờ «Giấy khám sức khỏe» của hồ sơ {code} vừa được Nguyễn Thị Hồng đính kèm tệp khác (2 trang) "
            "lúc 09:10 20/11/2026.") in refused.value.message
    assert _counts(centre) == held
