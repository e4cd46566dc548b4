"""Corrections of a decided version's record: the adoption's date, body, case reference
and note, which a typo may have got wrong when the adoption was recorded.

The version itself never changes (apps/core/db_guards.py); a correction is a row of its
own, append-only in the database too, saying who corrected which fact when and why, from
what to what. The record a page or a PDF shows is the version's with its corrections
applied in order (apps/records/selectors.py); the original stays in the history.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordField(models.TextChoices):
    ADOPTED_ON = "adopted_on", _("Adopted on")
    ADOPTED_BY = "adopted_by", _("Adopted by")
    CASE_REFERENCE = "case_reference", _("Case reference")
    ADOPTION_NOTE = "adoption_note", _("Note on the adoption")


class RecordCorrection(models.Model):
    version = models.ForeignKey(
        "strategies.StrategyVersion", on_delete=models.PROTECT,
        related_name="record_corrections", verbose_name=_("version"),
    )
    field = models.CharField(_("fact"), max_length=20, choices=RecordField.choices)
    # As text: a date in ISO 8601, the others as written.
    old_value = models.TextField(_("before"), blank=True)
    new_value = models.TextField(_("after"), blank=True)
    reason = models.TextField(_("why"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("who"),
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("correction of the record")
        verbose_name_plural = _("corrections of the record")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.version}: {self.field} {self.old_value!r} → {self.new_value!r}"

    @property
    def old_date(self):
        return _date(self.old_value)

    @property
    def new_date(self):
        return _date(self.new_value)



def _date(text):
    return datetime.date.fromisoformat(text) if text else None
