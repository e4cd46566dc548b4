import pytest
from django.urls import reverse

from apps.organisations.models import RoleLevel
from tests.factories import UserFactory
from tests.obligations.factories import build_world, person

LANDING = [
    (RoleLevel.COMMUNICATIONS, "dashboards:communications"),
    (RoleLevel.EXECUTIVE_BOARD, "dashboards:executive"),
    (RoleLevel.POLITICIAN, "dashboards:politician"),
    (RoleLevel.CENTRE, "dashboards:leader"),
    (RoleLevel.WORKPLACE, "dashboards:leader"),
    (RoleLevel.LEADER, "dashboards:leader"),
    (RoleLevel.EMPLOYEE, "dashboards:employee"),
]


@pytest.mark.parametrize(("role_level", "url_name"), LANDING)
def test_landing_page_opens_the_dashboard_of_the_role(client, world, role_level, url_name):
    client.force_login(world[role_level])

    response = client.get(reverse("dashboards:home"))

    assert response.status_code == 302
    assert response.url == reverse(url_name)


def test_person_with_several_roles_lands_on_the_widest_one(client, world):
    leader = world[RoleLevel.LEADER]
    person(world.organisation, RoleLevel.POLITICIAN, user=leader)
    client.force_login(leader)

    response = client.get(reverse("dashboards:home"))

    assert response.url == reverse("dashboards:politician")


def test_landing_page_remembers_the_dashboard_chosen_last(client, world):
    leader = world[RoleLevel.LEADER]
    person(world.organisation, RoleLevel.POLITICIAN, user=leader)
    client.force_login(leader)
    client.get(reverse("dashboards:leader"))

    response = client.get(reverse("dashboards:home"))

    assert response.url == reverse("dashboards:leader")


def test_switcher_links_every_dashboard_of_a_person_with_several_roles(client, world):
    leader = world[RoleLevel.LEADER]
    person(world.organisation, RoleLevel.EMPLOYEE, world.workplace, user=leader)
    client.force_login(leader)

    response = client.get(reverse("dashboards:leader"))

    assert 'class="kompas-switcher"' in response.text
    assert f'href="{reverse("dashboards:employee")}"' in response.text
    assert f'href="{reverse("dashboards:leader")}" aria-current="page"' in response.text


def test_person_with_one_role_sees_no_switcher(client, world):
    client.force_login(world[RoleLevel.EMPLOYEE])

    response = client.get(reverse("dashboards:employee"))

    assert 'class="kompas-switcher"' not in response.text


DASHBOARDS = ["leader", "employee", "politician", "executive", "communications"]
HOLDER = {
    "leader": RoleLevel.LEADER,
    "employee": RoleLevel.EMPLOYEE,
    "politician": RoleLevel.POLITICIAN,
    "executive": RoleLevel.EXECUTIVE_BOARD,
    "communications": RoleLevel.COMMUNICATIONS,
}


LEADING = {
    "leader": {RoleLevel.CENTRE, RoleLevel.WORKPLACE},
    "employee": set(),
    "politician": set(),
    "executive": set(),
    "communications": set(),
}


@pytest.fixture
def people(organisation):
    return build_world(organisation, content=False)


@pytest.mark.parametrize("dashboard", DASHBOARDS)
@pytest.mark.parametrize("role_level", [r for r, _ in LANDING])
def test_dashboard_permission_matrix(client, people, dashboard, role_level):
    client.force_login(people[role_level])
    expected = 200 if role_level in {HOLDER[dashboard], *LEADING[dashboard]} else 404

    response = client.get(reverse(f"dashboards:{dashboard}"))

    assert response.status_code == expected


def test_person_without_a_role_gets_a_welcome_page(client, db):
    client.force_login(UserFactory())

    response = client.get(reverse("dashboards:home"))

    assert response.status_code == 200
    assert "no role" in response.text


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get(reverse("dashboards:home"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
