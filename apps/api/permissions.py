"""Who may read what through the API, and who manages its tokens.

Without a token: what the public site shows (apps/public/permissions.py), nothing more.
With an organisation's token: everything that organisation owns, as its communications
department reads it on the pages, and still only the public part of any other
organisation's. Anything else is 404, the same answer as for what does not exist.

The communications department creates and revokes its organisation's tokens.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from apps.identity import permissions as identity_permissions
from apps.public import permissions as public_permissions
from apps.strategies.models import Strategy, StrategyVersion

MANAGE_TOKENS = "manage_tokens"


def can(user, action: str, organisation) -> bool:
    if action != MANAGE_TOKENS:
        raise ValueError(f"unknown action {action!r}")
    return identity_permissions.can(user, identity_permissions.ADMINISTER, organisation)


def managed_organisation(user):
    """The organisation whose tokens the person manages (403 for one who manages none)."""
    organisation = identity_permissions.visible_to(user).order_by("name", "pk").first()
    if organisation is None:
        raise PermissionDenied
    return organisation


def visible_strategies(organisation=None):
    """Strategies readable with `organisation`'s token (None: without a token)."""
    public = Q(pk__in=Strategy.objects.filter(
        publication__is_published=True, versions__status="adopted"
    ).values("pk"))
    if organisation is None:
        return Strategy.objects.filter(public)
    return Strategy.objects.filter(public | Q(organisation=organisation))


def visible_versions(organisation=None):
    public = Q(pk__in=public_permissions.public_versions().values("pk"))
    if organisation is None:
        return StrategyVersion.objects.filter(public)
    return StrategyVersion.objects.filter(public | Q(strategy__organisation=organisation))


def get_version(organisation, pk) -> StrategyVersion:
    version = (
        visible_versions(organisation).select_related("strategy__organisation").filter(pk=pk).first()
    )
    if version is None:
        raise Http404
    return version
