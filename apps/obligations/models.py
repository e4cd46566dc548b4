"""Acknowledgements of obligations and the leaders' periodic check-ins.

An obligation is not a row of its own: it is a duty of a responsibility in a
currently adopted version (see rules.py). Both tables here point at it by its
strategy and the fingerprint of its text, so that a new version which leaves the
text unchanged keeps what was recorded against it, and a changed text asks again.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.organisations.models import Organisation, RoleLevel, Unit
from apps.strategies.models import Strategy, StrategyVersion

sha256_hex = RegexValidator(r"^[0-9a-f]{64}$", _("Enter a SHA-256 fingerprint."))

NOTE_MAX_LENGTH = 500


def quarter_start(day: datetime.date) -> datetime.date:
    """The first day of the quarter `day` falls in: the period of a check-in."""
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


class AcknowledgementQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)


class Acknowledgement(models.Model):
    """A person has read and understood one obligation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="acknowledgements",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="acknowledgements",
        verbose_name=_("organisation"),
    )
    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="acknowledgements",
        verbose_name=_("strategy"),
    )
    role_level = models.CharField(_("role level"), max_length=20, choices=RoleLevel.choices)
    text_hash = models.CharField(
        _("fingerprint of the text"), max_length=64, validators=[sha256_hex]
    )
    text = models.TextField(_("text acknowledged"))
    version = models.ForeignKey(
        StrategyVersion, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("version acknowledged"),
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), auto_now_add=True)

    objects = AcknowledgementQuerySet.as_manager()

    class Meta:
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        ordering = ["-acknowledged_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "strategy", "text_hash"], name="acknowledgement_once_per_text"
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "text_hash"]),
            # The newest acknowledgement of an organisation, for organisation_stamp.
            models.Index(fields=["organisation", "id"]),
        ]

    def __str__(self):
        return f"{self.user}: {self.text[:60]}"


class CheckInStatus(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    NEEDS_ATTENTION = "needs_attention", _("Needs attention")
    NOT_STARTED = "not_started", _("Not started")


class CheckInQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)

    def in_period(self, period: datetime.date):
        return self.filter(period=period)


class CheckIn(models.Model):
    """A leader's status of one obligation for their unit in one quarter."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="check_ins",
        verbose_name=_("organisation"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="check_ins", verbose_name=_("unit")
    )
    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="check_ins", verbose_name=_("strategy")
    )
    role_level = models.CharField(_("role level"), max_length=20, choices=RoleLevel.choices)
    text_hash = models.CharField(
        _("fingerprint of the text"), max_length=64, validators=[sha256_hex]
    )
    text = models.TextField(_("obligation"))
    version = models.ForeignKey(
        StrategyVersion, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("version in force"),
    )
    period = models.DateField(_("quarter"), help_text=_("The first day of the quarter."))
    status = models.CharField(_("status"), max_length=20, choices=CheckInStatus.choices)
    note = models.TextField(
        _("note"), blank=True, validators=[MaxLengthValidator(NOTE_MAX_LENGTH)]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-period", "unit", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "strategy", "text_hash", "period"],
                name="check_in_once_per_quarter",
            ),
        ]
        indexes = [
            # The quarter's check-ins counted by status (dashboards.trends) from the
            # index alone: reading 29,000 rows of storby's quarter took 20-40 ms, this 4.
            models.Index(fields=["organisation", "period", "status"]),
            # The quarter's newest check-in of an organisation, for organisation_stamp.
            models.Index(fields=["organisation", "period", "updated_at"]),
        ]

    def __str__(self):
        return f"{self.unit} {self.period:%Y-%m}: {self.get_status_display()}"


# --- The follow-up kept in the database (apps/obligations/tallies.py) --------------------
# Derived rows, rebuilt from the rows above whenever in doubt: never shown as such, so
# without translated names.


class FollowUpBuild(models.Model):
    """What an organisation's tallies were built from: its structure generation and the
    quarter of the check-ins. Its row is also the lock every write that keeps the
    tallies takes, so that writes and a rebuild never interleave."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="+"
    )
    structure_generation = models.BigIntegerField(default=-1)
    period = models.DateField(null=True)
    built_at = models.DateTimeField(null=True)

    def __str__(self):
        return f"{self.organisation_id}: {self.structure_generation} {self.period}"


class PersonTally(models.Model):
    """One person's obligations under one unit (through their roles in it and below
    it; no unit: in the whole organisation), and how many of them they have
    acknowledged. A unit's coverage is the sum of its rows."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, related_name="+"
    )
    required = models.PositiveIntegerField(default=0)
    acknowledged = models.PositiveIntegerField(default=0)
    # The person holds a role in this very unit (the names a leader's list shows).
    holds_role = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "unit"], name="person_tally_by_unit"),
            models.Index(fields=["organisation", "user"], name="person_tally_by_person"),
        ]

    def __str__(self):
        return f"{self.user_id}@{self.unit_id}: {self.acknowledged}/{self.required}"


class UnitCheckInTally(models.Model):
    """The check-ins one unit's leaders owe (the unit alone, not those below it) and
    those recorded in the built quarter, by status."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+"
    )
    unit = models.OneToOneField(
        Unit, on_delete=models.CASCADE, related_name="+"
    )
    expected = models.PositiveIntegerField(default=0)
    on_track = models.PositiveIntegerField(default=0)
    needs_attention = models.PositiveIntegerField(default=0)
    not_started = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.unit_id}: {self.expected}"


class FollowUpCounter(models.Model):
    """How often the follow-up of one person, one unit (and those below it) or the
    whole organisation has changed, and the check-ins recorded for one unit itself:
    kept pages carry the counters of what they show (apps/core/page_cache.py), so a
    write gives new keys only to the pages it changes. Raised in the write's own
    transaction; never lowered, never deleted."""

    class Kind(models.TextChoices):
        ORGANISATION = "o"
        PERSON = "p"
        UNIT = "u"
        # The unit's own check-ins (and whom they are owed by), not those below it:
        # what a leader's own obligations show besides their acknowledgements.
        UNIT_CHECK_INS = "c"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=1, choices=Kind.choices)
    scope_id = models.BigIntegerField()
    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "scope_id"], name="follow_up_counter_once"
            ),
        ]

    def __str__(self):
        return f"{self.organisation_id} {self.kind}{self.scope_id}: {self.value}"


class QuarterFigures(models.Model):
    """What an organisation (scope 0), or one unit and those below it (scope: the
    unit's pk), ended a quarter with, as the dashboards' four-quarter trend shows it
    (apps/dashboards/trends.py): the acknowledgement coverage on its last day and the
    check-ins recorded in it by status.

    Worked out once, the first time a trend needs the quarter after it ended (or by the
    beat task that does it for every organisation the night the quarter turns), and
    kept: what a quarter ended with does not move afterwards, and a dashboard never
    reads every acknowledgement of the organisation again to draw it. The quarter under
    way is read live."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+"
    )
    scope_id = models.BigIntegerField()
    quarter = models.DateField()
    people = models.PositiveIntegerField()
    required = models.PositiveIntegerField()
    acknowledged = models.PositiveIntegerField()
    on_track = models.PositiveIntegerField()
    needs_attention = models.PositiveIntegerField()
    not_started = models.PositiveIntegerField()
    recorded_at = models.DateTimeField(auto_now_add=True)

    WHOLE = 0

    class Meta:
        verbose_name_plural = "quarter figures"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "scope_id", "quarter"], name="quarter_figures_once"
            ),
        ]

    def __str__(self):
        return f"{self.organisation_id}/{self.scope_id} {self.quarter}"
