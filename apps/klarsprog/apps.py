from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KlarsprogConfig(AppConfig):
    name = "apps.klarsprog"
    verbose_name = _("Plain language")
