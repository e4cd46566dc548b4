"""What the consultation's audit verbs mean, in words (apps/audit/presentation.py)."""

import datetime

from django.utils import formats
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


def _reason(event, context):
    reason = (event.data or {}).get("reason")
    return _("Reason: %(reason)s") % {"reason": reason} if reason else ""


def _deadline(event, context):
    data = event.data or {}
    if not data.get("to"):
        return ""
    parts = [_("New deadline: %(date)s.") % {
        "date": formats.date_format(datetime.date.fromisoformat(data["to"]))
    }]
    if data.get("from"):
        parts.insert(0, _("Was: %(date)s.") % {
            "date": formats.date_format(datetime.date.fromisoformat(data["from"]))
        })
    reason = _reason(event, context)
    return " ".join([*parts, reason] if reason else parts)


def _parties(event, context):
    count = len((event.data or {}).get("parties") or [])
    if not count:
        return ""
    return ngettext("%(count)d outside party.", "%(count)d outside parties.", count) % {
        "count": count
    }


SENTENCES = {
    "consultation.invite": Sentence(gettext_lazy("Invited to the consultation"), _invite),
    "consultation.comment": Sentence(gettext_lazy("Commented in the consultation")),
    "consultation.answer": Sentence(gettext_lazy("Answered a consultation comment"), _answer),
    "consultation.hide": Sentence(gettext_lazy("Hid a consultation comment"), _hide),
    "consultation.invite_parties": Sentence(gettext_lazy("Invited outside parties"), _parties),
    "consultation.withdraw_party": Sentence(gettext_lazy("Withdrew an outside party's invitation")),
    "consultation.answer_without_account": Sentence(
        gettext_lazy("An outside party answered the consultation")
    ),
    "consultation.deadline_extend": Sentence(
        gettext_lazy("Changed the consultation deadline"), _deadline
    ),
}
