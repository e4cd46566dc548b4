"""SAML 2.0 sign-in through a real IdP (pysaml2's Server in its own process): signed
AuthnRequests by HTTP-Redirect, signed answers by HTTP-POST, no mocks."""

import base64
from urllib.parse import parse_qs, urlparse

import pytest

from apps.audit.models import AuditEvent
from apps.organisations.models import RoleAssignment, RoleLevel
from tests.factories import OrganisationFactory, RoleAssignmentFactory, UserFactory

from .conftest import configure_saml
from .providers import saml_idp_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def saml_organisation(db, saml_sp, saml_idp, client):
    organisation = OrganisationFactory(name="Saml Kommune", slug="saml")
    configure_saml(organisation, saml_idp, client)
    return organisation


@pytest.fixture
def anna(saml_organisation):
    user = UserFactory(username="anna-s", email="anna@sso.example")
    RoleAssignmentFactory(user=user, organisation=saml_organisation)
    return user


def answer_of_idp(client, slug, username, **options):
    start = client.get(f"/sso/{slug}/login/", {"next": "/dashboards/"})
    assert start.status_code == 302, start.content
    return saml_idp_login(start["Location"], username, **options)


def post_to_acs(client, answer):
    assert answer["action"].startswith("http://testserver/")
    return client.post(answer["action"].removeprefix("http://testserver"), answer["fields"])


def refusal_message(client, response) -> str:
    assert response.status_code == 302 and response["Location"] == "/accounts/login/", response
    page = client.get(response["Location"])
    return " ".join(str(message) for message in page.context["messages"])


def signed_in_user(client):
    return client.get("/").wsgi_request.user


def test_the_sp_metadata_is_at_a_stable_url_with_the_signing_certificate(client, saml_organisation):
    response = client.get("/sso/saml/saml/metadata/")

    body = response.content.decode()
    assert response.status_code == 200
    assert 'entityID="http://testserver/sso/saml/saml/metadata/"' in body
    assert 'AuthnRequestsSigned="true"' in body
    assert "http://testserver/sso/saml/saml/acs/" in body
    assert "X509Certificate" in body


def test_the_authn_request_goes_signed_to_the_organisations_idp(
    client, saml_organisation, saml_idp
):
    response = client.get("/sso/saml/login/")

    url = urlparse(response["Location"])
    query = parse_qs(url.query)
    assert f"{url.scheme}://{url.netloc}" == saml_idp.base_url
    assert query["SigAlg"] == ["http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"]
    assert query["Signature"]


def test_a_known_person_signs_in_and_it_is_audited(client, anna):
    response = post_to_acs(client, answer_of_idp(client, "saml", "anna"))

    assert response.status_code == 302 and response["Location"] == "/dashboards/"
    assert signed_in_user(client) == anna
    event = AuditEvent.objects.get(verb="sso.signed_in")
    assert (event.actor, event.data["protocol"]) == (anna, "saml")


def test_an_unknown_person_is_created_with_the_role_and_unit_of_their_group(
    client, saml_organisation
):
    post_to_acs(client, answer_of_idp(client, "saml", "bo"))

    user = signed_in_user(client)
    assert (user.email, user.full_name) == ("bo@sso.example", "Bo Berg")
    assignment = RoleAssignment.objects.get(user=user)
    assert (assignment.role_level, assignment.unit.name) == (RoleLevel.EMPLOYEE, "Team S")


def test_a_person_deactivated_in_kompas_is_refused(client, saml_organisation):
    dora = UserFactory(username="dora-s", email="dora@sso.example", is_active=False)
    RoleAssignmentFactory(user=dora, organisation=saml_organisation)

    response = post_to_acs(client, answer_of_idp(client, "saml", "dora"))

    assert "access to Kompas has been closed" in refusal_message(client, response)
    assert not signed_in_user(client).is_authenticated


def test_a_tampered_assertion_is_refused(client, anna):
    answer = answer_of_idp(client, "saml", "anna")
    xml = base64.b64decode(answer["fields"]["SAMLResponse"])
    answer["fields"]["SAMLResponse"] = base64.b64encode(
        xml.replace(b"anna@sso.example", b"dora@sso.example")
    ).decode()

    response = post_to_acs(client, answer)

    assert "could not be verified" in refusal_message(client, response)
    assert not signed_in_user(client).is_authenticated
    event = AuditEvent.objects.get(verb="sso.refused")
    assert event.data["reason"] == "invalid_response"
    assert event.data["detail"].startswith("SignatureError")


def test_an_expired_assertion_is_refused(client, anna):
    response = post_to_acs(client, answer_of_idp(client, "saml", "anna", valid_minutes=-10))

    assert "expired or had already been used" in refusal_message(client, response)
    assert not signed_in_user(client).is_authenticated
    detail = AuditEvent.objects.get(verb="sso.refused").data["detail"]
    assert detail.startswith("ResponseLifetimeExceed")


def test_a_replayed_assertion_is_refused(client, anna):
    answer = answer_of_idp(client, "saml", "anna")
    post_to_acs(client, answer)
    client.post("/accounts/logout/")

    response = post_to_acs(client, answer)

    assert "expired or had already been used" in refusal_message(client, response)
    assert not signed_in_user(client).is_authenticated
    assert AuditEvent.objects.filter(verb="sso.signed_in").count() == 1
    detail = AuditEvent.objects.get(verb="sso.refused").data["detail"]
    assert detail.startswith("UnsolicitedResponse")


def test_an_answer_from_another_idp_is_refused(client, saml_sp, saml_idp, other_saml_idp):
    organisation = OrganisationFactory(slug="saml-wrong-issuer")
    configure_saml(
        organisation, saml_idp, client, domain="wrong-issuer.example", register_at=[other_saml_idp]
    )
    anna = UserFactory(username="anna-w", email="anna@sso.example")
    RoleAssignmentFactory(user=anna, organisation=organisation)
    start = client.get(f"/sso/{organisation.slug}/login/")
    # The same request, taken to an IdP this organisation does not trust.
    forged_start = start["Location"].replace(
        f"{saml_idp.base_url}/sso/", f"{other_saml_idp.base_url}/rogue/"
    )

    response = post_to_acs(client, saml_idp_login(forged_start, "anna"))

    assert "could not be verified" in refusal_message(client, response)
    assert not signed_in_user(client).is_authenticated
    detail = AuditEvent.objects.get(verb="sso.refused").data["detail"]
    assert detail.startswith(f"MissingKey: {other_saml_idp.base_url}/metadata")


def test_saml_without_the_sp_key_is_refused_with_a_message_not_an_error(
    client, saml_organisation, settings
):
    settings.KOMPAS_SAML_KEY_FILE = ""

    response = client.get("/sso/saml/login/")

    assert "not set up correctly" in refusal_message(client, response)


def test_broken_idp_metadata_is_refused_with_a_message_not_an_error(client, saml_organisation):
    saml_organisation.identity_provider.idp_metadata_xml = "<not-metadata"
    saml_organisation.identity_provider.save()

    response = client.get("/sso/saml/login/")

    assert "not set up correctly" in refusal_message(client, response)
    assert AuditEvent.objects.get(verb="sso.refused").data["reason"] == "misconfigured"
