"""Database guards for records that must never be rewritten, for PostgreSQL and SQLite.

The services never rewrite these rows, but `QuerySet.update()`, raw SQL and other programs
bypass the services; these triggers do not. Migrations call the functions here.

- `append_only`: a row may be added but never deleted, and of its columns only those
  that say *who* may change (so a person can be pseudonymised, or a foreign key set to
  NULL when the row it pointed at goes); *what* and *when* never change.
- `frozen_with_version`: the same, but only once the row's version is decided (adopted or
  superseded); before that the services' own rules apply.
- `refuse_truncate` (PostgreSQL): TRUNCATE bypasses row triggers, so a statement trigger
  refuses it for every role but a superuser (who can switch any trigger off, so the app
  never connects as one: apps.core.checks). The test runner's flush runs as a superuser.
"""

FROZEN = "('adopted', 'superseded')"
APPEND_ONLY_MESSAGE = "kompas: this record is append-only"
FROZEN_MESSAGE = "kompas: an adopted version can never change"
IMMUTABLE_MESSAGE = "kompas: this column can never change"

PG_FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION kompas_only_identity_changed(old_row jsonb, new_row jsonb,
    identity text[], nullable text[]) RETURNS boolean AS $$
DECLARE
  column_name text;
BEGIN
  -- A nullable link may only be cleared (its row was deleted), never pointed elsewhere.
  FOREACH column_name IN ARRAY nullable LOOP
    IF new_row -> column_name = 'null'::jsonb THEN
      new_row := jsonb_set(new_row, ARRAY[column_name], old_row -> column_name);
    END IF;
  END LOOP;
  RETURN (new_row - identity) IS NOT DISTINCT FROM (old_row - identity);
END;
$$ LANGUAGE plpgsql IMMUTABLE;

CREATE OR REPLACE FUNCTION kompas_guard_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    -- TG_ARGV[2] = 'draft': the row goes with a version that was never decided.
    -- Nested, not AND: PL/pgSQL may evaluate both sides, and a table without a version
    -- has no OLD.version_id.
    IF TG_ARGV[2] = 'draft' THEN
      IF NOT EXISTS (SELECT 1 FROM strategies_strategyversion
          WHERE id = OLD.version_id AND status IN {FROZEN}) THEN
        RETURN OLD;
      END IF;
    END IF;
    RAISE EXCEPTION '{APPEND_ONLY_MESSAGE}' USING ERRCODE = '23000';
  END IF;
  IF NOT kompas_only_identity_changed(to_jsonb(OLD), to_jsonb(NEW),
      string_to_array(TG_ARGV[0], ','), string_to_array(TG_ARGV[1], ',')) THEN
    RAISE EXCEPTION '{APPEND_ONLY_MESSAGE}' USING ERRCODE = '23000';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION kompas_guard_frozen_with_version() RETURNS trigger AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM strategies_strategyversion
                 WHERE id = OLD.version_id AND status IN {FROZEN}) THEN
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
  END IF;
  IF TG_OP = 'DELETE' OR NOT kompas_only_identity_changed(to_jsonb(OLD), to_jsonb(NEW),
      string_to_array(TG_ARGV[0], ','), string_to_array(TG_ARGV[1], ',')) THEN
    RAISE EXCEPTION '{FROZEN_MESSAGE}' USING ERRCODE = '23000';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION kompas_refuse_truncate() RETURNS trigger AS $$
BEGIN
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    RAISE EXCEPTION USING ERRCODE = '23000',
      MESSAGE = 'kompas: ' || TG_TABLE_NAME || ' holds records that can never be removed';
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""


def _columns(schema_editor, table):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        return [c.name for c in connection.introspection.get_table_description(cursor, table)]


def _sqlite_changed(schema_editor, table, identity, nullable):
    """A condition: a column outside `identity` changed (a `nullable` one other than to NULL)."""
    parts = []
    for column in _columns(schema_editor, table):
        if column in identity:
            continue
        if column in nullable:
            parts.append(f"(NEW.{column} IS NOT NULL AND NEW.{column} IS NOT OLD.{column})")
        else:
            parts.append(f"NEW.{column} IS NOT OLD.{column}")
    return " OR ".join(parts) or "0"


def _trigger_name(kind, table, op):
    return f"kompas_{kind}_{table}_{op}"


def append_only(schema_editor, table, *, identity=(), nullable=(), with_draft=False):
    """`with_draft`: rows of a version (version_id) may go with a version never decided,
    as a draft's status history goes when the draft is deleted."""
    identity, nullable = list(identity), list(nullable)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FUNCTIONS)
        schema_editor.execute(
            f"CREATE TRIGGER kompas_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION kompas_guard_append_only("
            f"'{','.join(identity)}', '{','.join(nullable)}', '{'draft' if with_draft else ''}');"
        )
        return
    changed = _sqlite_changed(schema_editor, table, identity, nullable)
    schema_editor.execute(
        f"CREATE TRIGGER {_trigger_name('append_only', table, 'update')} BEFORE UPDATE ON "
        f"{table} WHEN {changed} BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END;"
    )
    when = (
        "WHEN EXISTS (SELECT 1 FROM strategies_strategyversion "
        f"WHERE id = OLD.version_id AND status IN {FROZEN}) "
        if with_draft
        else ""
    )
    schema_editor.execute(
        f"CREATE TRIGGER {_trigger_name('append_only', table, 'delete')} BEFORE DELETE ON "
        f"{table} {when}BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END;"
    )


