from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """What people are told: the in-app inbox, e-mail (at once or as a digest), the
    reminders of the scheduled run, and each person's preferences."""

    name = "apps.notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from apps.core import page_cache

        from . import selectors

        # A kept page shows the header's unread count (and a dashboard what needs the
        # person now): its key follows the person's inbox.
        if selectors.inbox_key_part not in page_cache.KEY_PARTS:
            page_cache.KEY_PARTS.append(selectors.inbox_key_part)
