"""Database guards: corrections of the record are append-only, as the versions they
correct are frozen; TRUNCATE is refused on PostgreSQL."""

from django.db import migrations

from apps.core import db_guards

TABLE = "records_recordcorrection"


def create(apps, schema_editor):
    db_guards.append_only(schema_editor, TABLE, nullable=["actor_id"])
    db_guards.refuse_truncate(schema_editor, TABLE)


def drop(apps, schema_editor):
    db_guards.drop(schema_editor, TABLE)


class Migration(migrations.Migration):
    dependencies = [("records", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
