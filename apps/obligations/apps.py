from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObligationsConfig(AppConfig):
    name = "apps.obligations"
    verbose_name = _("Obligations")

    def ready(self):
        from . import (
            signals,  # noqa: F401 - connects the receivers
            tally_signals,  # noqa: F401 - keeps the follow-up's tallies
        )
