from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    """How people get in and who they are: single sign-on (OIDC, SAML), provisioning
    from HR/AD files and SCIM, and the administration of people and units in the app."""

    name = "apps.identity"
    verbose_name = _("Identity")
