"""Models of provisioning: imports of people and units, SCIM."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import BearerToken
from apps.organisations.models import RoleLevel

__all__ = ["ImportUpload", "ImportUploadStatus", "ScimGroup", "ScimToken", "ScimUser"]


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


class ScimToken(BearerToken):
    """A bearer token an identity provider (Entra ID) provisions one organisation with."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="scim_tokens",
        verbose_name=_("organisation"),
    )

    class Meta(BearerToken.Meta):
        verbose_name = _("SCIM token")
        verbose_name_plural = _("SCIM tokens")


class ScimUser(models.Model):
    """A person as the identity provider knows them in one organisation: its externalId."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="scim_users",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scim_identities",
    )
    external_id = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="scim_user_once"),
        ]

    def __str__(self):
        return self.external_id


class ScimGroupQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)


class ScimGroup(models.Model):
    """A group of the identity provider, mapped by the communications department to a
    role level (in a unit, or in the whole organisation): its members hold that role.
    An unmapped group gives no role."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="scim_groups",
        verbose_name=_("organisation"),
    )
    display_name = models.CharField(_("name in the identity provider"), max_length=255)
    external_id = models.CharField(max_length=255, blank=True)
    unit = models.ForeignKey(
        "organisations.Unit", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("unit"),
    )
    role_level = models.CharField(
        _("role level"), max_length=20, blank=True, choices=RoleLevel.choices
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="scim_groups", blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScimGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("SCIM group")
        verbose_name_plural = _("SCIM groups")
        ordering = ["display_name", "pk"]

    def __str__(self):
        return self.display_name

    @property
    def is_mapped(self) -> bool:
        return bool(self.role_level)
