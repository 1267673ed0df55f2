"""Intake reads a procedure once and keeps it (app.services.procedure_rules), yet never writes against a
catalogue that changed meanwhile: the write checks the procedure's revision, on both engines."""

from __future__ import annotations

import dataclasses
import json

import pytest
from sqlalchemy import event, func, select

from app.errors import ConcurrentChange, ValidationError
from app.models import AuditEntry, Dossier, OutboxRow
from app.services.catalogue import default_catalogue_file, import_catalogue
from app.services.desk import Desk
from app.services.dto import IntakeRequest, PersonIn
from app.services.intake import receive

pytestmark = pytest.mark.both_engines

PROC = "HT-XNHN"


def _request() -> IntakeRequest:
    return IntakeRequest(procedure=PROC, applicant=PersonIn(name="Mai Văn Hải"))


def _counts(desk: Desk) -> tuple[int, ...]:
    with desk.db.read() as s:
        return tuple(s.scalar(select(func.count()).select_from(m)) for m in (Dossier, OutboxRow, AuditEntry))


def _change_elsewhere(desk: Desk, clock, admin, tmp_path, **changes) -> None:  # type: ignore[no-untyped-def]
    """Another counter of the same store (its own desk, so this desk's cache is not told) imports a
    catalogue where the procedure has `changes`."""
    data = json.loads(default_catalogue_file().read_text(encoding="utf-8"))
    entry = next(p for p in data["procedures"] if p["key"] == PROC)
    if "limit" in changes:
        for rule in [entry, *entry["versions"]]:
            rule["limit"]["value"] = changes["limit"]
    if "active" in changes:
        entry["active"] = changes["active"]
    f = tmp_path / "danh-muc.json"
    f.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    other = Desk.open(desk.paths, clock=clock)
    try:
        with other.db.write() as s:
            import_catalogue(s, f, admin, other.now())
    finally:
        other.close()


def test_a_procedure_is_read_once_for_many_intakes(desk, clerk):
    reads: list[str] = []

    @event.listens_for(desk.db.engine, "before_cursor_execute")
    def _seen(_conn, _cursor, statement, *_rest):  # type: ignore[no-untyped-def]
        # Not the write's own check of the revision (one small read on SQLite, a subquery on a server).
        if statement.startswith("SELECT procedures.id"):
            reads.append(statement)

    codes = [receive(desk, _request(), clerk).code for _ in range(5)]
    assert len(set(codes)) == 5
    assert len(reads) == 1, reads


def test_a_procedure_stopped_at_another_counter_is_refused_here_and_nothing_is_written(desk, clerk, admin, clock,
                                                                                      tmp_path):
    first = receive(desk, _request(), clerk)  # this desk has read the procedure
    _change_elsewhere(desk, clock, admin, tmp_path, active=False)
    before = _counts(desk)
    with pytest.raises(ValidationError) as exc:
        receive(desk, _request(), clerk)
    assert "đã ngừng áp dụng" in exc.value.fields["procedure"]
    assert _counts(desk) == before
    _change_elsewhere(desk, clock, admin, tmp_path, active=True)
    again = receive(desk, _request(), clerk)
    # The refused Save took no number: the day's sequence goes on without a gap.
    assert int(again.code[-4:]) == int(first.code[-4:]) + 1
    assert again.register_seq == first.register_seq + 1


def test_a_new_time_limit_set_at_another_counter_applies_to_the_next_intake_here(desk, clerk, admin, clock,
                                                                                tmp_path):
    first = receive(desk, _request(), clerk)
    _change_elsewhere(desk, clock, admin, tmp_path, limit=7)
    later = receive(desk, _request(), clerk)
    assert (first.limit_value, later.limit_value) == (3, 7)
    assert int(later.code[-4:]) == int(first.code[-4:]) + 1


def test_a_catalogue_that_keeps_changing_under_the_save_is_told_and_nothing_is_written(desk, clerk, monkeypatch):
    first = receive(desk, _request(), clerk)
    cached = desk.procedures.get(desk.db, PROC)
    # Every read of the procedure comes back one revision behind the catalogue, as if it changed again each
    # time between the check and the write.
    monkeypatch.setattr(desk.procedures, "get",
                        lambda _db, _ref: dataclasses.replace(cached, revision=cached.revision - 1))
    before = _counts(desk)
    with pytest.raises(ConcurrentChange) as exc:
        receive(desk, _request(), clerk)
    assert "Danh mục thủ tục vừa được cập nhật" in str(exc.value) and "chưa được ghi" in str(exc.value)
    assert _counts(desk) == before
    monkeypatch.undo()
    assert int(receive(desk, _request(), clerk).code[-4:]) == int(first.code[-4:]) + 1
