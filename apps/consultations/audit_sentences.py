"""What the consultation's audit verbs mean, in words (apps/audit/presentation.py)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from apps.audit.presentation import Sentence

from .models import Outcome


def _answer(event, context):
    data = event.data or {}
    outcome = dict(Outcome.choices).get(data.get("outcome"))
    if outcome is None:
        return ""
    if data.get("first_answer") is False:
        return _("Answer corrected: “%(outcome)s”.") % {"outcome": outcome}
    return _("Outcome: “%(outcome)s”.") % {"outcome": outcome}


def _invite(event, context):
    reached = (event.data or {}).get("reached")
    if reached is None:
        return ""
    return ngettext(
        "%(count)s person can comment from this invitation.",
        "%(count)s people can comment from this invitation.", reached,
    ) % {"count": reached}


def _hide(event, context):
    reason = (event.data or {}).get("reason")
    return _("Reason: %(reason)s") % {"reason": reason} if reason else ""


SENTENCES = {
    "consultation.invite": Sentence(gettext_lazy("Invited to the consultation"), _invite),
    "consultation.comment": Sentence(gettext_lazy("Commented in the consultation")),
    "consultation.answer": Sentence(gettext_lazy("Answered a consultation comment"), _answer),
    "consultation.hide": Sentence(gettext_lazy("Hid a consultation comment"), _hide),
}
