"""The scheduled run: check-ins due and overdue (escalated to the leaders' manager),
reviews near and periods ended; once each, however often it runs."""

import datetime

import pytest

from apps.notifications import schedule
from apps.notifications.models import Kind, Notification
from apps.obligations.models import CheckIn, quarter_start
from apps.obligations.selectors import obligation_index
from apps.obligations.signals import STRUCTURE, generations_raise
from tests.factories import StrategyFactory, VersionFactory, mark_adopted

pytestmark = pytest.mark.django_db

Q4 = datetime.date(2026, 10, 1)
Q4_END = datetime.date(2026, 12, 31)


@pytest.fixture
def adopted(draft):
    version = mark_adopted(draft)
    generations_raise(STRUCTURE, pk=draft.strategy.organisation_id)
    return version


def told(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("user__email", flat=True))


def test_check_ins_are_asked_for_two_weeks_before_the_quarter_ends_once(people, adopted):
    organisation = adopted.strategy.organisation

    schedule.check_ins(organisation, Q4_END - datetime.timedelta(days=15))
    early = told(Kind.CHECK_IN_DUE)
    schedule.check_ins(organisation, Q4_END - datetime.timedelta(days=14))
    schedule.check_ins(organisation, Q4_END - datetime.timedelta(days=3))

    assert early == []
    assert told(Kind.CHECK_IN_DUE) == ["leader@kommune.example.dk"]
    assert Notification.objects.get(kind=Kind.CHECK_IN_DUE).data["date"] == "2026-12-31"


def test_a_unit_that_has_checked_in_is_not_reminded(people, adopted):
    organisation = adopted.strategy.organisation
    for obligation in obligation_index(organisation).obligations:
        CheckIn.objects.create(
            organisation=organisation,
            unit=people["workplace"],
            strategy_id=obligation.strategy_id,
            role_level=obligation.role_level,
            text_hash=obligation.text_hash,
            text=obligation.text,
            version=adopted,
            period=Q4,
            status="on_track",
        )

    schedule.check_ins(organisation, Q4_END - datetime.timedelta(days=5))

    assert told(Kind.CHECK_IN_DUE) == []


def test_missing_check_ins_are_overdue_after_the_quarter_and_escalate_to_the_manager(
    people, adopted
):
    organisation = adopted.strategy.organisation

    schedule.check_ins(organisation, datetime.date(2027, 1, 4))
    schedule.check_ins(organisation, datetime.date(2027, 1, 5))

    assert told(Kind.CHECK_IN_OVERDUE) == ["leader@kommune.example.dk"]
    assert told(Kind.CHECK_IN_ESCALATED) == ["centre@kommune.example.dk"]
    escalation = Notification.objects.get(kind=Kind.CHECK_IN_ESCALATED)
    assert escalation.data["unit"] == "Borgerservice"
    assert quarter_start(datetime.date.fromisoformat(escalation.data["date"])) == Q4


def test_reviews_near_and_ended_periods_tell_the_communications_department(organisation, people):
    today = datetime.date(2026, 12, 1)
    near = mark_adopted(
        VersionFactory(
            strategy=StrategyFactory(organisation=organisation, title="Sociale medier"),
            review_due=today + datetime.timedelta(days=20),
        )
    )
    ended = mark_adopted(
        VersionFactory(
            strategy=StrategyFactory(organisation=organisation, title="Presse"),
            valid_until=today - datetime.timedelta(days=1),
        )
    )
    mark_adopted(
        VersionFactory(
            strategy=StrategyFactory(organisation=organisation, title="Klart sprog"),
            review_due=today + datetime.timedelta(days=90),
        )
    )

    schedule.reviews(organisation, today)
    schedule.reviews(organisation, today)

    assert told(Kind.REVIEW_NEAR) == ["communications@kommune.example.dk"]
    assert told(Kind.PERIOD_ENDED) == ["communications@kommune.example.dk"]
    assert Notification.objects.get(kind=Kind.REVIEW_NEAR).object_id == near.pk
    assert Notification.objects.get(kind=Kind.PERIOD_ENDED).object_id == ended.pk


def test_the_scan_makes_up_for_an_adoption_whose_task_was_lost(people, draft):
    version = mark_adopted(draft, adopted_on=datetime.date(2026, 11, 25))

    schedule.lost_adoptions(datetime.date(2026, 12, 1))

    assert sorted(
        Notification.objects.filter(
            kind=Kind.OBLIGATIONS_CHANGED, object_id=version.pk
        ).values_list("user__email", flat=True)
    ) == ["employee@kommune.example.dk", "leader@kommune.example.dk"]
