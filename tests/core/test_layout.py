"""The page frame in templates/base.html: skip link, DKFDS header, main menu, footer."""

import re

import pytest

from apps.organisations.models import RoleLevel


@pytest.fixture
def page(client, organisation, member_of):
    client.force_login(member_of(organisation, RoleLevel.EMPLOYEE))

    def get(path):
        response = client.get(path)
        assert response.status_code == 200
        return response.text

    return get


def test_skip_link_comes_first_and_targets_main(page):
    html = page("/strategies/")

    body_tag = html.index("<body")
    body = html[html.index(">", body_tag) + 1 :].lstrip()
    assert body.startswith('<a class="skipnav" href="#main-content">Go to the main content</a>')
    assert '<main id="main-content" class="container page-container" tabindex="-1">' in html


def test_header_names_the_organisation_and_the_person(page, organisation):
    html = page("/strategies/")

    header = html[html.index("<header") : html.index("</header>")]
    assert f">{organisation.name}</a>" in header
    assert 'class="portal-info"' in header
    assert 'class="solution-info"' in header
    assert '<label class="form-label" for="kompas-language-select">Language</label>' in header


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/strategies/", "Strategies"),
        ("/obligations/", "My obligations"),
        ("/dashboards/employee/", "Dashboard"),
    ],
)
def test_main_menu_marks_the_current_section_only(page, path, current):
    html = page(path)

    menu = html[html.index('<nav class="nav"') : html.index("</nav>")]
    marked = re.findall(r'aria-current="true"><span>([^<]+)</span>', menu)
    assert marked == [current]
    assert 'aria-label="Main menu"' in menu


def test_visitors_see_no_menu_and_no_language_form(client, db):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en")

    assert 'class="navigation-menu"' not in response.text
    assert "kompas-language-select" not in response.text
    assert ">Kompas</a>" in response.text


def _menu(client, user):
    client.force_login(user)
    html = client.get("/strategies/").text
    return html[html.index('<nav class="nav"') : html.index("</nav>")]


def test_politicians_menu_leaves_out_obligations_that_never_bind_them(
    client, organisation, member_of
):
    menu = _menu(client, member_of(organisation, RoleLevel.POLITICIAN))

    assert "Dashboard" in menu
    assert "Strategies" in menu
    assert "My obligations" not in menu


def test_politicians_menu_offers_obligations_when_a_policy_gives_politicians_duties(
    client, organisation, member_of
):
    from tests.factories import (
        ResponsibilityFactory,
        ResponsibilityItemFactory,
        VersionFactory,
        mark_adopted,
    )

    version = VersionFactory(strategy__organisation=organisation)
    duty = ResponsibilityFactory(version=version, role_level=RoleLevel.POLITICIAN)
    ResponsibilityItemFactory(responsibility=duty)
    mark_adopted(version)

    menu = _menu(client, member_of(organisation, RoleLevel.POLITICIAN))

    assert "My obligations" in menu


@pytest.mark.parametrize(
    "level", [RoleLevel.EMPLOYEE, RoleLevel.LEADER, RoleLevel.COMMUNICATIONS]
)
def test_menu_offers_obligations_to_roles_a_policy_binds(client, organisation, member_of, level):
    menu = _menu(client, member_of(organisation, level))

    assert "My obligations" in menu
