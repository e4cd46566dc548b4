"""The frozen-version guards on the content tables added for the typed parts (legal
basis, definitions, evaluation, a goal's target groups): the same trigger as every
other content table (0003), and TRUNCATE refused on PostgreSQL (0007). On SQLite
apps.core.db_guards reinstalls them after every migrate from CONTENT_TABLES_ADDED_SINCE.
"""

from importlib import import_module

from django.db import migrations

from apps.core import db_guards

_guards = import_module("apps.strategies.migrations.0003_frozen_version_guards")


def create(apps, schema_editor):
    tables = db_guards.CONTENT_TABLES_ADDED_SINCE
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_guards.PG_CONTENT_FUNCTION)
        for table in tables:
            schema_editor.execute(
                f"CREATE TRIGGER kompas_frozen_guard BEFORE INSERT OR UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION kompas_guard_frozen_content();"
            )
        db_guards.refuse_truncate(schema_editor, *tables)
        return
    db_guards.sqlite_reinstall(schema_editor)


def drop(apps, schema_editor):
    for table in db_guards.CONTENT_TABLES_ADDED_SINCE:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS kompas_frozen_guard ON {table};")
            db_guards.drop(schema_editor, table)
        else:
            for op in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS kompas_frozen_{table}_{op};")


class Migration(migrations.Migration):
    dependencies = [("strategies", "0011_content_model_parts")]

    operations = [migrations.RunPython(create, drop)]
