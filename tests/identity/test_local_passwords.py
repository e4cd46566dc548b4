"""Local passwords per organisation: kept by default (the demo), refused where the
organisation signs in with work accounts only, with a message that says where to go."""

import pytest
from django.contrib.auth import authenticate

from apps.audit.models import AuditEvent
from apps.identity.models import IdentityProvider, Protocol, SignInDomain
from tests.factories import OrganisationFactory, RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests"


@pytest.fixture
def provider(organisation):
    provider = IdentityProvider.objects.create(
        organisation=organisation,
        protocol=Protocol.OIDC,
        issuer="https://idp.example",
        local_passwords_allowed=False,
    )
    SignInDomain.objects.create(provider=provider, domain="sso-only.example")
    return provider


@pytest.fixture
def person(organisation):
    user = UserFactory(username="per")
    RoleAssignmentFactory(user=user, organisation=organisation)
    return user


def log_in(client, username):
    return client.post(
        "/accounts/login/",
        {"username": username, "password": PASSWORD},
        headers={"accept-language": "en"},
    )


def test_a_person_logs_in_with_a_password_when_the_organisation_allows_it(client, provider, person):
    IdentityProvider.objects.update(local_passwords_allowed=True)

    assert log_in(client, "per").status_code == 302


def test_a_person_of_an_organisation_without_a_provider_logs_in_with_a_password(client, person):
    assert log_in(client, "per").status_code == 302


def test_a_person_of_an_sso_only_organisation_is_refused_a_password_login(
    client, provider, person, organisation
):
    response = log_in(client, "per")

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        f"{organisation.name} signs in with work accounts only. Use “Log in with your "
        "work account” on this page."
    ]
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.get(verb="sso.password_refused").data == {"username": "per"}


def test_an_address_of_an_sso_only_domain_is_refused_whether_it_exists_or_not(
    client, provider, organisation
):
    response = log_in(client, "nobody@sso-only.example")

    assert "signs in with work accounts only" in response.content.decode()


def test_the_password_backend_itself_refuses_them(provider, person):
    # Any other password path (the admin's login) goes through the same backend.
    assert authenticate(username="per", password=PASSWORD) is None


def test_a_person_of_another_organisation_keeps_their_password(client, provider):
    elsewhere = UserFactory(username="eva")
    RoleAssignmentFactory(user=elsewhere, organisation=OrganisationFactory())

    assert log_in(client, "eva").status_code == 302
