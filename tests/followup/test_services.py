import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.audit.models import AuditEvent
from apps.followup import services
from apps.followup.models import AppendOnlyError, ProgressStatus, ProgressUpdate
from apps.organisations.models import Organisation, RoleLevel
from apps.strategies.models import Action

pytestmark = pytest.mark.django_db


def test_recording_progress_keeps_the_adopted_text_as_it_was(world, overdue_action):
    before = Action.objects.filter(pk=overdue_action.pk).values().get()

    services.action_progress_record(
        action=overdue_action,
        actor=world[RoleLevel.LEADER],
        status=ProgressStatus.DONE,
        text="Skiltene er sat op.",
    )

    assert Action.objects.filter(pk=overdue_action.pk).values().get() == before


def test_progress_update_records_who_when_what_and_an_audit_row(world, overdue_action):
    leader = world[RoleLevel.LEADER]

    update = services.action_progress_record(
        action=overdue_action,
        actor=leader,
        status=ProgressStatus.IN_PROGRESS,
        percent=40,
        text="  Halvdelen af skiltene er bestilt.  ",
    )

    stored = ProgressUpdate.objects.get()
    assert (stored.author, stored.status, stored.percent, stored.text, stored.lineage) == (
        leader,
        "in_progress",
        40,
        "Halvdelen af skiltene er bestilt.",
        overdue_action.lineage,
    )
    assert stored.created_at is not None
    event = AuditEvent.objects.get(verb="action.progress")
    assert (event.actor, event.object_id, event.data["update"]) == (
        leader,
        overdue_action.pk,
        update.pk,
    )


def test_every_update_is_kept_and_none_can_be_changed_or_deleted(world, overdue_action):
    comms = world[RoleLevel.COMMUNICATIONS]
    first = services.action_progress_record(
        action=overdue_action, actor=comms, status=ProgressStatus.AT_RISK, text="Forsinket."
    )
    services.action_progress_record(action=overdue_action, actor=comms, status=ProgressStatus.DONE)

    first.text = "Omskrevet historie"
    with pytest.raises(AppendOnlyError):
        first.save()
    with pytest.raises(AppendOnlyError):
        first.delete()
    assert list(ProgressUpdate.objects.values_list("status", "text")) == [
        ("done", ""),
        ("at_risk", "Forsinket."),
    ]


@pytest.mark.parametrize("percent", [None, 60])
def test_done_is_counted_as_fully_done(world, overdue_action, percent):
    update = services.action_progress_record(
        action=overdue_action,
        actor=world[RoleLevel.LEADER],
        status=ProgressStatus.DONE,
        percent=percent,
    )

    assert update.percent == 100


@pytest.mark.parametrize(
    ("status", "percent", "field"),
    [("finished", None, "status"), ("in_progress", 101, "percent")],
)
def test_invalid_progress_is_refused_and_nothing_is_written(
    world, overdue_action, status, percent, field
):
    with pytest.raises(ValidationError) as error:
        services.action_progress_record(
            action=overdue_action,
            actor=world[RoleLevel.LEADER],
            status=status,
            percent=percent,
        )

    assert list(error.value.message_dict) == [field]
    assert ProgressUpdate.objects.count() == 0
    assert AuditEvent.objects.filter(verb="action.progress").count() == 0


def test_an_employee_cannot_record_progress(world, overdue_action):
    with pytest.raises(PermissionDenied):
        services.action_progress_record(
            action=overdue_action,
            actor=world[RoleLevel.EMPLOYEE],
            status=ProgressStatus.DONE,
        )

    assert ProgressUpdate.objects.count() == 0


def test_recording_progress_raises_the_content_generation(world, overdue_action):
    before = Organisation.objects.get(pk=world.organisation.pk).content_generation

    services.action_progress_record(
        action=overdue_action, actor=world[RoleLevel.LEADER], status=ProgressStatus.DONE
    )

    assert Organisation.objects.get(pk=world.organisation.pk).content_generation > before
