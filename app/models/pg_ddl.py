"""PostgreSQL-only DDL (centre mode): the folded-text search indexes and the append-only guards.

Search: two stored tsvector columns (`simple` configuration) of the folded name and address (the same
folded text SQLite's FTS5 table indexes), each with a GIN index, queried with a phrase tsquery whose
last word is a prefix, which is exactly FTS5's `"words"*`. The columns exist only on PostgreSQL and
are not mapped (PostgreSQL computes them). Codes are looked up by prefix on a "C"-collated index so
that a centre whose server runs a Vietnamese collation still matches codes byte for byte.
Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE on `events` and `audit_log` for every role;
the counters' role also lacks those privileges (app.models.centre_grant). Changing this DDL needs a
new migration that applies it.
"""

#: Stored tsvectors of the folded columns (PostgreSQL keeps them in step): a phrase query rechecks word
#: positions on every candidate row, and reading them is ~8x cheaper than recomputing to_tsvector.
SEARCH_COLUMNS = {
    "tsv_name": "ALTER TABLE dossiers ADD COLUMN IF NOT EXISTS tsv_name tsvector "
                "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_name)) STORED",
    "tsv_address": "ALTER TABLE dossiers ADD COLUMN IF NOT EXISTS tsv_address tsvector "
                   "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_address)) STORED",
}

SEARCH_INDEXES = {
    "ix_dossiers_tsv_name": "CREATE INDEX IF NOT EXISTS ix_dossiers_tsv_name ON dossiers USING gin (tsv_name)",
    "ix_dossiers_tsv_address": "CREATE INDEX IF NOT EXISTS ix_dossiers_tsv_address ON dossiers USING gin (tsv_address)",
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
    """Create the search columns and indexes, the guard function and every trigger through `execute(sql)`."""
    for sql in (*SEARCH_COLUMNS.values(), *SEARCH_INDEXES.values()):
        execute(sql)
    execute(APPEND_ONLY_FUNCTION)
    for sql in APPEND_ONLY_TRIGGERS.values():
        execute(sql)
    for sql in COMPAT.values():
        execute(sql)


def drop_all(execute) -> None:  # type: ignore[no-untyped-def]
    for name in APPEND_ONLY_TRIGGERS:
        execute(f"DROP TRIGGER IF EXISTS {name} ON {name.split('_no_')[0]}")
    execute("DROP FUNCTION IF EXISTS motcua_append_only()")
    execute("DROP FUNCTION IF EXISTS substr(timestamp without time zone, integer, integer)")
    execute("DROP FUNCTION IF EXISTS json_extract(text, text)")
    for name in SEARCH_INDEXES:
        execute(f"DROP INDEX IF EXISTS {name}")
    for name in SEARCH_COLUMNS:
        execute(f"ALTER TABLE dossiers DROP COLUMN IF EXISTS {name}")


def grant_sql(database: str, role: str) -> list[str]:
    """The statements giving the counters' role what it needs and no more: read and write the working
    tables, append to (never change or remove) the audit log and the events, read the schema revision."""
    if not role.replace("_", "").isalnum():
        raise ValueError(role)
    return [
        f'GRANT CONNECT ON DATABASE "{database}" TO {role}',
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON events, audit_log FROM {role}",
        f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON alembic_version FROM {role}",
    ]


#: SQLite's date slicing and json_extract as the queries of the sync code use them (app.models.pg_raw):
#: a stored date read as SQLite's text 'YYYY-MM-DD HH:MM:SS', and '$.key' paths into JSON text ('' is NULL).
COMPAT = {
    "substr_timestamp": (
        "CREATE OR REPLACE FUNCTION substr(timestamp without time zone, integer, integer) RETURNS text "
        "LANGUAGE sql IMMUTABLE AS $$ SELECT substr(to_char($1, 'YYYY-MM-DD HH24:MI:SS'), $2, $3) $$"
    ),
    "json_extract": (
        "CREATE OR REPLACE FUNCTION json_extract(text, text) RETURNS text LANGUAGE sql IMMUTABLE AS "
        "$$ SELECT (NULLIF($1, '')::jsonb) #>> string_to_array(substr($2, 3), '.') $$"
    ),
}
