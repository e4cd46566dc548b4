"""A new municipality's communications department sets up OpenID Connect in the app's
own pages in Chromium (no Django admin), and a person unknown to Kompas then signs in
through the real provider and is created with the role their group maps to."""

import re

import pytest
from playwright.sync_api import expect

from apps.organisations.models import RoleAssignment, RoleLevel, UnitKind
from tests.browser.conftest import PASSWORD, browser  # noqa: F401 (fixture)
from tests.factories import OrganisationFactory, RoleAssignmentFactory, UnitFactory, UserFactory

from . import providers
from .conftest import SECRET_ENV
from .test_browser_sign_in import live_oidc_provider, person_browser, sign_in_by_email  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_oidc_configured_through_the_pages_then_an_unknown_person_signs_in(
    person_browser, live_oidc_provider, oidc_secret, live_server  # noqa: F811
):
    organisation = OrganisationFactory(name="Sso Kommune", slug="sso")
    team = UnitFactory(organisation=organisation, name="Team A", kind=UnitKind.TEAM)
    julie = UserFactory(username="julie", email="julie@sso.example", preferred_language="en")
    julie.set_password(PASSWORD)
    julie.save()
    RoleAssignmentFactory(
        user=julie, organisation=organisation, role_level=RoleLevel.COMMUNICATIONS
    )
    comms = person_browser()
    page = comms.page
    comms.log_in("julie")

    comms.goto("/administration/sign-in/")
    settings = page.locator("form[enctype='multipart/form-data']")
    settings.get_by_label("Protocol").select_option("oidc")
    settings.get_by_label("E-mail domains that sign in here").fill("sso.example")
    settings.get_by_label("Issuer (OpenID Connect)").fill(f"{live_oidc_provider.base_url}/o")
    settings.get_by_label(re.compile("client ID", re.I)).fill("kompas")
    settings.get_by_label(re.compile("environment variable", re.I)).fill(SECRET_ENV)
    settings.get_by_label(re.compile("create unknown people", re.I)).check()
    comms.follow(page.get_by_role("button", name="Save the sign-in settings"))
    expect(page.get_by_text("The sign-in settings were saved.")).to_be_visible()
    mapping = page.locator("form[action$='/sign-in/groups/']")
    mapping.get_by_label("Group", exact=True).fill("kompas-team-a")
    mapping.get_by_label("Role level").select_option("employee")
    mapping.get_by_label(re.compile("^Unit")).select_option(str(team.pk))
    comms.follow(page.get_by_role("button", name="Add the group"))
    expect(page.get_by_role("cell", name="Team A")).to_be_visible()

    person = person_browser()
    sign_in_by_email(person, "bo@sso.example", "Sso Kommune")
    expect(person.page.get_by_role("heading", name="Test identity provider")).to_be_visible()
    person.page.get_by_label("Provider username").fill("bo")
    person.page.get_by_label("Provider password").fill(providers.PROVIDER_PASSWORD)
    with person.page.expect_navigation(url=f"{live_server.url}/**"):
        person.page.get_by_role("button", name="Sign in at the provider").click()

    expect(person.page.get_by_role("button", name=re.compile("Log out|Log ud"))).to_be_visible()
    person.check()
    assignment = RoleAssignment.objects.get(user__email="bo@sso.example")
    assert (assignment.organisation, assignment.role_level, assignment.unit) == (
        organisation, RoleLevel.EMPLOYEE, team
    )
