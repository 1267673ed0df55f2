"""Upgrades keep every dossier: each fixture database in tests/fixtures/schemas (one per released schema,
written by make_fixture.py through the real services) is opened by today's code, migrated to head with a
backup first, and must still hold every dossier it was made with, its history, its accounts and a whole
audit chain. A scratch revision on top of head proves the migrate-with-backup path even while head is the
only released schema.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import func, select

from app.models import db as model_db
from app.models import migrate as model_migrate
from app.models.journal import OutboxRow
from app.paths import AppPaths
from app.services import accounts, queries, search
from app.services.checks import run_checks
from app.services.desk import Desk
from app.services.text import fold
from tests.packaging.conftest import FIXTURES

FIXTURE_FILES = sorted(FIXTURES.glob("*.sqlite3"))
SCRATCH_REVISION = '''"""scratch revision for the upgrade test

Revision ID: 9999
Revises: {head}
"""
from alembic import op
import sqlalchemy as sa

revision = "9999"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("dossiers") as batch_op:
        batch_op.add_column(sa.Column("upgrade_probe", sa.String(length=20), nullable=False, server_default="moi"))
    op.create_index("ix_dossiers_upgrade_probe", "dossiers", ["upgrade_probe"])
'''


def record_of(fixture: Path) -> dict:
    return json.loads(fixture.with_suffix(".json").read_text(encoding="utf-8"))


def copy_into(fixture: Path, folder: Path) -> AppPaths:
    paths = AppPaths(folder).ensure()
    shutil.copyfile(fixture, paths.database)
    return paths


def stored_moment(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def assert_keeps_everything(desk: Desk, record: dict) -> None:
    with desk.db.read() as s:
        for row in record["dossiers"]:
            d = queries.detail_by_code(s, row["code"])
            assert (d.uuid, int(d.status), d.applicant_name) == (row["uuid"], row["status"], row["applicant_name"])
            stored = stored_moment(row["due_at"])
            if d.reschedules:  # migration 0002 puts the legal date back and keeps the promised one beside it
                assert (d.due_at, d.extended_due_at) == (d.reschedules[0].old_due_at, stored)
            else:
                assert (d.due_at, d.extended_due_at) == (stored, None)
            assert len(d.components) == row["components"] and len(d.events) == row["events"]
            outbox = s.scalar(select(func.count()).select_from(OutboxRow).where(OutboxRow.dossier_id == d.id))
            assert outbox == row["outbox"]
            # The full-text index came through too: the folded name finds the dossier.
            page = search.search(s, fold(row["applicant_name"]), limit=20, now=desk.now())
            assert row["code"] in {r.code for r in page.rows}
        assert len(search.search(s, "", limit=500, now=desk.now()).rows) == len(record["dossiers"])
    for username in record["users"]:
        assert accounts.authenticate(desk, username, record["password"]).username == username
    report = run_checks(desk)
    assert report.ok, report.text()


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=[f.stem for f in FIXTURE_FILES])
def test_fixture_opens_at_head_keeping_every_dossier(fixture, tmp_path):
    record = record_of(fixture)
    paths = copy_into(fixture, tmp_path / "data")
    desk = Desk.open(paths)
    try:
        assert model_db.current_revision(desk.db.engine) == model_db.head_revision()
        assert_keeps_everything(desk, record)
    finally:
        desk.close()
    backups = list(paths.backups.glob(f"truoc-nang-cap-{record['revision']}-*.sqlite3"))
    assert len(backups) == (0 if record["revision"] == model_db.head_revision() else 1)


def test_a_new_revision_migrates_the_oldest_fixture_with_a_backup_first(tmp_path, monkeypatch):
    """What the next release will do to a desk in the field: back up, then run the new revision."""
    fixture = FIXTURE_FILES[0]
    record = record_of(fixture)
    head = model_db.head_revision()
    migrations = tmp_path / "migrations"
    shutil.copytree(model_db.MIGRATIONS_DIR, migrations, ignore=shutil.ignore_patterns("__pycache__"))
    (migrations / "versions" / "9999_upgrade_probe.py").write_text(SCRATCH_REVISION.format(head=head),
                                                                   encoding="utf-8")
    monkeypatch.setattr(model_migrate, "MIGRATIONS_DIR", migrations)
    paths = copy_into(fixture, tmp_path / "data")
    desk = Desk.open(paths)
    try:
        assert model_db.current_revision(desk.db.engine) == "9999"
        assert_keeps_everything(desk, record)
        conn = sqlite3.connect(paths.database)
        try:
            assert {r[0] for r in conn.execute("SELECT DISTINCT upgrade_probe FROM dossiers")} == {"moi"}
        finally:
            conn.close()
    finally:
        desk.close()
    (backup,) = paths.backups.glob(f"truoc-nang-cap-{record['revision']}-*.sqlite3")
    conn = sqlite3.connect(backup)
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == record["revision"]
        codes = {r[0] for r in conn.execute("SELECT code FROM dossiers")}
    finally:
        conn.close()
    assert codes == {d["code"] for d in record["dossiers"]}


def schema_of(conn: sqlite3.Connection) -> dict[str, object]:
    """Tables with their columns, plus every index and trigger by name: what a migration decides."""
    out: dict[str, object] = {}
    for kind, name, table in conn.execute(
            "SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"):
        if kind == "table":
            out[name] = [(c[1], c[2].upper(), c[3]) for c in conn.execute(f'PRAGMA table_info("{name}")')]
        else:
            out[f"{kind}:{name}"] = table
    return out


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=[f.stem for f in FIXTURE_FILES])
def test_fixture_matches_the_migration_that_made_it(fixture, tmp_path):
    """A released migration is frozen. If this fails, someone edited a released revision: put the change in
    a new revision instead. (Only while that revision is still unreleased may its fixture be remade:
    `.venv/bin/python tests/fixtures/schemas/make_fixture.py --force`.)"""
    revision = record_of(fixture)["revision"]
    fresh = tmp_path / "fresh.sqlite3"
    engine = model_db.make_engine(fresh)
    try:
        with engine.begin() as conn:
            command.upgrade(model_db._alembic_config(conn), revision)
    finally:
        engine.dispose()
    a, b = sqlite3.connect(fresh), sqlite3.connect(f"file:{fixture}?mode=ro", uri=True)
    try:
        made_now, fixture_schema = schema_of(a), schema_of(b)
    finally:
        a.close()
        b.close()
    assert made_now == fixture_schema, (
        f"Revision {revision} no longer creates the schema of {fixture.name}. Released migrations must not "
        f"change: add a new revision. If {revision} is not released yet, remake the fixture with "
        "make_fixture.py --force.")
