import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class BearerTokenQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)

    def usable(self):
        return self.filter(revoked_at__isnull=True)


class BearerToken(models.Model):
    """A bearer token of one organisation (the API's, SCIM's). Only its SHA-256 is kept;
    the token itself is shown once, when it is created. A concrete token adds its
    `organisation` foreign key (each with its own related name)."""

    name = models.CharField(_("name"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters, so that people can tell their tokens apart.
    prefix = models.CharField(max_length=8, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = BearerTokenQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.name

    @staticmethod
    def hash_secret(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()

    @classmethod
    def issue(cls, *, organisation, name: str, actor, marker: str):
        """A new token and its secret (`marker` + random), which is never stored."""
        secret = marker + secrets.token_urlsafe(32)
        token = cls.objects.create(
            organisation=organisation, name=name[:100], token_hash=cls.hash_secret(secret),
            prefix=secret[len(marker):][:6], created_by=actor,
        )
        return token, secret


class AccessibilityReport(models.Model):
    """A problem with the accessibility of Kompas, reported through the statement page.

    Anyone may report, signed in or not, as the accessibility laws of Denmark, Sweden
    and Norway require; the people who run Kompas read the reports in the admin.
    """

    page_url = models.CharField(_("page"), max_length=500, blank=True)
    description = models.TextField(_("description"))
    contact_email = models.EmailField(_("contact email"), blank=True)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("accessibility report")
        verbose_name_plural = _("accessibility reports")

    def __str__(self):
        return self.page_url or str(_("Accessibility report"))


class Submission(models.Model):
    """One sending of a create form, by the token the form was rendered with
    (apps/core/submissions.py): a second sending of the same form (Back and send again,
    two quick clicks, a reload that resends) finds it and is taken to what the first
    made instead of making it again."""

    key = models.UUIDField(_("token"), unique=True)
    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, null=True, related_name="+"
    )
    url = models.CharField(_("result"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self):
        return str(self.key)
