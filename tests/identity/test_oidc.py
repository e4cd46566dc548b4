"""OpenID Connect sign-in through a real provider (django-oauth-toolkit in its own
process): the whole authorisation code flow with PKCE, over HTTP, no mocks."""

from urllib.parse import parse_qs, urlparse

import pytest

from apps.audit.models import AuditEvent
from apps.identity.models import IdentityProvider
from apps.organisations.models import RoleAssignment, RoleLevel
from tests.factories import OrganisationFactory, RoleAssignmentFactory, UserFactory

from .conftest import configure_oidc
from .providers import oidc_provider_login

pytestmark = pytest.mark.django_db


def sign_in(client, slug: str, username: str, **query):
    start = client.get(f"/sso/{slug}/login/", query)
    assert start.status_code == 302, start
    back = oidc_provider_login(start["Location"], username)
    assert back.startswith("http://testserver/sso/oidc/callback/"), back
    return client.get(back.removeprefix("http://testserver"))


def refusal_message(client, response) -> str:
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    page = client.get(response["Location"])
    return " ".join(str(message) for message in page.context["messages"])


def signed_in_user(client):
    return client.get("/").wsgi_request.user


@pytest.fixture
def anna(oidc_organisation):
    user = UserFactory(username="anna", email="Anna@sso.example")
    RoleAssignmentFactory(
        user=user, organisation=oidc_organisation, role_level=RoleLevel.COMMUNICATIONS
    )
    return user


def test_start_sends_the_person_to_the_organisations_provider_with_pkce(client, oidc_organisation):
    response = client.get("/sso/sso/login/", {"login_hint": "anna@sso.example"})

    url = urlparse(response["Location"])
    query = parse_qs(url.query)
    provider = IdentityProvider.objects.get(organisation=oidc_organisation)
    assert f"{url.scheme}://{url.netloc}{url.path}" == provider.authorization_endpoint
    assert query["client_id"] == ["kompas"]
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) == 43
    assert query["scope"] == ["openid email profile"]
    assert query["login_hint"] == ["anna@sso.example"]
    assert query["redirect_uri"] == ["http://testserver/sso/oidc/callback/"]


def test_a_known_person_signs_in_by_email_and_it_is_audited(client, anna):
    response = sign_in(client, "sso", "anna")

    assert response.status_code == 302 and response["Location"] == "/"
    assert signed_in_user(client) == anna
    event = AuditEvent.objects.get(verb="sso.signed_in")
    assert event.actor == anna
    assert event.data["protocol"] == "oidc"
    assert event.data["created_just_in_time"] is False


def test_the_next_page_is_kept_through_the_provider(client, anna):
    response = sign_in(client, "sso", "anna", next="/dashboards/")

    assert response["Location"] == "/dashboards/"


def test_an_unknown_person_is_created_with_the_role_and_unit_of_their_group(
    client, oidc_organisation
):
    sign_in(client, "sso", "bo")

    user = signed_in_user(client)
    assert user.email == "bo@sso.example"
    assert user.full_name == "Bo Berg"
    assert not user.has_usable_password()
    assignment = RoleAssignment.objects.get(user=user)
    assert (assignment.organisation, assignment.role_level, assignment.unit.name) == (
        oidc_organisation,
        RoleLevel.EMPLOYEE,
        "Team A",
    )
    assert AuditEvent.objects.get(verb="sso.signed_in").data["created_just_in_time"] is True


def test_an_unknown_person_is_refused_when_just_in_time_creation_is_off(client, oidc_organisation):
    IdentityProvider.objects.update(allow_just_in_time=False)

    response = sign_in(client, "sso", "bo")

    assert "not registered in Kompas" in refusal_message(client, response)
    assert not signed_in_user(client).is_authenticated
    assert not RoleAssignment.objects.filter(user__email="bo@sso.example").exists()
    assert AuditEvent.objects.get(verb="sso.refused").data["reason"] == "unknown_person"


def test_an_unknown_person_whose_groups_map_to_nothing_is_refused(client, oidc_organisation):
    response = sign_in(client, "sso", "carl")

    assert "give you no role in Kompas" in refusal_message(client, response)
    assert not signed_in_user(client).is_authenticated
    assert AuditEvent.objects.get(verb="sso.refused").data["reason"] == "no_role"


def test_a_person_deactivated_in_kompas_cannot_sign_in_through_the_provider(
    client, oidc_organisation
):
    dora = UserFactory(username="dora", email="dora@sso.example", is_active=False)
    RoleAssignmentFactory(user=dora, organisation=oidc_organisation)

    response = sign_in(client, "sso", "dora")

    assert "access to Kompas has been closed" in refusal_message(client, response)
    assert not signed_in_user(client).is_authenticated
    event = AuditEvent.objects.get(verb="sso.refused")
    assert (event.data["reason"], event.object_id) == ("deactivated", dora.pk)


