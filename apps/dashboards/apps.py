from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "apps.dashboards"
    verbose_name = _("Dashboards")

    def ready(self):
        from . import signals  # noqa: F401 - connects the receivers
