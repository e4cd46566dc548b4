"""An action keeps its identity from one version to the next, and its follow-up with it."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from apps.core import db_guards
from apps.followup import selectors, services
from apps.followup.models import ProgressStatus
from apps.organisations.models import RoleAssignment, RoleLevel
from apps.strategies import services as strategy_services
from apps.strategies.models import Action, Goal, Indicator
from tests.factories import VersionFactory
from tests.obligations.factories import ActionFactory, today

from .conftest import adopt_next_version

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "apps.strategies.migrations.0005_followup_links_lineage_numeric_targets"
)


def _reword(title, new_title):
    def change(draft):
        action = Action.objects.get(version=draft, title=title)
        strategy_services.content_item_save(
            version=draft,
            actor=action_owner(draft),
            model=Action,
            instance=action,
            data={"title": new_title},
        )

    return change


def action_owner(draft):
    return (
        RoleAssignment.objects.filter(
            organisation=draft.strategy.organisation, role_level=RoleLevel.COMMUNICATIONS
        )
        .first()
        .user
    )


def _remove(title):
    def change(draft):
        action = Action.objects.get(version=draft, title=title)
        strategy_services.content_item_delete(
            version=draft, actor=action_owner(draft), instance=action
        )

    return change


def test_a_new_draft_keeps_each_action_s_lineage(world):
    draft = strategy_services.version_new_draft(
        source=world.adopted, actor=world[RoleLevel.COMMUNICATIONS]
    )

    def lineages(version):
        return dict(Action.objects.filter(version=version).values_list("title", "lineage"))

    assert lineages(draft) == lineages(world.adopted)
    assert None not in lineages(draft).values()


def test_progress_carries_over_to_the_next_adopted_version_with_a_reworded_title(
    client, world, overdue_action
):
    services.action_progress_record(
        action=overdue_action,
        actor=world[RoleLevel.LEADER],
        status=ProgressStatus.IN_PROGRESS,
        percent=50,
        text="Halvvejs.",
    )

    newer = adopt_next_version(
        world, change=_reword("Skilte i borgerservice", "Tydelige skilte i borgerservice")
    )

    carried = Action.objects.get(version=newer, lineage=overdue_action.lineage)
    assert carried.title == "Tydelige skilte i borgerservice"
    current = {
        a.title: (a.progress_status, a.progress_percent)
        for a in selectors.version_actions(newer, today())
    }
    assert current["Tydelige skilte i borgerservice"] == ("in_progress", 50)
    assert [u.text for u in selectors.history(carried)] == ["Halvvejs."]
    # And the leader records on the new version from here on.
    client.force_login(world[RoleLevel.LEADER])
    response = client.post(
        reverse("followup:action_progress", args=[carried.pk]), {"status": "done"}
    )
    assert response.status_code == 302
    assert [u.status for u in selectors.history(carried)] == ["done", "in_progress"]


def test_a_removed_action_s_history_stays_readable_under_the_version_that_had_it(
    client, world, overdue_action
):
    services.action_progress_record(
        action=overdue_action,
        actor=world[RoleLevel.LEADER],
        status=ProgressStatus.CANCELLED,
        text="Opgivet: bygningen lukker.",
    )
    newer = adopt_next_version(world, change=_remove("Skilte i borgerservice"))
    client.force_login(world[RoleLevel.EMPLOYEE])

    old_page = client.get(reverse("followup:version", args=[world.adopted.pk]))
    new_page = client.get(reverse("followup:version", args=[newer.pk]))
    action_page = client.get(reverse("followup:action", args=[overdue_action.pk]))

    assert "Skilte i borgerservice" in [a.title for a in old_page.context["actions"]]
    assert "Skilte i borgerservice" not in [a.title for a in new_page.context["actions"]]
    assert "Opgivet: bygningen lukker." in action_page.content.decode()


@pytest.mark.parametrize(
    ("model", "column", "value"),
    [
        (Action, "lineage", "00000000-0000-0000-0000-000000000001"),
        (Action, "goal_id", None),
        (Indicator, "target_value", 42),
        (Indicator, "baseline_value", 1),
    ],
)
def test_the_database_refuses_to_change_the_new_columns_of_an_adopted_version(
    world, model, column, value
):
    draft = VersionFactory(strategy=world.strategy, number=50)
    goal = Goal.objects.create(version=draft, title="Mål")
    row = (
        ActionFactory(version=draft, goal=goal)
        if model is Action
        else Indicator.objects.create(version=draft, goal=goal, name="Andel")
    )
    type(draft).objects.filter(pk=world.adopted.pk).update(status="superseded")
    type(draft).objects.filter(pk=draft.pk).update(
        status="adopted", adopted_on=today(), adopted_by="Byrådet", case_reference="1"
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=row.pk).update(**{column: value})


def test_the_migration_gives_an_action_copied_from_an_older_draft_the_same_lineage(world):
    first = VersionFactory(strategy=world.strategy, number=60)
    second = VersionFactory(strategy=world.strategy, number=61, based_on=first)
    ActionFactory(version=first, title="Fælles")
    ActionFactory(version=first, title="Kun i den første")
    ActionFactory(version=second, title="Fælles")
    ActionFactory(version=second, title="Ny")
    Action.objects.filter(version__in=[first, second]).update(lineage=None)
    # As the migration runs it: with the guards down (it runs over every version, decided
    # ones too). Not with 0003's own drop, which later tables' triggers outgrew: on
    # PostgreSQL the triggers are switched off for this session (the test runs as a
    # superuser), on SQLite dropped and put back as they are now.
    with connection.cursor() as cursor:
        editor = SimpleNamespace(connection=connection, execute=cursor.execute)
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
            migration.give_lineages(django_apps, editor)
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")
        else:
            db_guards.sqlite_drop_all(editor)
            migration.give_lineages(django_apps, editor)
            db_guards.sqlite_reinstall(editor)

    def lineage(version, title):
        return Action.objects.get(version=version, title=title).lineage

    assert lineage(first, "Fælles") == lineage(second, "Fælles")
    assert (
        len({lineage(first, "Kun i den første"), lineage(second, "Ny"), lineage(first, "Fælles")})
        == 3
    )
