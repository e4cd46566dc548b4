from django.urls import reverse

from apps.organisations.models import RoleLevel
from tests.factories import OrganisationFactory, UserFactory


def test_interface_defaults_to_the_organisations_language(client, db, member_of):
    swedish = OrganisationFactory(country="SE", language="sv")
    person = UserFactory(preferred_language="")
    client.force_login(member_of(swedish, RoleLevel.EMPLOYEE, user=person))

    response = client.get(reverse("strategies:list"))

    assert response.headers["Content-Language"] == "sv"
    assert '<html lang="sv">' in response.text


def test_a_person_can_choose_another_language(client, organisation, member_of):
    user = member_of(organisation, RoleLevel.EMPLOYEE)
    client.force_login(user)

    client.post(reverse("accounts:set_language"), {"language": "en", "next": "/strategies/"})
    response = client.get(reverse("strategies:list"))

    user.refresh_from_db()
    assert user.preferred_language == "en"
    assert '<html lang="en">' in response.text


def test_unknown_language_is_refused_and_the_choice_kept(client, organisation, member_of):
    user = member_of(organisation, RoleLevel.EMPLOYEE, user=UserFactory(preferred_language="sv"))
    client.force_login(user)

    client.post(reverse("accounts:set_language"), {"language": "xx"})

    user.refresh_from_db()
    assert user.preferred_language == "sv"


def test_language_switch_never_redirects_to_another_site(client, organisation, member_of):
    client.force_login(member_of(organisation, RoleLevel.EMPLOYEE))

    response = client.post(
        reverse("accounts:set_language"), {"language": "da", "next": "https://evil.example/"}
    )

    assert response.url == reverse("home")
