"""The local SQLite store, in pieces that each do one thing, gathered here for callers:

- app.models.keys — keys of encrypted stores (`register_key`, `key_for` with a lookup passed in);
- app.models.netshare — refusing a network share;
- app.models.connection — DB-API connections, pragmas, BEGIN IMMEDIATE, disk-full/read-only errors;
- app.models.database — `Database`: sessions and the store lock it holds;
- app.models.migrate — `open_database`: lost-store refusal, lock, schema read, Alembic migration;
- app.models.store_lock and app.models.schema — the store lock and the exact schema of a revision.
"""

from __future__ import annotations

from alembic import command
from alembic.script import ScriptDirectory

from app.models.connection import (
    LOW_SPACE_BYTES,
    DiskFull,
    ReadOnlyStore,
    _on_begin,
    _on_connect,
    connect,
    folder_state,
    machine_error,
    make_engine,
)
from app.models.database import Database
from app.models.keys import (
    SQLITE_HEADER,
    KeyLookup,
    cipher_module,
    forget_key,
    is_encrypted_file,
    key_for,
    register_key,
)
from app.models.migrate import (
    MIGRATIONS_DIR,
    _alembic_config,
    backup_to,
    current_revision,
    head_revision,
    lived_here,
    open_database,
    refuse_recreating,
)
from app.models.netshare import NETWORK_FS, network_filesystem, refuse_network_share

__all__ = [
    "LOW_SPACE_BYTES", "MIGRATIONS_DIR", "NETWORK_FS", "SQLITE_HEADER", "Database", "DiskFull", "KeyLookup",
    "ReadOnlyStore", "ScriptDirectory", "_alembic_config", "_on_begin", "_on_connect", "backup_to", "cipher_module",
    "command", "connect", "current_revision", "folder_state", "forget_key", "head_revision", "is_encrypted_file",
    "key_for", "lived_here", "machine_error", "make_engine", "network_filesystem", "open_database",
    "refuse_network_share", "refuse_recreating", "register_key",
]
