"""Who may come in through an identity provider, and as whom.

Both protocols end here once the provider's answer is verified: the person is found by
e-mail address (or UPN) among the organisation's people, or created just in time if the
organisation allows it, with the role levels and units their groups map to. Every
sign-in and every refusal is written to the organisation's audit log.
"""

import logging
from dataclasses import dataclass, field

import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from apps.audit.services import audit_record
from apps.identity.models import IdentityProvider
from apps.organisations.models import RoleAssignment
from apps.organisations.services import role_assignment_create

logger = logging.getLogger(__name__)

# What the person is told, in their language, for each reason a sign-in is refused.
# The technical detail goes to the audit log and the server log, never to the page.
REFUSAL_MESSAGES = {
    "invalid_response": _(
        "The answer from your organisation's identity provider could not be verified, so "
        "you were not signed in. Please try again; if it happens again, tell your IT "
        "department."
    ),
    "expired": _(
        "The sign-in had expired or had already been used, so you were not signed in. "
        "Please start again."
    ),
    "cancelled": _("The sign-in was cancelled at your organisation's identity provider."),
    "unavailable": _(
        "Your organisation's identity provider could not be reached. Please try again in "
        "a few minutes."
    ),
    "no_email": _(
        "Your identity provider did not send your e-mail address, so you could not be "
        "signed in. Ask your IT department to include it."
    ),
    "unknown_person": _(
        "Your work account is not registered in Kompas. Ask your communications "
        "department to add you."
    ),
    "ambiguous": _(
        "More than one person in Kompas has your e-mail address, so you could not be "
        "signed in. Ask your communications department to correct it."
    ),
    "deactivated": _(
        "Your access to Kompas has been closed. Ask your communications department if "
        "you need it again."
    ),
    "no_role": _(
        "Your groups at the identity provider give you no role in Kompas, so no account "
        "was created. Ask your communications department."
    ),
    "disabled": _("Signing in with a work account is switched off for this organisation."),
    "misconfigured": _(
        "Signing in with a work account is not set up correctly for this organisation. "
        "Please tell your IT department."
    ),
}


class SignInRefused(Exception):  # noqa: N818 (a refusal, not a programming error)
    def __init__(self, reason: str, detail: str = "", *, user=None):
        if reason not in REFUSAL_MESSAGES:
            raise ValueError(f"unknown refusal reason {reason!r}")
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
        self.user = user

    @property
    def message(self):
        return REFUSAL_MESSAGES[self.reason]


@dataclass
class Identity:
    """What a verified answer from an identity provider says about the person."""

    email: str
    name: str = ""
    groups: list[str] = field(default_factory=list)
    subject: str = ""

    @classmethod
    def from_claims(cls, provider: IdentityProvider, claims: dict, *, subject: str = ""):
        def first(value):
            if isinstance(value, list | tuple):
                return str(value[0]) if value else ""
            return str(value) if value is not None else ""

        groups = claims.get(provider.groups_claim, []) if provider.groups_claim else []
        if isinstance(groups, str):
            groups = [groups]
        return cls(
            email=first(claims.get(provider.email_claim)).strip(),
            name=first(claims.get(provider.name_claim)).strip() if provider.name_claim else "",
            groups=[str(group) for group in groups],
            subject=subject,
        )


def sso_sign_in(*, provider: IdentityProvider, identity: Identity):
    """The person the identity provider vouches for, found or created just in time.

    Raises SignInRefused (already audited) when they may not come in.
    """
    try:
        with transaction.atomic():
            user, created = _match_or_create(provider=provider, identity=identity)
            audit_record(
                organisation=provider.organisation,
                actor=user,
                verb="sso.signed_in",
                obj=user,
                data={
                    "protocol": provider.protocol,
                    "created_just_in_time": created,
                    "subject": identity.subject,
                },
            )
            return user
    except SignInRefused as refusal:
        sso_refusal_record(
            provider=provider, refusal=refusal, email=identity.email, user=refusal.user
        )
        raise


def sso_refusal_record(*, provider, refusal: SignInRefused, email: str = "", user=None) -> None:
    """Write a refused sign-in to the audit log of the provider's organisation."""
    logger.info(
        "sso refused organisation=%s reason=%s detail=%s",
        provider.organisation_id if provider else None,
        refusal.reason,
        refusal.detail,
    )
    if provider is None:
        return
    audit_record(
        organisation=provider.organisation,
        actor=None,
        verb="sso.refused",
        obj=user,
        data={
            "protocol": provider.protocol,
            "reason": refusal.reason,
            "detail": refusal.detail[:500],
            "email": email[:254],
        },
    )


