"""What the public may see, and who may decide it.

The public sees an organisation's published strategies, and of those only the
versions that were adopted (in force or superseded): never a draft, a version in
consultation or proposed, nor a strategy that is not published. Everything else is
reported as missing (404), the same answer as for what does not exist.

The communications department (the right to change the strategy) decides what is
published.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from apps.organisations.models import Organisation
from apps.strategies import permissions as strategy_permissions
from apps.strategies.models import FROZEN_STATUSES, Strategy, StrategyVersion, VersionStatus

PUBLISH = "publish"
ACTIONS = (PUBLISH,)


def can(user, action: str, strategy: Strategy) -> bool:
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    return strategy_permissions.can(user, "change", strategy)


def get_strategy_to_publish(user, pk) -> Strategy:
    """404 for a strategy the person cannot see, 403 for one they see but may not publish."""
    strategy = strategy_permissions.get_strategy_for_user(user, pk)
    if not can(user, PUBLISH, strategy):
        raise PermissionDenied
    return strategy


def published_strategies(organisation: Organisation):
    """The organisation's published strategies that have an adopted version in force."""
    return Strategy.objects.filter(
        organisation=organisation,
        publication__is_published=True,
        versions__status=VersionStatus.ADOPTED,
    ).distinct()


def public_versions():
    """Every version the public may read, of any organisation."""
    return StrategyVersion.objects.filter(
        status__in=FROZEN_STATUSES, strategy__publication__is_published=True,
        strategy__versions__status=VersionStatus.ADOPTED,
    ).distinct()


def organisations_of(user):
    return Organisation.objects.for_user(user).order_by("name", "pk")


def get_organisation(slug) -> Organisation:
    return get_object_or_404(Organisation, slug=slug)


def get_published_strategy(organisation: Organisation, slug) -> Strategy:
    strategy = (
        published_strategies(organisation).filter(slug=slug).select_related("organisation").first()
    )
    if strategy is None:
        raise Http404
    return strategy


def get_public_version(strategy: Strategy, number=None) -> StrategyVersion:
    """The version in force (no number) or an adopted version by its number, of a
    strategy from get_published_strategy; 404 for any other."""
    versions = strategy.versions.select_related("strategy__organisation")
    if number is None:
        version = versions.filter(status=VersionStatus.ADOPTED).first()
    else:
        version = versions.filter(status__in=FROZEN_STATUSES, number=number).first()
    if version is None:
        raise Http404
    return version
