"""Who may see and do what with strategies and their versions.

Views, templates and other apps ask this module, never guardian or the ORM
directly. Guardian object permissions on each Strategy are granted to the
per-organisation role groups when the strategy is created; what a permission
allows also depends on the version's state (nobody edits an adopted version).

Objects outside the user's reach (another municipality's, or a draft they may
not see) are reported as missing (404), never as forbidden, so nobody can learn
that they exist. An object the user can see but not act on gives 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from guardian.core import ObjectPermissionChecker
from guardian.shortcuts import assign_perm, get_objects_for_user

from apps.organisations.models import Organisation, RoleLevel
from apps.organisations.services import organisation_role_groups

from .models import (
    FROZEN_STATUSES,
    Strategy,
    StrategyGroupObjectPermission,
    StrategyUserObjectPermission,
    StrategyVersion,
    VersionStatus,
)

VIEW = "view_strategy"
VIEW_DRAFT = "view_draft_strategy"
CHANGE = "change_strategy"
COMMENT = "comment_strategy"
PROPOSE = "propose_strategy"
ADOPT = "adopt_strategy"

# What each role level may do with every strategy of its organisation.
ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    RoleLevel.COMMUNICATIONS: (VIEW, VIEW_DRAFT, CHANGE, COMMENT, PROPOSE, ADOPT),
    RoleLevel.EXECUTIVE_BOARD: (VIEW, VIEW_DRAFT, COMMENT, PROPOSE),
    RoleLevel.POLITICIAN: (VIEW, COMMENT),
    RoleLevel.CENTRE: (VIEW,),
    RoleLevel.WORKPLACE: (VIEW,),
    RoleLevel.LEADER: (VIEW,),
    RoleLevel.EMPLOYEE: (VIEW,),
}

# Who may see a version in each state, given the permissions held on its strategy.
_VISIBLE_WITH = {
    VersionStatus.ADOPTED: {VIEW},
    VersionStatus.SUPERSEDED: {VIEW},
    VersionStatus.PROPOSED: {VIEW_DRAFT, COMMENT},
    VersionStatus.CONSULTATION: {VIEW_DRAFT, COMMENT},
    VersionStatus.DRAFT: {VIEW_DRAFT},
    VersionStatus.WITHDRAWN: {VIEW_DRAFT},
}

ACTIONS = (
    "view", "view_draft", "change", "comment", "propose", "adopt", "new_draft", "audit",
    # The communications department keeps the register: archive or delete a strategy made
    # by mistake (the services add which ones), correct a decided version's record.
    "archive", "delete", "correct_record",
)


def grant_role_permissions(strategy: Strategy) -> None:
    groups = organisation_role_groups(strategy.organisation)
    for role_level, perms in ROLE_PERMISSIONS.items():
        for perm in perms:
            assign_perm(perm, groups[role_level], strategy)


def grant_comment(user, strategy: Strategy) -> None:
    """An invitation to a consultation lets the user comment on (and so see) the strategy."""
    assign_perm(COMMENT, user, strategy)


def grant_comment_many(users, strategy: Strategy) -> None:
    """grant_comment for many people at once (an invitation of a whole role level)."""
    StrategyUserObjectPermission.objects.assign_perm_to_many(
        COMMENT, users, strategy, ignore_conflicts=True
    )


def revoke_invitations(strategy: Strategy) -> None:
    """End what consultation invitations granted: personal comment rights on the strategy.

    Called when a version leaves consultation, so an invited person cannot go on to
    see later drafts they were never invited to. Group permissions stay.
    """
    StrategyUserObjectPermission.objects.filter(
        content_object=strategy, permission__codename=COMMENT
    ).delete()


def organisations_of(user):
    return Organisation.objects.for_user(user)


def _perms(user, strategy, checker=None) -> set[str]:
    if not user.is_authenticated or not user.is_active:
        return set()
    checker = checker or ObjectPermissionChecker(user)
    return set(checker.get_perms(strategy))


def can(user, action: str, obj, checker=None) -> bool:
    """Whether the user may do `action` on a Strategy or a StrategyVersion."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    return action in allowed_actions(user, obj, checker)


