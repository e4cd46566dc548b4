"""What an organisation shows the public: which strategies are published, and the
personal calendar feeds of its people."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Publication(models.Model):
    """The communications department's choice to show a strategy's adopted versions on
    the public site. Kept when withdrawn (is_published off), so that the time of the
    last change moves and conditional requests see it."""

    strategy = models.OneToOneField(
        "strategies.Strategy", on_delete=models.CASCADE, related_name="publication",
        verbose_name=_("strategy"),
    )
    is_published = models.BooleanField(_("published"), default=False)
    changed_at = models.DateTimeField(_("changed"), auto_now=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("changed by"),
    )

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def __str__(self):
        return str(self.strategy)


class CalendarFeed(models.Model):
    """A person's personal calendar feed. Its address is signed with the generation:
    a new address (or none) raises it, and every earlier address stops working."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed",
    )
    generation = models.PositiveIntegerField(default=1)
    is_active = models.BooleanField(default=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)
