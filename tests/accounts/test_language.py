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


def _language_options(html):
    import re

    menu = html.split('id="kompas-language-select"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option value="([^"]*)"[^>]*?( selected)?>([^<]*)</option>', menu)


def test_language_menu_names_every_language_in_itself(client, organisation, member_of):
    person = UserFactory(preferred_language="da")
    client.force_login(member_of(organisation, RoleLevel.EMPLOYEE, user=person))

    response = client.get(reverse("strategies:list"))

    names = {code: name for code, _selected, name in _language_options(response.text)}
    assert names["en"] == "English"
    assert names["da"] == "Dansk"
    assert names["sv"] == "Svenska"
    assert names["nb"] == "Norsk bokmål"


def test_language_menu_offers_the_organisations_language_chosen_when_no_own_choice(
    client, db, member_of
):
    swedish = OrganisationFactory(country="SE", language="sv")
    person = UserFactory(preferred_language="")
    client.force_login(member_of(swedish, RoleLevel.EMPLOYEE, user=person))

    response = client.get(reverse("strategies:list"))

    options = _language_options(response.text)
    assert options[0][0] == ""
    assert options[0][1] == " selected"
    assert "Svenska" in options[0][2]
    assert [code for code, selected, _name in options if selected] == [""]


def test_choosing_the_organisations_language_clears_the_own_choice(client, db, member_of):
    swedish = OrganisationFactory(country="SE", language="sv")
    person = member_of(swedish, RoleLevel.EMPLOYEE, user=UserFactory(preferred_language="en"))
    client.force_login(person)

    client.post(reverse("accounts:set_language"), {"language": "", "next": "/strategies/"})
    response = client.get(reverse("strategies:list"))

    person.refresh_from_db()
    assert person.preferred_language == ""
    assert '<html lang="sv">' in response.text


def test_english_dates_are_day_month_year_with_a_24_hour_clock():
    import datetime

    from django.utils import formats, translation

    moment = datetime.datetime(2026, 12, 1, 15, 49)  # noqa: DTZ001
    with translation.override("en"):
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "01/12/2026 15:49"
        assert formats.date_format(moment.date(), "DATE_FORMAT") == "1 December 2026"
        assert formats.date_format(datetime.date(2026, 9, 1), "DATE_FORMAT") == "1 September 2026"
        assert formats.date_format(moment, "DATETIME_FORMAT") == "1 December 2026, 15:49"
