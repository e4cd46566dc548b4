"""Consultation (høring) of a strategy version: who was invited, what they said, and
how the communications department answered.

A comment keeps a snapshot of what it was about and who wrote it, so the
consultation summary (høringsnotat) stays readable even when the item is later
deleted from a new draft or the person leaves.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.organisations.models import Unit
from apps.strategies.models import FROZEN_STATUSES, StrategyVersion, VersionStatus


class ConsultationInvitationQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(version__strategy__organisation=organisation)


class ConsultationInvitation(models.Model):
    """One person or one unit (with every unit below it) invited to comment on a version."""

    version = models.ForeignKey(
        StrategyVersion, on_delete=models.CASCADE, related_name="consultation_invitations",
        verbose_name=_("version"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
        related_name="consultation_invitations", verbose_name=_("person"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True,
        related_name="consultation_invitations", verbose_name=_("unit"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)

    objects = ConsultationInvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation invitation")
        verbose_name_plural = _("consultation invitations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(user__isnull=False, unit__isnull=True)
                    | Q(user__isnull=True, unit__isnull=False)
                ),
                name="consultation_invitation_user_or_unit",
            ),
            models.UniqueConstraint(
                fields=["version", "user"], condition=Q(user__isnull=False),
                name="consultation_invitation_unique_user",
            ),
            models.UniqueConstraint(
                fields=["version", "unit"], condition=Q(unit__isnull=False),
                name="consultation_invitation_unique_unit",
            ),
        ]

    def __str__(self):
        return f"{self.version}: {self.user or self.unit}"


class Outcome(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PARTLY = "partly", _("Partly accepted")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    NOTED = "noted", _("Noted")


# Outcomes that change the text, and so must say how.
OUTCOMES_WITH_CHANGE = (Outcome.ACCEPTED, Outcome.PARTLY)


class CommentQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(version__strategy__organisation=organisation)

    def for_version(self, version):
        return self.filter(version=version)

    def unanswered(self):
        return self.filter(answered_at__isnull=True)

    def answered(self):
        return self.filter(answered_at__isnull=False)

    def open(self):
        """Unanswered comments whose answer can still be recorded (version not decided)."""
        return self.unanswered().exclude(
            version__status__in=(*FROZEN_STATUSES, VersionStatus.WITHDRAWN)
        )


# A høringssvar of several pages fits (about 8 pages of text); a pasted book does not, so
# one comment cannot make the consultation summary unprintable.
COMMENT_MAX_CHARS = 20_000
ANSWER_MAX_CHARS = 10_000
HIDE_REASON_MAX_CHARS = 500
# Comments one person may make on one version: with the length limit, this bounds what any
# one participant adds to the summary (and so to its export time).
COMMENTS_PER_PERSON_MAX = 100


class Comment(models.Model):
    """A consultation response on one section or item of a version, or on all of it."""

    version = models.ForeignKey(
        StrategyVersion, on_delete=models.CASCADE, related_name="consultation_comments",
        verbose_name=_("version"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("author"),
    )
    author_name = models.CharField(_("author's name"), max_length=200)
    author_unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("on behalf of unit"),
    )
    # What the comment is about: the model name and id of a content row of the version,
    # or both empty for the whole document. The label and order are copied when the
    # comment is made (content cannot change during a consultation).
    target_type = models.CharField(_("kind of item"), max_length=40, blank=True)
    target_id = models.PositiveBigIntegerField(_("item"), null=True, blank=True)
    target_label = models.CharField(_("about"), max_length=300, blank=True)
    target_order = models.PositiveIntegerField(default=0, editable=False)
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)

    response = models.TextField(_("answer"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    resulting_change = models.TextField(_("resulting change"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # An abusive comment is hidden, never deleted: it stays in the record, marked, with
    # who hid it and why; its text is shown to nobody but the communications department.
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    hidden_reason = models.CharField(
        _("reason for hiding"), max_length=HIDE_REASON_MAX_CHARS, blank=True
    )
    # A høringssvar given without an account (by link or on the public page).
    respondent = models.ForeignKey(
        "Respondent", on_delete=models.PROTECT, null=True, blank=True, related_name="comments",
        verbose_name=_("respondent"),
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation comment")
        verbose_name_plural = _("consultation comments")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(target_type="", target_id__isnull=True)
                    | (~Q(target_type="") & Q(target_id__isnull=False))
                ),
                name="consultation_comment_target_complete",
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | ~Q(outcome=""),
                name="consultation_comment_answer_has_outcome",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("text"), COMMENT_MAX_CHARS),
                name="consultation_comment_text_length",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("response"), ANSWER_MAX_CHARS)
                & LessThanOrEqual(Length("resulting_change"), ANSWER_MAX_CHARS),
                name="consultation_comment_answer_length",
            ),
            models.CheckConstraint(
                condition=Q(hidden_at__isnull=True) | ~Q(hidden_reason=""),
                name="consultation_comment_hidden_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["version", "target_type", "target_id"]),
            models.Index(fields=["version", "answered_at"]),
        ]

    def __str__(self):
        return f"{self.author_name}: {self.text[:60]}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    @property
    def target_key(self) -> str:
        """"section:12" for an item, "" for the whole document (as the target select uses)."""
        return f"{self.target_type}:{self.target_id}" if self.target_type else ""


# --- Høring: the deadline, outside parties and their answers -------------------


class Consultation(models.Model):
    """A version's consultation round: its deadline (høringsfrist) and whether anyone may
    answer from a public page. Made when the version goes to consultation; going there
    again (after back to draft) sets a new deadline on the same row, recorded."""

    version = models.OneToOneField(
        StrategyVersion, on_delete=models.CASCADE, related_name="consultation",
        verbose_name=_("version"),
    )
    deadline = models.DateField(
        _("consultation deadline"),
        help_text=_("Comments can be made until the end of this day."),
    )
    public = models.BooleanField(
        _("public consultation"), default=False,
        help_text=_("Anyone may answer from a public page, without an account."),
    )
    # The public page's address: not the version's number, which can be guessed.
    public_key = models.UUIDField(_("public key"), default=uuid.uuid4, unique=True, editable=False)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("opened by"),
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self):
        return f"{self.version}: {self.deadline}"

    @property
    def closes_at(self) -> datetime.datetime:
        """The moment comments close: the end of the deadline's day, local time."""
        next_day = self.deadline + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(next_day, datetime.time.min))

    def is_past(self, now=None) -> bool:
        return (now or timezone.now()) >= self.closes_at