def frozen_with_version(schema_editor, table, *, identity=(), nullable=()):
    identity, nullable = list(identity), list(nullable)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FUNCTIONS)
        schema_editor.execute(
            f"CREATE TRIGGER kompas_frozen_with_version BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION kompas_guard_frozen_with_version("
            f"'{','.join(identity)}', '{','.join(nullable)}');"
        )
        return
    frozen = (
        "EXISTS (SELECT 1 FROM strategies_strategyversion "
        f"WHERE id = OLD.version_id AND status IN {FROZEN})"
    )
    changed = _sqlite_changed(schema_editor, table, identity, nullable)
    schema_editor.execute(
        f"CREATE TRIGGER {_trigger_name('frozen', table, 'update')} BEFORE UPDATE ON {table} "
        f"WHEN {frozen} AND ({changed}) BEGIN SELECT RAISE(ABORT, '{FROZEN_MESSAGE}'); END;"
    )
    schema_editor.execute(
        f"CREATE TRIGGER {_trigger_name('frozen', table, 'delete')} BEFORE DELETE ON {table} "
        f"WHEN {frozen} BEGIN SELECT RAISE(ABORT, '{FROZEN_MESSAGE}'); END;"
    )


def refuse_truncate(schema_editor, *tables):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite has no TRUNCATE: a DELETE without WHERE fires the row triggers.
    schema_editor.execute(PG_FUNCTIONS)
    for table in tables:
        schema_editor.execute(
            f"CREATE TRIGGER kompas_refuse_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION kompas_refuse_truncate();"
        )


def drop(schema_editor, table):
    """Drop every guard these functions put on `table` (the reverse of a migration)."""
    if schema_editor.connection.vendor == "postgresql":
        for name in ("kompas_append_only", "kompas_frozen_with_version", "kompas_refuse_truncate"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table};")
        return
    for kind in ("append_only", "frozen"):
        for op in ("update", "delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {_trigger_name(kind, table, op)};")


def immutable_columns(schema_editor, table, *columns):
    """Columns that never change once the row exists (e.g. which organisation owns it)."""
    if schema_editor.connection.vendor == "postgresql":
        changed = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in columns)
        schema_editor.execute(
            f"CREATE OR REPLACE FUNCTION kompas_immutable_{table}() RETURNS trigger AS $$\n"
            f"BEGIN IF {changed} THEN RAISE EXCEPTION '{IMMUTABLE_MESSAGE}' "
            "USING ERRCODE = '23000'; END IF; RETURN NEW; END; $$ LANGUAGE plpgsql;"
        )
        schema_editor.execute(
            f"CREATE TRIGGER kompas_immutable BEFORE UPDATE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION kompas_immutable_{table}();"
        )
        return
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns)
    schema_editor.execute(
        f"CREATE TRIGGER {_trigger_name('immutable', table, 'update')} BEFORE UPDATE ON "
        f"{table} WHEN {changed} BEGIN SELECT RAISE(ABORT, '{IMMUTABLE_MESSAGE}'); END;"
    )


def drop_immutable_columns(schema_editor, table):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS kompas_immutable ON {table};")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS kompas_immutable_{table}();")
        return
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {_trigger_name('immutable', table, 'update')};")


# --- SQLite: guards that survive a table being remade ------------------------------
#
# SQLite cannot alter most columns in place, so Django remakes a table (create a copy,
# drop the old one): the old table's triggers go with it. A migration that changes a
# guarded model would silently remove its guards (0004_platform_audience did). So after
# every migrate, each guard below is dropped and created again from the tables as they
# are; on PostgreSQL the migrations' triggers stay with their tables.

def _strategies_guards():
    from importlib import import_module

    return import_module("apps.strategies.migrations.0003_frozen_version_guards")


SQLITE_APPEND_ONLY = {
    # table: (identity, nullable, with_draft)
    "strategies_versiontransition": ((), ("actor_id",), True),
    "audit_auditevent": (("object_repr", "data"), ("actor_id", "version_id"), False),
    "followup_progressupdate": ((), ("author_id",), False),
    "records_recordcorrection": ((), ("actor_id",), False),
}
SQLITE_FROZEN_WITH_VERSION = {
    "consultations_comment": (
        ("author_name",),
        ("author_id", "author_unit_id", "answered_by_id", "hidden_by_id"),
    ),
    "consultations_respondent": ((), ()),
}
SQLITE_IMMUTABLE = {"strategies_strategy": ("organisation_id",)}
# Columns of a decided version that never change, beyond the first guards' list.
VERSION_COLUMNS_ADDED_SINCE = ["adopted_title", "review_cadence", "document_owner"]
# Content tables made after the first guards (strategies 0009 guards them).
CONTENT_TABLES_ADDED_SINCE = [
    "strategies_legalbasis", "strategies_definition", "strategies_evaluation",
    "strategies_goaltargetgroup",
]


