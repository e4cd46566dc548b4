"""The sign-in settings page: the communications department sets up its identity
provider in the app (no Django admin), against real providers started by the suite."""

import pytest
import requests
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.identity.models import GroupMapping, IdentityProvider, Protocol
from apps.organisations.models import RoleAssignment, RoleLevel, UnitKind
from tests.factories import OrganisationFactory, RoleAssignmentFactory, UnitFactory, UserFactory

from .conftest import SECRET_ENV
from .test_oidc import sign_in, signed_in_user

pytestmark = pytest.mark.django_db

URL = "/administration/sign-in/"


@pytest.fixture
def municipality(db):
    return OrganisationFactory(name="Ny Kommune", slug="sso")


@pytest.fixture
def admin(municipality):
    """The communications department's person, with an address in the sign-in domain."""
    user = UserFactory(username="anna", email="anna@sso.example")
    RoleAssignmentFactory(
        user=user, organisation=municipality, role_level=RoleLevel.COMMUNICATIONS
    )
    return user


def oidc_form(base_url, **changes):
    return {
        "protocol": "oidc", "is_enabled": "on", "domains": "sso.example",
        "issuer": f"{base_url}/o", "client_id": "kompas", "client_secret_env": SECRET_ENV,
        "scopes": "openid email profile", "email_claim": "email", "name_claim": "name",
        "groups_claim": "groups", "allow_just_in_time": "on",
        "local_passwords_allowed": "on", **changes,
    }


def test_the_settings_page_is_reached_from_the_administration(client, admin):
    client.force_login(admin)

    page = client.get(reverse("identity:home")).content.decode()

    assert reverse("identity:sign_in") == URL
    assert f'href="{URL}"' in page


def test_oidc_is_configured_through_the_page_and_its_endpoints_discovered(
    client, admin, municipality, oidc_provider, oidc_secret
):
    client.force_login(admin)

    saved = client.post(URL, oidc_form(oidc_provider.base_url))
    page = client.get(URL).content.decode()

    assert saved.status_code == 302
    provider = IdentityProvider.objects.get(organisation=municipality)
    base = oidc_provider.base_url
    assert (provider.protocol, provider.issuer, provider.client_id) == (
        Protocol.OIDC, f"{base}/o", "kompas"
    )
    assert provider.authorization_endpoint == f"{base}/o/authorize/"
    assert provider.jwks_endpoint.startswith(f"{base}/o/")
    assert list(provider.domains.values_list("domain", flat=True)) == ["sso.example"]
    assert f'value="{base}/o"' in page and 'value="sso.example"' in page
    assert "The client secret is set in the installation" in page
    event = AuditEvent.objects.get(verb="sso.created")
    assert event.actor == admin and "client_id" in event.data["changed"]
    assert "kompas-client-secret" not in str(event.data)


def test_an_issuer_that_does_not_answer_is_refused_and_nothing_is_saved(
    client, admin, municipality
):
    client.force_login(admin)

    response = client.post(URL, oidc_form("http://127.0.0.1:9"))

    assert response.status_code == 422
    assert "discovery document could not be read" in response.content.decode()
    assert not IdentityProvider.objects.exists()
    assert not AuditEvent.objects.filter(verb__startswith="sso.").exists()


def test_the_connection_test_reads_the_issuer_again(
    client, admin, municipality, oidc_provider, oidc_secret
):
    client.force_login(admin)
    client.post(URL, oidc_form(oidc_provider.base_url))
    IdentityProvider.objects.update(authorization_endpoint="")

    response = client.post(reverse("identity:sign_in_test"), follow=True)

    assert "The issuer answered and its endpoints were read." in response.content.decode()
    assert IdentityProvider.objects.get().authorization_endpoint.endswith("/o/authorize/")
    assert AuditEvent.objects.filter(verb="sso.tested").count() == 1


def test_saml_metadata_is_uploaded_validated_and_the_sp_metadata_shown(
    client, admin, municipality, saml_idp, saml_sp
):
    client.force_login(admin)
    metadata = requests.get(f"{saml_idp.base_url}/metadata", timeout=10).content

    saved = client.post(URL, {
        "protocol": "saml", "is_enabled": "on", "domains": "sso.example",
        "email_claim": "mail", "name_claim": "displayName", "groups_claim": "groups",
        "local_passwords_allowed": "on",
        "metadata_file": SimpleUploadedFile("idp.xml", metadata, "application/xml"),
    })
    page = client.get(URL).content.decode()

    assert saved.status_code == 302
    provider = IdentityProvider.objects.get()
    assert provider.protocol == Protocol.SAML
    assert provider.issuer == f"{saml_idp.base_url}/metadata"
    assert provider.idp_metadata_xml == metadata.decode()
    assert "http://testserver/sso/sso/saml/metadata/" in page


def test_saml_metadata_is_fetched_from_its_address(client, admin, saml_idp, saml_sp):
    client.force_login(admin)

    saved = client.post(URL, {
        "protocol": "saml", "is_enabled": "on", "domains": "sso.example",
        "email_claim": "mail", "local_passwords_allowed": "on",
        "metadata_url": f"{saml_idp.base_url}/metadata",
    })

    assert saved.status_code == 302
    assert IdentityProvider.objects.get().issuer == f"{saml_idp.base_url}/metadata"


