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


def test_the_language_switcher_offers_nynorsk(client, organisation, member_of):
    client.force_login(member_of(organisation, RoleLevel.EMPLOYEE))

    response = client.get(reverse("strategies:list"))

    assert '<option value="nn" lang="nn">Norsk nynorsk</option>' in response.text


def test_a_person_who_picked_nynorsk_gets_pages_in_nynorsk(client, organisation, member_of):
    user = member_of(organisation, RoleLevel.EMPLOYEE, user=UserFactory(preferred_language="da"))
    client.force_login(user)

    client.post(reverse("accounts:set_language"), {"language": "nn", "next": "/strategies/"})
    response = client.get(reverse("strategies:list"))

    user.refresh_from_db()
    assert user.preferred_language == "nn"
    assert response.headers["Content-Language"] == "nn"
    assert '<html lang="nn">' in response.text
    assert "Det finst ingen strategiar enno." in response.text
    assert "Tilgjengelegheitserklæring" in response.text


def test_people_of_a_nynorsk_municipality_get_nynorsk_by_default(client, db, member_of):
    nynorsk = OrganisationFactory(country="NO", language="nn", council_name="Kommunestyret")
    person = UserFactory(preferred_language="")
    client.force_login(member_of(nynorsk, RoleLevel.EMPLOYEE, user=person))

    response = client.get(reverse("strategies:list"))

    assert '<html lang="nn">' in response.text
    assert "Logg ut" in response.text and "Hovudmeny" in response.text
