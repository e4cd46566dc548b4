"""What the obligations' audit verbs mean, in words (apps/audit/presentation.py)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.audit.presentation import Sentence

from .models import CheckInStatus


def _check_in(event, context):
    data = event.data or {}
    status = dict(CheckInStatus.choices).get(data.get("status"))
    return _("Status: “%(status)s”.") % {"status": status} if status else ""


SENTENCES = {
    "obligation.acknowledge": Sentence(gettext_lazy("Acknowledged an obligation")),
    "obligation.check_in": Sentence(gettext_lazy("Registered a check-in"), _check_in),
    "obligation.check_in_update": Sentence(gettext_lazy("Corrected a check-in"), _check_in),
}
