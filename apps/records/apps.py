from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "apps.records"
    verbose_name = _("Corrections of the record")
