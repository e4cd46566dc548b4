"""Drilling down from the dashboards: organisation → centre → workplace → people."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.dashboards import drilldown
from apps.organisations.models import RoleLevel
from tests.factories import UserFactory
from tests.obligations.factories import grow, person


def _unit(unit):
    return reverse("dashboards:unit", args=[unit.pk])


def _links(html):
    return set(re.findall(r'href="(/dashboards/units/\d+/)"', html))


def test_executive_dashboard_links_each_centre_to_its_page(client, world):
    client.force_login(world[RoleLevel.EXECUTIVE_BOARD])

    response = client.get(reverse("dashboards:executive"))

    assert _unit(world.centre) in _links(response.text)
    assert _unit(world.comms_unit.parent) in _links(response.text)


def test_executive_drills_down_from_centre_to_workplace_to_people(client, world):
    world[RoleLevel.EMPLOYEE].full_name = "Emil Medarbejder"
    world[RoleLevel.EMPLOYEE].save()
    client.force_login(world[RoleLevel.EXECUTIVE_BOARD])

    centre = client.get(_unit(world.centre))
    workplace = client.get(_unit(world.workplace))

    assert centre.status_code == workplace.status_code == 200
    assert _unit(world.workplace) in _links(centre.text)
    assert "Emil Medarbejder" in workplace.text
    assert "Borgerservice has no units below it." in workplace.text
    trail = workplace.text.split('class="breadcrumbs"')[1].split("</nav>")[0]
    assert reverse("dashboards:executive") in trail
    assert _unit(world.centre) in trail
    assert reverse("obligations:check_ins", args=[world.workplace.pk]) in workplace.text


def test_centre_managers_dashboard_links_the_units_below_and_their_pages_open(client, world):
    client.force_login(world[RoleLevel.CENTRE])

    dashboard = client.get(reverse("dashboards:leader"))

    assert _unit(world.workplace) in _links(dashboard.text)
    assert client.get(_unit(world.workplace)).status_code == 200


def test_a_centre_manager_sees_no_link_to_the_organisation_above_their_centre(client, world):
    client.force_login(world[RoleLevel.CENTRE])

    response = client.get(_unit(world.workplace))

    trail = response.text.split('class="breadcrumbs"')[1].split("</nav>")[0]
    assert reverse("dashboards:leader") in trail
    assert reverse("dashboards:executive") not in trail
    assert _unit(world.centre) in trail


OUTSIDER = "executive board of another organisation"

REACH = [
    (RoleLevel.EXECUTIVE_BOARD, "centre", 200),
    (RoleLevel.EXECUTIVE_BOARD, "workplace", 200),
    (RoleLevel.COMMUNICATIONS, "workplace", 200),
    (RoleLevel.CENTRE, "centre", 200),
    (RoleLevel.CENTRE, "workplace", 200),
    (RoleLevel.CENTRE, "comms_unit", 404),
    (RoleLevel.WORKPLACE, "workplace", 200),
    (RoleLevel.WORKPLACE, "centre", 404),
    (RoleLevel.LEADER, "centre", 404),
    (RoleLevel.EMPLOYEE, "workplace", 404),
    (RoleLevel.POLITICIAN, "centre", 404),
    (OUTSIDER, "centre", 404),
]


@pytest.mark.parametrize(("who", "unit", "status"), REACH)
def test_unit_page_is_found_only_within_the_persons_reach(
    client, world, other_organisation, who, unit, status
):
    user = (
        person(other_organisation, RoleLevel.EXECUTIVE_BOARD) if who == OUTSIDER else world[who]
    )
    client.force_login(user)

    assert client.get(_unit(getattr(world, unit))).status_code == status


def test_a_missing_unit_is_not_found(client, world):
    client.force_login(world[RoleLevel.EXECUTIVE_BOARD])

    assert client.get(reverse("dashboards:unit", args=[999999])).status_code == 404


def test_a_long_list_of_people_is_paged(client, world, monkeypatch):
    monkeypatch.setattr(drilldown, "PEOPLE_PER_PAGE", 3)
    for n in range(5):
        person(world.organisation, RoleLevel.EMPLOYEE, world.workplace,
               user=UserFactory(full_name=f"Ansat {n:02d}"))
    client.force_login(world[RoleLevel.EXECUTIVE_BOARD])

    first = client.get(_unit(world.workplace))
    last = client.get(_unit(world.workplace) + "?people=3")

    assert "Page 1 of 3 (8 people)" in first.text
    assert "?people=2" in first.text
    assert "Page 3 of 3 (8 people)" in last.text
    assert len(re.findall(r"<tr[^>]*><th scope=\"row\">", last.text)) == 2


def test_a_long_list_of_units_is_paged(client, world, monkeypatch):
    monkeypatch.setattr(drilldown, "UNITS_PER_PAGE", 2)
    grow(world, 3)  # three teams below Borgerservice
    client.force_login(world[RoleLevel.EXECUTIVE_BOARD])

    first = client.get(_unit(world.workplace))
    second = client.get(_unit(world.workplace) + "?units=2")

    assert len(_links(first.text) - _links(second.text)) >= 2
    assert "?units=2" in first.text
    assert "Page 2 of 2" in second.text


@pytest.mark.parametrize(("role_level", "unit"), [
    (RoleLevel.EXECUTIVE_BOARD, "centre"),
    (RoleLevel.CENTRE, "workplace"),
])
def test_unit_page_query_count_does_not_grow_with_tenfold_data(client, world, role_level, unit):
    client.force_login(world[role_level])
    url = _unit(getattr(world, unit))

    def measure():
        client.get(url)  # builds what this process keeps (the index, the follow-up)
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries)

    small = measure()
    grow(world, 9)

    assert measure() == small
