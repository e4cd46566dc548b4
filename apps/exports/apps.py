import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "apps.exports"
    verbose_name = _("Exports")

    def ready(self):
        # WeasyPrint reports every layout step at INFO; a worker's log needs only its
        # warnings (refused resources, missing alt texts).
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
