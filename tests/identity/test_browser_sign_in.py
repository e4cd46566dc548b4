"""A person signs in through each real identity provider in Chromium: from Kompas's login
page, by their work e-mail address, through the provider's own login page and back.

The login page is checked with axe-core (tests/browser/conftest.Browsing) and, with
KOMPAS_SSO_SCREENSHOTS=<folder>, photographed at 1280 and 375 px in Danish and English.
"""

import os
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

from apps.organisations.models import RoleLevel
from tests.browser.conftest import Browsing, _new_context, browser  # noqa: F401 (fixture)
from tests.factories import OrganisationFactory, RoleAssignmentFactory, UserFactory

from . import providers
from .conftest import configure_oidc, configure_saml

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("KOMPAS_SSO_SCREENSHOTS")


@pytest.fixture(scope="module")
def live_oidc_provider(live_server, tmp_path_factory):
    """The OIDC provider, with Kompas's live server as its client's redirect URI."""
    running = providers.start_oidc_provider(
        tmp_path_factory.mktemp("live-oidc"), [f"{live_server.url}/sso/oidc/callback/"]
    )
    yield running
    running.stop()


@pytest.fixture
def person_browser(browser, live_server):  # noqa: F811 (the fixture imported above)
    contexts = []

    def open_context(*, base_url=live_server.url, **options) -> Browsing:
        context = _new_context(browser, **options)
        contexts.append(context)
        return Browsing(context, base_url)

    yield open_context
    for context in contexts:
        context.close()


class LiveClient:
    """What configure_saml needs of a client: GET on the live server."""

    def __init__(self, base_url):
        self.base_url = base_url

    def get(self, path):
        return requests.get(self.base_url + path, timeout=10)


def sign_in_by_email(person: Browsing, email: str, organisation: str):
    person.goto("/accounts/login/")
    page = person.page
    page.get_by_label("Work e-mail address").fill(email)
    person.follow(page.get_by_role("button", name="Continue with work account"))
    with page.expect_navigation():
        page.get_by_role("link", name=f"Log in with {organisation}").click()


def test_a_person_signs_in_through_the_oidc_provider_in_chromium(
    person_browser, live_oidc_provider, oidc_secret, live_server
):
    organisation = OrganisationFactory(name="Sso Kommune", slug="sso")
    configure_oidc(organisation, live_oidc_provider.base_url)
    anna = UserFactory(username="anna", email="anna@sso.example", full_name="Anna Andersen")
    RoleAssignmentFactory(user=anna, organisation=organisation, role_level=RoleLevel.LEADER)
    person = person_browser()
    page = person.page

    sign_in_by_email(person, "anna@sso.example", "Sso Kommune")
    expect(page.get_by_role("heading", name="Test identity provider")).to_be_visible()
    page.get_by_label("Provider username").fill("anna")
    page.get_by_label("Provider password").fill(providers.PROVIDER_PASSWORD)
    with page.expect_navigation(url=f"{live_server.url}/**"):
        page.get_by_role("button", name="Sign in at the provider").click()

    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    person.check()
    # The next time, this browser is offered the organisation at once.
    with page.expect_navigation():
        page.get_by_role("button", name="Log out").click()
    person.goto("/accounts/login/")
    expect(page.get_by_role("link", name="Log in with Sso Kommune")).to_be_visible()
    _photograph(person_browser, "found", "/accounts/login/?organisation=sso")


def test_a_person_signs_in_through_the_saml_idp_in_chromium(
    person_browser, saml_idp, saml_sp, live_server
):
    # The IdP posts its answer across origins, and the SAML session's cookie comes along
    # only within one site (SameSite=Lax over plain HTTP; production has HTTPS and
    # SameSite=None): so Kompas is reached at 127.0.0.1, like the IdP, not "localhost".
    base_url = live_server.url.replace("localhost", "127.0.0.1")
    organisation = OrganisationFactory(name="Saml Kommune", slug="saml")
    configure_saml(organisation, saml_idp, LiveClient(base_url))
    person = person_browser(base_url=base_url)
    page = person.page

    sign_in_by_email(person, "bo@sso.example", "Saml Kommune")
    expect(page.get_by_role("heading", name="Test SAML IdP")).to_be_visible()
    page.get_by_label("IdP username").fill("bo")
    page.get_by_label("IdP password").fill(providers.PROVIDER_PASSWORD)
    with page.expect_navigation(url=f"{base_url}/**"):
        page.get_by_role("button", name="Sign in at the SAML IdP").click()

    # Bo was unknown: created just in time, as an employee of Team S, and he sees
    # Kompas in his organisation's language (he has chosen none yet).
    expect(page.get_by_text("Du er logget ind som Bo Berg, Saml Kommune.")).to_be_visible()
    person.check()


def test_a_refused_sign_in_is_told_on_the_login_page_in_danish(
    person_browser, live_oidc_provider, oidc_secret
):
    organisation = OrganisationFactory(name="Sso Kommune", slug="sso")
    configure_oidc(organisation, live_oidc_provider.base_url)
    person = person_browser(locale="da-DK")
    page = person.page

    person.goto("/accounts/login/")
    page.get_by_label("E-mailadresse på arbejdet").fill("carl@sso.example")
    person.follow(page.get_by_role("button", name="Fortsæt med arbejdskonto"))
    with page.expect_navigation():
        page.get_by_role("link", name="Log ind med Sso Kommune").click()
    page.get_by_label("Provider username").fill("carl")
    page.get_by_label("Provider password").fill(providers.PROVIDER_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in at the provider").click()

    expect(page.get_by_role("alert").or_(page.locator(".alert-error"))).to_contain_text(
        "Dine grupper hos identitetsudbyderen giver dig ingen rolle i Kompas"
    )
    expect(page.get_by_role("button", name="Log ud")).to_have_count(0)
    person.check()
    _photograph_page(page, "refused-da-DK")


def _photograph(person_browser, name: str, path: str):
    if not SCREENSHOTS:
        return
    for locale in ("da-DK", "en-GB"):
        person = person_browser(locale=locale)
        person.goto(path)
        _photograph_page(person.page, f"{name}-{locale}")


def _photograph_page(page, name: str):
    if not SCREENSHOTS:
        return
    folder = Path(SCREENSHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=folder / f"login-{name}-{width}.png", full_page=True)