def test_a_person_of_another_organisation_is_not_signed_in_by_this_provider(
    client, oidc_organisation
):
    elsewhere = OrganisationFactory()
    anna = UserFactory(username="anna", email="anna@sso.example")
    RoleAssignmentFactory(user=anna, organisation=elsewhere)

    response = sign_in(client, "sso", "anna")

    assert "not registered in Kompas" in refusal_message(client, response)
    assert not signed_in_user(client).is_authenticated


def test_the_refusal_is_told_in_the_persons_language(client, oidc_organisation):
    danish = {"accept-language": "da"}
    start = client.get("/sso/sso/login/", headers=danish)
    back = oidc_provider_login(start["Location"], "carl").removeprefix("http://testserver")

    response = client.get(back, headers=danish)

    page = client.get(response["Location"], headers=danish)
    assert [str(m) for m in page.context["messages"]] == [
        "Dine grupper hos identitetsudbyderen giver dig ingen rolle i Kompas, så der blev "
        "ikke oprettet en konto. Spørg din kommunikationsafdeling."
    ]


def test_the_callback_twice_with_the_same_code_and_state_is_refused(client, anna):
    start = client.get("/sso/sso/login/")
    back = oidc_provider_login(start["Location"], "anna").removeprefix("http://testserver")
    client.get(back)
    client.post("/accounts/logout/")

    replay = client.get(back)

    assert "expired or had already been used" in refusal_message(client, replay)
    assert not signed_in_user(client).is_authenticated


@pytest.mark.parametrize(
    ("mode", "detail"),
    [
        ("tampered", "Signature verification failed"),
        ("wrong-audience", "Audience"),
        ("expired", "expired"),
        ("wrong-issuer", "issuer"),
    ],
)
def test_a_bad_id_token_is_refused_with_a_clear_message_and_no_session(
    client, oidc_provider, oidc_secret, mode, detail
):
    organisation = OrganisationFactory(slug=f"bad-{mode}")
    configure_oidc(
        organisation,
        oidc_provider.base_url,
        client_id=f"kompas-{mode}",
        domain=f"{mode}.example",
    )
    anna = UserFactory(username="anna", email="anna@sso.example")
    RoleAssignmentFactory(user=anna, organisation=organisation)

    response = sign_in(client, organisation.slug, "anna")

    message = refusal_message(client, response)
    assert (
        "expired or had already been used" if mode == "expired" else "could not be verified"
    ) in message
    assert not signed_in_user(client).is_authenticated
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(verb="sso.refused", organisation=organisation)
    assert detail.lower() in event.data["detail"].lower()


def test_a_missing_client_secret_is_refused_not_crashed(client, anna, monkeypatch):
    monkeypatch.delenv("KOMPAS_TEST_OIDC_SECRET")

    response = sign_in(client, "sso", "anna")

    assert "could not be verified" in refusal_message(client, response)
    assert not signed_in_user(client).is_authenticated


def test_a_person_deactivated_after_signing_in_loses_their_session(client, anna):
    sign_in(client, "sso", "anna")
    anna.is_active = False
    anna.save()

    assert not signed_in_user(client).is_authenticated


def test_an_unreachable_token_endpoint_is_told_as_such(client, anna):
    start = client.get("/sso/sso/login/")
    back = oidc_provider_login(start["Location"], "anna").removeprefix("http://testserver")
    IdentityProvider.objects.update(token_endpoint="http://127.0.0.1:9/o/token/")

    response = client.get(back)

    assert "could not be reached" in refusal_message(client, response)
    assert not signed_in_user(client).is_authenticated


def test_sign_in_works_with_login_throttling_on(client, anna, settings):
    settings.AXES_ENABLED = True

    sign_in(client, "sso", "anna")

    assert signed_in_user(client) == anna


def test_a_sign_in_cancelled_at_the_provider_is_told_as_such(client, anna):
    start = client.get("/sso/sso/login/")
    state = parse_qs(urlparse(start["Location"]).query)["state"][0]

    # What the provider sends back when the person declines (RFC 6749 4.1.2.1).
    response = client.get("/sso/oidc/callback/", {"error": "access_denied", "state": state})

    assert "cancelled at your organisation's identity provider" in refusal_message(client, response)
    assert AuditEvent.objects.get(verb="sso.refused").data["reason"] == "cancelled"
