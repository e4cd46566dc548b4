import csv

import pytest
from openpyxl import Workbook

from apps.identity.models import GroupMapping, IdentityProvider, Protocol, SignInDomain
from apps.identity.provisioning.tabular import TEMPLATE_HEADER
from apps.organisations.models import RoleLevel, UnitKind
from tests.factories import OrganisationFactory, UnitFactory

from . import providers

SECRET_ENV = "KOMPAS_TEST_OIDC_SECRET"


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    """A real OpenID Connect provider (django-oauth-toolkit) in its own process."""
    tmp = tmp_path_factory.mktemp("oidc-provider")
    running = providers.start_oidc_provider(tmp, ["http://testserver/sso/oidc/callback/"])
    yield running
    running.stop()


def configure_oidc(organisation, base_url: str, *, client_id="kompas", domain="sso.example"):
    provider = IdentityProvider.objects.create(
        organisation=organisation,
        protocol=Protocol.OIDC,
        issuer=f"{base_url}/o",
        client_id=client_id,
        client_secret_env=SECRET_ENV,
        authorization_endpoint=f"{base_url}/o/authorize/",
        token_endpoint=f"{base_url}/o/token/",
        jwks_endpoint=f"{base_url}/o/.well-known/jwks.json",
        userinfo_endpoint=f"{base_url}/o/userinfo/",
        allow_just_in_time=True,
    )
    SignInDomain.objects.create(provider=provider, domain=domain)
    communications = UnitFactory(
        organisation=organisation,
        name="Communications",
        kind=UnitKind.SECRETARIAT,
        is_communications=True,
    )
    team = UnitFactory(organisation=organisation, name="Team A", kind=UnitKind.TEAM)
    GroupMapping.objects.create(
        provider=provider,
        group="kompas-communications",
        role_level=RoleLevel.COMMUNICATIONS,
        unit=communications,
    )
    GroupMapping.objects.create(
        provider=provider, group="kompas-team-a", role_level=RoleLevel.EMPLOYEE, unit=team
    )
    return provider


@pytest.fixture
def oidc_secret(monkeypatch):
    monkeypatch.setenv(SECRET_ENV, providers.CLIENT_SECRET)


@pytest.fixture
def oidc_organisation(db, oidc_provider, oidc_secret):
    organisation = OrganisationFactory(name="Sso Kommune", slug="sso")
    configure_oidc(organisation, oidc_provider.base_url)
    return organisation


@pytest.fixture(scope="session")
def saml_idp(tmp_path_factory):
    """A real SAML IdP (pysaml2's Server) in its own process."""
    running = providers.start_saml_idp(tmp_path_factory.mktemp("saml-idp"), "idp")
    yield running
    running.stop()


@pytest.fixture(scope="session")
def other_saml_idp(tmp_path_factory):
    """A second, unrelated SAML IdP: its answers must not be trusted for the first's."""
    running = providers.start_saml_idp(tmp_path_factory.mktemp("other-idp"), "other-idp")
    yield running
    running.stop()


@pytest.fixture(scope="session")
def saml_sp_keys(tmp_path_factory):
    return providers.key_and_certificate(tmp_path_factory.mktemp("saml-sp"), "kompas-sp")


@pytest.fixture
def saml_sp(settings, saml_sp_keys):
    settings.KOMPAS_SAML_KEY_FILE, settings.KOMPAS_SAML_CERT_FILE = saml_sp_keys


def configure_saml(organisation, idp, client, *, domain="sso.example", register_at=()):
    """The organisation signs in through `idp`: its metadata is stored here, and Kompas's
    SP metadata is registered at the IdP (and at `register_at`, other IdPs)."""
    import requests

    metadata = requests.get(f"{idp.base_url}/metadata", timeout=10).text
    provider = IdentityProvider.objects.create(
        organisation=organisation,
        protocol=Protocol.SAML,
        issuer=f"{idp.base_url}/metadata",
        idp_metadata_xml=metadata,
        email_claim="mail",
        name_claim="displayName",
        groups_claim="groups",
        allow_just_in_time=True,
    )
    SignInDomain.objects.create(provider=provider, domain=domain)
    team = UnitFactory(organisation=organisation, name="Team S", kind=UnitKind.TEAM)
    GroupMapping.objects.create(
        provider=provider, group="kompas-team-a", role_level=RoleLevel.EMPLOYEE, unit=team
    )
    GroupMapping.objects.create(
        provider=provider, group="kompas-communications", role_level=RoleLevel.COMMUNICATIONS
    )
    sp_metadata = client.get(f"/sso/{organisation.slug}/saml/metadata/").content
    for target in (idp, *register_at):
        answer = requests.post(f"{target.base_url}/register-sp", data=sp_metadata, timeout=10)
        answer.raise_for_status()
    return provider


@pytest.fixture
def client():
    """A browser that asks for English, the language the assertions are written in
    (nobody is signed in yet, so no preferred language applies)."""
    from django.test import Client

    return Client(headers={"accept-language": "en"})

@pytest.fixture
def comms(organisation, member_of):
    """A person of the communications department, who administers the organisation."""
    return member_of(organisation, RoleLevel.COMMUNICATIONS)


def write_csv(path, rows, header=TEMPLATE_HEADER, delimiter=";", encoding="utf-8"):
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        for row in rows:
            writer.writerow([row.get(column, "") for column in header])
    return path


def write_xlsx(path, rows, header=TEMPLATE_HEADER):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(column, "") or None for column in header])
    workbook.save(path)
    return path