def _match_or_create(*, provider: IdentityProvider, identity: Identity):
    if not provider.is_enabled:
        raise SignInRefused("disabled")
    email = identity.email.lower()
    if "@" not in email:
        raise SignInRefused("no_email", f"claim {provider.email_claim!r} missing or not an address")
    User = get_user_model()  # noqa: N806
    matches = list(User.objects.filter(email__iexact=email)[:2])
    if len(matches) > 1:
        raise SignInRefused("ambiguous", email)
    if matches:
        user = matches[0]
        belongs = RoleAssignment.objects.filter(
            user=user, organisation=provider.organisation
        ).exists()
        if not belongs:
            # Someone of another municipality: this provider cannot vouch for them.
            raise SignInRefused("unknown_person", f"{email} belongs to no role here")
        if not user.is_active:
            raise SignInRefused("deactivated", email, user=user)
        return user, False
    if not provider.allow_just_in_time:
        raise SignInRefused("unknown_person", f"{email} unknown, just-in-time creation off")
    domain = email.rpartition("@")[2]
    if not provider.domains.filter(domain=domain).exists():
        raise SignInRefused("unknown_person", f"{domain} is not a sign-in domain of the provider")
    mappings = list(provider.group_mappings.filter(group__in=identity.groups))
    if not mappings:
        raise SignInRefused("no_role", f"groups {identity.groups!r} map to no role")
    if User.objects.filter(username__iexact=email[:150]).exists():
        # Someone else already has this address as their username: never guess.
        raise SignInRefused("ambiguous", f"{email} is another person's username")
    user = User(username=email[:150], email=email, full_name=identity.name[:200])
    user.set_unusable_password()
    user.save()
    for mapping in mappings:
        role_assignment_create(
            user=user,
            organisation=provider.organisation,
            unit=mapping.unit,
            role_level=mapping.role_level,
        )
    return user, True


def password_login_refused_by(username: str) -> IdentityProvider | None:
    """The provider of an organisation that forbids local passwords to this person, if any.

    Known from the address's domain (also for someone not in Kompas yet, so nobody is
    told whether a username exists) or from the organisations the person works for.
    """
    sso_only = IdentityProvider.objects.filter(local_passwords_allowed=False).select_related(
        "organisation"
    )
    username = username.strip()
    if "@" in username:
        by_domain = sso_only.filter(domains__domain=username.rpartition("@")[2].lower()).first()
        if by_domain:
            return by_domain
    User = get_user_model()  # noqa: N806
    user = User.objects.filter(username=username).first()
    if user is None:
        return None
    return sso_only.filter(organisation__role_assignments__user=user).first()


def password_refusal_record(*, provider: IdentityProvider, username: str) -> None:
    audit_record(
        organisation=provider.organisation,
        actor=None,
        verb="sso.password_refused",
        data={"username": username[:150]},
    )


DISCOVERED_ENDPOINTS = {
    "authorization_endpoint": "authorization_endpoint",
    "token_endpoint": "token_endpoint",
    "jwks_endpoint": "jwks_uri",
    "userinfo_endpoint": "userinfo_endpoint",
}


def identity_provider_discover(*, provider: IdentityProvider) -> IdentityProvider:
    """Fill an OIDC provider's endpoints from its issuer's discovery document
    (OpenID Connect Discovery 1.0), so operators enter the issuer and nothing more."""
    discovery_read(provider)
    provider.save(update_fields=[*DISCOVERED_ENDPOINTS, "updated_at"])
    return provider


def discovery_read(provider: IdentityProvider) -> IdentityProvider:
    """Set the provider's endpoints from its issuer's discovery document, unsaved;
    a ValidationError saying why when it cannot be read."""
    url = provider.issuer.rstrip("/") + "/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=settings.KOMPAS_SSO_HTTP_TIMEOUT)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ValidationError(
            _("The issuer's discovery document could not be read: %(error)s"),
            params={"error": error},
        ) from error
    if document.get("issuer") != provider.issuer:
        raise ValidationError(
            _("The discovery document names another issuer: %(issuer)s"),
            params={"issuer": document.get("issuer")},
        )
    for field_name, key in DISCOVERED_ENDPOINTS.items():
        if document.get(key):
            setattr(provider, field_name, document[key])
    return provider
