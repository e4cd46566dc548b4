import re

import pytest
from django.urls import reverse
from django.utils.formats import date_format

from apps.consultations import selectors as consultation_selectors
from apps.dashboards import views as dashboard_views
from apps.obligations.models import CheckInStatus
from apps.organisations.models import RoleLevel, UnitKind
from tests.factories import UnitFactory
from tests.obligations.factories import (
    acknowledge_all,
    adopted_strategy,
    check_in_all,
    person,
)


def test_leader_dashboard_shows_my_obligations_with_their_status(client, world):
    leader = world[RoleLevel.LEADER]
    check_in_all(world.organisation, world.workplace, status=CheckInStatus.NEEDS_ATTENTION)
    client.force_login(leader)

    response = client.get(reverse("dashboards:leader"))

    assert response.status_code == 200
    assert "Sikre kompetencerne" in response.text
    assert "Formidle politiske beslutninger" in response.text
    assert response.text.count("I have read and understood this") == 6
    assert response.text.count("Needs attention</span>") == 6
    assert reverse("obligations:check_ins", args=[world.workplace.pk]) in response.text


def test_leader_dashboard_lists_the_units_actions_with_overdue_ones_flagged_in_words(
    client, world
):
    client.force_login(world[RoleLevel.LEADER])

    response = client.get(reverse("dashboards:leader"))

    overdue_row = re.search(r"<tr class=\"kompas-row-overdue\">.*?</tr>", response.text, re.S)
    assert "Skilte i borgerservice" in overdue_row.group()
    assert "Overdue" in overdue_row.group()
    assert response.text.count('<span class="badge badge-error">Overdue</span>') == 1
    assert "Ny hjemmeside" in response.text


def test_leader_dashboard_shows_acknowledgement_coverage_of_the_staff(client, world):
    acknowledge_all(world.organisation, world[RoleLevel.EMPLOYEE])
    client.force_login(world[RoleLevel.LEADER])

    response = client.get(reverse("dashboards:leader"))

    # Staff of Borgerservice without the leader: the employee (3, all acknowledged) and
    # the workplace manager (4, none).
    assert "The 2 people in your units have acknowledged 3 of the 7 obligations" in response.text
    assert world[RoleLevel.WORKPLACE].full_name in response.text


def test_leader_pages_through_staff_with_obligations_left_keeping_the_unit(
    client, world, monkeypatch
):
    monkeypatch.setattr(dashboard_views, "PEOPLE_MISSING_PER_PAGE", 1)
    client.force_login(world[RoleLevel.LEADER])
    url = reverse("dashboards:leader")
    unit = {"unit": world.workplace.pk}
    names = {world[RoleLevel.WORKPLACE].full_name, world[RoleLevel.EMPLOYEE].full_name}

    first = client.get(url, unit)
    second = client.get(url, {**unit, "people": 2})
    beyond = client.get(url, {**unit, "people": 99})

    def shown(response):
        table = re.search(r'id="staff-missing-caption".*?</table>', response.text, re.S).group()
        return {name for name in names if name in table}

    assert len(shown(first)) == len(shown(second)) == 1
    assert shown(first) | shown(second) == names
    assert "Page 1 of 2 (2 people)" in first.text
    assert f'href="?unit={world.workplace.pk}&amp;people=2">Next page' in first.text
    assert "Previous page" not in first.text
    assert f'href="?unit={world.workplace.pk}&amp;people=1">Previous page' in second.text
    assert shown(beyond) == shown(second)  # out of range: the last page


def test_staff_with_obligations_left_fit_one_page_without_page_links(client, world):
    client.force_login(world[RoleLevel.LEADER])

    response = client.get(reverse("dashboards:leader"))

    assert world[RoleLevel.WORKPLACE].full_name in response.text
    assert "Next page" not in response.text
    assert "Page 1 of" not in response.text


def test_leader_of_several_units_picks_the_unit(client, world):
    leader = world[RoleLevel.LEADER]
    person(world.organisation, RoleLevel.LEADER, world.comms_unit, user=leader)
    client.force_login(leader)

    response = client.get(reverse("dashboards:leader"), {"unit": world.comms_unit.pk})

    assert 'id="unit-picker"' in response.text
    assert "My obligations as leader of Kommunikationsafdelingen" in response.text


def test_leader_cannot_pick_a_unit_they_do_not_lead(client, world):
    client.force_login(world[RoleLevel.LEADER])

    response = client.get(reverse("dashboards:leader"), {"unit": world.centre.pk})

    assert response.status_code == 404