class DeadlineChange(models.Model):
    """One change of a consultation's deadline: who, when, from, to, and why."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="deadline_changes",
        verbose_name=_("consultation"),
    )
    old_deadline = models.DateField(_("old deadline"), null=True, blank=True)
    new_deadline = models.DateField(_("new deadline"))
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("who"),
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("change of deadline")
        verbose_name_plural = _("changes of deadline")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.consultation}: {self.old_deadline} → {self.new_deadline}"


class ConsultationParty(models.Model):
    """An outside party (høringspart) invited by e-mail: they answer by a personal
    signed link, without an account. Withdrawing the invitation ends the link."""

    version = models.ForeignKey(
        StrategyVersion, on_delete=models.CASCADE, related_name="consultation_parties",
        verbose_name=_("version"),
    )
    email = models.EmailField(_("e-mail address"))
    name = models.CharField(
        _("name"), max_length=200, blank=True,
        help_text=_("For example Handicaprådet, an association or another authority."),
    )
    # Part of every link: a new one (inviting again after a withdrawal) ends the old links.
    nonce = models.UUIDField(default=uuid.uuid4, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("invited by"),
    )
    invited_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    mailed_at = models.DateTimeField(_("invitation mailed at"), null=True, blank=True)
    reminded_for = models.DateField(_("reminded of the deadline"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("withdrawn by"),
    )

    class Meta:
        verbose_name = _("consultation party")
        verbose_name_plural = _("consultation parties")
        ordering = ["invited_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "email"], name="consultation_party_unique_email"
            ),
        ]

    def __str__(self):
        return self.name or self.email

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class Respondent(models.Model):
    """Who gave a høringssvar without an account: an invited party or (in a public
    consultation) anyone. They accepted that their answer is published with their name."""

    version = models.ForeignKey(
        StrategyVersion, on_delete=models.CASCADE, related_name="consultation_respondents",
        verbose_name=_("version"),
    )
    party = models.ForeignKey(
        ConsultationParty, on_delete=models.PROTECT, null=True, blank=True,
        related_name="respondents", verbose_name=_("invited party"),
    )
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(
        _("on behalf of organisation"), max_length=200, blank=True,
        help_text=_("Leave empty when you answer for yourself."),
    )
    contact = models.EmailField(_("contact e-mail"))
    accepted_notice_at = models.DateTimeField(_("accepted the publication notice at"))
    letter = models.FileField(_("letter (PDF)"), upload_to="consultations/letters/", blank=True)
    letter_name = models.CharField(_("letter's file name"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("answered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.name} ({self.organisation})" if self.organisation else self.name
