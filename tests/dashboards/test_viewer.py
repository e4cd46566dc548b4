"""roles.viewer_for: the person's roles in one hand-written query, given as the ORM
would give them (apps/dashboards/roles.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.dashboards import freshness, roles
from apps.obligations.models import FollowUpCounter
from apps.organisations.models import Organisation, RoleAssignment, RoleLevel
from tests.factories import OrganisationFactory
from tests.obligations.factories import person

pytestmark = pytest.mark.django_db


def _counter(organisation, kind, scope_id, value):
    FollowUpCounter.objects.update_or_create(
        organisation=organisation, kind=kind, scope_id=scope_id, defaults={"value": value}
    )


def test_the_viewer_holds_the_roles_with_their_units_and_organisation_as_stored(world):
    leader = world[RoleLevel.LEADER]
    person(world.organisation, RoleLevel.POLITICIAN, user=leader)

    with CaptureQueriesContext(connection) as queries:
        viewer = roles.viewer_for(leader)
        units = [a.unit for a in viewer.assignments]
        organisations = {a.organisation for a in viewer.assignments}

    assert len(queries) == 1
    stored = list(
        RoleAssignment.objects.filter(user=leader).select_related("unit", "organisation")
        .order_by("pk")
    )
    assert [a.pk for a in viewer.assignments] == [a.pk for a in stored]
    for mine, theirs in zip(viewer.assignments, stored, strict=True):
        assert mine.__dict__.keys() - set(freshness.NAMES) == theirs.__dict__.keys()
        for name in ("role_level", "unit_id", "created_at", "title", "source"):
            assert getattr(mine, name) == getattr(theirs, name)
    assert units == [a.unit for a in stored]  # the workplace, and none for the politician
    assert units[0].kind == world.workplace.kind and units[0].path == world.workplace.path
    assert organisations == {world.organisation}
    stored_organisation = Organisation.objects.get(pk=world.organisation.pk)
    assert viewer.organisation.created_at == stored_organisation.created_at
    assert viewer.organisation.primary_colour == stored_organisation.primary_colour
    assert viewer.dashboards == [roles.Dashboard.POLITICIAN, roles.Dashboard.LEADER]


def _counters(assignment) -> tuple:
    return tuple(getattr(assignment, name) for name in freshness.NAMES)


def test_the_viewer_carries_the_counters_of_the_person_the_unit_and_the_organisation(world):
    leader = world[RoleLevel.LEADER]
    kind = FollowUpCounter.Kind
    _counter(world.organisation, kind.PERSON, leader.pk, 7)
    _counter(world.organisation, kind.UNIT, world.workplace.pk, 5)
    _counter(world.organisation, kind.UNIT_CHECK_INS, world.workplace.pk, 2)
    _counter(world.organisation, kind.ORGANISATION, 0, 11)
    _counter(world.organisation, kind.UNIT, world.centre.pk, 3)  # another unit's
    _counter(world.organisation, kind.UNIT_CHECK_INS, world.centre.pk, 13)

    (assignment,) = roles.viewer_for(leader).assignments

    assert (assignment.followup_person, assignment.followup_unit,
            assignment.followup_check_ins, assignment.followup_organisation) == (7, 5, 2, 11)


def test_counters_not_written_yet_are_nought(world):
    FollowUpCounter.objects.all().delete()

    (assignment,) = roles.viewer_for(world[RoleLevel.EMPLOYEE]).assignments

    assert _counters(assignment) == (0, 0, 0, 0)


def test_a_person_of_two_organisations_is_seen_in_the_first_by_name(world):
    employee = world[RoleLevel.EMPLOYEE]
    first = OrganisationFactory(name="Aabenraa Kommune")
    person(first, RoleLevel.EXECUTIVE_BOARD, user=employee)

    viewer = roles.viewer_for(employee)

    assert viewer.organisation == first
    assert [a.role_level for a in viewer.assignments] == [RoleLevel.EXECUTIVE_BOARD]


def test_a_person_without_roles_has_no_organisation(db):
    from tests.factories import UserFactory

    viewer = roles.viewer_for(UserFactory())

    assert viewer.organisation is None
    assert viewer.assignments == []
