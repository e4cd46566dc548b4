"""Live follow-up of an adopted version: how its actions progress and what its
indicators measure. Never part of the version: the adopted text stays frozen, and
this lives beside it, keyed on the lineage an action or indicator keeps from one
version to the next (strategies.Action.lineage, strategies.Indicator.lineage).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgressStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    AT_RISK = "at_risk", _("At risk")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


# An action in one of these is finished: it can no longer be overdue.
CLOSED_STATUSES = (ProgressStatus.DONE, ProgressStatus.CANCELLED)
TEXT_MAX_LENGTH = 2000


class AppendOnlyError(Exception):
    """A recorded progress update was about to change or disappear."""


class ProgressUpdate(models.Model):
    """One dated report on an action: its status then, how far it is, and what happened.

    Append-only: the history of an action is every update ever written, and its
    current state is the newest one.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    strategy = models.ForeignKey(
        "strategies.Strategy",
        on_delete=models.CASCADE,
        related_name="progress_updates",
        verbose_name=_("strategy"),
    )
    lineage = models.UUIDField(_("action across versions"), db_index=True)
    # The row of the adopted version the update was written under, kept so a removed
    # action's history stays readable under the version that had it.
    action = models.ForeignKey(
        "strategies.Action",
        on_delete=models.PROTECT,
        related_name="progress_updates",
        verbose_name=_("action"),
    )
    status = models.CharField(_("status"), max_length=20, choices=ProgressStatus.choices)
    percent = models.PositiveSmallIntegerField(
        _("percentage done"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    text = models.TextField(_("what has happened"), blank=True, max_length=TEXT_MAX_LENGTH)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("who"),
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["strategy", "lineage", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent__isnull=True) | models.Q(percent__lte=100),
                name="progress_percent_at_most_100",
            ),
        ]

    def __str__(self):
        return f"{self.action}: {self.get_status_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("a progress update is never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("a progress update is never deleted")
