"""How an organisation's people sign in, set up in the app by its communications
department: its identity provider (OpenID Connect or SAML 2.0), the e-mail domains that
lead there, what its groups mean here, and whether local passwords stay allowed.

Every change is checked before it is saved and written to the audit log (never the
client secret, which stays in the installation's environment: models/sso.py says why).
Switching local passwords off is refused while no working single sign-on is set up, and
while no active person of the communications department could sign in through it: the
organisation is never left without someone who can reach these pages.
"""

import xml.etree.ElementTree as ET  # noqa: S405 (only to read the tag names; see below)

import requests
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.audit.services import audit_record
from apps.identity import permissions
from apps.identity.models import GroupMapping, IdentityProvider, Protocol, SignInDomain
from apps.identity.sso.services import discovery_read, identity_provider_discover
from apps.organisations.models import RoleAssignment, RoleLevel

__all__ = [
    "group_mapping_add",
    "group_mapping_remove",
    "saml_metadata_fetch",
    "saml_metadata_validate",
    "sign_in_connection_test",
    "sign_in_save",
]

MD = "urn:oasis:names:tc:SAML:2.0:metadata"
AUDITED_FIELDS = (
    "protocol", "is_enabled", "issuer", "client_id", "client_secret_env", "scopes",
    "email_claim", "name_claim", "groups_claim", "allow_just_in_time",
    "local_passwords_allowed", "authorization_endpoint", "token_endpoint", "jwks_endpoint",
    "userinfo_endpoint",
)
METADATA_MAX_BYTES = 1_000_000


def saml_metadata_validate(xml: str) -> str:
    """The entity ID of an identity provider's SAML metadata; a ValidationError saying
    what is wrong when it is not such a document. pysaml2 (which reads it at sign-in,
    with defusedxml underneath) then checks it whole."""
    from saml2.mdstore import InMemoryMetaData

    text = (xml or "").strip()
    if not text:
        raise ValidationError(_("Paste or upload the identity provider's metadata."))
    if "<!DOCTYPE" in text.upper() or "<!ENTITY" in text.upper():
        raise ValidationError(_("Metadata with a document type declaration is not accepted."))
    try:
        root = ET.fromstring(text)  # noqa: S314 (no DTD, refused above)
    except ET.ParseError as error:
        raise ValidationError(
            _("The metadata is not well-formed XML: %(error)s"), params={"error": error}
        ) from error
    if root.tag != f"{{{MD}}}EntityDescriptor":
        raise ValidationError(_("The metadata must be one SAML EntityDescriptor."))
    if root.find(f"{{{MD}}}IDPSSODescriptor") is None:
        raise ValidationError(
            _("The metadata describes no identity provider (it has no IDPSSODescriptor).")
        )
    entity_id = root.get("entityID", "")
    if not entity_id:
        raise ValidationError(_("The metadata names no entity ID."))
    try:
        store = InMemoryMetaData(None, security=None)
        store.parse(text)
        services = store.service(entity_id, "idpsso_descriptor", "single_sign_on_service")
    except Exception as error:  # noqa: BLE001 (pysaml2 raises many kinds)
        raise ValidationError(
            _("The metadata could not be read as SAML 2.0: %(error)s"), params={"error": error}
        ) from error
    if not services:
        raise ValidationError(_("The metadata gives no single sign-on service to send people to."))
    return entity_id


def saml_metadata_fetch(url: str) -> str:
    """The metadata document published at `url` (not yet validated)."""
    try:
        response = requests.get(url, timeout=settings.KOMPAS_SSO_HTTP_TIMEOUT)
        response.raise_for_status()
    except requests.RequestException as error:
        raise ValidationError(
            {"metadata_url": _("The metadata could not be fetched: %(error)s")
             % {"error": error}}
        ) from error
    if len(response.content) > METADATA_MAX_BYTES:
        raise ValidationError({"metadata_url": _("The metadata document is too large.")})
    return response.text


def _sso_works(provider: IdentityProvider) -> bool:
    if not provider.is_enabled:
        return False
    if provider.protocol == Protocol.OIDC:
        return bool(
            provider.client_id and provider.client_secret and provider.authorization_endpoint
            and provider.token_endpoint and provider.jwks_endpoint
        )
    try:
        saml_metadata_validate(provider.idp_metadata_xml)
    except ValidationError:
        return False
    return True


def _administrators_reachable(provider: IdentityProvider, domains: list[str]) -> bool:
    """Whether an active person of the communications department has an address in one
    of the sign-in domains, so they can still sign in (and reach these pages)."""
    emails = RoleAssignment.objects.filter(
        organisation=provider.organisation,
        role_level__in=permissions.ADMINISTERING_LEVELS,
        user__is_active=True,
    ).values_list("user__email", flat=True)
    return any(e and e.rpartition("@")[2].lower() in domains for e in emails)


def _snapshot(provider: IdentityProvider | None) -> dict:
    if provider is None or provider.pk is None:
        return {}
    return {name: getattr(provider, name) for name in AUDITED_FIELDS}


