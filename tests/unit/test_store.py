"""The store: pragmas, migrations (models and migration agree, newer schema refused, backup first),
append-only guards, and the layering rule (nothing below the UI imports Qt)."""

from __future__ import annotations

import ast
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from app.errors import DatabaseError
from app.models import Base
from app.models.db import open_database

ROOT = Path(__file__).resolve().parents[2]


def test_pragmas_wal_foreign_keys_full_sync(tmp_path):
    db = open_database(tmp_path / "a.sqlite3")
    with db.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert c.exec_driver_sql("PRAGMA synchronous").scalar() == 2
    db.close()


def test_models_and_migration_agree(tmp_path):
    db = open_database(tmp_path / "a.sqlite3")

    def include(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
        return not (type_ == "table" and name and name.startswith("dossier_fts"))

    with db.engine.connect() as c:
        ctx = MigrationContext.configure(c, opts={"include_object": include, "compare_type": True})
        diff = compare_metadata(ctx, Base.metadata)
    db.close()
    assert diff == [], diff


def test_newer_schema_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "a.sqlite3"
    open_database(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseError, match="phiên bản Một Cửa mới hơn"):
        open_database(path)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "9999_future"
    conn.close()


def test_foreign_file_is_refused(tmp_path):
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseError, match="không phải cơ sở dữ liệu của Một Cửa"):
        open_database(path)


def test_older_schema_is_backed_up_before_migrating(tmp_path, monkeypatch):
    import app.models.db as dbmod

    path = tmp_path / "a.sqlite3"
    open_database(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '0001'")
    conn.commit()
    conn.close()
    monkeypatch.setattr(dbmod.ScriptDirectory, "get_current_head", lambda self: "0002_pretend")
    upgraded = []
    monkeypatch.setattr(dbmod.command, "upgrade", lambda cfg, rev: upgraded.append(rev))
    open_database(path, backup_dir=tmp_path / "bk").close()
    backups = list((tmp_path / "bk").glob("truoc-nang-cap-0001-*.sqlite3"))
    assert upgraded == ["head"] and len(backups) == 1
    check = sqlite3.connect(backups[0])
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    check.close()


def test_events_and_audit_are_append_only(desk, clerk):
    from app.services.dto import IntakeRequest, PersonIn
    from app.services.intake import receive

    receive(desk, IntakeRequest(procedure="1.001193", applicant=PersonIn(name="Lê Văn An")), clerk)
    conn = sqlite3.connect(desk.db.path)
    for sql in ("UPDATE events SET note = 'x'", "DELETE FROM events", "UPDATE audit_log SET actor = 'x'",
                "DELETE FROM audit_log"):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute(sql)
    conn.close()


LOWER_LAYERS = ["app/operations", "app/services", "app/models", "app/sync", "app/printing"]
#: The front ends: they call operations, never the store.
FRONT_ENDS = ["app/ui", "app/cli"]
#: Where sessions may be opened: the operations and the services (app/sync's services and the store itself).
SESSION_OWNERS = ("app/operations", "app/services", "app/sync", "app/models")


def _imports(f: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def _opens_a_session(f: Path) -> bool:
    """`….db.read()`, `….db.write()`, `Session(…)` or `sessionmaker(…)` anywhere in the module."""
    for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            fn = node.func
            if isinstance(fn, ast.Attribute) and fn.attr in ("read", "write") and \
                    isinstance(fn.value, ast.Attribute) and fn.value.attr == "db":
                return True
            if isinstance(fn, ast.Name) and fn.id in ("Session", "sessionmaker"):
                return True
    return False


def test_front_ends_never_touch_the_store():
    """app/ui and app/cli call operations: no app.models, no sqlalchemy; and only the operations and the
    services open a session (a front end that did would put its own rules beside the services')."""
    imports = [f"{f.relative_to(ROOT)}: {n}" for layer in FRONT_ENDS for f in (ROOT / layer).rglob("*.py")
               for n in _imports(f) if n.split(".")[0] == "sqlalchemy" or n.startswith("app.models")]
    assert imports == []
    sessions = [str(f.relative_to(ROOT)) for f in (ROOT / "app").rglob("*.py")
                if not str(f.relative_to(ROOT)).startswith(SESSION_OWNERS) and _opens_a_session(f)]
    assert sessions == []


def test_the_session_check_sees_a_front_end_that_opens_one(tmp_path):
    bad = tmp_path / "page.py"
    bad.write_text("def load(ctx):\n    with ctx.desk.db.read() as s:\n        return s\n", encoding="utf-8")
    good = tmp_path / "fine.py"
    good.write_text("def load(ctx):\n    return dossiers.detail(ctx.op, 1)\n", encoding="utf-8")
    assert _opens_a_session(bad) and not _opens_a_session(good)


def test_nothing_below_the_ui_imports_qt():
    offenders = []
    for layer in LOWER_LAYERS:
        for f in (ROOT / layer).rglob("*.py"):
            for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                if any(n.split(".")[0] == "PySide6" or n.startswith("app.ui") for n in names):
                    offenders.append(str(f.relative_to(ROOT)))
    assert offenders == []
