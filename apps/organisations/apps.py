from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "apps.organisations"
    verbose_name = _("Organisations")

    def ready(self):
        from . import signals  # noqa: F401 - connects the receivers
