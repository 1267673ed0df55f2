"""SQLite-only DDL: the full-text index over folded names and addresses, and append-only guards.

The FTS5 table is an external-content index over `dossiers.search_name` / `search_address` kept in
step by triggers. Bulk loads drop the triggers, insert, then rebuild the index in one pass. Changing
this DDL needs a new migration that applies it.
"""

from collections.abc import Callable

FTS_TABLE = "dossier_fts"

CREATE_FTS = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS dossier_fts USING fts5("
    "search_name, search_address, content='dossiers', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2', prefix='1 2 3 4 5 6')"
)

FTS_TRIGGERS = {
    "dossiers_fts_ai": (
        "CREATE TRIGGER IF NOT EXISTS dossiers_fts_ai AFTER INSERT ON dossiers BEGIN "
        "INSERT INTO dossier_fts(rowid, search_name, search_address) "
        "VALUES (new.id, new.search_name, new.search_address); END"
    ),
    "dossiers_fts_ad": (
        "CREATE TRIGGER IF NOT EXISTS dossiers_fts_ad AFTER DELETE ON dossiers BEGIN "
        "INSERT INTO dossier_fts(dossier_fts, rowid, search_name, search_address) "
        "VALUES ('delete', old.id, old.search_name, old.search_address); END"
    ),
    "dossiers_fts_au": (
        "CREATE TRIGGER IF NOT EXISTS dossiers_fts_au AFTER UPDATE OF search_name, search_address "
        "ON dossiers BEGIN "
        "INSERT INTO dossier_fts(dossier_fts, rowid, search_name, search_address) "
        "VALUES ('delete', old.id, old.search_name, old.search_address); "
        "INSERT INTO dossier_fts(rowid, search_name, search_address) "
        "VALUES (new.id, new.search_name, new.search_address); END"
    ),
}

APPEND_ONLY_TRIGGERS = {
    f"{table}_no_{verb.lower()}": (
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_{verb.lower()} BEFORE {verb} ON {table} BEGIN "
        f"SELECT RAISE(ABORT, '{table} is append-only'); END"
    )
    for table in ("events", "audit_log")
    for verb in ("UPDATE", "DELETE")
}

REBUILD_FTS = "INSERT INTO dossier_fts(dossier_fts) VALUES ('rebuild')"
CHECK_FTS = "INSERT INTO dossier_fts(dossier_fts, rank) VALUES ('integrity-check', 1)"


def create_all(execute: Callable[[str], object]) -> None:
    """Create the index and every trigger through `execute(sql)`."""
    execute(CREATE_FTS)
    for sql in (*FTS_TRIGGERS.values(), *APPEND_ONLY_TRIGGERS.values()):
        execute(sql)
