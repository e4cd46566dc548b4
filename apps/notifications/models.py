"""A notification is a row: one person told of one event, once.

The event key names what happened ("invited:version:12"); (person, event key) is
unique, so however often the service that causes an event, the scheduled run or a
retried task reports it, the person is told once. The row is both the inbox entry
and, while its e-mail is not yet delivered, the outbox (apps/notifications/delivery.py).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.organisations.models import Organisation


class Category(models.TextChoices):
    """What a person chooses how often to hear about (preferences, unsubscribing)."""

    CONSULTATIONS = "consultations", _("Invitations to consultations")
    ANSWERS = "answers", _("Answers to your comments")
    OBLIGATIONS = "obligations", _("New and changed obligations")
    DECISIONS = "decisions", _("Proposals awaiting the council's decision")
    CHECK_INS = "check_ins", _("Quarterly check-ins")
    ACTIONS = "actions", _("Actions of the action plans due and overdue")
    REVIEWS = "reviews", _("Strategy reviews and periods")


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    OFF = "off", _("Off (only in Kompas)")


# Invitations to a consultation have a deadline: they go out at once. The rest is
# gathered into one mail a day.
DEFAULT_FREQUENCY = {
    Category.CONSULTATIONS: Frequency.IMMEDIATELY,
}


def default_frequency(category: str) -> str:
    return DEFAULT_FREQUENCY.get(category, Frequency.DAILY)


class Kind(models.TextChoices):
    CONSULTATION_INVITED = "consultation_invited", _("Invited to a consultation")
    CONSULTATION_DEADLINE_NEAR = "consultation_deadline", _("Consultation deadline near")
    COMMENT_ANSWERED = "comment_answered", _("Comment answered")
    OBLIGATIONS_CHANGED = "obligations_changed", _("New or changed obligations")
    PROPOSAL_AWAITING = "proposal_awaiting", _("Proposal awaiting a decision")
    CHECK_IN_DUE = "check_in_due", _("Check-in due")
    CHECK_IN_OVERDUE = "check_in_overdue", _("Check-in overdue")
    CHECK_IN_ESCALATED = "check_in_escalated", _("Check-in overdue in a unit below")
    ACTION_DUE = "action_due", _("Action due soon")
    ACTION_OVERDUE = "action_overdue", _("Action overdue")
    ACTION_ESCALATED = "action_escalated", _("Action overdue in a unit below")
    REVIEW_NEAR = "review_near", _("Review date near")
    PERIOD_ENDED = "period_ended", _("Strategy period ended")


CATEGORY_OF_KIND = {
    Kind.CONSULTATION_INVITED: Category.CONSULTATIONS,
    Kind.CONSULTATION_DEADLINE_NEAR: Category.CONSULTATIONS,
    Kind.COMMENT_ANSWERED: Category.ANSWERS,
    Kind.OBLIGATIONS_CHANGED: Category.OBLIGATIONS,
    Kind.PROPOSAL_AWAITING: Category.DECISIONS,
    Kind.CHECK_IN_DUE: Category.CHECK_INS,
    Kind.CHECK_IN_OVERDUE: Category.CHECK_INS,
    Kind.CHECK_IN_ESCALATED: Category.CHECK_INS,
    Kind.ACTION_DUE: Category.ACTIONS,
    Kind.ACTION_OVERDUE: Category.ACTIONS,
    Kind.ACTION_ESCALATED: Category.ACTIONS,
    Kind.REVIEW_NEAR: Category.REVIEWS,
    Kind.PERIOD_ENDED: Category.REVIEWS,
}


class EmailStatus(models.TextChoices):
    """The e-mail's state machine: pending → sending → sent; a failed attempt goes
    back to pending with a later next_attempt_at, the last one to failed; a person who
    turned the category off, or has no address, is skipped (the inbox still shows it)."""

    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    SKIPPED = "skipped", _("Not sent by e-mail")
    FAILED = "failed", _("Could not be sent")


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    event_key = models.CharField(_("event"), max_length=200)
    # What it is about: the link and the words are made from it when shown or sent, in
    # the reader's language. `data` holds what the object no longer says (the old and
    # new wording of changed duties, a quarter's dates).
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("object type")
    )
    object_id = models.PositiveBigIntegerField(_("object"))
    target = GenericForeignKey("content_type", "object_id")
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    email_status = models.CharField(
        _("e-mail"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    email_attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    email_next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    email_claim = models.CharField(max_length=32, blank=True, editable=False)
    email_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    email_sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    email_error = models.CharField(_("last error"), max_length=500, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "event_key"], name="notification_once_per_person_and_event"
            ),
        ]
        indexes = [
            # The inbox and its unread count.
            models.Index(fields=["user", "read_at"], name="notification_inbox"),
            # The sender's queue: rows still to be sent, by when they may be tried.
            models.Index(
                fields=["email_status", "email_next_attempt_at"],
                condition=Q(email_status__in=["pending", "sending"]),
                name="notification_outbox",
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.event_key}"


class Preference(models.Model):
    """How often a person hears of one category by e-mail; no row means the default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("person"),
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    frequency = models.CharField(_("how often"), max_length=12, choices=Frequency.choices)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "category"], name="notification_preference_once_per_category"
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.category} {self.frequency}"


class Digest(models.Model):
    """When a person's last daily and weekly digests went out."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_digest",
        primary_key=True,
        verbose_name=_("person"),
    )
    daily_sent_at = models.DateTimeField(_("last daily digest"), null=True, blank=True)
    weekly_sent_at = models.DateTimeField(_("last weekly digest"), null=True, blank=True)

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")

    def __str__(self):
        return str(self.user)


class EventRun(models.Model):
    """An event whose notifications have all been made (an adoption's, for one
    version), so the scheduled run makes up for a task that was lost, and only then."""

    key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.key
