from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "apps.core"
    verbose_name = "Kompas"

    def ready(self):
        from . import checks  # noqa: F401 - registers the system checks
        from .db_guards import reinstall_after_migrate

        # Sent once per app after the whole plan has run; once (for this app) is enough.
        post_migrate.connect(reinstall_after_migrate, sender=self)