def allowed_actions(user, obj, checker=None) -> frozenset[str]:
    """Every action of ACTIONS the user may do on a Strategy or a StrategyVersion, read
    at once (3 queries) for a page that asks about several."""
    if isinstance(obj, StrategyVersion):
        strategy, version = obj.strategy, obj
    else:
        strategy, version = obj, None
    if not organisations_of(user).filter(pk=strategy.organisation_id).exists():
        return frozenset()
    perms = _perms(user, strategy, checker)
    if version is None:
        allowed = {
            "view": VIEW in perms,
            "view_draft": VIEW_DRAFT in perms,
            "change": CHANGE in perms,
            "comment": COMMENT in perms,
            "propose": PROPOSE in perms,
            "adopt": ADOPT in perms,
            "new_draft": CHANGE in perms,
            "audit": CHANGE in perms,
            "archive": CHANGE in perms,
            "delete": CHANGE in perms,
            "correct_record": False,
        }
    else:
        status = version.status
        if not perms & _VISIBLE_WITH[status]:
            return frozenset()
        allowed = {
            "view": True,
            "view_draft": VIEW_DRAFT in perms,
            "change": CHANGE in perms and status == VersionStatus.DRAFT,
            "comment": COMMENT in perms and status == VersionStatus.CONSULTATION,
            "propose": PROPOSE in perms and status in (
                VersionStatus.DRAFT, VersionStatus.CONSULTATION, VersionStatus.PROPOSED
            ),
            "adopt": ADOPT in perms and status == VersionStatus.PROPOSED,
            "new_draft": CHANGE in perms and status in FROZEN_STATUSES,
            "audit": CHANGE in perms,
            "archive": CHANGE in perms,
            "delete": CHANGE in perms,
            "correct_record": CHANGE in perms and status in FROZEN_STATUSES,
        }
    return frozenset(action for action, ok in allowed.items() if ok)


def visible_strategies(user):
    if not user.is_authenticated:
        return Strategy.objects.none()
    return get_objects_for_user(
        user,
        VIEW,
        klass=Strategy.objects.filter(organisation__in=organisations_of(user)),
        accept_global_perms=False,
        with_superuser=False,
    )


def changeable_strategy_ids(user, strategies) -> set[int]:
    """The ids among `strategies` (already in the user's organisations) that the user may
    change, in one query: the rule of can(user, "change", strategy) for a list."""
    if not user.is_authenticated or not user.is_active:
        return set()
    return set(
        get_objects_for_user(
            user, CHANGE, klass=strategies, accept_global_perms=False, with_superuser=False
        ).values_list("pk", flat=True)
    )


def visible_versions(user):
    """Versions the user may read: decided ones, plus drafts where their permissions reach.

    Read from the direct foreign-key permission tables (what guardian's
    get_objects_for_user answers, with accept_global_perms and with_superuser off): its
    query for the three permissions was 9 KB, took 13 ms to build and as long to run on
    every dashboard that lists versions."""
    if not user.is_authenticated:
        return StrategyVersion.objects.none()
    return StrategyVersion.objects.filter(
        strategy__organisation__in=organisations_of(user)
    ).filter(
        Q(status__in=FROZEN_STATUSES) & _holding(user, VIEW)
        | Q(status__in=(VersionStatus.PROPOSED, VersionStatus.CONSULTATION))
        & _holding(user, VIEW_DRAFT, COMMENT)
        | Q(status__in=(VersionStatus.DRAFT, VersionStatus.WITHDRAWN)) & _holding(user, VIEW_DRAFT)
    )


def _holding(user, *perms: str) -> Q:
    """Versions of the strategies on which the user holds one of `perms`, themselves
    or through one of their groups."""
    return Q(
        strategy__in=StrategyUserObjectPermission.objects.filter(
            user=user, permission__codename__in=perms
        ).values("content_object_id")
    ) | Q(
        strategy__in=StrategyGroupObjectPermission.objects.filter(
            group__user=user, permission__codename__in=perms
        ).values("content_object_id")
    )


def _authorise(user, obj, action):
    """404 for what the user cannot see at all, 403 for what they see but may not do."""
    allowed = _viewable_actions(user, obj)
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if action not in allowed:
        raise PermissionDenied
    return obj


def _viewable_actions(user, obj) -> frozenset[str]:
    """allowed_actions of an object the user may see; 404 if they may not (or it is None)."""
    allowed = allowed_actions(user, obj) if obj is not None else frozenset()
    if "view" not in allowed:
        raise Http404
    return allowed


def get_strategy_for_user(user, pk, action: str = "view") -> Strategy:
    strategy = (
        Strategy.objects.filter(organisation__in=organisations_of(user))
        .select_related("organisation")
        .filter(pk=pk)
        .first()
    )
    return _authorise(user, strategy, action)


def version_in_reach(user, pk) -> StrategyVersion | None:
    """The version if it belongs to one of the user's organisations, whatever their
    rights on it (1 query): only for a caller that authorises before showing anything
    not already shown to this user under the same rights (apps/core/page_cache.py)."""
    return (
        StrategyVersion.objects.filter(strategy__organisation__in=organisations_of(user))
        .select_related("strategy__organisation")
        .filter(pk=pk)
        .first()
    )


def version_actions(user, version) -> frozenset[str]:
    """Every action the user may do on `version` from version_in_reach, read once for a
    page that offers several; 404 as get_version_for_user gives if they may not see it."""
    return _viewable_actions(user, version)


def get_version_for_user(user, pk, action: str = "view") -> StrategyVersion:
    return _authorise(user, version_in_reach(user, pk), action)
