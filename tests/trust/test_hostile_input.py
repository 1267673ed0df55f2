"""Hostile input: arbitrary Unicode, control characters, huge strings, SQL fragments and FTS syntax thrown
at intake, search and the command line. Always a clear message or a result; never a crash, a traceback
or a partial write."""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from trust_support import run_cli, run_main

from app.errors import MotCuaError
from app.models import AuditEntry, Dossier, Event, OutboxRow
from app.services import accounts, search
from app.services.dto import DossierDetail, IntakeRequest, PersonIn
from app.services.intake import receive
from tests.users import ADMIN, PASSWORD, add_account, as_user

NASTY = [
    "'; DROP TABLE dossiers; --", "\" OR 1=1 --", "Robert'); DELETE FROM audit_log;--", "%", "_", "\\",
    "NEAR(nguyen van)", "NEAR(a b, 2)", '"', '""', "*", "**", "(", ")", "((a)", "a AND b", "OR", "NOT x", "^a",
    "search_name:x", "search_address : \"", "{a b}", "a:*", "-", "+", "Nguyễn*", "\"Nguyễn Văn\"*",
    "\x00", "\x07\x08\x1b[31m", "\r\n\t", "\u202eevil", "\ufeff", "\u200d\u200b", "e\u0301\u0301\u0301",
    "🙂👨‍👩‍👧", "\udcff", "\ud800", "𝕹𝖌𝖚𝖞𝖊̂̃𝖓", "Ａ１２３", "٣٤٥", "0" * 12, "079" + "1" * 9, "+84 912 345 678",
    "000.17.22.H56-261120-0001", "x" * 300, "A" * 100_000,
]
HUGE = ["Ă" * 1_000_000, "\x00" * 200_000, "(" * 50_000, "\"" * 50_000, "NEAR(" * 20_000]
hostile = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=()), max_size=40),
    st.sampled_from(NASTY + HUGE),
    st.lists(st.sampled_from(NASTY[:40]), min_size=1, max_size=4).map(" ".join),
)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                         HealthCheck.too_slow])


def _counts(desk) -> tuple[int, ...]:
    with desk.db.read() as s:
        return tuple(s.scalar(select(func.count()).select_from(m)) for m in (Dossier, Event, OutboxRow, AuditEntry))


def _writes(desk) -> tuple[int, ...]:
    """What a failed command must not have written (its sign-in is audited, and that is all)."""
    with desk.db.read() as s:
        changes = s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action != "user.sign_in"))
    return (*_counts(desk)[:3], changes)


@SETTINGS
@given(name=hostile, address=hostile, id_number=hostile, phone=hostile, email=hostile, summary=hostile,
       procedure=st.one_of(st.just("1.004873"), hostile))
def test_intake_gives_a_dossier_or_a_clear_message_and_never_a_partial_write(desk, clerk, name, address,
                                                                            id_number, phone, email, summary,
                                                                            procedure):
    req = IntakeRequest(procedure=procedure, applicant=PersonIn(name=name, id_number=id_number, phone=phone,
                                                                 email=email, address=address), summary=summary)
    before = _counts(desk)
    try:
        d = receive(desk, req, clerk)
    except MotCuaError as exc:
        assert exc.message and "Traceback" not in exc.message
        assert _counts(desk) == before
        return
    assert isinstance(d, DossierDetail)
    assert _counts(desk) == tuple(n + 1 for n in before)


@SETTINGS
@given(query=hostile, field=st.sampled_from(["any", "name", "address"]))
def test_search_gives_a_page_for_any_query(desk, clerk, query, field):
    receive(desk, IntakeRequest(procedure="1.004873", applicant=PersonIn(name="Nguyễn Văn Near",
                                                                         address="Thôn (Đông) \"A\"")), clerk) \
        if not _counts(desk)[0] else None
    with desk.db.read() as s:
        page = search.search(s, query, search.SearchFilter(text_field=field), limit=20, now=desk.now())
    assert isinstance(page, search.Page)
    for row in page.rows:
        assert dataclasses.is_dataclass(row)


def _assert_clean_exit(r) -> None:
    assert r.code != 70, r.err  # 70 = unexpected error (caught, logged, reported in one line)
    assert "Traceback" not in r.err and "Traceback" not in r.out
    if r.code:
        assert r.err.strip(), "a failing command must say why"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=hostile, command=st.sampled_from(["find", "show", "intake", "transition", "user"]))
def test_command_line_never_shows_a_traceback(desk, value, command):
    if not accounts.has_users(desk):
        add_account(desk, ADMIN)
    data = ["--data-dir", str(desk.paths.data_dir), *as_user(ADMIN)]
    argv = {
        "find": ["find", value, "--json"],
        "show": ["show", value],
        "intake": ["intake", "--procedure", "1.004873", "--name", value, "--address", value, "--phone", value],
        "transition": ["transition", value, "--to", "processing", "--note", value],
        "user": ["user", "add", value[:200] or "x", "--name", value[:500], "--role", "clerk", "--password-stdin"],
    }[command]
    before = _writes(desk)
    r = run_main(data + argv, stdin=f"{PASSWORD}\n{value[:300]}\n")
    _assert_clean_exit(r)
    if r.code:
        assert _writes(desk) == before


def test_command_line_in_a_real_process_with_undecodable_bytes(desk):
    # Bytes that are not UTF-8 reach Python as lone surrogates: they must give a message, not a crash.
    data = ["--data-dir", str(desk.paths.data_dir)]
    for argv in (["find", "\udcff\udcfe NEAR(", "--json"], ["intake", "--procedure", "1.004873", "--name", "L\udce9 V"],
                 ["show", "'; DROP TABLE dossiers; --"]):
        _assert_clean_exit(run_cli(data + argv, env={"PYTHONIOENCODING": "utf-8"}))
