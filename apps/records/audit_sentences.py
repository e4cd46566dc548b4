"""What the corrections' audit verb means, in words (apps/audit/presentation.py)."""

from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.audit.presentation import Sentence
from apps.strategies.models import StrategyVersion


def _fact(name):
    try:
        return capfirst(StrategyVersion._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def _corrected(event, context):
    data = event.data or {}
    parts = [
        _("%(fact)s: “%(old)s” → “%(new)s”.") % {"fact": _fact(fact), "old": old, "new": new}
        for fact, (old, new) in (data.get("changes") or {}).items()
    ]
    if data.get("reason"):
        parts.append(_("Reason: %(reason)s") % {"reason": data["reason"]})
    return " ".join(parts)


SENTENCES = {
    "version.record_correct": Sentence(gettext_lazy("Corrected the record of the adoption"),
                                       _corrected),
}
