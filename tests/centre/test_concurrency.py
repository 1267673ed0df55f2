"""Many counters on one server: one daily code sequence, complete traces, one audit line; one winner per move."""

from __future__ import annotations

import multiprocessing
import re

import psycopg
import pytest
from sqlalchemy import func, select

from app.models import AuditEntry, Dossier, Event, OutboxRow
from app.services.desk import Desk
from app.services.dto import IntakeRequest, PersonIn
from app.services.intake import receive
from app.services.journal import verify_audit_chain
from app.services.status import Status
from tests.centre import counters as C
from tests.conftest import CLERK

_SPAWN = multiprocessing.get_context("spawn")


def _count(s, model) -> int:  # type: ignore[no-untyped-def]
    return s.scalar(select(func.count()).select_from(model))


def test_eight_counters_receive_400_dossiers_in_one_daily_sequence(centre):
    folders = centre.counters(8)
    desk = Desk.open(folders[0], clock=centre.clock)
    with desk.db.read() as s:
        audits_before = _count(s, AuditEntry)
    barrier = _SPAWN.Manager().Barrier(8)
    with _SPAWN.Pool(8) as pool:
        runs = [pool.apply_async(C.receive_many, (str(f.data_dir), n + 1, 50, barrier)) for n, f in enumerate(folders)]
        codes = [code for run in runs for code in run.get(timeout=300)]
    assert len(codes) == 400 and len(set(codes)) == 400
    days = {re.fullmatch(r"000\.17\.22\.H56-(\d{6})-(\d{4})", c).group(1) for c in codes}
    assert days == {"261120"}  # one daily sequence, no slot blocks: 0001 … 0400
    assert sorted(int(c[-4:]) for c in codes) == list(range(1, 401))
    with desk.db.read() as s:
        assert _count(s, Dossier) == 400 and _count(s, Event) == 400 and _count(s, OutboxRow) == 400
        assert _count(s, AuditEntry) == audits_before + 400
        assert sorted(s.scalars(select(Dossier.code))) == sorted(codes)
        report = verify_audit_chain(s)
    assert report.ok and report.checked == audits_before + 400
    desk.close()


def _waiting_on_locks(url: str) -> int:
    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                            "AND application_name = 'motcua'").fetchone()[0]


def test_two_counters_moving_one_dossier_at_once_exactly_one_wins(centre):
    folders = centre.counters(2)
    desk = Desk.open(folders[0], clock=centre.clock)
    code = receive(desk, IntakeRequest(procedure="HT-XNHN", applicant=PersonIn(name="Đặng Thị Ngọc Ánh")), CLERK).code
    # Hold the dossier's row so that both moves have read it (version 1) and wait to write it at the same time.
    with psycopg.connect(centre.url) as holder:
        holder.execute("SELECT id FROM dossiers WHERE code = %s FOR UPDATE", (code,))
        with _SPAWN.Pool(2) as pool:
            runs = [pool.apply_async(C.move, (str(f.data_dir), n + 1, code)) for n, f in enumerate(folders)]
            while _waiting_on_locks(centre.url) < 2:
                assert not any(r.ready() for r in runs), [r.get() for r in runs if r.ready()]
            holder.rollback()
            results = sorted(r.get(timeout=60) for r in runs)
    assert results[1] == "won"
    loser = results[0]
    assert loser.startswith("ConcurrentChange: ") and f"Hồ sơ {code} vừa được Công chức quầy" in loser
    assert f"«{Status.PROCESSING.label}»" in loser and "chưa được ghi" in loser
    with desk.db.read() as s:
        d = s.scalar(select(Dossier).where(Dossier.code == code))
        assert (d.status, d.version) == (int(Status.PROCESSING), 2)
        assert s.scalar(select(func.count()).select_from(Event).where(Event.dossier_id == d.id)) == 2
        assert s.scalar(select(func.count()).select_from(OutboxRow).where(OutboxRow.dossier_id == d.id)) == 2
        assert verify_audit_chain(s).ok
    desk.close()


def test_a_move_made_from_an_older_view_is_refused_with_the_new_state(centre):
    from app.errors import ConcurrentChange
    from app.services.workflow import handover, transition

    first, second = (Desk.open(f, clock=centre.clock) for f in centre.counters(2))
    try:
        seen = receive(first, IntakeRequest(procedure="HT-XNHN", applicant=PersonIn(name="Lê Văn An")), CLERK)
        centre.clock.advance(minutes=10)
        handover(second, seen.code, "Công chức Tư pháp – Hộ tịch", CLERK)
        with pytest.raises(ConcurrentChange, match="vừa được Nguyễn Thị Hồng xử lý lúc 09:10 20/11/2026"):
            transition(first, seen.code, Status.REFUSED, CLERK, note="Thiếu giấy tờ", expected_version=seen.version)
        with first.db.read() as s:
            d = s.scalar(select(Dossier).where(Dossier.code == seen.code))
            assert (d.status, d.version) == (int(Status.RECEIVED), 2)
        moved = transition(first, seen.code, Status.PROCESSING, CLERK, to_party="Công chức Tư pháp – Hộ tịch",
                           expected_version=2)
        assert moved.version == 3
    finally:
        first.close()
        second.close()
