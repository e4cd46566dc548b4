"""The follow-up's trends over the last four quarters: actions done against overdue and
indicators against target, each as it stood on the quarter's last day."""

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.dashboards.trends import last_quarters
from apps.followup import services, trends
from apps.followup.models import PeriodKind, ProgressStatus
from apps.followup.periods import period_label
from apps.organisations.models import RoleLevel
from apps.strategies import services as strategy_services
from apps.strategies.models import Action
from tests.followup.conftest import adopt_next_version
from tests.obligations.factories import grow, today

pytestmark = pytest.mark.django_db


def _noon(day: datetime.date):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _record_on(day, **kwargs):
    """A progress update written on `day` (the row's timestamp is set on creation)."""
    with mock.patch("django.utils.timezone.now", return_value=_noon(day)):
        return services.action_progress_record(**kwargs)


@pytest.fixture
def quarters():
    return last_quarters(today())


@pytest.fixture
def planned(world, quarters):
    """Two actions of the communications unit, adopted: one due on the first quarter's
    first day, one due on the second quarter's last day."""
    (q1_start, _), (_, q2_end), *_rest = quarters

    def add(draft):
        for title, due in (("Ny intranetside", q1_start), ("Pressepolitik", q2_end)):
            strategy_services.content_item_save(
                version=draft, actor=draft.created_by, model=Action,
                data={"title": title, "owner_unit": world.comms_unit, "due_date": due},
            )

    version = adopt_next_version(world, change=add)
    return {a.title: a for a in Action.objects.filter(version=version)}


def _counts(world, within):
    return [
        (q.done, q.overdue, q.open)
        for q in trends.quarter_followup(world.organisation, today=today(), within=within)
    ]


def test_actions_are_counted_as_their_updates_left_them_at_each_quarter_s_end(
    world, quarters, planned
):
    comms = world[RoleLevel.COMMUNICATIONS]
    (_, q1_end), (_, q2_end), (q3_start, _), _q4 = quarters
    # Done on the second quarter's last day; the other at risk in the third.
    _record_on(q2_end, action=planned["Ny intranetside"], actor=comms,
               status=ProgressStatus.DONE)
    _record_on(q3_start, action=planned["Pressepolitik"], actor=comms,
               status=ProgressStatus.AT_RISK)

    assert _counts(world, world.comms_unit) == [
        (0, 1, 1),  # Q1: the first overdue, the second not yet due
        (1, 0, 1),  # Q2: the first done that day, the second due that day (not past it)
        (1, 1, 0),  # Q3: the second past its due date and at risk: overdue
        (1, 1, 0),
    ]
    assert _counts(world, world.workplace) != _counts(world, world.comms_unit)


def test_an_update_written_after_a_quarter_does_not_change_that_quarter(
    world, quarters, planned
):
    comms = world[RoleLevel.COMMUNICATIONS]
    _record_on(today(), action=planned["Ny intranetside"], actor=comms,
               status=ProgressStatus.CANCELLED)

    # The first overdue in every past quarter; cancelled today, it is no longer counted
    # (neither done, overdue nor open) in the quarter under way.
    assert _counts(world, world.comms_unit) == [(0, 1, 1), (0, 1, 1), (0, 2, 0), (0, 1, 0)]


def test_indicators_are_held_against_the_target_with_the_value_of_each_quarter(
    world, measured, quarters
):
    comms = world[RoleLevel.COMMUNICATIONS]
    label = [period_label(PeriodKind.QUARTER, start) for start, _end in quarters]
    # Target 80, baseline 50: 58 is off track, 70 at risk, 85 on track.
    for period, value in ((label[0], "58"), (label[2], "70"), (label[3], "85")):
        services.measurement_record(
            indicator=measured, actor=comms, period=period, value=Decimal(value)
        )

    rows = trends.quarter_followup(world.organisation, today=today())

    assert [(q.on_track, q.at_risk, q.off_track, q.unmeasured) for q in rows] == [
        (0, 0, 1, 0), (0, 0, 1, 0), (0, 1, 0, 0), (1, 0, 0, 0),
    ]


def test_an_indicator_measured_only_later_has_no_status_in_the_earlier_quarters(
    world, measured, quarters
):
    services.measurement_record(
        indicator=measured, actor=world[RoleLevel.COMMUNICATIONS],
        period=period_label(PeriodKind.QUARTER, quarters[3][0]), value=Decimal("85"),
    )

    rows = trends.quarter_followup(world.organisation, today=today())

    assert [q.unmeasured for q in rows] == [1, 1, 1, 0]


def test_the_executive_dashboard_draws_both_series_with_a_table(
    client, world, measured, quarters
):
    services.measurement_record(
        indicator=measured, actor=world[RoleLevel.COMMUNICATIONS],
        period=period_label(PeriodKind.QUARTER, quarters[3][0]), value=Decimal("85"),
    )
    client.force_login(world[RoleLevel.EXECUTIVE_BOARD])

    page = client.get(reverse("dashboards:executive")).content.decode()

    assert 'id="trend-actions-desc"' in page and 'id="trend-indicators-desc"' in page
    assert "Actions and indicators at the end of each of the last four quarters" in page


def test_the_follow_up_trends_take_four_queries_however_many_rows(
    world, measured, quarters, django_assert_num_queries
):
    comms = world[RoleLevel.COMMUNICATIONS]
    action = Action.objects.get(version=measured.version, title="Skilte i borgerservice")
    with django_assert_num_queries(4):
        trends.quarter_followup(world.organisation, today=today())
    for start, end in quarters:
        services.measurement_record(
            indicator=measured, actor=comms,
            period=period_label(PeriodKind.QUARTER, start), value=Decimal("70"),
        )
        _record_on(end, action=action, actor=comms,
                   status=ProgressStatus.IN_PROGRESS)
    grow(world, 3)

    with django_assert_num_queries(4):
        trends.quarter_followup(world.organisation, today=today())
    with django_assert_num_queries(4):
        trends.quarter_followup(world.organisation, today=today(), within=world.centre)
