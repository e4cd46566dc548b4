"""Database guard: a strategy that has had an adopted version is a public record and is
never deleted (a draft or withdrawn strategy made by mistake may be)."""

from django.db import migrations

from apps.core import db_guards


def create(apps, schema_editor):
    db_guards.decided_strategy_kept(schema_editor)


def drop(apps, schema_editor):
    db_guards.drop_decided_strategy_kept(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("strategies", "0009_strategy_archived_at")]

    operations = [migrations.RunPython(create, drop)]
