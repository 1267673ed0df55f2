"""Plain DB-API access to a centre's PostgreSQL database for the code written against sqlite3's API (the
sync outbox reader, the runner's acknowledgement writes): `?` placeholders, `execute`/`executemany`
returning a cursor, BEGIN/COMMIT as statements, `PRAGMA table_info`. SQLite's `substr` of a stored
date and `json_extract` exist on the server as small SQL functions (app.models.pg_ddl.COMPAT), so the
same queries run on both engines.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

_PLACEHOLDER = re.compile(r"\?")
_TABLE_INFO = re.compile(r"^\s*PRAGMA\s+table_info\((\w+)\)\s*$", re.IGNORECASE)
_BEGIN = re.compile(r"^\s*BEGIN(\s+(IMMEDIATE|DEFERRED|EXCLUSIVE))?\s*$", re.IGNORECASE)

if TYPE_CHECKING:  # the driver loads only on a centre
    import psycopg


def _sql(sql: str) -> str:
    return _PLACEHOLDER.sub("%s", sql.replace("%", "%%"))


class PgRaw:
    """sqlite3.Connection's calls used by the sync code, over a psycopg connection."""

    def __init__(self, conn: psycopg.Connection[Any], *, owned: bool):
        self.conn = conn
        self.owned = owned  # closed with this object (a connection of its own, not a session's)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> psycopg.Cursor[Any]:
        info = _TABLE_INFO.match(sql)
        if info:
            return self.conn.execute(
                "SELECT ordinal_position - 1, column_name FROM information_schema.columns "
                "WHERE table_schema = 'public' AND table_name = %s ORDER BY ordinal_position", (info.group(1),))
        match = _BEGIN.match(sql)
        if match:  # one snapshot for what follows, as SQLite's read transaction gives
            return self.conn.execute("BEGIN" if match.group(1) else "BEGIN ISOLATION LEVEL REPEATABLE READ")
        return self.conn.execute(_sql(sql), tuple(params))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> psycopg.Cursor[Any]:
        cur = self.conn.cursor()
        cur.executemany(_sql(sql), [tuple(r) for r in rows])
        return cur

    def close(self) -> None:
        if self.owned:
            self.conn.close()


def session_raw(session: Session) -> PgRaw | sqlite3.Connection:
    """The DB-API connection under a session's transaction: sqlite3's own, or PgRaw over psycopg's."""
    conn = session.connection().connection.driver_connection
    if isinstance(conn, sqlite3.Connection):
        return conn
    assert conn is not None, "a store is SQLite or a centre's PostgreSQL (psycopg)"
    return PgRaw(conn, owned=False)
