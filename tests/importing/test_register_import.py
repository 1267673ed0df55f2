"""Importing the provincial register export: every field of several dossiers, the two header shapes,
dry run, re-import of an overlapping file, and what an imported dossier does afterwards (moves, sync rows,
search, checks)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select, text

from app.errors import PermissionDenied
from app.models import AuditEntry, Dossier, Event, OutboxRow
from app.services import queries, workflow
from app.services.checks import run_checks
from app.services.register_import import SOURCE, import_register
from app.services.search import search
from app.services.status import Status
from tests.importing.workbooks import Row, merged_export, public_export, public_rows


def _detail(desk, code):
    with desk.db.read() as s:
        return queries.detail_by_code(s, code)


def _count(desk, model) -> int:
    with desk.db.read() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_public_export_becomes_dossiers_with_every_field(desk, admin, tmp_path):
    before_outbox = _count(desk, OutboxRow)
    report = import_register(desk, public_export(tmp_path / "so-theo-doi-11-2026.xlsx"), admin)
    assert report.ok and (report.rows_read, report.importable, report.created) == (8, 4, 4)
    assert (report.skipped_totals, report.skipped_empty, report.refused_count) == (3, 1, 0)
    assert report.header_row == 5 and report.sheet == "SoTheoDoi"

    d = _detail(desk, "000.17.22.H56-261102-0001")
    assert d.code == "000.17.22.H56-261102-0001"
    assert d.applicant_name == "Lê Văn Đạt"  # printed in capitals
    assert (d.applicant_address, d.applicant_phone) == ("Thôn Đông, xã Tân Lập", "0912345678")
    assert (d.procedure_code, d.procedure_name) == ("1.001193", "Đăng ký khai sinh")  # matched by summary
    assert d.summary == "Đăng ký khai sinh cho cháu Lê Minh Khôi"
    assert d.received_at == dt.datetime(2026, 11, 2, 8, 15)
    assert d.due_at == d.original_due_at == dt.datetime(2026, 11, 2, 17, 0)
    assert d.returned_at == d.finished_at == dt.datetime(2026, 11, 2, 16, 20)
    assert d.status == Status.RETURNED and d.collected_by == ""
    assert d.receiver_name == "Nguyễn Thị Hồng" and d.note == "Địa bàn: Xã Tân Lập"
    assert d.imported_source == SOURCE and d.version == 1
    assert [(e.kind, e.to_status) for e in d.events] == [("import", int(Status.RETURNED))]
    assert "so-theo-doi-11-2026.xlsx" in d.events[0].note and "dòng 6" in d.events[0].note

    d = _detail(desk, "H56.12-20261103-0000042")  # another code format, kept as printed
    assert (d.applicant_name, d.applicant_phone) == ("Trần Thị Ánh Nguyệt", "0987654321")
    assert d.procedure_code == "" and d.procedure_name == "Chứng thực bản sao từ bản chính"  # outside the catalogue
    assert d.status == Status.PROCESSING and d.finished_at is None and d.returned_at is None

    d = _detail(desk, "TL-2026/0137")
    assert (d.applicant_name, d.procedure_code) == ("Đặng Quốc Ứng", "1.004873")
    assert (d.limit_kind, d.limit_value) == ("working_days", 3)
    assert d.due_at == dt.datetime(2026, 11, 13, 14, 30) and d.status == Status.PROCESSING

    d = _detail(desk, "000.17.22.H56-261112-0003")
    assert d.applicant_name == "Phạm Thị Lụa"  # mixed case kept as it is
    with desk.db.read() as s:
        row = s.execute(select(Dossier).where(Dossier.code == "000.17.22.H56-261112-0003")).scalar_one()
        assert (row.imported_file, row.imported_row, row.imported_by) == ("so-theo-doi-11-2026.xlsx", 9, "admin")
        assert row.imported_at == desk.now().replace(microsecond=0)
        actions = [a for (a,) in s.execute(select(AuditEntry.action).where(AuditEntry.action.like("dossier.import%")))]
        assert actions == ["dossier.import"] * 4
        # found by search without diacritics, like any dossier
        assert [r.code for r in search(s, "dang quoc ung").rows] == ["TL-2026/0137"]
    assert report.outside_catalogue == 2
    assert _count(desk, OutboxRow) == before_outbox  # the province has them already: nothing to push
    assert run_checks(desk, admin).ok


def test_two_row_merged_header_serial_dates_status_and_ids(desk, admin, tmp_path):
    report = import_register(desk, merged_export(tmp_path / "merged.xlsx"), admin)
    assert report.ok and report.created == 3 and report.header_row == 3 and report.skipped_totals == 1

    d = _detail(desk, "000.17.22.H56-261105-0009")
    assert d.applicant_name == "Nguyễn Văn An"
    assert (d.applicant_id_kind, d.applicant_id_number) == ("cccd", "001090012345")
    assert d.applicant_phone == "0912000111"  # Excel stored it as a number and dropped the 0
    assert (d.procedure_code, d.procedure_name) == ("1.001193", "Đăng ký khai sinh")
    assert d.received_at == dt.datetime(2026, 11, 5, 8, 30)
    assert d.due_at == dt.datetime(2026, 11, 5, 17, 0)
    assert d.finished_at == dt.datetime(2026, 11, 5, 11, 0) and d.returned_at is None
    assert d.status == Status.RESULT_READY  # from the status column

    d = _detail(desk, "000.17.22.H56-261106-0010")
    assert d.applicant_id_number == "022195001234" and d.status == Status.PROCESSING
    assert d.procedure_code == "" and d.procedure_name == "Chứng thực chữ ký"

    d = _detail(desk, "000.17.22.H56-261109-0011")
    assert d.procedure_code == "2.000815" and d.applicant_name == "Hoàng Đức Thắng"
    assert d.received_at == dt.datetime(2026, 11, 9, 9, 0)
    assert d.due_at == dt.datetime(2026, 11, 9, 17, 0)  # a date without time: end of the office day
    assert (d.finished_at, d.returned_at) == (dt.datetime(2026, 11, 9, 12, 0), dt.datetime(2026, 11, 9, 15, 0))
    assert d.status == Status.RETURNED  # no status written, Ngày trả filled


def test_dry_run_reports_and_writes_nothing(desk, admin, tmp_path, dump):
    before = dump(desk)
    report = import_register(desk, public_export(tmp_path / "a.xlsx"), admin, dry_run=True)
    assert report.dry_run and report.ok and (report.importable, report.created) == (4, 4)
    assert dump(desk) == before


def test_reimport_of_an_overlapping_file_updates_changed_rows_only(desk, admin, tmp_path, clock):
    import_register(desk, public_export(tmp_path / "thang-11.xlsx"), admin)
    rows = public_rows()[2:]
    rows[0].returned = "19/11/2026 10:00:00"  # handed back since the last export
    rows.append(Row("000.17.22.H56-261118-0007", "Đăng ký kết hôn", "VŨ THỊ MAI", "Thôn Nam", "0988000111",
                    "18/11/2026 08:00:00", "18/11/2026 17:00:00"))
    clock.advance(days=1)
    report = import_register(desk, public_export(tmp_path / "thang-11-lan-2.xlsx", rows), admin)
    assert (report.created, report.updated, report.unchanged) == (1, 1, 1)
    assert _count(desk, Dossier) == 5
    d = _detail(desk, "TL-2026/0137")
    assert d.status == Status.RETURNED and d.returned_at == dt.datetime(2026, 11, 19, 10, 0)
    assert [e.kind for e in d.events] == ["import", "import"] and d.events[1].from_status == Status.PROCESSING
    with desk.db.read() as s:
        updates = s.execute(select(AuditEntry.summary).where(AuditEntry.action == "dossier.import_update")).scalars()
        assert [("status" in u and "returned_at" in u) for u in updates] == [True]
    again = import_register(desk, tmp_path / "thang-11-lan-2.xlsx", admin)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert _count(desk, Dossier) == 5


def test_moves_after_import_work_and_are_queued_for_sync(desk, admin, tmp_path, clock):
    import_register(desk, public_export(tmp_path / "a.xlsx"), admin)
    code = "H56.12-20261103-0000042"
    with desk.db.read() as s:
        before = s.scalar(select(func.count()).select_from(OutboxRow))
    workflow.transition(desk, code, Status.RESULT_READY, admin)
    d = workflow.transition(desk, code, Status.RETURNED, admin, collected_by="Trần Thị Ánh Nguyệt")
    assert d.status == Status.RETURNED and d.version == 3
    with desk.db.read() as s:
        queued = s.execute(select(OutboxRow.kind, OutboxRow.version).where(OutboxRow.dossier_id == d.id)
                           .order_by(OutboxRow.id)).all()
        assert s.scalar(select(func.count()).select_from(OutboxRow)) == before + 2
    assert [tuple(q) for q in queued] == [("transition", 2), ("transition", 3)]
    # a re-import no longer changes the status the desk has moved on, only descriptive fields
    rows = public_rows()
    rows[1].address = "Xóm Bến mới, xã Tân Lập"
    report = import_register(desk, public_export(tmp_path / "b.xlsx", rows), admin)
    assert report.updated == 1
    d = _detail(desk, code)
    assert d.status == Status.RETURNED and d.applicant_address == "Xóm Bến mới, xã Tân Lập"
    assert run_checks(desk, admin).ok


def test_a_local_dossier_with_the_same_code_is_never_overwritten(desk, admin, clerk, tmp_path, dump):
    from app.services.dto import IntakeRequest, PersonIn
    from app.services.intake import receive

    local = receive(desk, IntakeRequest("HT-KS", PersonIn("Lò Văn Pọm", address="Bản Mường")), clerk)
    rows = public_rows()
    rows[0].code = local.code
    before = dump(desk)
    with pytest.raises(Exception) as err:
        import_register(desk, public_export(tmp_path / "a.xlsx", rows), admin)
    assert "đã có trên máy" in str(err.value) and "Dòng 6" in str(err.value)
    assert dump(desk) == before


def test_only_an_administrator_imports(desk, clerk, tmp_path):
    with pytest.raises(PermissionDenied, match="nhập sổ theo dõi"):
        import_register(desk, public_export(tmp_path / "a.xlsx"), clerk, dry_run=True)


def test_event_and_audit_counts_match_rows(desk, admin, tmp_path):
    import_register(desk, public_export(tmp_path / "a.xlsx"), admin)
    with desk.db.read() as s:
        n_events = s.scalar(select(func.count()).select_from(Event).where(Event.kind == "import"))
        assert n_events == 4
        assert s.execute(text("SELECT count(*) FROM dossier_fts WHERE dossier_fts MATCH 'nguyet'")).scalar() == 1


def test_reports_count_imported_dossiers_and_can_leave_them_out(desk, admin, clerk, tmp_path):
    from app.services.dto import IntakeRequest, PersonIn
    from app.services.intake import receive
    from app.services.reports import build_report, parse_period

    receive(desk, IntakeRequest("HT-KS", PersonIn("Lò Văn Pọm", address="Bản Mường")), clerk)
    import_register(desk, public_export(tmp_path / "a.xlsx"), admin)
    period = parse_period("2026-11")
    with_them = build_report(desk, period, admin)
    without = build_report(desk, period, admin, include_imported=False)
    assert with_them["received"] == 5 and without["received"] == 1
    assert with_them["imported"] == {"included": True, "received": 4}
    assert without["imported"] == {"included": False, "received": 4}
    assert with_them["returned"] == 2 and without["returned"] == 0
    assert sum(r["received"] for r in with_them["by_procedure"]) == 5


def test_imported_dossiers_print_on_the_register_and_the_control_sheet(desk, admin, tmp_path):
    import pypdfium2

    from app.printing import render_form, render_register

    import_register(desk, merged_export(tmp_path / "merged.xlsx"), admin)
    with desk.db.read() as s:
        details = [queries.detail_by_code(s, c) for c in
                   ("000.17.22.H56-261105-0009", "000.17.22.H56-261106-0010", "000.17.22.H56-261109-0011")]
    book = render_register(desk.agency, details, dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    control = render_form("control", desk.agency, details[2])

    def words(pdf: bytes) -> str:
        doc = pypdfium2.PdfDocument(pdf)
        return " ".join(" ".join(page.get_textpage().get_text_range().split()) for page in doc)

    register_text = words(book)
    assert all(d.code in register_text for d in details) and "Nguyễn Văn An" in register_text
    control_text = words(control)
    assert "000.17.22.H56-261109-0011" in control_text and "Hoàng Đức Thắng" in control_text


def test_date_formatted_cells_are_read_as_dates(desk, admin, tmp_path):
    rows = public_rows()[:1]
    rows[0].received = dt.datetime(2026, 11, 2, 8, 15)  # stored by Excel as a serial with a date format
    rows[0].due = dt.datetime(2026, 11, 4)  # a date without time: end of the office day
    rows[0].returned = dt.datetime(2026, 11, 4, 10, 30)
    import_register(desk, public_export(tmp_path / "ngay.xlsx", rows), admin)
    d = _detail(desk, rows[0].code)
    assert (d.received_at, d.due_at, d.returned_at) == (dt.datetime(2026, 11, 2, 8, 15), dt.datetime(2026, 11, 4, 17, 0),
                                                       dt.datetime(2026, 11, 4, 10, 30))
