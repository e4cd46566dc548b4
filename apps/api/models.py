from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import BearerToken


class ApiToken(BearerToken):
    """A bearer token that reads everything one organisation owns through the API."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="api_tokens",
        verbose_name=_("organisation"),
    )

    class Meta(BearerToken.Meta):
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
