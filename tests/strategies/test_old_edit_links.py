"""Old edit links of a version that is no longer a draft take the communications
department to the version's page, told why and offered a new draft (#15.12)."""

import pytest
from django.urls import reverse

from apps.organisations.models import RoleLevel
from apps.strategies.models import VersionStatus
from tests.factories import PrincipleFactory, StrategyFactory, VersionFactory, mark_adopted

pytestmark = pytest.mark.django_db


@pytest.fixture
def adopted(organisation):
    draft = VersionFactory(strategy=StrategyFactory(organisation=organisation), number=1)
    PrincipleFactory(version=draft)
    return mark_adopted(draft)


def _old_links(version):
    principle = version.principles.get()
    return [
        reverse("strategies:version_edit", args=[version.pk]),
        reverse("strategies:item_add", args=[version.pk, "principle"]),
        reverse("strategies:item_edit", args=[version.pk, "principle", principle.pk]),
        reverse("strategies:item_delete", args=[version.pk, "principle", principle.pk]),
    ]


@pytest.mark.parametrize("link", range(4), ids=["edit", "item_add", "item_edit", "item_delete"])
def test_an_old_edit_link_of_an_adopted_version_shows_the_version_with_a_new_draft(
        client, organisation, member_of, adopted, link):
    client.force_login(member_of(organisation, RoleLevel.COMMUNICATIONS))

    response = client.get(_old_links(adopted)[link], follow=True)

    assert response.redirect_chain == [
        (reverse("strategies:version_detail", args=[adopted.pk]), 302)
    ]
    page = response.content.decode()
    assert "stays as it was decided, so it cannot be edited" in page
    assert "start a new draft from this version" in page
    assert reverse("strategies:version_new_draft", args=[adopted.pk]) in page
    assert "Ask the communications department" not in page


def test_an_old_edit_link_of_a_version_in_consultation_says_only_a_draft_can_be_changed(
        client, organisation, member_of):
    version = VersionFactory(strategy=StrategyFactory(organisation=organisation),
                             status=VersionStatus.CONSULTATION)
    client.force_login(member_of(organisation, RoleLevel.COMMUNICATIONS))

    response = client.get(reverse("strategies:version_edit", args=[version.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse(
        "strategies:version_detail", args=[version.pk]
    )
    assert "so it can no longer be edited. Only a draft can be changed." in (
        response.content.decode()
    )


def test_the_explanation_is_in_the_persons_language(client, organisation, member_of, adopted):
    person = member_of(organisation, RoleLevel.COMMUNICATIONS)
    person.preferred_language = "da"
    person.save()
    client.force_login(person)

    response = client.get(reverse("strategies:version_edit", args=[adopted.pk]), follow=True)

    assert "Start et nyt udkast ud fra denne version" in response.content.decode()


def test_a_draft_still_opens_in_the_editor(client, organisation, member_of):
    draft = VersionFactory(strategy=StrategyFactory(organisation=organisation))
    client.force_login(member_of(organisation, RoleLevel.COMMUNICATIONS))

    response = client.get(reverse("strategies:version_edit", args=[draft.pk]))

    assert response.status_code == 200


def test_a_leader_opening_the_edit_link_is_still_refused(client, organisation, member_of,
                                                         adopted):
    client.force_login(member_of(organisation, RoleLevel.LEADER))

    response = client.get(reverse("strategies:version_edit", args=[adopted.pk]))

    assert response.status_code == 403


def test_another_organisations_edit_link_is_still_not_found(client, other_organisation,
                                                            member_of, adopted):
    client.force_login(member_of(other_organisation, RoleLevel.COMMUNICATIONS))

    response = client.get(reverse("strategies:version_edit", args=[adopted.pk]))

    assert response.status_code == 404