def test_employee_dashboard_shows_principles_duties_spokespeople_and_buttons(client, world):
    client.force_login(world[RoleLevel.EMPLOYEE])

    response = client.get(reverse("dashboards:employee"))

    assert "Overholde principperne" in response.text
    assert "Sikre kompetencerne" not in response.text
    assert response.text.count("Borgerne kan mærke") == 3
    assert "Borgmesteren udtaler sig om politik" in response.text
    assert response.text.count('action="/obligations/acknowledge/"') == 3


def test_politician_dashboard_shows_adopted_strategies_and_proposals(client, world):
    client.force_login(world[RoleLevel.POLITICIAN])

    response = client.get(reverse("dashboards:politician"))

    assert "Borgeren i centrum" in response.text
    assert date_format(world.adopted.adopted_on, "DATE_FORMAT") in response.text
    assert "Kommunikationspolitik" in response.text
    assert f"/compare/versions/{world.proposed.pk}/adopted/" in response.text


def test_politician_dashboard_offers_the_pdf_when_exports_provides_the_button(
    client, world, settings, tmp_path
):
    button = tmp_path / "exports" / "includes" / "export_button.html"
    button.parent.mkdir(parents=True)
    button.write_text('<a href="/pdf/{{ version.pk }}/">PDF</a>')
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    client.force_login(world[RoleLevel.POLITICIAN])

    response = client.get(reverse("dashboards:politician"))

    assert f'href="/pdf/{world.proposed.pk}/"' in response.text
    assert f'href="/pdf/{world.adopted.pk}/"' in response.text


def test_executive_dashboard_follows_up_per_centre(client, world):
    check_in_all(world.organisation, world.workplace)
    client.force_login(world[RoleLevel.EXECUTIVE_BOARD])

    response = client.get(reverse("dashboards:executive"))

    centre_row = re.search(r"<tr[^>]*>\s*<th scope=\"row\"[^>]*>(?:<a [^>]*>)?Center for Kultur"
                           r"(?:</a>)?</th>.*?</tr>",
                           response.text, re.S).group()
    assert "0 of 15 acknowledged" in centre_row
    assert "6 of 8 recorded" in centre_row
    assert "6 on track" in centre_row
    assert "1 action overdue" in centre_row
    assert "Review coming up" in response.text
    assert 'role="img"' in response.text


def test_communications_dashboard_shows_states_reviews_and_coverage(client, world, monkeypatch):
    monkeypatch.setattr(
        consultation_selectors, "open_comments_by_version",
        lambda organisation: [{"version_id": 1, "number": 1, "title": "Politik", "count": 4}],
    )
    client.force_login(world[RoleLevel.COMMUNICATIONS])

    response = client.get(reverse("dashboards:communications"))

    assert "Strategies by the state of their newest version" in response.text
    assert "4 consultation comments are waiting for an answer." in response.text
    assert "Review coming up" in response.text
    assert "Kommunikationsafdelingen" in response.text
    assert response.text.count('role="img"') == 2


def test_charts_carry_a_title_a_description_and_no_inline_style(client, world):
    client.force_login(world[RoleLevel.COMMUNICATIONS])

    response = client.get(reverse("dashboards:communications"))

    svgs = re.findall(r"<svg.*?</svg>", response.text, re.S)
    assert len(svgs) == 2
    assert all("<title>" in svg and "<desc " in svg and "aria-label=" in svg for svg in svgs)
    assert " style=" not in response.text


def test_chart_numbers_are_not_localised_in_svg_attributes(client, world):
    client.force_login(world[RoleLevel.COMMUNICATIONS])

    response = client.get(reverse("dashboards:communications"))

    assert not re.search(r'(width|x|y)="\d+,\d+"', response.text)


@pytest.fixture
def neighbour(other_organisation):
    centre = UnitFactory(organisation=other_organisation, name="Nabocentret",
                         kind=UnitKind.CENTRE)
    adopted_strategy(other_organisation, title="Nabokommunens strategi", duties={
        role: ["Nabokommunens pligt"] for role in RoleLevel.values
    })
    return centre


@pytest.mark.parametrize(("role_level", "dashboard"), [
    (RoleLevel.LEADER, "leader"),
    (RoleLevel.EMPLOYEE, "employee"),
    (RoleLevel.POLITICIAN, "politician"),
    (RoleLevel.EXECUTIVE_BOARD, "executive"),
    (RoleLevel.COMMUNICATIONS, "communications"),
])
def test_dashboards_never_show_another_organisations_data(
    client, world, neighbour, role_level, dashboard
):
    client.force_login(world[role_level])

    response = client.get(reverse(f"dashboards:{dashboard}"))

    assert response.status_code == 200
    assert "Nabokommunens" not in response.text
    assert "Nabocentret" not in response.text
