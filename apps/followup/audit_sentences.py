"""What the follow-up's audit verbs mean, in words (apps/audit/presentation.py)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.audit.presentation import Sentence

from .models import ProgressStatus


def _progress(event, context):
    data = event.data or {}
    status = dict(ProgressStatus.choices).get(data.get("status"), data.get("status"))
    if data.get("percent") is None:
        return _("Status: “%(status)s”.") % {"status": status}
    return _("Status: “%(status)s”, %(percent)s %% done.") % {
        "status": status, "percent": data["percent"]
    }


def _measurement(event, context):
    data = event.data or {}
    values = {"period": data.get("period", ""), "value": data.get("value", ""),
              "old": data.get("replaced")}
    if data.get("replaced") is not None:
        return _("%(period)s: “%(old)s” → “%(value)s”.") % values
    return _("%(period)s: %(value)s.") % values


SENTENCES = {
    "action.progress": Sentence(gettext_lazy("Recorded the progress of an action"), _progress),
    "indicator.measurement": Sentence(gettext_lazy("Entered a measurement"), _measurement),
}
