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


class PeriodKind(models.TextChoices):
    YEAR = "year", _("Year")
    QUARTER = "quarter", _("Quarter")
    MONTH = "month", _("Month")


NOTE_MAX_LENGTH = 500


class Measurement(models.Model):
    """One measured value of an indicator for one period (a year, a quarter or a month).

    Keyed on the indicator's lineage like progress on an action, so a strategy's
    series carries over to the next adopted version. Entering a value for a period
    that has one replaces it; the audit row keeps the value it replaced.
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
        related_name="measurements",
        verbose_name=_("strategy"),
    )
    lineage = models.UUIDField(_("indicator across versions"), db_index=True)
    indicator = models.ForeignKey(
        "strategies.Indicator",
        on_delete=models.PROTECT,
        related_name="measurements",
        verbose_name=_("indicator"),
    )
    period_kind = models.CharField(_("kind of period"), max_length=10, choices=PeriodKind.choices)
    period_start = models.DateField(_("first day of the period"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    note = models.CharField(_("note"), max_length=NOTE_MAX_LENGTH, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(_("entered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["strategy", "lineage", "period_start", "period_kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "lineage", "period_kind", "period_start"],
                name="measurement_once_per_period",
            ),
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value} ({self.period_start})"
