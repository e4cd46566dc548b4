"""Who may see, comment on and run the consultation of a strategy version.

Seeing a consultation follows the strategy rules (apps.strategies.permissions),
widened to everybody invited, directly or through a unit they belong to, while
the version is in consultation or proposed. Unit membership is resolved when
asked, so a person who joins an invited unit later is included. (The invitation
service also grants the strategy's comment permission to everyone it reaches,
so the strategy pages themselves show them the version.)

Only the communications department (who may change the strategy) invites and
answers. Anything outside a user's reach is reported as missing (404), never as
forbidden; what they can see but may not do gives 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from apps.organisations.models import RoleAssignment, RoleLevel
from apps.strategies import permissions as strategy_permissions
from apps.strategies.models import FROZEN_STATUSES, StrategyVersion, VersionStatus

from .models import Comment, ConsultationInvitation

# While a version is in these states, invited people may see it.
_INVITEES_SEE = (VersionStatus.CONSULTATION, VersionStatus.PROPOSED)
# Invitations may be sent before and during the consultation.
INVITABLE_STATUSES = (VersionStatus.DRAFT, VersionStatus.CONSULTATION)


def _active(user) -> bool:
    return user.is_authenticated and user.is_active


def user_unit_ids(user, organisation_id) -> set[int]:
    """The units a user holds a role in, with every unit above them."""
    ids: set[int] = set()
    paths = RoleAssignment.objects.filter(
        user=user, organisation_id=organisation_id, unit__isnull=False
    ).values_list("unit__path", flat=True)
    for path in paths:
        ids.update(int(part) for part in path.strip("/").split("/") if part)
    return ids


def is_invited(user, version: StrategyVersion) -> bool:
    """Invited in person, or through a unit the user (or a unit above theirs) belongs to."""
    if not _active(user):
        return False
    units = user_unit_ids(user, version.strategy.organisation_id)
    return ConsultationInvitation.objects.filter(version=version).filter(
        Q(user=user) | Q(unit_id__in=units)
    ).exists()


def can_view(user, version: StrategyVersion) -> bool:
    if not _active(user):
        return False
    if strategy_permissions.can(user, "view", version):
        return True
    return version.status in _INVITEES_SEE and is_invited(user, version)


def can_manage(user, version: StrategyVersion) -> bool:
    """Invite and answer: the communications department of the strategy."""
    return _active(user) and strategy_permissions.can(user, "change", version.strategy)


def can_comment(user, version: StrategyVersion) -> bool:
    """While the version is in consultation and its deadline has not passed."""
    from .deadlines import is_open

    return is_open(version) and (
        strategy_permissions.can(user, "comment", version) or is_invited(user, version)
    )


def can_answer(user, version: StrategyVersion) -> bool:
    return version.status not in FROZEN_STATUSES and can_manage(user, version)


def can_see_all_comments(user, version: StrategyVersion) -> bool:
    """Those who prepare the strategy read every comment, others their own, until the
    version is adopted: then the comments and answers go with the decision, for all."""
    return (
        can_manage(user, version)
        or strategy_permissions.can(user, "view_draft", version)
        or (version.status in FROZEN_STATUSES and can_view(user, version))
    )


# Those who decide on a proposal read its consultation summary before they do.
DECIDING_LEVELS = (RoleLevel.POLITICIAN, RoleLevel.EXECUTIVE_BOARD)


def can_view_summary(user, version: StrategyVersion) -> bool:
    if can_see_all_comments(user, version):
        return True
    return (
        version.status == VersionStatus.PROPOSED
        and can_view(user, version)
        and RoleAssignment.objects.filter(
            user=user, organisation_id=version.strategy.organisation_id,
            role_level__in=DECIDING_LEVELS,
        ).exists()
    )


def visible_comments(user, version: StrategyVersion):
    comments = Comment.objects.for_version(version)
    if can_see_all_comments(user, version):
        return comments
    return comments.filter(author=user)


_ACTIONS = {
    "view": lambda user, version: True,
    "manage": can_manage,
    "summary": can_view_summary,
}


def get_version_for_user(user, pk, action: str = "view") -> StrategyVersion:
    """The version for a consultation page: 404 when out of reach, 403 when not allowed."""
    check = _ACTIONS[action]
    version = (
        StrategyVersion.objects.filter(
            strategy__organisation__in=strategy_permissions.organisations_of(user)
        )
        .select_related("strategy__organisation")
        .filter(pk=pk)
        .first()
    )
    if version is None or not can_view(user, version):
        raise Http404
    if not check(user, version):
        raise PermissionDenied
    return version


def get_comment_for_user(user, pk, action: str = "view") -> Comment:
    """A comment the user may read (and, with action "manage", answer)."""
    check = _ACTIONS[action]
    comment = (
        Comment.objects.filter(
            version__strategy__organisation__in=strategy_permissions.organisations_of(user)
        )
        .select_related("version__strategy__organisation", "author_unit", "answered_by")
        .filter(pk=pk)
        .first()
    )
    if comment is None or not can_view(user, comment.version):
        raise Http404
    if not (can_see_all_comments(user, comment.version) or comment.author_id == user.pk):
        raise Http404
    if not check(user, comment.version):
        raise PermissionDenied
    return comment
