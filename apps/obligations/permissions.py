"""Who may record check-ins for a unit and follow it up.

A leader (centre, workplace or leader role level) records check-ins for the unit
their role assignment names, and follows up that unit and everything below it.
The executive board and the communications department follow up every unit of
their organisation. Units out of reach are reported as missing (404), as in
apps.strategies.permissions.
"""

from django.http import Http404

from apps.organisations.models import RoleAssignment, RoleLevel, Unit

from .rules import LEADERSHIP_LEVELS

CHECK_IN = "check_in"
FOLLOW_UP = "follow_up"
ACTIONS = (CHECK_IN, FOLLOW_UP)

ORGANISATION_WIDE_FOLLOW_UP = (RoleLevel.EXECUTIVE_BOARD, RoleLevel.COMMUNICATIONS)


def leadership_units(user, organisation=None):
    """Units in which the user holds a leading role level."""
    if not user.is_authenticated or not user.is_active:
        return Unit.objects.none()
    qs = Unit.objects.filter(
        role_assignments__user=user, role_assignments__role_level__in=LEADERSHIP_LEVELS
    )
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    return qs.distinct()


def can(user, action: str, unit: Unit) -> bool:
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if not user.is_authenticated or not user.is_active:
        return False
    mine = RoleAssignment.objects.filter(user=user, organisation_id=unit.organisation_id)
    if action == CHECK_IN:
        return mine.filter(unit=unit, role_level__in=LEADERSHIP_LEVELS).exists()
    return mine.filter(
        role_level__in=ORGANISATION_WIDE_FOLLOW_UP
    ).exists() or mine.filter(
        role_level__in=LEADERSHIP_LEVELS, unit_id__in=unit.ancestor_ids()
    ).exists()


def visible_to(user, action: str):
    """The units the user may do `action` for, across their organisations."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if not user.is_authenticated or not user.is_active:
        return Unit.objects.none()
    if action == CHECK_IN:
        return leadership_units(user)
    wide = Unit.objects.filter(
        organisation__role_assignments__user=user,
        organisation__role_assignments__role_level__in=ORGANISATION_WIDE_FOLLOW_UP,
    )
    below = Unit.objects.none()
    for path in leadership_units(user).values_list("path", flat=True):
        below |= Unit.objects.filter(path__startswith=path)
    return Unit.objects.filter(pk__in=wide.values("pk")) | below


def get_unit_for_user(user, pk, action: str = CHECK_IN) -> Unit:
    """The unit, if the user may do `action` for it; 404 for missing and forbidden alike."""
    unit = Unit.objects.select_related("organisation").filter(pk=pk).first()
    if unit is None or not can(user, action, unit):
        raise Http404
    return unit
