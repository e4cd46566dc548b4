"""The audit log is append-only in the database: a row is never deleted, and only who it
names may change (the actor's link cleared when the person is deleted, the object's name
pseudonymised, in its name and in the details); what was done, to which object and when
never change. TRUNCATE is refused
on PostgreSQL."""

from django.db import migrations

from apps.core import db_guards

TABLE = "audit_auditevent"


def create(apps, schema_editor):
    db_guards.append_only(
        schema_editor, TABLE, identity=["object_repr", "data"], nullable=["actor_id", "version_id"]
    )
    db_guards.refuse_truncate(schema_editor, TABLE)


def drop(apps, schema_editor):
    db_guards.drop(schema_editor, TABLE)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial"), ("strategies", "0007_record_guards")]

    operations = [migrations.RunPython(create, drop)]
