"""Intake's codes and audit entries on both engines. On a centre's server they are taken last, with the
COMMIT, in one round trip (services.seal_pg), the audit entry hashed by the server: the entries are the
ones Python's chain writes and verifies, and the daily sequence stays unbroken when a Save fails."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select, text

from app.errors import CodeBlockExhausted
from app.models import AuditEntry, Dossier, Event, OutboxRow
from app.services.dto import IntakeRequest, PersonIn
from app.services.intake import receive, receive_visit
from app.services.journal import fingerprint, summary_text, verify_audit_chain

pytestmark = pytest.mark.both_engines

# JSON's special characters (quote, backslash) and SQL's (apostrophe, percent) in what the entries cover.
ODD_NAME = 'Nguyễn "Bé" O\'Hà \\ Lê %s'


def _counts(desk) -> tuple[int, ...]:
    with desk.db.read() as s:
        return tuple(s.scalar(select(func.count()).select_from(m)) for m in (Dossier, Event, OutboxRow, AuditEntry))


def test_intake_audit_entries_are_the_chain_python_writes(desk, clerk, clock):
    clock.now = dt.datetime(2026, 11, 20, 16, 0)
    yesterday = dt.datetime(2026, 11, 19, 10, 30)
    person = PersonIn(name=ODD_NAME, id_number="001190012345", sex="f")
    ds = receive_visit(desk, [IntakeRequest(procedure="1.001193", applicant=person),
                              IntakeRequest(procedure="HT-XNHN", applicant=person, received_at=yesterday),
                              IntakeRequest(procedure="HT-XNHN", applicant=person)], clerk)
    assert [d.code for d in ds] == ["000.17.22.H56-261120-0001", "000.17.22.H56-261119-0001",
                                    "000.17.22.H56-261120-0002"]
    assert [(d.register_book, d.register_seq) for d in ds] == [("2026", 1), ("2026", 2), ("2026", 3)]
    with desk.db.read() as s:
        assert verify_audit_chain(s).ok
        stored = {d.code: (d.applicant_name, d.applicant_id_number, d.due_at, d.status, d.register_seq)
                  for d in s.scalars(select(Dossier))}
        entries = s.scalars(select(AuditEntry).where(AuditEntry.action == "dossier.receive")
                            .order_by(AuditEntry.id)).all()
    assert stored[ds[0].code][0] == ds[0].applicant_name and all(ch in ds[0].applicant_name for ch in "\"'\\%")
    assert [e.entity_id for e in entries] == [d.code for d in ds]
    for e, d in zip(entries, ds, strict=True):
        summary = json.loads(e.summary)
        assert e.summary == summary_text(summary)  # sorted keys, non-ASCII kept: Python's very text
        assert summary["fp"] == fingerprint(d.code, *stored[d.code][:4])
        assert summary["procedure"] == d.procedure_code and stored[d.code][4] == d.register_seq
        assert (e.actor, e.at) == (clerk.username, d.received_at)


def test_a_save_failing_after_its_number_takes_none(desk, clerk, clock):
    """The audit entry is refused after the number was taken (a trigger of this test): nothing of the
    Save remains, and the next Save gets the number it would have had."""
    req = IntakeRequest(procedure="1.001193", applicant=PersonIn(name="Lê Văn Tám"))
    assert receive(desk, req, clerk).code.endswith("-0001")
    before = _counts(desk)
    server = desk.db.engine.dialect.name == "postgresql"
    with desk.db.write() as s:
        if server:
            s.execute(text("CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS "
                           "$$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$"))
            s.execute(text("CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW "
                           "EXECUTE FUNCTION refuse_audit()"))
        else:
            s.execute(text("CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log "
                           "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"))
    with pytest.raises(Exception, match="refused by the test"):
        receive(desk, req, clerk)
    assert _counts(desk) == before
    with desk.db.write() as s:
        s.execute(text("DROP TRIGGER refuse_audit ON audit_log" if server else "DROP TRIGGER refuse_audit"))
    assert receive(desk, req, clerk).code.endswith("-0002")
    with desk.db.read() as s:
        assert verify_audit_chain(s).ok
        assert s.scalars(select(Dossier.register_seq).order_by(Dossier.id)).all() == [1, 2]


def test_the_last_number_of_the_block_then_a_clear_refusal(desk, clerk, clock):
    day = clock.now.date()
    with desk.db.write() as s:
        s.execute(text("INSERT INTO code_counters (day, slot, last) VALUES (:d, 0, 998)"), {"d": day.isoformat()})
    req = IntakeRequest(procedure="1.001193", applicant=PersonIn(name="Lê Văn Tám"))
    assert receive(desk, req, clerk).code.endswith("-0999")
    before = _counts(desk)
    with pytest.raises(CodeBlockExhausted, match="hết 999 số thứ tự của ngày 20/11/2026"):
        receive(desk, req, clerk)
    assert _counts(desk) == before
    with desk.db.read() as s:
        assert s.scalar(text("SELECT last FROM code_counters WHERE slot = 0")) == 999
        assert verify_audit_chain(s).ok
