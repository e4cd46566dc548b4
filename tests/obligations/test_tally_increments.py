"""A new acknowledgement is counted into the person's tallies (tallies.acknowledgement_added)
instead of recomputing them: the rows come out as a rebuild makes them, and only the
units where the person owes the obligation count it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.obligations import selectors, services, tallies
from apps.obligations.models import Acknowledgement, FollowUpCounter, PersonTally, quarter_start
from apps.organisations.models import RoleLevel
from tests.obligations.factories import build_world, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(organisation):
    world = build_world(organisation)
    # The workplace's leader is also on the communications unit's staff: an
    # obligation of one role counts under that role's units only.
    person(organisation, RoleLevel.EMPLOYEE, world.comms_unit, user=world[RoleLevel.LEADER])
    tallies.ensure(organisation, quarter_start(timezone.localdate()))
    return world


def _rows(world, user) -> dict:
    return {
        row.unit_id: (row.required, row.acknowledged, row.holds_role)
        for row in PersonTally.objects.filter(organisation=world.organisation, user=user)
    }


def _rebuilt(world, user) -> dict:
    tallies.forget(world.organisation.pk)
    tallies.ensure(world.organisation, quarter_start(timezone.localdate()))
    return _rows(world, user)


def _acknowledge(world, user, obligation):
    with CaptureQueriesContext(connection) as queries:
        services.acknowledgement_create(
            user=user, organisation=world.organisation, strategy_id=obligation.strategy_id,
            text_hash=obligation.text_hash,
        )
    return [q["sql"] for q in queries.captured_queries]


def _leaders_duty(world):
    index = selectors.obligation_index(world.organisation)
    return index.for_assignments([(RoleLevel.LEADER, world.workplace.pk)])[0]


def test_a_new_acknowledgement_is_counted_where_the_person_owes_it_and_nowhere_else(world):
    leader = world[RoleLevel.LEADER]
    before = _rows(world, leader)

    sql = _acknowledge(world, leader, _leaders_duty(world))

    after = _rows(world, leader)
    counted = {unit for unit in after if after[unit][1] != before[unit][1]}
    # The leader's duty binds them in the workplace and counts there, in the centre
    # above it and in the whole organisation; not under the communications unit.
    assert counted == {world.workplace.pk, world.centre.pk, None}
    assert all(after[unit][1] == before[unit][1] + 1 for unit in counted)
    assert after == _rebuilt(world, leader)
    # Counted in: the person's rows are neither read nor written again.
    assert not [q for q in sql if q.startswith('DELETE FROM "obligations_persontally"')]
    assert not [q for q in sql if q.startswith('INSERT INTO "obligations_persontally"')]


def test_an_acknowledgement_taken_back_is_recomputed(world):
    leader = world[RoleLevel.LEADER]
    duty = _leaders_duty(world)
    before = _rows(world, leader)
    _acknowledge(world, leader, duty)

    Acknowledgement.objects.get(user=leader, text_hash=duty.text_hash).delete()

    assert _rows(world, leader) == before == _rebuilt(world, leader)


def test_an_acknowledgement_while_the_tallies_are_out_of_date_leaves_them_to_the_rebuild(
    world
):
    leader = world[RoleLevel.LEADER]
    tallies.forget(world.organisation.pk)
    before = _rows(world, leader)
    person_counter = FollowUpCounter.objects.filter(
        organisation=world.organisation, kind=FollowUpCounter.Kind.PERSON, scope_id=leader.pk
    )
    raised_before = person_counter.values_list("value", flat=True).first() or 0

    _acknowledge(world, leader, _leaders_duty(world))

    # Not counted into rows about to be rebuilt, but the writer's next page shows it.
    assert _rows(world, leader) == before
    assert person_counter.get().value == raised_before + 1
    rebuilt = _rebuilt(world, leader)
    assert rebuilt[world.workplace.pk][1] == before[world.workplace.pk][1] + 1
