"""An uploaded document on its way to a draft, and kept with it afterwards as its bilag."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel
from apps.organisations.models import Organisation
from apps.strategies.models import Strategy, StrategyVersion


class ImportStatus(models.TextChoices):
    REVIEW = "review", _("Awaiting review")
    CREATED = "created", _("Draft created")


class DocumentImportQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)

    def awaiting_review(self):
        return self.filter(status=ImportStatus.REVIEW)


class DocumentImport(TimeStampedModel):
    """One document brought in: its file, the blocks read from it, and the proposal.

    While in review, `blocks` and `proposals` hold what the reviewer works on; once the
    draft exists the row points at it and the file stays as the draft's attachment.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="document_imports",
        verbose_name=_("organisation"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("uploaded by"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.REVIEW
    )
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_format = models.CharField(_("format"), max_length=10)
    file = models.FileField(_("file"), upload_to="imports/", max_length=255, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    blocks = models.JSONField(default=list)
    proposals = models.JSONField(default=list)
    adoption = models.JSONField(_("adoption facts found"), default=dict, blank=True)
    summary = models.JSONField(_("fidelity summary"), default=dict, blank=True)
    strategy = models.ForeignKey(
        Strategy, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("strategy"),
    )
    version = models.ForeignKey(
        StrategyVersion, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="document_imports", verbose_name=_("version"),
    )

    objects = DocumentImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("imported document")
        verbose_name_plural = _("imported documents")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.original_name or self.title or f"import {self.pk}"
