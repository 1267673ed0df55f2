"""Two counters on one store attach to the same paper of a dossier: the second, acting from what its screen
showed before the first changed that paper, is refused — reusing a paper would replace a file it never saw,
adding pages would append to one, a first attachment would land on a paper that now has one — with one
message naming who did what and when, and nothing of it written (stored files, attachments, events,
audit, outbox, the file store). From the paper as it is now it goes through. Without a screen (the command
line without --seen-file) an attachment is made as asked. On SQLite (two desks on one file) and on the
centre's PostgreSQL (two counters of one server)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from app.errors import ConcurrentChange
from app.operations import files as ops
from app.operations.base import OpContext
from app.services import workflow
from app.services.desk import Desk
from app.services.status import Status
from tests.cli_support import run
from tests.files.support import TAIL, pdf, pdf_bytes, received, written
from tests.users import ADMIN, CLERK, OFFICER, add_account, as_user

pytestmark = pytest.mark.both_engines


@pytest.fixture
def counters(desk, clock):
    """Counter A (the fixture's desk, clerk Hồng) and counter B on the same store (officer Xử)."""
    clock.now = dt.datetime(2026, 11, 20, 9, 0)
    other = Desk.open(desk.paths, clock=clock)
    yield OpContext(desk, CLERK), OpContext(other, OFFICER)
    other.close()


def test_reuse_and_append_from_a_stale_screen_are_refused_and_write_nothing(desk, counters, clock):
    a, b = counters
    earlier = received(desk, CLERK)
    cccd = ops.attach_data(a, earlier, pdf("CCCD cũ"), component=2).file
    code = received(desk, CLERK)
    first = ops.attach_data(a, code, pdf("CCCD"), component=2, seen="").file
    # Both counters show paper 2 with its first scan; counter B adds a page to it at 09:05.
    clock.now = dt.datetime(2026, 11, 20, 9, 5)
    newer = ops.attach_data(b, code, pdf("Mặt sau"), component=2, seen=first.uuid)
    assert newer.appended and newer.file.pages == 2
    before = written(desk)
    message = (f"Giấy tờ «Căn cước công dân» của hồ sơ {code} vừa được Trần Văn Xử đính kèm tệp khác (2 trang) "
               f"lúc 09:05 20/11/2026.{TAIL}")
    assert [p.uuid for p in ops.papers(a, code).reusable] == [cccd.uuid]
    with pytest.raises(ConcurrentChange) as refused:  # counter A reuses the old card over what it last saw
        ops.reuse(a, code, 2, cccd.uuid, seen=first.uuid)
    assert refused.value.message == message
    with pytest.raises(ConcurrentChange) as refused:  # counter A adds its own page to what it last saw
        ops.attach_data(a, code, pdf("Trang 3"), component=2, seen=first.uuid)
    assert refused.value.message == message
    assert written(desk) == before
    assert [(f.position, f.uuid) for f in ops.list_files(a, code)] == [(2, newer.file.uuid)]
    # From the paper as it is now (the panel reloaded), both go through.
    now = ops.papers(a, code).slots[1].file
    assert now is not None and now.uuid == newer.file.uuid
    added = ops.attach_data(a, code, pdf("Trang 3"), component=2, seen=now.uuid)
    assert added.appended and added.file.pages == 3
    swapped = ops.reuse(a, code, 2, cccd.uuid, seen=added.file.uuid)
    assert swapped.file.reused and swapped.file.reused_from_code == earlier


def test_a_first_scan_on_a_paper_someone_just_filled_is_refused(desk, counters, clock):
    a, b = counters
    earlier = received(desk, CLERK)
    cccd = ops.attach_data(a, earlier, pdf("CCCD cũ"), component=2).file
    code = received(desk, CLERK)
    # Counter B reuses the card from the earlier dossier while counter A shows paper 2 as not digitised.
    clock.now = dt.datetime(2026, 11, 20, 10, 30)
    ops.reuse(b, code, 2, cccd.uuid, seen="")
    before = written(desk)
    with pytest.raises(ConcurrentChange) as refused:
        ops.attach_data(a, code, pdf("CCCD mới"), component=2, seen="")
    assert refused.value.message == (f"Giấy tờ «Căn cước công dân» của hồ sơ {code} vừa được Trần Văn Xử dùng lại "
                                     f"giấy tờ đã số hóa của hồ sơ {earlier} lúc 10:30 20/11/2026.{TAIL}")
    with pytest.raises(ConcurrentChange, match="vừa được Trần Văn Xử dùng lại"):
        ops.reuse(a, code, 2, cccd.uuid, seen="")
    assert written(desk) == before
    # A paper nobody touched is still attached from the same stale screen.
    assert not ops.attach_data(a, code, pdf("Tờ khai"), component=1, seen="").appended


def test_a_result_paper_another_counter_attached_is_not_appended_to_unseen(desk, counters, clock):
    a, b = counters
    code = received(desk, CLERK)
    workflow.transition(desk, code, Status.RESULT_READY, ADMIN)
    clock.now = dt.datetime(2026, 11, 20, 14, 0)
    ops.attach_data(b, code, pdf("Kết quả"), result=True, result_code=" 123/XNHN ", seen="")
    other = ops.attach_data(a, code, pdf("Kết quả khác"), result=True, result_code="124/XNHN", seen="")
    before = written(desk)
    with pytest.raises(ConcurrentChange, match="vừa được Trần Văn Xử đính kèm tệp \\(1 trang\\) lúc 14:00"):
        ops.attach_data(a, code, pdf("Trang 2"), result=True, result_code="123/XNHN", seen="")
    assert written(desk) == before
    shown = next(r for r in ops.papers(a, code).results if r.result_code == ops.result_key(" 123/XNHN"))
    assert shown.uuid != other.file.uuid
    assert ops.attach_data(a, code, pdf("Trang 2"), result=True, result_code="123/XNHN", seen=shown.uuid).appended


def test_without_a_screen_the_command_line_attaches_as_asked(counters, clock, capsys, tmp_path):
    a, b = counters
    code = received(a.desk, CLERK)
    first = ops.attach_data(b, code, pdf("CCCD"), component=2).file
    assert ops.attach_data(a, code, pdf("Mặt sau"), component=2).appended  # the operation, no `seen`
    add_account(a.desk, CLERK)
    scan = tmp_path / "trang-3.pdf"
    scan.write_bytes(pdf_bytes(1, "Trang 3"))
    data = str(a.desk.paths.data_dir)
    rc, out, err = run(capsys, "--data-dir", data, *as_user(CLERK), "attach", code, str(scan), "--component", "2")
    assert rc == 0 and "Đã bổ sung trang cho thành phần 2" in out, err
    before = written(a.desk)
    # With --seen-file (what `motcua files CODE --json` listed), a stale expectation is refused like the panel's.
    rc, out, err = run(capsys, "--data-dir", data, *as_user(CLERK), "attach", code, str(scan), "--component", "2",
                       "--seen-file", first.uuid)
    assert rc == 9 and f"Giấy tờ «Căn cước công dân» của hồ sơ {code} vừa được Nguyễn Thị Hồng đính kèm tệp khác" in err
    rc, out, err = run(capsys, "--data-dir", data, *as_user(CLERK), "attach", code, str(scan), "--component", "1",
                       "--seen-file", "none", "--json")
    assert rc == 0 and json.loads(out)["appended"] is False, err
    assert written(a.desk)[0][1] == before[0][1] + 1
