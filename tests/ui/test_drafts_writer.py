"""The intake draft is written on the Tasks writer lane, never on the UI thread, and in the order asked:
the last draft wins and a discard is never undone by an older save. The writer lane here holds its jobs
until the test releases them (tests/ui/pools.py), so "not written yet" is a fact, not a timing."""

from __future__ import annotations

from app.ui.context import UiContext
from app.ui.intake_page import IntakePage
from app.ui.tasks import Tasks

from .conftest import type_text
from .pools import HeldPool


def test_drafts_go_through_the_writer_lane_in_order(desk, admin_user, qtbot):
    writes = HeldPool()
    ctx = UiContext(desk, admin_user.actor(), tasks=Tasks(writes=writes))
    page = IntakePage(ctx)
    qtbot.addWidget(page)
    path = page.drafts.file.path
    type_text(page.applicant.name, "Hoàng Thị Lụa")
    type_text(page.note, "Còn thiếu bản sao giấy chứng sinh")
    page.drafts.save_now()
    assert writes.held and not path.exists()  # queued for the writer, nothing written on the UI thread
    writes.release_all()
    assert "Hoàng Thị Lụa" in path.read_text("utf-8")

    type_text(page.applicant.name, " Hoa")
    page.drafts.save_now()
    page.drafts.discard()  # Ctrl+N after the debounce: the older save must not bring the draft back
    writes.release_all()
    assert not path.exists()

    type_text(page.applicant.name, "Trần Văn An")
    page.drafts.save_now()
    type_text(page.applicant.address, "Xóm Đồi, xã Tân Lập")
    page.drafts.save_now()
    writes.release_all()
    text = path.read_text("utf-8")
    assert "Xóm Đồi, xã Tân Lập" in text
    ctx.tasks.wait()