@transaction.atomic
def sign_in_save(*, actor, organisation, data: dict, domains: list[str]) -> IdentityProvider:
    """Create or change the organisation's identity provider from the settings page.

    `data`: the IdentityProvider fields; for SAML `idp_metadata_xml` is validated and
    the issuer taken from it; for OpenID Connect the endpoints are read from the
    issuer's discovery document (the connection test), and a failure saves nothing.
    """
    permissions.require(actor, permissions.ADMINISTER, organisation)
    provider = (
        IdentityProvider.objects.select_for_update().filter(organisation=organisation).first()
        or IdentityProvider(organisation=organisation)
    )
    before = _snapshot(provider)
    for name, value in data.items():
        setattr(provider, name, value)
    domains = sorted({d.strip().lower() for d in domains if d.strip()})
    taken = SignInDomain.objects.filter(domain__in=domains)
    if provider.pk:
        taken = taken.exclude(provider=provider)
    if taken.exists():
        raise ValidationError({"domains": _(
            "%(domain)s already leads to another organisation's identity provider."
        ) % {"domain": taken.first().domain}})
    if provider.protocol == Protocol.SAML:
        provider.issuer = saml_metadata_validate(provider.idp_metadata_xml)
        for name in ("client_id", "client_secret_env", "authorization_endpoint",
                     "token_endpoint", "jwks_endpoint", "userinfo_endpoint"):
            setattr(provider, name, "")
    else:
        provider.idp_metadata_xml = ""
    if provider.protocol == Protocol.OIDC:
        # The discovery document gives the endpoints: the cheap test of the connection.
        # Read before anything is saved, so an issuer that does not answer saves nothing.
        try:
            discovery_read(provider)
        except ValidationError as error:
            raise ValidationError({"issuer": error.messages}) from error
    provider.full_clean(exclude=["organisation"])
    provider.save()
    provider.domains.exclude(domain__in=domains).delete()
    for domain in domains:
        SignInDomain.objects.get_or_create(provider=provider, domain=domain)
    if not provider.local_passwords_allowed:
        if not _sso_works(provider):
            raise ValidationError({"local_passwords_allowed": _(
                "Local passwords can only be switched off once signing in with a work "
                "account is switched on and set up completely (for OpenID Connect also "
                "the client secret in the installation's environment)."
            )})
        if not _administrators_reachable(provider, domains):
            raise ValidationError({"local_passwords_allowed": _(
                "Nobody of the communications department has an e-mail address in the "
                "sign-in domains, so nobody could sign in to administer the organisation "
                "any more. Local passwords stay allowed."
            )})
    after = _snapshot(provider)
    audit_record(
        organisation=organisation,
        actor=actor,
        verb="sso.configured" if before else "sso.created",
        obj=provider,
        data={
            "changed": sorted(k for k in after if before.get(k) != after[k]),
            "domains": domains,
            **({"metadata_changed": True} if provider.protocol == Protocol.SAML else {}),
        },
    )
    return provider


def sign_in_connection_test(*, actor, provider: IdentityProvider) -> str:
    """Try the identity provider from here: for OpenID Connect read its discovery
    document again (and keep the endpoints it names), for SAML check the stored
    metadata. Returns what was found, in words; raises ValidationError otherwise."""
    permissions.require(actor, permissions.ADMINISTER, provider.organisation)
    if provider.protocol == Protocol.OIDC:
        identity_provider_discover(provider=provider)
        missing = [] if provider.client_secret else [_(
            "The environment variable %(name)s with the client secret is not set in this "
            "installation."
        ) % {"name": provider.client_secret_env}]
        found = _("The issuer answered and its endpoints were read.")
        result = " ".join([found, *missing])
    else:
        entity_id = saml_metadata_validate(provider.idp_metadata_xml)
        result = _("The metadata of %(entity)s is valid.") % {"entity": entity_id}
    audit_record(
        organisation=provider.organisation, actor=actor, verb="sso.tested", obj=provider,
        data={"protocol": provider.protocol},
    )
    return result


@transaction.atomic
def group_mapping_add(*, actor, provider: IdentityProvider, group: str, role_level: str,
                      unit=None) -> GroupMapping:
    permissions.require(actor, permissions.ADMINISTER, provider.organisation)
    group = (group or "").strip()
    if unit is not None and unit.organisation_id != provider.organisation_id:
        raise ValidationError({"unit": _("Choose a unit of the same organisation.")})
    if role_level not in RoleLevel.values:
        raise ValidationError({"role_level": _("Choose a role level.")})
    if GroupMapping.objects.filter(provider=provider, group=group, role_level=role_level).exists():
        raise ValidationError({"group": _("This group already gives that role level.")})
    mapping = GroupMapping(provider=provider, group=group, role_level=role_level, unit=unit)
    mapping.full_clean()
    mapping.save()
    audit_record(
        organisation=provider.organisation, actor=actor, verb="sso.group_mapped", obj=provider,
        data={"group": group, "role_level": role_level, "unit": getattr(unit, "name", "")},
    )
    return mapping


@transaction.atomic
def group_mapping_remove(*, actor, mapping: GroupMapping) -> None:
    provider = mapping.provider
    permissions.require(actor, permissions.ADMINISTER, provider.organisation)
    audit_record(
        organisation=provider.organisation, actor=actor, verb="sso.group_unmapped",
        obj=provider,
        data={"group": mapping.group, "role_level": mapping.role_level,
              "unit": mapping.unit.name if mapping.unit else ""},
    )
    mapping.delete()
