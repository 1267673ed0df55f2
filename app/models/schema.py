"""The exact schema a database of a given Alembic revision must have, and a comparison with a file.

A file offered to `restore` must match, object for object, what this version's migrations build for
its revision: the same tables with the same columns, the same indexes, triggers and views, nothing
more. A reference database is built once per revision (in memory, through the real migrations) and its
`sqlite_master` compared with the file's, whitespace-normalised. SQLite's own bookkeeping tables
(`sqlite_stat*`) are ignored; everything else that differs is reported by name.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from functools import lru_cache

from alembic import command
from sqlalchemy import create_engine

_SPACE = re.compile(r"\s+")
_KINDS = {"table": "bảng", "index": "chỉ mục", "trigger": "trigger", "view": "view"}


@dataclass(frozen=True)
class SchemaDiff:
    unexpected: tuple[str, ...]  # objects (trigger, view, table, index) this version never makes
    missing: tuple[str, ...]  # objects the revision has and the file lacks
    changed: tuple[str, ...]  # same name, different definition (a missing column, another trigger body)

    @property
    def ok(self) -> bool:
        return not (self.unexpected or self.missing or self.changed)

    def words(self) -> str:
        parts = []
        if self.unexpected:
            parts.append("có thêm " + ", ".join(self.unexpected[:5]))
        if self.missing:
            parts.append("thiếu " + ", ".join(self.missing[:5]))
        if self.changed:
            parts.append("khác định nghĩa " + ", ".join(self.changed[:5]))
        return "; ".join(parts)


def _objects(conn: sqlite3.Connection) -> dict[tuple[str, str], str]:
    rows = conn.execute("SELECT type, name, COALESCE(sql, '') FROM sqlite_master "
                        "WHERE name NOT LIKE 'sqlite_stat%'").fetchall()
    return {(t, n): _SPACE.sub(" ", sql).strip() for t, n, sql in rows}


@lru_cache(maxsize=8)
def expected_objects(revision: str) -> tuple[tuple[tuple[str, str], str], ...]:
    """sqlite_master of a fresh database migrated to `revision` by this version's migrations."""
    from app.models.db import _alembic_config

    engine = create_engine("sqlite://")
    try:
        with engine.begin() as conn:
            command.upgrade(_alembic_config(conn), revision)
        with engine.connect() as conn:
            raw = conn.connection.driver_connection
            assert isinstance(raw, sqlite3.Connection)
            return tuple(sorted(_objects(raw).items()))
    finally:
        engine.dispose()


def compare(conn: sqlite3.Connection, revision: str) -> SchemaDiff:
    """How the schema behind `conn` (a DB-API connection, plain or SQLCipher) differs from `revision`'s."""
    want = dict(expected_objects(revision))
    have = _objects(conn)

    def label(key: tuple[str, str]) -> str:
        return f"{_KINDS.get(key[0], key[0])} {key[1]}"

    return SchemaDiff(
        unexpected=tuple(label(k) for k in sorted(have.keys() - want.keys())),
        missing=tuple(label(k) for k in sorted(want.keys() - have.keys())),
        changed=tuple(label(k) for k in sorted(want.keys() & have.keys()) if want[k] != have[k]),
    )
