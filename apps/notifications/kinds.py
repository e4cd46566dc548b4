"""What each kind of notification says and where it leads, in the active language.

The row holds data, not sentences: the inbox shows it in the reader's language and
the e-mail in the recipient's, whoever caused the event.
"""

import datetime

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from .models import Kind

ACTION_KINDS = (Kind.ACTION_DUE, Kind.ACTION_OVERDUE, Kind.ACTION_ESCALATED)


def _date(value: str) -> str:
    return formats.date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")


def title(notification) -> str:
    """One sentence saying what needs the person."""
    d = notification.data
    kind = notification.kind
    if kind == Kind.CONSULTATION_INVITED:
        if d.get("deadline"):
            return _(
                "You are invited to comment on %(strategy)s, version %(number)s, by %(date)s."
            ) % {**d, "date": _date(d["deadline"])}
        return _("You are invited to comment on %(strategy)s, version %(number)s.") % d
    if kind == Kind.CONSULTATION_DEADLINE_NEAR:
        return _(
            "The consultation on %(strategy)s, version %(number)s, closes on %(date)s, and "
            "you have not commented yet."
        ) % {**d, "date": _date(d["deadline"])}
    if kind == Kind.COMMENT_ANSWERED:
        return _("Your comment on %(strategy)s, version %(number)s, has been answered.") % d
    if kind == Kind.OBLIGATIONS_CHANGED:
        return (
            _(
                "%(strategy)s, version %(number)s, was adopted and gives you new or changed "
                "obligations."
            )
            % d
        )
    if kind == Kind.PROPOSAL_AWAITING:
        return _("%(strategy)s, version %(number)s, awaits the council's decision.") % d
    if kind == Kind.CHECK_IN_DUE:
        return _("The quarter's check-ins of %(unit)s are due by %(date)s.") % {
            "unit": d["unit"],
            "date": _date(d["date"]),
        }
    if kind == Kind.CHECK_IN_OVERDUE:
        return _(
            "The check-ins of %(unit)s for the quarter that ended on %(date)s are overdue."
        ) % {"unit": d["unit"], "date": _date(d["date"])}
    if kind == Kind.CHECK_IN_ESCALATED:
        return _(
            "%(unit)s, a unit you manage, has not recorded its check-ins for the quarter "
            "that ended on %(date)s."
        ) % {"unit": d["unit"], "date": _date(d["date"])}
    if kind == Kind.ACTION_DUE:
        return _("%(action)s, an action of %(unit)s, is due on %(date)s.") % {
            **d, "date": _date(d["date"])
        }
    if kind == Kind.ACTION_OVERDUE:
        return _("%(action)s, an action of %(unit)s, was due on %(date)s and is not done.") % {
            **d, "date": _date(d["date"])
        }
    if kind == Kind.ACTION_ESCALATED:
        return _(
            "%(action)s, an action of %(unit)s, a unit you manage, was due on %(date)s "
            "and is not done."
        ) % {**d, "date": _date(d["date"])}
    if kind == Kind.REVIEW_NEAR:
        return _("%(strategy)s, version %(number)s, is due for review on %(date)s.") % {
            **d,
            "date": _date(d["date"]),
        }
    if kind == Kind.PERIOD_ENDED:
        return _("The period of %(strategy)s, version %(number)s, ended on %(date)s.") % {
            **d,
            "date": _date(d["date"]),
        }
    return notification.get_kind_display()


def path(notification) -> str:
    """The page where the person does what the notification asks."""
    d = notification.data
    kind = notification.kind
    if kind in (Kind.CONSULTATION_INVITED, Kind.CONSULTATION_DEADLINE_NEAR,
                Kind.COMMENT_ANSWERED):
        return reverse("consultations:version", args=[d["version"]])
    if kind == Kind.OBLIGATIONS_CHANGED:
        return reverse("obligations:list")
    if kind in (Kind.CHECK_IN_DUE, Kind.CHECK_IN_OVERDUE, Kind.CHECK_IN_ESCALATED):
        return reverse("obligations:check_ins", args=[d["unit_id"]])
    if kind in ACTION_KINDS:
        return reverse("followup:action", args=[d["action_id"]])
    return reverse("strategies:version_detail", args=[d["version"]])


def action(notification) -> str:
    """The words of the link to that page."""
    kind = notification.kind
    if kind in (Kind.CONSULTATION_INVITED, Kind.CONSULTATION_DEADLINE_NEAR):
        return _("Read the version and comment")
    if kind == Kind.COMMENT_ANSWERED:
        return _("Read the answer")
    if kind == Kind.OBLIGATIONS_CHANGED:
        return _("Read and acknowledge your obligations")
    if kind in (Kind.CHECK_IN_DUE, Kind.CHECK_IN_OVERDUE, Kind.CHECK_IN_ESCALATED):
        return _("Open the check-ins")
    if kind in ACTION_KINDS:
        return _("Open the action and report its progress")
    return _("Open the version")


def changes(notification) -> dict:
    """The new and the changed duties of an adoption: {"new": [...], "changed": [(old, new)]}."""
    if notification.kind != Kind.OBLIGATIONS_CHANGED:
        return {}
    return {
        "new": notification.data.get("new", []),
        "changed": [tuple(pair) for pair in notification.data.get("changed", [])],
    }
