"""Why a duty applies to a person, in words (rules.reasons works it out)."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from apps.organisations.models import RoleLevel

from .rules import Reason, reasons

# One person holding the role level, as the sentences below name them.
ROLE_NOUN = {
    RoleLevel.POLITICIAN: pgettext_lazy("one person's role", "politician"),
    RoleLevel.EXECUTIVE_BOARD: pgettext_lazy("one person's role", "member of the executive board"),
    RoleLevel.CENTRE: pgettext_lazy("one person's role", "centre manager"),
    RoleLevel.WORKPLACE: pgettext_lazy("one person's role", "workplace manager"),
    RoleLevel.LEADER: pgettext_lazy("one person's role", "leader"),
    RoleLevel.EMPLOYEE: pgettext_lazy("one person's role", "employee"),
    RoleLevel.COMMUNICATIONS: pgettext_lazy(
        "one person's role", "member of the communications department"
    ),
}


def role_noun(role_level: str) -> str:
    return str(ROLE_NOUN.get(role_level, RoleLevel(role_level).label))


def sentence(reason: Reason) -> str:
    """'This applies to you as leader in Borgerservice, because …'."""
    values = {
        "role": role_noun(reason.role_level),
        "unit": getattr(reason.unit, "name", ""),
        "via": getattr(reason.via, "name", ""),
    }
    if not reason.inherited:
        if reason.unit is None:
            return _("This applies to you as %(role)s.") % values
        return _("This applies to you as %(role)s in %(unit)s.") % values
    if reason.inherited_from == RoleLevel.CENTRE:
        if reason.via is None or reason.via == reason.unit:
            return _(
                "This applies to you as %(role)s in %(unit)s, because the centre's duties "
                "also apply to its workplaces and leaders."
            ) % values
        return _(
            "This applies to you as %(role)s in %(unit)s, because the duties of the centre "
            "%(via)s also apply to its workplaces and leaders."
        ) % values
    if reason.via is None or reason.via == reason.unit:
        return _(
            "This applies to you as %(role)s in %(unit)s, because the workplace's duties "
            "also apply to its leaders."
        ) % values
    return _(
        "This applies to you as %(role)s in %(unit)s, because the duties of the workplace "
        "%(via)s also apply to its leaders."
    ) % values


def attach(statuses, assignments, tree) -> None:
    """Give each status `.reasons`: the sentences saying why it binds these assignments."""
    pairs = [(a.role_level, a.unit_id) for a in assignments]
    for status in statuses:
        status.reasons = [sentence(r) for r in reasons(status.obligation, pairs, tree)]

