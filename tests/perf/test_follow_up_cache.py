"""The follow-up and the obligation index are kept between requests, and never served
stale: every change a dashboard shows gives a new stamp, so they are built again."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.obligations import selectors, services
from apps.obligations.models import CheckInStatus, quarter_start
from apps.organisations.models import RoleLevel
from tests.factories import UnitFactory
from tests.obligations.factories import adopted_strategy, build_world, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(organisation):
    return build_world(organisation)


def _follow_up(organisation):
    today = timezone.localdate()
    return selectors.follow_up(organisation, period=quarter_start(today), today=today)


def _first_open(user, organisation):
    return next(
        s.obligation for s in selectors.obligations_for_user(user, organisation)
        if not s.acknowledged
    )


def test_a_second_follow_up_of_unchanged_rows_is_one_query(world):
    first = _follow_up(world.organisation)

    with CaptureQueriesContext(connection) as queries:
        second = _follow_up(world.organisation)

    assert second is first
    assert len(queries) == 1


def test_an_acknowledgement_shows_in_the_next_follow_up(world):
    employee = world[RoleLevel.EMPLOYEE]
    before = _follow_up(world.organisation).total.acknowledged
    obligation = _first_open(employee, world.organisation)

    services.acknowledgement_create(
        user=employee, organisation=world.organisation,
        strategy_id=obligation.strategy_id, text_hash=obligation.text_hash,
    )

    assert _follow_up(world.organisation).total.acknowledged == before + 1


def test_a_check_in_and_a_changed_check_in_show_in_the_next_follow_up(world):
    leader = world[RoleLevel.LEADER]
    obligation = next(iter(selectors.obligations_for_leader(
        leader, world.workplace, index=selectors.obligation_index(world.organisation),
        assignments=selectors.assignments_of(leader, world.organisation),
        period=quarter_start(timezone.localdate()),
    ))).obligation

    def record(status):
        services.checkin_record(
            leader=leader, unit=world.workplace, strategy_id=obligation.strategy_id,
            text_hash=obligation.text_hash, status=status,
        )
        return _follow_up(world.organisation).check_ins[world.workplace.pk].by_status

    assert record(CheckInStatus.ON_TRACK)[CheckInStatus.ON_TRACK] == 1
    assert record(CheckInStatus.NEEDS_ATTENTION)[CheckInStatus.NEEDS_ATTENTION] == 1


def test_a_new_person_and_a_new_unit_show_in_the_next_follow_up(world):
    before = _follow_up(world.organisation)
    team = UnitFactory(organisation=world.organisation, parent=world.workplace, name="Team")

    person(world.organisation, RoleLevel.EMPLOYEE, team)

    after = _follow_up(world.organisation)
    assert after.total.people == before.total.people + 1
    assert after.coverage[team.pk].people == 1


def test_a_newly_adopted_strategy_adds_its_obligations_to_the_index(world):
    employee = world[RoleLevel.EMPLOYEE]
    before = len(selectors.obligations_for_user(employee, world.organisation))

    adopted_strategy(world.organisation, title="Ny strategi",
                     duties={RoleLevel.EMPLOYEE: ["Læse den nye strategi"]})

    assert len(selectors.obligations_for_user(employee, world.organisation)) == before + 1


def test_a_follow_up_built_from_older_rows_is_let_go(world):
    employee = world[RoleLevel.EMPLOYEE]
    first = _follow_up(world.organisation)
    obligation = _first_open(employee, world.organisation)
    services.acknowledgement_create(
        user=employee, organisation=world.organisation,
        strategy_id=obligation.strategy_id, text_hash=obligation.text_hash,
    )

    second = _follow_up(world.organisation)

    kept = list(selectors._follow_ups.values.values())
    assert second in kept
    assert first not in kept
