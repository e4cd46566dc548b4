"""After an acknowledgement the page's counters change at once (htmx out of band),
and when everything is acknowledged the page says so."""

import re

from django.urls import reverse

from apps.obligations import selectors
from apps.organisations.models import RoleLevel
from tests.obligations.factories import acknowledge_all


def _mine(user, world):
    return [s.obligation for s in selectors.obligations_for_user(user, world.organisation)]


def _acknowledge(client, obligation, **extra):
    return client.post(
        reverse("obligations:acknowledge"),
        {"strategy": obligation.strategy_id, "text_hash": obligation.text_hash, **extra},
        headers={"HX-Request": "true"},
    )


def _oob(html, element_id):
    match = re.search(
        rf'<(\w+) id="{element_id}"[^>]*hx-swap-oob="innerHTML"[^>]*>(.*?)</\1>', html, re.S
    )
    assert match, html
    return re.sub(r"\s+", " ", match.group(2))


def test_acknowledging_sends_the_new_count_out_of_band(client, world):
    employee = world[RoleLevel.EMPLOYEE]
    obligations = _mine(employee, world)
    client.force_login(employee)

    response = _acknowledge(client, obligations[0])

    assert "You have acknowledged 1 of 3 obligations." in _oob(
        response.text, "acknowledgement-count"
    )
    assert "Everything is acknowledged." not in response.text


def test_acknowledging_the_last_obligation_says_everything_is_done(client, world):
    employee = world[RoleLevel.EMPLOYEE]
    obligations = _mine(employee, world)
    client.force_login(employee)
    for obligation in obligations[:-1]:
        _acknowledge(client, obligation)

    response = _acknowledge(client, obligations[-1])

    counter = _oob(response.text, "acknowledgement-count")
    assert "You have acknowledged 3 of 3 obligations." in counter
    assert "Everything is acknowledged." in counter


def test_without_javascript_the_redirect_shows_the_new_count(client, world):
    employee = world[RoleLevel.EMPLOYEE]
    obligation = _mine(employee, world)[0]
    client.force_login(employee)

    response = client.post(
        reverse("obligations:acknowledge"),
        {"strategy": obligation.strategy_id, "text_hash": obligation.text_hash,
         "next": reverse("obligations:list")},
        follow=True,
    )

    assert "You have acknowledged 1 of 3 obligations." in response.text


def test_the_list_says_so_when_everything_is_acknowledged(client, world):
    employee = world[RoleLevel.EMPLOYEE]
    acknowledge_all(world.organisation, employee)
    client.force_login(employee)

    response = client.get(reverse("obligations:list"))

    assert "You have acknowledged 3 of 3 obligations." in response.text
    assert "Everything is acknowledged." in response.text


def test_the_employee_dashboard_has_the_counter_the_swap_replaces(client, world):
    client.force_login(world[RoleLevel.EMPLOYEE])

    response = client.get(reverse("dashboards:employee"))

    assert 'id="acknowledgement-count"' in response.text


def test_on_the_leader_dashboard_the_units_counter_is_swapped(client, world):
    leader = world[RoleLevel.LEADER]
    client.force_login(leader)
    page = client.get(reverse("dashboards:leader"))
    assert 'id="acknowledgement-count-unit"' in page.text
    assert f'name="unit" value="{world.workplace.pk}"' in page.text
    statuses = selectors.obligations_for_leader(
        leader, world.workplace, index=selectors.obligation_index(world.organisation),
        assignments=selectors.assignments_of(leader, world.organisation),
        period=page.context["period"],
    )

    response = _acknowledge(client, statuses[0].obligation, unit=world.workplace.pk)

    assert _oob(response.text, "acknowledgement-count-unit").startswith(
        f"1 of {len(statuses)}"
    )
    assert 'id="acknowledgement-count"' not in response.text


def test_a_unit_the_person_does_not_lead_gets_the_whole_count(client, world):
    employee = world[RoleLevel.EMPLOYEE]
    client.force_login(employee)

    response = _acknowledge(client, _mine(employee, world)[0], unit=world.workplace.pk)

    assert "acknowledgement-count-unit" not in response.text
    assert "You have acknowledged 1 of 3" in _oob(response.text, "acknowledgement-count")
