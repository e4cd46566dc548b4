"""Once its version is adopted, a consultation's comments and answers are part of the
decision: the database refuses to delete them or change what they say. Only who they name
may change (links cleared when a person is deleted, a name pseudonymised). TRUNCATE is
refused on PostgreSQL."""

from django.db import migrations

from apps.core import db_guards

TABLE = "consultations_comment"


def create(apps, schema_editor):
    db_guards.frozen_with_version(
        schema_editor,
        TABLE,
        identity=["author_name"],
        nullable=["author_id", "author_unit_id", "answered_by_id", "hidden_by_id"],
    )
    db_guards.refuse_truncate(schema_editor, TABLE)


def drop(apps, schema_editor):
    db_guards.drop(schema_editor, TABLE)


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0002_comment_limits_and_hiding"),
        ("strategies", "0007_record_guards"),
    ]

    operations = [migrations.RunPython(create, drop)]
