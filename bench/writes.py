"""Intake at archive scale: the intake operation (`operations.intake.receive`, as the app and `motcua
intake` call it: validate, then one transaction: dossier, components, event, audit entry, outbox row)
against the same operation with every statement committed
on its own (autocommit: one fsync per statement), which is how a desk without explicit transactions
would write.

The naive desk is the real operation and service code over a second engine on the same file that has no BEGIN hook,
so pysqlite runs in autocommit mode; the connection pragmas (WAL, synchronous=FULL, foreign keys) are
the app's own. Requests are realistic applicants drawn with a fixed seed (valid citizen IDs, phones,
addresses). Main thread.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import create_engine, event

from app.models.db import Database, _on_connect
from app.operations import OpContext, intake
from app.services import catalogue
from app.services import demo_names as N
from app.services.desk import Desk
from app.services.dto import Actor, IntakeRequest, PersonIn
from bench.timing import measure

CLERK = Actor(username="bench-clerk", full_name="Nguyễn Thị Hồng", role="clerk", title="Công chức tiếp nhận")


def requests_for(desk: Desk, n: int, seed: int) -> list[IntakeRequest]:
    rng = random.Random(seed)
    with desk.db.read() as s:
        procs = [p.national_code or p.key for p in catalogue.list_procedures(s)]
    out = []
    for _ in range(n):
        female = rng.random() < 0.5
        middle = rng.choice(N.FEMALE_MIDDLE if female else N.MALE_MIDDLE)
        given = rng.choice(N.FEMALE_GIVEN if female else N.MALE_GIVEN)
        name = f"{rng.choice(N.SURNAMES)[0]} {middle} {given}"
        province, pcode = rng.choice(N.PROVINCES)
        birth = dt.date(rng.randint(1950, 2005), rng.randint(1, 12), rng.randint(1, 28))
        digit = (0 if birth.year < 2000 else 2) + female
        id_number = f"{pcode}{digit}{birth.year % 100:02d}{rng.randrange(10**6):06d}"
        address = f"{rng.choice(N.HAMLETS)}, {rng.choice(N.COMMUNES)}, {province}"
        person = PersonIn(name=name, id_number=id_number, birth_date=birth, sex="f" if female else "m",
                          phone=f"09{rng.randrange(10**8):08d}", address=address)
        out.append(IntakeRequest(procedure=rng.choice(procs), applicant=person))
    return out


def autocommit_desk(desk: Desk) -> tuple[Desk, list[int]]:
    """The same database through an engine without BEGIN: every statement is its own transaction.
    Returns the desk and a one-item list counting the writing statements (each one a commit)."""
    engine = create_engine(f"sqlite:///{desk.db.path}", connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _on_connect)
    counter = [0]

    @event.listens_for(engine, "before_cursor_execute")
    def _count(_conn, _cursor, statement: str, *_rest: object) -> None:  # type: ignore[no-untyped-def]
        if statement.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE"):
            counter[0] += 1

    return Desk(desk.paths, Database(desk.db.path, engine), desk.clock), counter


def intake_bench(desk: Desk, reps: int, naive_reps: int, seed: int) -> dict:
    reqs = requests_for(desk, reps + naive_reps + 5, seed)
    calls = [(r,) for r in reqs[: reps + 3]]
    app = OpContext(desk, CLERK)
    stats, received = measure(lambda r: intake.receive(app, [r]), calls, warmup=3)
    if not naive_reps:  # the app's way only (a centre's server: no SQLite file to open without BEGIN)
        codes = [d.code for r in received for d in r.details]
        return {"app": stats, "received": len(codes), "distinct_codes": len(set(codes))}
    naive, counter = autocommit_desk(desk)
    try:
        slow = OpContext(naive, CLERK)
        before = counter[0]
        intake.receive(slow, [reqs[reps + 3]])  # warm-up, and how many commits one intake makes
        statements = counter[0] - before
        ncalls = [(r,) for r in reqs[reps + 4: reps + 4 + naive_reps]]
        nstats, nreceived = measure(lambda r: intake.receive(slow, [r]), ncalls, warmup=0)
    finally:
        naive.close()
    codes = [d.code for r in [*received, *nreceived] for d in r.details]
    return {"app": stats, "naive": nstats, "commits_per_naive_intake": statements,
            "received": len(codes), "distinct_codes": len(set(codes)),
            "rate_per_second": round(1000 / stats["p50_ms"], 1)}
