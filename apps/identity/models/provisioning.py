"""Models of provisioning: imports of people and units, SCIM."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["ImportUpload", "ImportUploadStatus"]


class ImportUploadStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Previewed")
    APPLIED = "applied", _("Applied")


class ImportUploadQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)


class ImportUpload(models.Model):
    """A file uploaded for import, kept between its preview and its application so
    that what is applied is exactly the file that was previewed."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="import_uploads",
        verbose_name=_("organisation"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("uploaded by"),
    )
    filename = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"))
    full = models.BooleanField(_("lists everyone"), default=False)
    status = models.CharField(
        _("status"), max_length=12, choices=ImportUploadStatus.choices,
        default=ImportUploadStatus.PREVIEWED,
    )
    # What applying did, in numbers (ImportPlan.summary()).
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)

    objects = ImportUploadQuerySet.as_manager()

    class Meta:
        verbose_name = _("import file")
        verbose_name_plural = _("import files")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.filename
