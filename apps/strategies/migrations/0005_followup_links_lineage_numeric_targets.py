"""Actions linked to the goal and focus area they serve, an action's lineage across
versions, and indicators' targets and baselines as numbers (for apps/followup).

SQLite rebuilds a table to add a column with a default, and a rebuilt table has lost
its triggers; so the frozen-version guards of 0003 are taken down first and put back
last, over exactly the same tables. In between, every existing action gets a lineage
of its own, or the lineage of the action of the version it was copied from that has
the same title: that is a key beside the text, not a change of what a decided
version says.
"""

import importlib
import uuid

import django.db.models.deletion
from django.db import migrations, models

guards = importlib.import_module("apps.strategies.migrations.0003_frozen_version_guards")


def drop_guards(apps, schema_editor):
    guards.drop_guards(apps, schema_editor)


def create_guards(apps, schema_editor):
    guards.create_guards(apps, schema_editor)


def give_lineages(apps, schema_editor):
    StrategyVersion = apps.get_model("strategies", "StrategyVersion")
    for model_name, title in (("Action", "title"), ("Indicator", "name")):
        model = apps.get_model("strategies", model_name)
        lineage_of: dict[int, dict[str, uuid.UUID]] = {}
        for version in StrategyVersion.objects.order_by("pk"):
            inherited = dict(lineage_of.get(version.based_on_id, {}))
            mine: dict[str, uuid.UUID] = {}
            for row in model.objects.filter(version=version).order_by("position", "pk"):
                key = getattr(row, title)
                lineage = inherited.pop(key, None) or uuid.uuid4()
                model.objects.filter(pk=row.pk).update(lineage=lineage)
                mine.setdefault(key, lineage)
            lineage_of[version.pk] = mine


class Migration(migrations.Migration):

    dependencies = [
        ('organisations', '0003_content_generation'),
        ('strategies', '0004_platform_audience'),
    ]

    operations = [
        migrations.RunPython(drop_guards, create_guards),
        migrations.AddField(
            model_name='action',
            name='focus_area',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='actions', to='strategies.focusarea', verbose_name='focus area it serves'),
        ),
        migrations.AddField(
            model_name='action',
            name='goal',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='actions', to='strategies.goal', verbose_name='goal it serves'),
        ),
        migrations.AddField(
            model_name='action',
            name='lineage',
            field=models.UUIDField(db_index=True, default=uuid.uuid4, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='indicator',
            name='baseline_value',
            field=models.DecimalField(blank=True, decimal_places=4, help_text='The value when the strategy was adopted.', max_digits=14, null=True, verbose_name='baseline as a number'),
        ),
        migrations.AddField(
            model_name='indicator',
            name='higher_is_better',
            field=models.BooleanField(default=True, help_text='Untick where the goal is to bring the value down, e.g. waiting times.', verbose_name='a higher value is better'),
        ),
        migrations.AddField(
            model_name='indicator',
            name='target_value',
            field=models.DecimalField(blank=True, decimal_places=4, max_digits=14, null=True, verbose_name='target as a number'),
        ),
        migrations.AddField(
            model_name='indicator',
            name='lineage',
            field=models.UUIDField(db_index=True, default=uuid.uuid4, editable=False, null=True),
        ),
        migrations.RunPython(give_lineages, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='indicator',
            constraint=models.UniqueConstraint(fields=('version', 'lineage'), name='indicator_lineage_once'),
        ),
        migrations.AddConstraint(
            model_name='action',
            constraint=models.UniqueConstraint(fields=('version', 'lineage'), name='action_lineage_once'),
        ),
        migrations.RunPython(create_guards, drop_guards),
    ]
