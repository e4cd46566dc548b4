"""Who may read and who may write the follow-up of an adopted version.

Reading follows the version: whoever may read it sees how its actions progress.
Writing progress on an action is for the leaders of the unit that owns it and of
the units above it (its managers), and for the communications department; and only
on the version in force: a superseded version's follow-up is history, to read.

As in apps.strategies.permissions, what the person cannot see at all is missing
(404), and what they see but may not change is forbidden (403).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from apps.obligations.rules import LEADERSHIP_LEVELS
from apps.organisations.models import RoleAssignment, RoleLevel
from apps.strategies import permissions as strategy_permissions
from apps.strategies.models import Action, VersionStatus

VIEW = "view"
UPDATE = "update"
ACTIONS = (VIEW, UPDATE)


def may_update_action(user, action: Action) -> bool:
    """Whether the person may record progress on `action` (1 query)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if action.version.status != VersionStatus.ADOPTED:
        return False
    organisation_id = action.version.strategy.organisation_id
    leading_units = action.owner_unit.ancestor_ids() if action.owner_unit_id else []
    return (
        RoleAssignment.objects.filter(user=user, organisation_id=organisation_id)
        .filter(
            Q(role_level=RoleLevel.COMMUNICATIONS)
            | Q(role_level__in=LEADERSHIP_LEVELS, unit_id__in=leading_units)
        )
        .exists()
    )


def can(user, action_name: str, action: Action) -> bool:
    if action_name not in ACTIONS:
        raise ValueError(f"unknown action {action_name!r}")
    if not strategy_permissions.can(user, "view", action.version):
        return False
    return action_name == VIEW or may_update_action(user, action)


def get_action_for_user(user, pk, action_name: str = VIEW) -> Action:
    """The action of a decided version the person may see; 404 if they may not see it,
    403 if they may see it but not do `action_name`."""
    if action_name not in ACTIONS:
        raise ValueError(f"unknown action {action_name!r}")
    action = (
        Action.objects.filter(
            version__strategy__organisation__in=strategy_permissions.organisations_of(user),
            version__status__in=(VersionStatus.ADOPTED, VersionStatus.SUPERSEDED),
        )
        .select_related("version__strategy__organisation", "owner_unit", "goal", "focus_area")
        .filter(pk=pk)
        .first()
    )
    if action is None:
        raise Http404
    strategy_permissions.version_actions(user, action.version)  # 404 unless visible
    if action_name == UPDATE and not may_update_action(user, action):
        raise PermissionDenied
    return action


def get_version_for_user(user, pk):
    """A decided version whose follow-up the person may read; 404 otherwise."""
    version = strategy_permissions.version_in_reach(user, pk)
    if version is None or not version.is_frozen:
        raise Http404
    strategy_permissions.version_actions(user, version)
    return version


def may_enter_measurements(user, version) -> bool:
    """The communications department enters the indicators' measured values, on the
    version in force (1 query)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if version.status != VersionStatus.ADOPTED:
        return False
    return RoleAssignment.objects.filter(
        user=user,
        organisation_id=version.strategy.organisation_id,
        role_level=RoleLevel.COMMUNICATIONS,
    ).exists()


def get_version_for_measurements(user, pk):
    """The adopted version whose measurements the person enters; 404 if they may not see
    it, 403 if they may see it but not enter measurements."""
    version = get_version_for_user(user, pk)
    if not may_enter_measurements(user, version):
        raise PermissionDenied
    return version
