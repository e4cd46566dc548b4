from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Organisation, RoleAssignment, RoleLevel


def role_group_name(organisation: Organisation, role_level: str) -> str:
    return f"{organisation.slug}:{role_level}"


def organisation_role_groups(organisation: Organisation) -> dict[str, Group]:
    """The permission group of every role level in the organisation, created on demand."""
    groups = {}
    for role_level in RoleLevel.values:
        groups[role_level], _created = Group.objects.get_or_create(
            name=role_group_name(organisation, role_level)
        )
    return groups


@transaction.atomic
def role_assignment_create(
    *, user, organisation: Organisation, role_level: str, unit=None, title: str = ""
) -> RoleAssignment:
    if unit is not None and unit.organisation_id != organisation.pk:
        raise ValidationError(_("The unit belongs to another organisation."))
    assignment, _created = RoleAssignment.objects.update_or_create(
        user=user, organisation=organisation, unit=unit, role_level=role_level,
        defaults={"title": title},
    )
    group = organisation_role_groups(organisation)[role_level]
    user.groups.add(group)
    return assignment


def role_groups_sync(user, organisation: Organisation) -> None:
    """Make the user's permission groups of the organisation exactly those of the roles
    they hold there now: a role taken away (deleted, or changed in the admin) takes its
    group's rights on strategies with it."""
    held = set(
        RoleAssignment.objects.filter(user=user, organisation=organisation)
        .values_list("role_level", flat=True)
    )
    groups = organisation_role_groups(organisation)
    # Slugs hold no ":", so the prefix finds this organisation's groups only.
    current = set(user.groups.filter(name__startswith=f"{organisation.slug}:"))
    wanted = {groups[role_level] for role_level in held}
    if current - wanted:
        user.groups.remove(*(current - wanted))
    if wanted - current:
        user.groups.add(*(wanted - current))
