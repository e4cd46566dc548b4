"""Actions of an adopted plan: due within a week and overdue tell the owner unit's
leaders, overdue escalates to their own manager; once per person and event, sent by
e-mail to a real SMTP server."""

import datetime

import pytest
from django.urls import reverse

from apps.followup import services as followup_services
from apps.followup.models import ProgressStatus
from apps.notifications import delivery, schedule
from apps.notifications.models import Kind, Notification
from apps.strategies.models import Action
from tests.factories import mark_adopted

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)


@pytest.fixture
def plan(draft, people):
    """The draft with three actions of Borgerservice, adopted: due in 7 days, due in
    8 days, and 3 days overdue."""
    for title, days in (("Ny hjemmeside", 7), ("Nyhedsbrev", 8), ("Skilte", -3)):
        Action.objects.create(
            version=draft, title=title, owner_unit=people["workplace"],
            due_date=TODAY + datetime.timedelta(days=days),
        )
    return mark_adopted(draft)


def told(kind):
    return sorted(
        (n.user.email, n.data["action"]) for n in Notification.objects.filter(kind=kind)
    )


def test_an_action_due_within_a_week_tells_the_owner_unit_s_leaders_once(people, plan):
    organisation = plan.strategy.organisation

    schedule.actions(organisation, TODAY)
    schedule.actions(organisation, TODAY + datetime.timedelta(days=1))

    assert told(Kind.ACTION_DUE) == [
        ("leader@kommune.example.dk", "Ny hjemmeside"),
        ("leader@kommune.example.dk", "Nyhedsbrev"),  # the next day it was within a week
    ]


def test_an_overdue_action_tells_the_leaders_and_escalates_to_their_manager_once(
    people, plan
):
    organisation = plan.strategy.organisation

    first = schedule.actions(organisation, TODAY)
    again = schedule.actions(organisation, TODAY)

    assert told(Kind.ACTION_OVERDUE) == [("leader@kommune.example.dk", "Skilte")]
    assert told(Kind.ACTION_ESCALATED) == [("centre@kommune.example.dk", "Skilte")]
    assert (first, again) == (3, 0)  # and the one due in 7 days


def test_an_action_reported_done_is_neither_due_nor_overdue(people, plan):
    for action in Action.objects.filter(version=plan):
        followup_services.action_progress_record(
            action=action, actor=people["communications"], status=ProgressStatus.DONE
        )

    assert schedule.actions(plan.strategy.organisation, TODAY) == 0


def test_a_new_version_of_the_plan_with_the_same_action_tells_nobody_again(people, plan):
    from apps.strategies.models import StrategyVersion, VersionStatus

    organisation = plan.strategy.organisation
    schedule.actions(organisation, TODAY)
    StrategyVersion.objects.filter(pk=plan.pk).update(status=VersionStatus.SUPERSEDED)
    successor = StrategyVersion.objects.create(
        strategy=plan.strategy, number=2, language=plan.language
    )
    for action in Action.objects.filter(version=plan):
        Action.objects.create(
            version=successor, title=action.title, owner_unit=action.owner_unit,
            due_date=action.due_date, lineage=action.lineage,
        )
    mark_adopted(successor)

    assert schedule.actions(organisation, TODAY) == 0


def test_the_overdue_action_arrives_by_mail_with_a_link_to_the_action(
    people, plan, smtp_server
):
    leader, centre = people["leader"], people["centre"]
    for user in (leader, centre):
        user.preferred_language = "da"
        user.save(update_fields=["preferred_language"])
    schedule.actions(plan.strategy.organisation, TODAY)
    later = delivery.digest_moment(
        datetime.datetime.now(datetime.UTC), "daily"
    ) + datetime.timedelta(days=1, minutes=1)

    delivery.send_due(now=later)
    delivery.send_due(now=later + datetime.timedelta(minutes=5))

    (to_leader,) = smtp_server.to(leader.email)  # one digest: due and overdue
    (to_centre,) = smtp_server.to(centre.email)
    skilte = Action.objects.get(version=plan, title="Skilte")
    link = f"https://kompas.example.dk{reverse('followup:action', args=[skilte.pk])}"
    assert link in to_leader.part("text/plain") and link in to_centre.part("text/plain")
    assert "Skilte, en indsats for Borgerservice" in to_leader.part("text/plain")
    assert "en enhed, du leder" in to_centre.subject
    assert to_centre.message["List-Unsubscribe"]
