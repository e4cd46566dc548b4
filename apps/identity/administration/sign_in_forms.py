"""Forms of the sign-in settings page: the identity provider and its group mappings."""

import re

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from apps.identity.models import IdentityProvider, Protocol
from apps.identity.models.sso import environment_name
from apps.organisations.models import RoleLevel, Unit

from .forms import _Styled, _UnitChoices

FIELD = IdentityProvider._meta.get_field
METADATA_MAX_BYTES = 1_000_000


def _label(name):
    return capfirst(FIELD(name).verbose_name)


class SignInForm(_Styled):
    protocol = forms.ChoiceField(label=_("Protocol"), choices=Protocol.choices)
    is_enabled = forms.BooleanField(
        label=_label("is_enabled"), required=False,
        help_text=FIELD("is_enabled").help_text,
    )
    domains = forms.CharField(
        label=_("E-mail domains that sign in here"),
        help_text=_("Separated by commas or spaces, such as glostrup.dk, glostrup.net. The "
                    "login page sends people with these addresses to the identity provider."),
        max_length=1000,
    )
    issuer = forms.CharField(
        label=_("Issuer (OpenID Connect)"), required=False, max_length=500,
        help_text=_("The issuer URL exactly as in the tokens, such as "
                    "https://login.microsoftonline.com/<tenant>/v2.0. Its discovery "
                    "document gives the endpoints."),
    )
    client_id = forms.CharField(label=_label("client_id"), required=False, max_length=255)
    client_secret_env = forms.CharField(
        label=_label("client_secret_env"), required=False, max_length=100,
        validators=[environment_name], help_text=FIELD("client_secret_env").help_text,
    )
    scopes = forms.CharField(label=_label("scopes"), required=False, max_length=255,
                             initial="openid email profile")
    metadata_url = forms.URLField(
        label=_("Address of the identity provider's metadata (SAML)"), required=False,
        help_text=_("Kompas fetches the metadata from here when you save."),
    )
    metadata_file = forms.FileField(
        label=_("Or upload the metadata file (SAML)"), required=False,
    )
    idp_metadata_xml = forms.CharField(
        label=_("Or paste the metadata (SAML)"), required=False, widget=forms.Textarea(
            attrs={"rows": 6}),
        help_text=_("Leave all three empty to keep the metadata already stored."),
    )
    email_claim = forms.CharField(label=_label("email_claim"), max_length=200,
                                  initial="email")
    name_claim = forms.CharField(label=_label("name_claim"), max_length=200, required=False,
                                 initial="name")
    groups_claim = forms.CharField(label=_label("groups_claim"), max_length=200,
                                   required=False, initial="groups")
    allow_just_in_time = forms.BooleanField(
        label=_label("allow_just_in_time"), required=False,
        help_text=FIELD("allow_just_in_time").help_text,
    )
    local_passwords_allowed = forms.BooleanField(
        label=_label("local_passwords_allowed"), required=False,
        help_text=_("Switched off, this organisation's people can only sign in with their "
                    "work account. Possible once that works, and only while someone of the "
                    "communications department can sign in with it."),
    )

    def __init__(self, *args, provider=None, **kwargs):
        self.provider = provider
        super().__init__(*args, **kwargs)

    def clean_domains(self):
        domains = [d for d in re.split(r"[\s,;]+", self.cleaned_data["domains"].lower()) if d]
        if not domains:
            raise forms.ValidationError(_("Give at least one e-mail domain."))
        from apps.identity.models.sso import domain_name

        for domain in domains:
            try:
                domain_name(domain)
            except forms.ValidationError as error:
                raise forms.ValidationError(
                    _("%(domain)s is not a domain: enter one such as glostrup.dk.")
                    % {"domain": domain}
                ) from error
        return domains

    def clean_metadata_file(self):
        upload = self.cleaned_data.get("metadata_file")
        if not upload:
            return ""
        if upload.size > METADATA_MAX_BYTES:
            raise forms.ValidationError(_("The metadata file is too large."))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(_("The metadata file is not UTF-8 text.")) from error

    def clean(self):
        data = super().clean()
        protocol = data.get("protocol")
        if protocol == Protocol.OIDC:
            for name in ("issuer", "client_id", "client_secret_env"):
                if not data.get(name):
                    self.add_error(name, _("This field is required for OpenID Connect."))
            if data.get("scopes") and "openid" not in data["scopes"].split():
                self.add_error("scopes", _("The scopes must include openid."))
        return data

    def provider_data(self, metadata_xml: str | None) -> dict:
        """The IdentityProvider fields from the cleaned data."""
        data = self.cleaned_data
        fields = {
            name: data[name] for name in (
                "protocol", "is_enabled", "email_claim", "name_claim", "groups_claim",
                "allow_just_in_time", "local_passwords_allowed",
            )
        }
        if data["protocol"] == Protocol.OIDC:
            fields.update(
                issuer=data["issuer"].strip(), client_id=data["client_id"].strip(),
                client_secret_env=data["client_secret_env"],
                scopes=data["scopes"] or "openid email profile",
            )
        elif metadata_xml is not None:
            fields["idp_metadata_xml"] = metadata_xml
        return fields


class GroupMappingForm(_UnitChoices, _Styled):
    group = forms.CharField(
        label=_("Group"), max_length=255,
        help_text=_("The value exactly as the identity provider sends it (a name or an ID)."),
    )
    role_level = forms.ChoiceField(label=_("Role level"), choices=RoleLevel.choices)
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), required=False)

    def setup(self):
        self.unit_field("unit", required=False, label=_("Unit"))
        self.fields["unit"].help_text = _(
            "Leave empty for a role in the whole organisation, such as a politician's."
        )
