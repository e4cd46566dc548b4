from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


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
