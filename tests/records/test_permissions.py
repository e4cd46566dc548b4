"""Who may correct the record: the communications department of the version's
organisation, on a decided version. Others get 403 where they see the version, 404
where they do not."""

import pytest
from django.urls import reverse

from apps.organisations.models import RoleLevel
from apps.records.models import RecordCorrection
from apps.strategies.models import StrategyVersion, VersionStatus
from tests.factories import OrganisationFactory, StrategyFactory, VersionFactory, mark_adopted

pytestmark = pytest.mark.django_db
S = VersionStatus
STATES = (S.DRAFT, S.PROPOSED, S.ADOPTED, S.SUPERSEDED)

#                      draft proposed adopted superseded
DECIDED_ONLY = (404, 404, 403, 403)
EXPECTED = {
    RoleLevel.COMMUNICATIONS: (403, 403, 302, 302),
    RoleLevel.EXECUTIVE_BOARD: (403, 403, 403, 403),
    RoleLevel.POLITICIAN: (404, 403, 403, 403),
    RoleLevel.CENTRE: DECIDED_ONLY,
    RoleLevel.WORKPLACE: DECIDED_ONLY,
    RoleLevel.LEADER: DECIDED_ONLY,
    RoleLevel.EMPLOYEE: DECIDED_ONLY,
}

POST = {"adopted_on": "2024-01-15", "adopted_by": "Byrådet", "case_reference": "24/9999",
        "adoption_note": "", "reason": "Tastefejl."}


def _version(organisation, state):
    version = VersionFactory(strategy=StrategyFactory(organisation=organisation), number=1)
    if state in (S.ADOPTED, S.SUPERSEDED):
        mark_adopted(version)
        if state == S.SUPERSEDED:
            StrategyVersion.objects.filter(pk=version.pk).update(status=S.SUPERSEDED)
    elif state != S.DRAFT:
        StrategyVersion.objects.filter(pk=version.pk).update(status=state)
    return version


def test_the_table_covers_every_role_level():
    assert set(EXPECTED) == set(RoleLevel.values)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role_level", RoleLevel.values)
def test_correct_the_record_permission_matrix(client, organisation, member_of, role_level,
                                              state):
    version = _version(organisation, state)
    client.force_login(member_of(organisation, role_level))
    response = client.post(reverse("records:correct", args=[version.pk]), POST)
    assert response.status_code == EXPECTED[role_level][STATES.index(state)]
    assert RecordCorrection.objects.exists() == (response.status_code == 302)


def test_another_organisations_communications_department_finds_no_record(
    client, organisation, member_of
):
    version = _version(organisation, S.ADOPTED)
    client.force_login(member_of(OrganisationFactory(), RoleLevel.COMMUNICATIONS))
    assert client.get(reverse("records:correct", args=[version.pk])).status_code == 404
    assert client.post(reverse("records:correct", args=[version.pk]), POST).status_code == 404


def test_only_those_who_may_correct_are_offered_it(client, organisation, member_of):
    version = _version(organisation, S.ADOPTED)
    url = reverse("strategies:version_detail", args=[version.pk])
    link = reverse("records:correct", args=[version.pk])
    client.force_login(member_of(organisation, RoleLevel.COMMUNICATIONS))
    assert link in client.get(url).content.decode()
    client.force_login(member_of(organisation, RoleLevel.EMPLOYEE))
    assert link not in client.get(url).content.decode()
