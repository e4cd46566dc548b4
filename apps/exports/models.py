"""Export jobs: one rendered file per document, version state and print template.

A job is keyed by `content_key`, a digest of everything that decides what the file
looks like (see services.export_content_key). Asking twice for the same document
therefore finds the same job and the same file instead of rendering again.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel
from apps.organisations.models import Organisation
from apps.strategies.models import FROZEN_STATUSES, StrategyVersion


class ExportKind(models.TextChoices):
    STRATEGY = "strategy", _("Strategy document")
    CONSULTATION_SUMMARY = "consultation_summary", _("Consultation summary")
    FOLLOWUP_REPORT = "followup_report", _("Follow-up report")


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


PENDING_STATUSES = (ExportStatus.QUEUED, ExportStatus.RUNNING)


class ExportJobQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)


class ExportJob(TimeStampedModel):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="export_jobs",
        verbose_name=_("organisation"),
    )
    version = models.ForeignKey(
        StrategyVersion,
        on_delete=models.CASCADE,
        related_name="export_jobs",
        verbose_name=_("version"),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=ExportKind.choices, default=ExportKind.STRATEGY
    )
    # The version's state when the job was asked for: a PDF of a draft stays a draft
    # even after the version is adopted, and only those who may see drafts get it.
    # No choices here: they belong to the strategies app and may grow there.
    version_status = models.CharField(_("status of the version"), max_length=20)
    version_revision = models.PositiveIntegerField(_("revision of the version"))
    template_version = models.CharField(_("print template"), max_length=20)
    # The period a follow-up report covers (2025, 2025-Q3); empty for other kinds.
    period = models.CharField(_("period"), max_length=20, blank=True)
    content_key = models.CharField(_("content key"), max_length=64, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    file = models.FileField(_("file"), upload_to="exports/", max_length=255, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # The Celery task (message) that claimed the job last: a message handed out again
    # after its worker died may take back only a job it had claimed itself.
    claimed_by = models.CharField(_("claimed by task"), max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="done") | ~models.Q(file=""),
                name="export_done_has_file",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.version} ({self.get_status_display()})"

    @property
    def is_pending(self):
        return self.status in PENDING_STATUSES

    @property
    def is_done(self):
        return self.status == ExportStatus.DONE

    @property
    def is_failed(self):
        return self.status == ExportStatus.FAILED

    @property
    def is_draft(self):
        """Whether the file is marked as a draft: the version was not decided when asked."""
        return self.version_status not in FROZEN_STATUSES
