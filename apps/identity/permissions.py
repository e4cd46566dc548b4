"""Who may administer an organisation's units, people, roles and responsibility
holders in the app.

The communications department of an organisation administers it: it creates, renames,
moves and closes units, creates and edits people, deactivates and reactivates them, and
gives and takes roles, defines the responsibility holders its policies name (committees,
companies, offices), and imports people and units from HR or AD files. The operators
of the installation keep the Django admin.

A person, unit, role assignment or responsibility holder of another organisation (or
none at all) is reported as missing (404), as in apps.strategies.permissions; a person
who may not administer at all is refused (403).
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404

from apps.organisations.models import (
    Organisation,
    ResponsibilityHolder,
    RoleAssignment,
    RoleLevel,
    Unit,
)

ADMINISTER = "administer"
ACTIONS = (ADMINISTER,)

ADMINISTERING_LEVELS = (RoleLevel.COMMUNICATIONS,)


def visible_to(user, action: str = ADMINISTER):
    """The organisations the user administers."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        role_assignments__user=user, role_assignments__role_level__in=ADMINISTERING_LEVELS
    ).distinct()


def can(user, action: str, organisation: Organisation) -> bool:
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if organisation is None or not user.is_authenticated or not user.is_active:
        return False
    return RoleAssignment.objects.filter(
        user=user, organisation=organisation, role_level__in=ADMINISTERING_LEVELS
    ).exists()


def require(user, action: str, organisation: Organisation) -> None:
    """For services: refuse an actor who may not do `action` in the organisation.
    No actor means the installation's operators (the management commands)."""
    if user is not None and not can(user, action, organisation):
        raise PermissionDenied


def administered_organisation(user) -> Organisation:
    """The organisation the signed-in person administers (the first by name, as the page
    header orders them); 403 for a person who administers none."""
    organisation = visible_to(user).order_by("name", "pk").first()
    if organisation is None:
        raise PermissionDenied
    return organisation


def people_of(organisation: Organisation):
    """Everyone who holds or held a role in the organisation."""
    return get_user_model().objects.filter(
        pk__in=RoleAssignment.objects.filter(organisation=organisation).values("user_id")
    )


def get_person(organisation: Organisation, pk):
    person = people_of(organisation).filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


def get_unit(organisation: Organisation, pk) -> Unit:
    unit = Unit.objects.filter(organisation=organisation, pk=pk).first()
    if unit is None:
        raise Http404
    return unit


def get_assignment(organisation: Organisation, pk) -> RoleAssignment:
    assignment = (
        RoleAssignment.objects.select_related("user", "unit", "manager")
        .filter(organisation=organisation, pk=pk)
        .first()
    )
    if assignment is None:
        raise Http404
    return assignment


def get_holder(organisation: Organisation, pk) -> ResponsibilityHolder:
    holder = ResponsibilityHolder.objects.filter(organisation=organisation, pk=pk).first()
    if holder is None:
        raise Http404
    return holder
