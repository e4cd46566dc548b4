"""visible_versions reads the direct foreign-key permission tables itself: for every
kind of person and every version state it answers what guardian's
get_objects_for_user answers (the reference below, as visible_versions was written
before), and a page that lists versions pays one small query for it."""

import datetime

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from guardian.shortcuts import get_objects_for_user

from apps.organisations.models import RoleLevel
from apps.strategies import permissions
from apps.strategies.models import FROZEN_STATUSES, Strategy, StrategyVersion, VersionStatus
from tests.factories import OrganisationFactory, StrategyFactory, UserFactory, VersionFactory

pytestmark = pytest.mark.django_db

S = VersionStatus
DECIDED = {
    S.ADOPTED: {"adopted_on": datetime.date(2024, 1, 15)},
    S.SUPERSEDED: {"adopted_on": datetime.date(2020, 1, 15)},
}


def _guardians_answer(user) -> set[int]:
    if not user.is_authenticated:
        return set()
    in_reach = Strategy.objects.filter(organisation__in=permissions.organisations_of(user))
    held = {
        perm: get_objects_for_user(
            user, perm, klass=in_reach, accept_global_perms=False, with_superuser=False
        ).values("pk")
        for perm in (permissions.VIEW, permissions.VIEW_DRAFT, permissions.COMMENT)
    }
    drafts_shown = (S.PROPOSED, S.CONSULTATION)
    return set(StrategyVersion.objects.filter(
        Q(status__in=FROZEN_STATUSES, strategy__in=held[permissions.VIEW])
        | Q(status__in=drafts_shown, strategy__in=held[permissions.VIEW_DRAFT])
        | Q(status__in=drafts_shown, strategy__in=held[permissions.COMMENT])
        | Q(status__in=(S.DRAFT, S.WITHDRAWN), strategy__in=held[permissions.VIEW_DRAFT])
    ).values_list("pk", flat=True))


@pytest.fixture
def people(organisation, member_of):
    other = OrganisationFactory(slug="naboby")
    for where in (organisation, other):
        for status in S.values:
            VersionFactory(
                strategy=StrategyFactory(organisation=where), number=1, status=status,
                **DECIDED.get(status, {}),
            )
    people = {level: member_of(organisation, level) for level in RoleLevel.values}
    invited = member_of(organisation, RoleLevel.EMPLOYEE)
    consultation = StrategyVersion.objects.get(
        strategy__organisation=organisation, status=S.CONSULTATION
    )
    permissions.grant_comment(invited, consultation.strategy)
    people["invited to comment"] = invited
    # Invited in the other organisation, where they hold no role: out of reach.
    permissions.grant_comment(
        invited,
        Strategy.objects.get(organisation=other, versions__status=S.CONSULTATION),
    )
    people["in both organisations"] = member_of(
        other, RoleLevel.COMMUNICATIONS, user=member_of(organisation, RoleLevel.POLITICIAN)
    )
    people["superuser without a role"] = UserFactory(is_superuser=True, is_staff=True)
    people["without a role"] = UserFactory()
    return people


def test_every_person_sees_the_versions_guardian_would_let_them_see(people):
    for name, user in people.items():
        mine = set(permissions.visible_versions(user).values_list("pk", flat=True))
        assert mine == _guardians_answer(user), name


def test_the_answer_differs_between_people(people):
    # The comparison above is no comparison of empty sets.
    seen = {
        name: permissions.visible_versions(user).count() for name, user in people.items()
    }
    assert seen["in both organisations"] > seen[RoleLevel.COMMUNICATIONS] > seen[
        "invited to comment"] > seen[RoleLevel.EMPLOYEE] > seen["without a role"] == 0


def test_the_versions_are_read_in_one_query(people):
    with CaptureQueriesContext(connection) as queries:
        list(permissions.visible_versions(people[RoleLevel.EXECUTIVE_BOARD]))
    assert len(queries) == 1