@pytest.mark.parametrize(("document", "reason"), [
    (b"<EntityDescriptor>", "not well-formed XML"),
    (b'<html xmlns="http://www.w3.org/1999/xhtml"/>', "one SAML EntityDescriptor"),
    (b'<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
     b'entityID="https://sp.example"><md:SPSSODescriptor '
     b'protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/>'
     b"</md:EntityDescriptor>", "describes no identity provider"),
    (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>', "document type"),
])
def test_bad_saml_metadata_is_refused_with_the_reason(client, admin, document, reason):
    client.force_login(admin)

    response = client.post(URL, {
        "protocol": "saml", "is_enabled": "on", "domains": "sso.example",
        "email_claim": "mail", "local_passwords_allowed": "on",
        "metadata_file": SimpleUploadedFile("idp.xml", document, "application/xml"),
    })

    assert response.status_code == 422
    assert reason in response.content.decode()
    assert not IdentityProvider.objects.exists()


def test_passwords_stay_on_while_the_client_secret_is_missing(
    client, admin, oidc_provider, monkeypatch
):
    monkeypatch.delenv(SECRET_ENV, raising=False)
    client.force_login(admin)

    response = client.post(
        URL, oidc_form(oidc_provider.base_url, local_passwords_allowed="")
    )

    assert response.status_code == 422
    assert "Local passwords can only be switched off" in response.content.decode()
    assert not IdentityProvider.objects.exists()


def test_passwords_stay_on_when_no_administrator_could_sign_in_with_sso(
    client, admin, oidc_provider, oidc_secret
):
    admin.email = "anna@elsewhere.example"
    admin.save(update_fields=["email"])
    client.force_login(admin)

    response = client.post(
        URL, oidc_form(oidc_provider.base_url, local_passwords_allowed="")
    )

    assert response.status_code == 422
    assert "nobody could sign in to administer" in response.content.decode()
    assert not IdentityProvider.objects.exists()


def test_passwords_are_switched_off_with_working_sso_and_a_reachable_administrator(
    client, admin, oidc_provider, oidc_secret
):
    client.force_login(admin)

    response = client.post(
        URL, oidc_form(oidc_provider.base_url, local_passwords_allowed="")
    )

    assert response.status_code == 302
    assert IdentityProvider.objects.get().local_passwords_allowed is False


def test_a_group_mapping_is_added_and_removed_and_both_audited(
    client, admin, municipality, oidc_provider, oidc_secret
):
    team = UnitFactory(organisation=municipality, name="Team A", kind=UnitKind.TEAM)
    client.force_login(admin)
    client.post(URL, oidc_form(oidc_provider.base_url))

    added = client.post(reverse("identity:group_mapping_add"), {
        "group": "kompas-team-a", "role_level": "employee", "unit": team.pk,
    })
    twice = client.post(reverse("identity:group_mapping_add"), {
        "group": "kompas-team-a", "role_level": "employee", "unit": team.pk,
    })
    mapping = GroupMapping.objects.get()
    removed = client.post(reverse("identity:group_mapping_remove", args=[mapping.pk]))

    assert (added.status_code, twice.status_code, removed.status_code) == (302, 422, 302)
    assert "This group already gives that role level." in twice.content.decode()
    assert not GroupMapping.objects.exists()
    assert list(
        AuditEvent.objects.filter(verb__startswith="sso.group").values_list("verb", flat=True)
        .order_by("pk")
    ) == ["sso.group_mapped", "sso.group_unmapped"]


def test_a_unit_of_another_organisation_cannot_be_mapped(client, admin, oidc_provider,
                                                         oidc_secret):
    other = UnitFactory(organisation=OrganisationFactory(), name="Fremmed")
    client.force_login(admin)
    client.post(URL, oidc_form(oidc_provider.base_url))

    response = client.post(reverse("identity:group_mapping_add"), {
        "group": "x", "role_level": "employee", "unit": other.pk,
    })

    assert response.status_code == 422
    assert not GroupMapping.objects.exists()


def test_a_new_municipality_configured_in_the_pages_signs_its_people_in_through_oidc(
    client, admin, municipality, oidc_provider, oidc_secret
):
    """Set up without the Django admin: the provider and the group mapping through the
    pages, then someone unknown to Kompas signs in and is created with that role."""
    team = UnitFactory(organisation=municipality, name="Team A", kind=UnitKind.TEAM)
    client.force_login(admin)
    client.post(URL, oidc_form(oidc_provider.base_url))
    client.post(reverse("identity:group_mapping_add"), {
        "group": "kompas-team-a", "role_level": "employee", "unit": team.pk,
    })
    client.logout()

    response = sign_in(client, "sso", "bo")

    assert response.status_code == 302
    bo = signed_in_user(client)
    assert bo.email == "bo@sso.example"
    assignment = RoleAssignment.objects.get(user=bo)
    assert (assignment.organisation, assignment.role_level, assignment.unit) == (
        municipality, RoleLevel.EMPLOYEE, team
    )
