"""An action's progress updates are its history: the database refuses to delete one or to
change what it says; only the author's link is cleared when the person is deleted.
TRUNCATE is refused on PostgreSQL."""

from django.db import migrations

from apps.core import db_guards

TABLE = "followup_progressupdate"


def create(apps, schema_editor):
    db_guards.append_only(schema_editor, TABLE, nullable=["author_id"])
    db_guards.refuse_truncate(schema_editor, TABLE)


def drop(apps, schema_editor):
    db_guards.drop(schema_editor, TABLE)


class Migration(migrations.Migration):
    dependencies = [("followup", "0002_measurements"), ("strategies", "0007_record_guards")]

    operations = [migrations.RunPython(create, drop)]
