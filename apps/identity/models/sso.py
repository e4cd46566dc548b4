"""Models of single sign-on: identity providers per organisation.

One installation serves many municipalities, each with its own identity provider (Entra
ID, AD FS, OS2faktor, a national federation). Each organisation has at most one
IdentityProvider row, which says how to talk to it (OpenID Connect or SAML 2.0), which
e-mail domains lead there from the login page, whether people unknown to Kompas may be
created on their first sign-in, what their groups mean here, and whether the
organisation's people may still log in with a local password.

The OIDC client secret is never stored in the database: the row names an environment
variable that holds it. A secret in the environment stays out of database backups,
dumps and the admin, is rotated through the deployment's secret store like every other
secret of the installation, and needs no application-level encryption key that would
itself have to be kept somewhere.
"""

import os
import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel
from apps.organisations.models import Organisation, RoleLevel, Unit

__all__ = ["GroupMapping", "IdentityProvider", "Protocol", "SignInDomain"]

environment_name = RegexValidator(
    r"^[A-Z_][A-Z0-9_]*$",
    _("Enter the name of an environment variable: capital letters, digits and underscores."),
)
domain_name = RegexValidator(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$",
    _("Enter a domain in lower case, such as glostrup.dk."),
)


class Protocol(models.TextChoices):
    OIDC = "oidc", "OpenID Connect"
    SAML = "saml", "SAML 2.0"


class IdentityProviderQuerySet(models.QuerySet):
    def enabled(self):
        return self.filter(is_enabled=True)

    def for_email(self, email: str):
        """The enabled provider whose sign-in domains hold this address's domain."""
        domain = email.rpartition("@")[2].strip().lower()
        if not domain:
            return self.none()
        return self.enabled().filter(domains__domain=domain)


class IdentityProvider(TimeStampedModel):
    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="identity_provider",
        verbose_name=_("organisation"),
    )
    protocol = models.CharField(_("protocol"), max_length=8, choices=Protocol.choices)
    is_enabled = models.BooleanField(
        _("sign-in enabled"),
        default=True,
        help_text=_("Switched off, the login page no longer offers this identity provider."),
    )
    issuer = models.CharField(
        _("issuer"),
        max_length=500,
        help_text=_(
            "OpenID Connect: the issuer URL exactly as in the tokens. "
            "SAML: the identity provider's entity ID."
        ),
    )
    # OpenID Connect
    client_id = models.CharField(_("client ID"), max_length=255, blank=True)
    client_secret_env = models.CharField(
        _("environment variable with the client secret"),
        max_length=100,
        blank=True,
        validators=[environment_name],
        help_text=_(
            "The secret itself is never stored in the database; set it in this "
            "environment variable of the installation, e.g. KOMPAS_OIDC_SECRET_GLOSTRUP."
        ),
    )
    authorization_endpoint = models.URLField(_("authorisation endpoint"), blank=True)
    token_endpoint = models.URLField(_("token endpoint"), blank=True)
    jwks_endpoint = models.URLField(
        _("JWKS endpoint"),
        blank=True,
        help_text=_("Where the identity provider publishes the keys it signs tokens with."),
    )
    userinfo_endpoint = models.URLField(
        _("userinfo endpoint"),
        blank=True,
        help_text=_("Optional: claims missing from the ID token are read from here."),
    )
    scopes = models.CharField(_("scopes"), max_length=255, default="openid email profile")
    # SAML 2.0
    idp_metadata_xml = models.TextField(
        _("identity provider metadata (XML)"),
        blank=True,
        help_text=_("The SAML metadata document the identity provider publishes, pasted whole."),
    )
    # Both protocols
    email_claim = models.CharField(
        _("claim or attribute with the e-mail address or UPN"), max_length=200, default="email"
    )
    name_claim = models.CharField(
        _("claim or attribute with the full name"), max_length=200, default="name", blank=True
    )
    groups_claim = models.CharField(
        _("claim or attribute with the groups"), max_length=200, default="groups", blank=True
    )
    allow_just_in_time = models.BooleanField(
        _("create unknown people on their first sign-in"),
        default=False,
        help_text=_(
            "They get the role levels and units their groups map to; someone whose "
            "groups map to nothing is refused."
        ),
    )
    local_passwords_allowed = models.BooleanField(
        _("local passwords allowed"),
        default=True,
        help_text=_("Switched off, this organisation's people can only sign in here."),
    )

    objects = IdentityProviderQuerySet.as_manager()

    class Meta:
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")
        ordering = ["organisation__name"]

    def __str__(self):
        return f"{self.organisation} ({self.get_protocol_display()})"

    def clean(self):
        if self.protocol == Protocol.OIDC:
            required = ["client_id", "client_secret_env", "authorization_endpoint"]
            required += ["token_endpoint", "jwks_endpoint"]
        else:
            required = ["idp_metadata_xml"]
        errors = {
            name: _("This field is required for this protocol.")
            for name in required
            if not getattr(self, name)
        }
        if self.protocol == Protocol.OIDC and "openid" not in self.scopes.split():
            errors["scopes"] = _("The scopes must include openid.")
        if errors:
            raise ValidationError(errors)

    @property
    def client_secret(self) -> str:
        return os.environ.get(self.client_secret_env, "") if self.client_secret_env else ""

    @property
    def scope_list(self) -> list[str]:
        return [scope for scope in re.split(r"[\s,]+", self.scopes) if scope]


class SignInDomain(models.Model):
    """An e-mail domain whose people the login page sends to this identity provider."""

    provider = models.ForeignKey(
        IdentityProvider,
        on_delete=models.CASCADE,
        related_name="domains",
        verbose_name=_("identity provider"),
    )
    domain = models.CharField(_("domain"), max_length=253, unique=True, validators=[domain_name])

    class Meta:
        verbose_name = _("sign-in domain")
        verbose_name_plural = _("sign-in domains")
        ordering = ["domain"]

    def __str__(self):
        return self.domain

    def save(self, *args, **kwargs):
        self.domain = self.domain.strip().lower()
        super().save(*args, **kwargs)


class GroupMapping(models.Model):
    """A group the identity provider names, and the role level and unit it means here."""

    provider = models.ForeignKey(
        IdentityProvider,
        on_delete=models.CASCADE,
        related_name="group_mappings",
        verbose_name=_("identity provider"),
    )
    group = models.CharField(
        _("group"),
        max_length=255,
        help_text=_("The value exactly as the identity provider sends it (a name or an ID)."),
    )
    role_level = models.CharField(_("role level"), max_length=20, choices=RoleLevel.choices)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
        help_text=_("Empty for roles that span the whole organisation, such as politicians."),
    )

    class Meta:
        verbose_name = _("group mapping")
        verbose_name_plural = _("group mappings")
        ordering = ["group", "role_level"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "group", "role_level"], name="group_mapping_unique_role"
            ),
        ]

    def __str__(self):
        return f"{self.group} → {self.get_role_level_display()}"

    def clean(self):
        if (
            self.unit_id
            and self.provider_id
            and (self.unit.organisation_id != self.provider.organisation_id)
        ):
            raise ValidationError({"unit": _("Choose a unit of the same organisation.")})
