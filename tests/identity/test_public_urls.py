"""The sign-in URLs are public on purpose (nobody is signed in yet), and give nothing away."""

import pytest
from django.urls import reverse

from apps.identity.sso.views import REMEMBER_COOKIE

pytestmark = pytest.mark.django_db

ENGLISH = {"accept-language": "en"}


def test_the_sign_in_urls_are_reachable_without_a_login(client, oidc_organisation):
    assert client.get("/sso/sso/login/").status_code == 302
    assert not client.get("/sso/sso/login/")["Location"].startswith("/accounts/login/")
    assert client.post("/sso/start/", {"email": "x@sso.example"}).status_code == 302
    callback = client.get(reverse("sso:oidc_callback"), {"state": "x", "code": "y"})
    assert callback["Location"] == "/accounts/login/"


def test_an_organisation_without_sign_in_is_not_found(client, organisation):
    assert client.get(f"/sso/{organisation.slug}/login/").status_code == 404


def test_a_disabled_provider_is_not_found(client, oidc_organisation):
    oidc_organisation.identity_provider.is_enabled = False
    oidc_organisation.identity_provider.save()

    assert client.get("/sso/sso/login/").status_code == 404


def test_the_email_domain_finds_the_organisation(client, oidc_organisation):
    response = client.post("/sso/start/", {"email": "Anna@SSO.example", "next": "/dashboards/"})

    assert response["Location"] == (
        "/accounts/login/?organisation=sso&login_hint=Anna%40SSO.example&next=%2Fdashboards%2F"
    )
    page = client.get(response["Location"]).content.decode()
    assert "Log in with Sso Kommune" in page
    assert 'href="/sso/sso/login/?login_hint=Anna%40SSO.example&amp;next=%2Fdashboards%2F"' in page


def test_an_unknown_domain_is_told_and_sent_back_to_the_login_page(client, oidc_organisation):
    response = client.post(
        "/sso/start/", {"email": "anna@elsewhere.example"}, follow=True, headers=ENGLISH
    )

    assert response.redirect_chain[-1][0] == "/accounts/login/"
    assert [str(m) for m in response.context["messages"]] == [
        "No organisation in Kompas signs in with work accounts at elsewhere.example. "
        "Log in with your username and password instead."
    ]


def test_an_address_that_is_not_one_is_told(client, oidc_organisation):
    response = client.post("/sso/start/", {"email": "anna"}, follow=True, headers=ENGLISH)

    assert [str(m) for m in response.context["messages"]] == ["Enter a valid email address."]


def test_an_outside_next_url_is_dropped(client, oidc_organisation):
    response = client.post("/sso/start/", {"email": "a@sso.example", "next": "https://evil.test/"})

    assert "evil" not in response["Location"]


def test_the_login_page_offers_the_organisation_this_browser_signed_in_with(
    client, oidc_organisation
):
    client.cookies[REMEMBER_COOKIE] = "sso"

    page = client.get("/accounts/login/", headers=ENGLISH).content.decode()

    assert "Log in with Sso Kommune" in page
    assert 'href="/sso/sso/login/"' in page


def test_the_login_page_offers_the_work_account_field_without_a_remembered_organisation(
    client, oidc_organisation
):
    page = client.get("/accounts/login/", headers=ENGLISH).content.decode()

    assert "Log in with your work account" in page
    assert "Log in with Sso Kommune" not in page
    assert 'action="/sso/start/"' in page


def test_the_login_page_has_no_work_account_part_when_no_organisation_uses_one(client, db):
    assert "work account" not in client.get("/accounts/login/", headers=ENGLISH).content.decode()


def test_the_login_page_reads_the_same_number_of_rows_however_many_providers_there_are(
    client, oidc_organisation
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.identity.models import IdentityProvider, Protocol
    from tests.factories import OrganisationFactory

    client.cookies[REMEMBER_COOKIE] = "sso"
    with CaptureQueriesContext(connection) as few:
        client.get("/accounts/login/", headers=ENGLISH)
    for _ in range(5):
        IdentityProvider.objects.create(
            organisation=OrganisationFactory(), protocol=Protocol.SAML, issuer="x"
        )

    with CaptureQueriesContext(connection) as many:
        client.get("/accounts/login/", headers=ENGLISH)

    assert len(many) == len(few)
