"""Trends over the last four quarters: acknowledgement share and check-in statuses,
computed from the timestamps as of each quarter's end."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.dashboards import trends
from apps.obligations import selectors, tallies
from apps.obligations.models import (
    Acknowledgement,
    CheckInStatus,
    QuarterFigures,
    quarter_start,
)
from apps.organisations.models import RoleLevel
from tests.obligations.factories import CheckInFactory, acknowledge_all, grow, today


def _at(day: datetime.date):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _quarters(world, within=None):
    # As a dashboard does before: the tallies are current for the quarter under way.
    tallies.ensure(world.organisation, quarter_start(today()))
    index = selectors.obligation_index(world.organisation)
    return trends.quarter_trends(world.organisation, today=today(), index=index, within=within)


def test_the_last_four_quarters_end_on_their_last_day_and_today():
    assert trends.last_quarters(datetime.date(2026, 12, 1)) == [
        (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)),
        (datetime.date(2026, 4, 1), datetime.date(2026, 6, 30)),
        (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30)),
        (datetime.date(2026, 10, 1), datetime.date(2026, 12, 1)),
    ]


def _acknowledged_in_three_quarters(world):
    """The employee's three acknowledgements dated on the first quarter's last day, the
    second quarter's first day and today."""
    employee = world[RoleLevel.EMPLOYEE]
    acknowledge_all(world.organisation, employee)
    (_first_start, first_end), (second_start, _), *_rest = trends.last_quarters(today())
    rows = list(Acknowledgement.objects.filter(user=employee).order_by("pk"))
    Acknowledgement.objects.filter(pk=rows[0].pk).update(acknowledged_at=_at(first_end))
    Acknowledgement.objects.filter(pk=rows[1].pk).update(acknowledged_at=_at(second_start))
    # rows[2] was acknowledged today.


def test_acknowledgement_share_counts_what_was_acknowledged_by_each_quarters_end(world):
    _acknowledged_in_three_quarters(world)

    quarters = _quarters(world)

    acknowledged = [q.coverage.acknowledged for q in quarters]
    assert acknowledged == [1, 2, 2, 3]
    assert len({q.coverage.required for q in quarters}) == 1


def test_check_in_statuses_are_counted_in_the_quarter_they_were_recorded(world):
    index = selectors.obligation_index(world.organisation)
    owed = [o for o in index.obligations if o.role_level == RoleLevel.LEADER]
    starts = [start for start, _end in trends.last_quarters(today())]

    def check_in(period, obligation, status):
        CheckInFactory(
            organisation=world.organisation, unit=world.workplace, period=period,
            strategy_id=obligation.strategy_id, text_hash=obligation.text_hash,
            text=obligation.text, role_level=obligation.role_level, version=world.adopted,
            status=status,
        )

    check_in(starts[0], owed[0], CheckInStatus.NOT_STARTED)
    check_in(starts[0], owed[1], CheckInStatus.NOT_STARTED)
    check_in(starts[2], owed[0], CheckInStatus.NEEDS_ATTENTION)
    check_in(starts[3], owed[0], CheckInStatus.ON_TRACK)
    check_in(starts[3], owed[1], CheckInStatus.NEEDS_ATTENTION)

    quarters = _quarters(world)

    assert [(q.on_track, q.needs_attention, q.not_started) for q in quarters] == [
        (0, 0, 2), (0, 0, 0), (0, 1, 0), (1, 1, 0),
    ]
    assert [q.recorded for q in _quarters(world, within=world.comms_unit)] == [0, 0, 0, 0]


def test_a_centres_trend_counts_only_the_people_in_it(world):
    whole = _quarters(world)[-1].coverage
    centre = _quarters(world, within=world.centre)[-1].coverage

    assert 0 < centre.people < whole.people


def test_executive_dashboard_shows_both_trend_charts_and_the_table(client, world):
    client.force_login(world[RoleLevel.EXECUTIVE_BOARD])

    response = client.get(reverse("dashboards:executive"))

    assert "Trends over the last four quarters" in response.text
    assert 'id="trend-acknowledgements-desc"' in response.text
    assert 'id="trend-check-ins-desc"' in response.text
    table = response.text.split('id="trends-caption"')[1].split("</table>")[0]
    assert len(re.findall(r"<th scope=\"row\">Q\d \d{4}</th>", table)) == 4
    assert " style=" not in response.text


def test_a_centre_managers_dashboard_shows_the_trends_and_a_workplace_leaders_does_not(
    client, world
):
    client.force_login(world[RoleLevel.CENTRE])
    centre = client.get(reverse("dashboards:leader"))
    client.force_login(world[RoleLevel.LEADER])
    leader = client.get(reverse("dashboards:leader"))

    assert "Trends over the last four quarters" in centre.text
    assert "Trends over the last four quarters" not in leader.text


