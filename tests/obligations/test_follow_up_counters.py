"""The follow-up's counters (apps/obligations/tallies.py) that kept pages carry: a write
raises those of what it changes, and no others."""

import pytest

from apps.obligations import selectors, services
from apps.obligations.models import FollowUpCounter
from apps.organisations.models import RoleLevel
from tests.obligations.factories import build_world

pytestmark = pytest.mark.django_db

KIND = FollowUpCounter.Kind


@pytest.fixture
def world(organisation):
    return build_world(organisation)


def _counters(world) -> dict:
    return {
        (c.kind, c.scope_id): c.value
        for c in FollowUpCounter.objects.filter(organisation=world.organisation)
    }


def _raised(before: dict, after: dict) -> set:
    return {scope for scope, value in after.items() if value != before.get(scope, 0)}


def test_a_check_in_raises_its_units_own_check_ins_and_not_those_of_the_units_above(world):
    index = selectors.obligation_index(world.organisation)
    duty = index.for_assignments([(RoleLevel.LEADER, world.workplace.pk)])[0]
    leader = world[RoleLevel.LEADER]
    before = _counters(world)

    services.checkin_record(
        leader=leader, unit=world.workplace, strategy_id=duty.strategy_id,
        text_hash=duty.text_hash, status="on_track",
    )
    raised = _raised(before, _counters(world))

    assert (KIND.UNIT_CHECK_INS, world.workplace.pk) in raised
    assert (KIND.UNIT_CHECK_INS, world.centre.pk) not in raised
    assert {(KIND.UNIT, world.workplace.pk), (KIND.UNIT, world.centre.pk)} <= raised
    assert (KIND.PERSON, leader.pk) in raised  # the writer's next page shows it
    assert (KIND.ORGANISATION, 0) in raised


def test_an_acknowledgement_raises_no_units_check_ins(world):
    employee = world[RoleLevel.EMPLOYEE]
    duty = next(
        s.obligation for s in selectors.obligations_for_user(employee, world.organisation)
        if not s.acknowledged
    )
    before = _counters(world)

    services.acknowledgement_create(
        user=employee, organisation=world.organisation, strategy_id=duty.strategy_id,
        text_hash=duty.text_hash,
    )
    raised = _raised(before, _counters(world))

    assert (KIND.UNIT, world.workplace.pk) in raised
    assert (KIND.PERSON, employee.pk) in raised
    assert not {scope for scope in raised if scope[0] == KIND.UNIT_CHECK_INS}
