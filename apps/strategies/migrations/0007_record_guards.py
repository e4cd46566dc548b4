"""Database guards for the records around a version, beside the frozen-version guards:

- the status history is append-only (a draft's history goes with the draft);
- a strategy never moves between organisations;
- on PostgreSQL, TRUNCATE (which row triggers never see) is refused on versions, their
  content, the status history and strategies;
- on SQLite, the frozen-version trigger also covers the title a version was adopted with
  (PostgreSQL's compares the whole row already).
"""

from importlib import import_module

from django.db import migrations

from apps.core import db_guards

_guards = import_module("apps.strategies.migrations.0003_frozen_version_guards")
CONTENT_TABLES, FROZEN = _guards.CONTENT_TABLES, _guards.FROZEN
GUARDED_VERSION_COLUMNS, MESSAGE = _guards.GUARDED_VERSION_COLUMNS, _guards.MESSAGE

TRUNCATE_TABLES = [
    *CONTENT_TABLES,
    "strategies_strategyversion",
    "strategies_versiontransition",
    "strategies_strategy",
]


def _sqlite_version_update_trigger(columns):
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns)
    return (
        "CREATE TRIGGER kompas_frozen_version_update BEFORE UPDATE ON strategies_strategyversion "
        f"WHEN OLD.status IN {FROZEN} AND ("
        "(NEW.status IS NOT OLD.status AND NOT (OLD.status = 'adopted' AND NEW.status = 'superseded'))"
        f" OR {changed}) BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
    )


def create(apps, schema_editor):
    db_guards.append_only(
        schema_editor, "strategies_versiontransition", nullable=["actor_id"], with_draft=True
    )
    db_guards.immutable_columns(schema_editor, "strategies_strategy", "organisation_id")
    db_guards.refuse_truncate(schema_editor, *TRUNCATE_TABLES)
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS kompas_frozen_version_update;")
        schema_editor.execute(
            _sqlite_version_update_trigger([*GUARDED_VERSION_COLUMNS, "adopted_title"])
        )


def drop(apps, schema_editor):
    db_guards.drop(schema_editor, "strategies_versiontransition")
    db_guards.drop_immutable_columns(schema_editor, "strategies_strategy")
    for table in TRUNCATE_TABLES:
        db_guards.drop(schema_editor, table)
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS kompas_frozen_version_update;")
        schema_editor.execute(_sqlite_version_update_trigger(GUARDED_VERSION_COLUMNS))


class Migration(migrations.Migration):
    dependencies = [("strategies", "0006_version_adopted_title")]

    operations = [migrations.RunPython(create, drop)]
