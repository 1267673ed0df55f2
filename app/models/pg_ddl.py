"""PostgreSQL-only DDL (centre mode): the folded-text search indexes and the append-only guards.

Search: two stored tsvector columns (`simple` configuration) of the folded name and address (the same
folded text SQLite's FTS5 table indexes), each with a GIN index, queried with a phrase tsquery whose
last word is a prefix, which is exactly FTS5's `"words"*`. The columns exist only on PostgreSQL and
are not mapped (PostgreSQL computes them). Codes are looked up by prefix on a "C"-collated index so
that a centre whose server runs a Vietnamese collation still matches codes byte for byte.
Names are also searched through the B-tree of their word suffixes (`name_suffixes`, from revision 0008):
one row for every word position of the folded name, holding the words from there to the end, which a
trigger keeps in step with `dossiers.search_name` on every write (intake, corrections, hub ingest,
register import, bulk loads alike), so a phrase "nguyen van tr" is the range of suffixes starting with it.
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


def _suffixes(name: str, dossier_id: str = "", source: str = "") -> str:
    """SQL selecting the words of the folded name `name` from each position to the end (and `dossier_id`)."""
    return (f"SELECT array_to_string(w[i:], ' '){dossier_id} FROM {source}string_to_array({name}, ' ') w, "
            "generate_subscripts(w, 1) i")


NAME_SUFFIXES_TABLE = 'CREATE TABLE name_suffixes (suffix text COLLATE "C" NOT NULL, dossier_id integer NOT NULL)'
# SECURITY DEFINER: a counter's role writes dossiers; the suffixes follow whatever its grants say.
NAME_SUFFIXES_FUNCTION = (
    "CREATE OR REPLACE FUNCTION motcua_name_suffixes() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER "
    "SET search_path FROM CURRENT AS $$ BEGIN "
    "IF TG_OP = 'UPDATE' AND OLD.search_name IS NOT DISTINCT FROM NEW.search_name THEN RETURN NULL; END IF; "
    "IF TG_OP <> 'INSERT' THEN DELETE FROM name_suffixes WHERE dossier_id = OLD.id "
    f"AND suffix IN ({_suffixes('OLD.search_name')}); END IF; "
    f"IF TG_OP <> 'DELETE' THEN INSERT INTO name_suffixes {_suffixes('NEW.search_name', ', NEW.id')}; END IF; "
    "RETURN NULL; END $$"
)
NAME_SUFFIXES_TRIGGER_NAME = "dossiers_name_suffixes"
NAME_SUFFIXES_TRIGGER = (
    f"CREATE TRIGGER {NAME_SUFFIXES_TRIGGER_NAME} AFTER INSERT OR DELETE OR UPDATE OF search_name ON dossiers "
    "FOR EACH ROW EXECUTE FUNCTION motcua_name_suffixes()"
)


def create_name_suffixes(execute) -> None:  # type: ignore[no-untyped-def]
    """The suffix table kept in step by its trigger (created first: it locks out writes to dossiers until
    the migration commits) and filled from the dossiers already there; its B-tree is built once filled."""
    execute(NAME_SUFFIXES_TABLE)
    execute(NAME_SUFFIXES_FUNCTION)
    execute(NAME_SUFFIXES_TRIGGER)
    execute(f"INSERT INTO name_suffixes {_suffixes('search_name', ', id', 'dossiers, ')}")
    execute("ALTER TABLE name_suffixes ADD CONSTRAINT pk_name_suffixes PRIMARY KEY (suffix, dossier_id)")
    # A centre's counters' role (app.services.centre.grant) searches names here: it gets what it has on dossiers.
    execute("DO $do$ DECLARE r text; BEGIN FOR r IN SELECT DISTINCT grantee FROM "
            "information_schema.role_table_grants WHERE table_name = 'dossiers' AND privilege_type = 'SELECT' "
            "AND grantee NOT IN (current_user, 'PUBLIC') LOOP "
            "EXECUTE format('GRANT SELECT ON name_suffixes TO %I', r); END LOOP; END $do$")


def drop_name_suffixes(execute) -> None:  # type: ignore[no-untyped-def]
    execute(f"DROP TRIGGER IF EXISTS {NAME_SUFFIXES_TRIGGER_NAME} ON dossiers")
    execute("DROP FUNCTION IF EXISTS motcua_name_suffixes()")
    execute("DROP TABLE IF EXISTS name_suffixes")


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
