"""The operators configure identity providers in the Django admin."""

import pytest
from django.core.exceptions import ValidationError

from apps.identity.models import GroupMapping, IdentityProvider, Protocol
from apps.organisations.models import RoleLevel
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_admin_lists_and_adds_identity_providers(client, organisation):
    IdentityProvider.objects.create(
        organisation=organisation, protocol=Protocol.OIDC, issuer="https://idp.example"
    )
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    assert client.get("/admin/identity/identityprovider/").status_code == 200
    assert client.get("/admin/identity/identityprovider/add/").status_code == 200


def test_an_oidc_provider_needs_its_client_and_endpoints(organisation):
    provider = IdentityProvider(
        organisation=organisation,
        protocol=Protocol.OIDC,
        issuer="https://idp.example",
        scopes="email",
    )

    with pytest.raises(ValidationError) as error:
        provider.full_clean()

    assert set(error.value.message_dict) >= {
        "client_id",
        "client_secret_env",
        "authorization_endpoint",
        "token_endpoint",
        "jwks_endpoint",
        "scopes",
    }


def test_a_saml_provider_needs_the_idps_metadata(organisation):
    provider = IdentityProvider(
        organisation=organisation, protocol=Protocol.SAML, issuer="https://idp.example"
    )

    with pytest.raises(ValidationError) as error:
        provider.full_clean()

    assert set(error.value.message_dict) == {"idp_metadata_xml"}


def test_the_secret_is_read_from_the_named_environment_variable(organisation, monkeypatch):
    monkeypatch.setenv("KOMPAS_OIDC_SECRET_X", "s3cret")
    provider = IdentityProvider(organisation=organisation, client_secret_env="KOMPAS_OIDC_SECRET_X")

    assert provider.client_secret == "s3cret"


def test_the_environment_variable_must_be_a_plain_name(organisation):
    provider = IdentityProvider(
        organisation=organisation,
        protocol=Protocol.SAML,
        issuer="x",
        idp_metadata_xml="<x/>",
        client_secret_env="not a name",
    )

    with pytest.raises(ValidationError) as error:
        provider.full_clean()

    assert "client_secret_env" in error.value.message_dict


def test_a_group_maps_only_to_a_unit_of_the_same_organisation(organisation, other_organisation):
    provider = IdentityProvider.objects.create(
        organisation=organisation, protocol=Protocol.OIDC, issuer="https://idp.example"
    )
    mapping = GroupMapping(
        provider=provider,
        group="g",
        role_level=RoleLevel.EMPLOYEE,
        unit=UnitFactory(organisation=other_organisation),
    )

    with pytest.raises(ValidationError) as error:
        mapping.full_clean()

    assert "unit" in error.value.message_dict


def test_the_endpoints_are_read_from_the_issuers_discovery_document(
    client, oidc_provider, organisation
):
    provider = IdentityProvider.objects.create(
        organisation=organisation, protocol=Protocol.OIDC, issuer=f"{oidc_provider.base_url}/o"
    )
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.post(
        "/admin/identity/identityprovider/",
        {"action": "discover_endpoints", "_selected_action": [provider.pk]},
        follow=True,
    )

    provider.refresh_from_db()
    base = oidc_provider.base_url
    assert (provider.authorization_endpoint, provider.token_endpoint) == (
        f"{base}/o/authorize/",
        f"{base}/o/token/",
    )
    assert provider.jwks_endpoint == f"{base}/o/.well-known/jwks.json"
    assert provider.userinfo_endpoint == f"{base}/o/userinfo/"
    assert "were read from its issuer" in response.content.decode()


def test_a_discovery_document_of_another_issuer_is_refused(oidc_provider, organisation):
    from apps.identity.sso.services import identity_provider_discover

    provider = IdentityProvider.objects.create(
        organisation=organisation,
        protocol=Protocol.OIDC,
        issuer=f"{oidc_provider.base_url}/o/",
    )

    with pytest.raises(ValidationError) as error:
        identity_provider_discover(provider=provider)

    assert "names another issuer" in error.value.messages[0]
    provider.refresh_from_db()
    assert provider.token_endpoint == ""
