"""One open store: short-lived read and write sessions, raw connections, and the store lock it holds."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session

from app.models.connection import _on_connect, connect, machine_error
from app.models.store_lock import StoreLock


class Database:
    """One SQLite store. `read()` and `write()` give short-lived sessions; sessions never leave a service."""

    def __init__(self, path: Path, engine: Engine, key: bytes | None = None, lock: StoreLock | None = None):
        self.path = path
        self.engine = engine
        self.key = key  # raw SQLCipher key, None for a plain store
        self.lock = lock  # the shared store lock held while this is open
        self._write_engine = engine.execution_options(sqlite_begin="IMMEDIATE")

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as s:
            yield s

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """A session inside one IMMEDIATE transaction: committed on success, rolled back on any error.
        A full disk or a read-only folder is said plainly (DiskFull, ReadOnlyStore), never as a traceback."""
        try:
            with Session(self._write_engine, expire_on_commit=False) as s, s.begin():
                yield s
        except (sa_exc.OperationalError, sqlite3.OperationalError, OSError) as exc:
            machine = machine_error(self.path, exc)
            if machine is None:
                raise
            raise machine from exc

    def raw_connection(self) -> sqlite3.Connection:
        """A plain sqlite3 connection with the same pragmas, for bulk loads and the backup API."""
        conn = connect(self.path, self.key)
        _on_connect(conn, None)
        return conn

    @property
    def encrypted(self) -> bool:
        return self.key is not None

    def close(self) -> None:
        self.engine.dispose()
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    @contextlib.contextmanager
    def exclusive(self, doing: str, *, keep: bool = False) -> Iterator[None]:
        """Hold the store alone (refused, naming the holders, if anything else has it open). The hold
        outlives `close()` so the file can be converted or replaced after the engine is gone; with `keep`
        it goes back to shared at the end and stays with this Database."""
        lock = self.lock if self.lock is not None else StoreLock.exclusive_now(self.path, doing)
        if lock is self.lock:
            lock.upgrade(doing)
            self.lock = None
        try:
            yield
        finally:
            if keep and lock.exclusive:
                lock.downgrade()
                self.lock = lock
            else:
                lock.release()