def test_quarter_labels_are_translated(world):
    from django.utils import translation

    with translation.override("da"):
        label = _quarters(world)[-1].label

    assert not label.startswith("Q")


@pytest.mark.parametrize("within", [None, "centre"])
def test_trends_cost_the_same_queries_with_tenfold_data(world, within):
    unit = getattr(world, within) if within else None

    def measure():
        tallies.ensure(world.organisation, quarter_start(today()))
        index = selectors.obligation_index(world.organisation)
        with CaptureQueriesContext(connection) as queries:
            trends.trends_context(
                world.organisation, today=today(), index=index, colour="#004b87", within=unit
            )
        return len(queries)

    first = measure()  # works out and keeps the three ended quarters
    small = measure()
    QuarterFigures.objects.all().delete()
    grow(world, 9)
    first_again = measure()

    assert measure() == small == 3
    assert first_again == first == 8


def test_an_ended_quarter_is_kept_as_it_ended_and_the_current_one_moves(world):
    employee = world[RoleLevel.EMPLOYEE]
    before = _quarters(world)
    acknowledge_all(world.organisation, employee)
    (first_start, first_end), *_rest = trends.last_quarters(today())
    # Written late, with a time in the first quarter (as a correction might):
    Acknowledgement.objects.filter(user=employee).update(acknowledged_at=_at(first_end))
    tallies.forget(world.organisation.pk)

    after = _quarters(world)

    assert [q.coverage.acknowledged for q in after[:3]] == [
        q.coverage.acknowledged for q in before[:3]
    ]
    assert after[-1].coverage.acknowledged == before[-1].coverage.acknowledged + 3
    assert QuarterFigures.objects.filter(organisation=world.organisation).count() == 3


def test_the_kept_quarters_equal_a_computation_from_the_timestamps(world):
    _acknowledged_in_three_quarters(world)
    tallies.forget(world.organisation.pk)
    quarters = _quarters(world, within=world.centre)
    index = selectors.obligation_index(world.organisation)

    # The quarter under way too, worked out as if it had ended today: the tallies agree.
    computed = trends.ended_quarter_coverage(world.organisation, index, world.centre, quarters)

    assert [vars(q.coverage) for q in quarters] == [vars(computed[q.start]) for q in quarters]


def test_charts_draw_each_quarters_share_and_statuses_to_scale():
    from collections import Counter

    from apps.obligations.selectors import Coverage

    quarters = [
        trends.QuarterTrend(datetime.date(2026, 7, 1), datetime.date(2026, 9, 30),
                            Coverage(people=2, required=4, acknowledged=2),
                            Counter({CheckInStatus.ON_TRACK: 1, CheckInStatus.NOT_STARTED: 3})),
        trends.QuarterTrend(datetime.date(2026, 10, 1), datetime.date(2026, 12, 1),
                            Coverage(people=2, required=4, acknowledged=4),
                            Counter({CheckInStatus.ON_TRACK: 2})),
    ]

    coverage = trends.coverage_chart(quarters, "#004b87")
    check_ins = trends.check_in_chart(quarters)

    assert [row.segments[-1].width for row in coverage.rows] == [
        str(trends.BAR_MAX // 2), str(trends.BAR_MAX)
    ]
    assert [row.display for row in coverage.rows] == ["50 %", "100 %"]
    assert [[s.width for s in row.segments] for row in check_ins.rows] == [
        [str(trends.BAR_MAX // 4), str(3 * trends.BAR_MAX // 4)], [str(trends.BAR_MAX // 2)],
    ]
    assert [s.colour for s in check_ins.rows[0].segments] == [
        trends.STATUS_COLOURS[CheckInStatus.ON_TRACK],
        trends.STATUS_COLOURS[CheckInStatus.NOT_STARTED],
    ]


def test_the_beat_task_keeps_every_organisations_and_centres_ended_quarters_once(world):
    from apps.dashboards.tasks import dashboards_record_quarters

    written = dashboards_record_quarters()
    again = dashboards_record_quarters()
    kept = QuarterFigures.objects.filter(organisation=world.organisation)

    assert {row.scope_id for row in kept} >= {QuarterFigures.WHOLE, world.centre.pk}
    assert written == QuarterFigures.objects.count() and written % 3 == 0
    assert again == 0
    # What the task kept is what the dashboard shows for those quarters.
    with CaptureQueriesContext(connection) as queries:
        shown = _quarters(world, within=world.centre)
    assert not any("quarterfigures" in q["sql"] and "INSERT" in q["sql"]
                   for q in queries.captured_queries)
    by_quarter = {row.quarter: row for row in kept.filter(scope_id=world.centre.pk)}
    assert [q.coverage.acknowledged for q in shown[:3]] == [
        by_quarter[q.start].acknowledged for q in shown[:3]
    ]