def _sqlite_triggers(schema_editor) -> set[str]:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {row[0] for row in cursor.fetchall()}


def _sqlite_tables(schema_editor) -> set[str]:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def sqlite_drop_all(schema_editor) -> None:
    for name in _sqlite_triggers(schema_editor):
        if name.startswith("kompas_"):
            schema_editor.execute(f'DROP TRIGGER IF EXISTS "{name}";')


def sqlite_reinstall(schema_editor) -> None:
    """Create every guard again, on the tables as they are now (idempotent)."""
    tables = _sqlite_tables(schema_editor)
    sqlite_drop_all(schema_editor)
    first = _strategies_guards()
    for table in [*first.CONTENT_TABLES, *CONTENT_TABLES_ADDED_SINCE]:
        if table in tables:
            for statement in first._sqlite_content_triggers(table):
                schema_editor.execute(statement)
    if "strategies_strategyversion" in tables:
        columns = [*first.GUARDED_VERSION_COLUMNS, *VERSION_COLUMNS_ADDED_SINCE]
        present = set(_columns(schema_editor, "strategies_strategyversion"))
        changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns if c in present)
        schema_editor.execute(
            "CREATE TRIGGER kompas_frozen_version_update BEFORE UPDATE ON "
            f"strategies_strategyversion WHEN OLD.status IN {FROZEN} AND ("
            "(NEW.status IS NOT OLD.status AND NOT (OLD.status = 'adopted' AND "
            f"NEW.status = 'superseded')) OR {changed}) "
            f"BEGIN SELECT RAISE(ABORT, '{FROZEN_MESSAGE}'); END;"
        )
        schema_editor.execute(
            "CREATE TRIGGER kompas_frozen_version_delete BEFORE DELETE ON "
            f"strategies_strategyversion WHEN OLD.status IN {FROZEN} "
            f"BEGIN SELECT RAISE(ABORT, '{FROZEN_MESSAGE}'); END;"
        )
    for table, (identity, nullable, with_draft) in SQLITE_APPEND_ONLY.items():
        if table in tables:
            append_only(
                schema_editor, table, identity=identity, nullable=nullable, with_draft=with_draft
            )
    for table, (identity, nullable) in SQLITE_FROZEN_WITH_VERSION.items():
        if table in tables:
            frozen_with_version(schema_editor, table, identity=identity, nullable=nullable)
    for table, columns in SQLITE_IMMUTABLE.items():
        if table in tables:
            immutable_columns(schema_editor, table, *columns)
    if {"strategies_strategy", "strategies_strategyversion"} <= tables:
        decided_strategy_kept(schema_editor)


DECIDED_STRATEGY_MESSAGE = (
    "kompas: a strategy that has had an adopted version is a public record and is never deleted"
)


def decided_strategy_kept(schema_editor):
    """A strategy with a decided (adopted or superseded) version is never deleted."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE OR REPLACE FUNCTION kompas_guard_decided_strategy() RETURNS trigger AS $$\n"
            "BEGIN IF EXISTS (SELECT 1 FROM strategies_strategyversion "
            f"WHERE strategy_id = OLD.id AND status IN {FROZEN}) THEN "
            f"RAISE EXCEPTION '{DECIDED_STRATEGY_MESSAGE}' USING ERRCODE = '23000'; END IF; "
            "RETURN OLD; END; $$ LANGUAGE plpgsql;"
        )
        schema_editor.execute(
            "CREATE TRIGGER kompas_decided_strategy BEFORE DELETE ON strategies_strategy "
            "FOR EACH ROW EXECUTE FUNCTION kompas_guard_decided_strategy();"
        )
        return
    schema_editor.execute(
        "CREATE TRIGGER kompas_decided_strategy_delete BEFORE DELETE ON strategies_strategy "
        "WHEN EXISTS (SELECT 1 FROM strategies_strategyversion "
        f"WHERE strategy_id = OLD.id AND status IN {FROZEN}) "
        f"BEGIN SELECT RAISE(ABORT, '{DECIDED_STRATEGY_MESSAGE}'); END;"
    )


def drop_decided_strategy_kept(schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "DROP TRIGGER IF EXISTS kompas_decided_strategy ON strategies_strategy;"
        )
        schema_editor.execute("DROP FUNCTION IF EXISTS kompas_guard_decided_strategy();")
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS kompas_decided_strategy_delete;")


def reinstall_after_migrate(sender, using="default", **kwargs):
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.schema_editor() as schema_editor:
        sqlite_reinstall(schema_editor)
