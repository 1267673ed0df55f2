"""PostgreSQL-only DDL (centre mode): the folded-text search indexes and the append-only guards.

Search: two GIN indexes over `to_tsvector('simple', …)` of the folded name and address columns (the
same folded text SQLite's FTS5 table indexes), queried with a phrase tsquery whose last word is a
prefix, which is exactly FTS5's `"words"*`. Codes are looked up by prefix on a "C"-collated index so
that a centre whose server runs a Vietnamese collation still matches codes byte for byte.
Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE on `events` and `audit_log` for every role;
the counters' role also lacks those privileges (app.models.centre_grant). Changing this DDL needs a
new migration that applies it.
"""

SEARCH_INDEXES = {
    "ix_dossiers_tsv_name": "CREATE INDEX IF NOT EXISTS ix_dossiers_tsv_name ON dossiers "
                            "USING gin (to_tsvector('simple', search_name))",
    "ix_dossiers_tsv_address": "CREATE INDEX IF NOT EXISTS ix_dossiers_tsv_address ON dossiers "
                               "USING gin (to_tsvector('simple', search_address))",
    "ix_dossiers_code_c": 'CREATE INDEX IF NOT EXISTS ix_dossiers_code_c ON dossiers (code COLLATE "C")',
}

APPEND_ONLY_FUNCTION = (
    "CREATE OR REPLACE FUNCTION motcua_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$"
)

APPEND_ONLY_TRIGGERS = {
    f"{table}_{what}": (
        f"CREATE TRIGGER {table}_{what} BEFORE {verbs} ON {table} FOR EACH {each} "
        "EXECUTE FUNCTION motcua_append_only()"
    )
    for table in ("events", "audit_log")
    for what, verbs, each in (("no_change", "UPDATE OR DELETE", "ROW"), ("no_truncate", "TRUNCATE", "STATEMENT"))
}


def create_all(execute) -> None:  # type: ignore[no-untyped-def]
    """Create the indexes, the guard function and every trigger through `execute(sql)`."""
    for sql in SEARCH_INDEXES.values():
        execute(sql)
    execute(APPEND_ONLY_FUNCTION)
    for sql in APPEND_ONLY_TRIGGERS.values():
        execute(sql)


def drop_all(execute) -> None:  # type: ignore[no-untyped-def]
    for name in APPEND_ONLY_TRIGGERS:
        execute(f"DROP TRIGGER IF EXISTS {name} ON {name.split('_no_')[0]}")
    execute("DROP FUNCTION IF EXISTS motcua_append_only()")
    for name in SEARCH_INDEXES:
        execute(f"DROP INDEX IF EXISTS {name}")
