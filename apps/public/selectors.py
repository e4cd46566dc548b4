"""Reads for the public pages: what they show, and the state conditional requests
compare (one query each)."""

import datetime
import hashlib

from django.db.models import Count, Max, Q
from django.utils import timezone, translation

from apps.core import page_cache
from apps.records import selectors as records
from apps.strategies.models import FROZEN_STATUSES, Strategy, StrategyVersion, VersionStatus

from . import permissions


def organisation_page(organisation) -> list[dict]:
    """The published strategies in force, each with its adopted version and its record
    as corrected (3 queries)."""
    strategies = list(permissions.published_strategies(organisation).order_by("title", "pk"))
    in_force = {
        v.strategy_id: v
        for v in StrategyVersion.objects.filter(
            strategy__in=[s.pk for s in strategies], status=VersionStatus.ADOPTED
        ).select_related("strategy")
    }
    records.with_records(in_force.values())
    return [{"strategy": s, "version": in_force[s.pk]} for s in strategies if s.pk in in_force]


def earlier_versions(strategy) -> list[StrategyVersion]:
    """The strategy's earlier adopted versions, newest first."""
    return list(
        strategy.versions.filter(status=VersionStatus.SUPERSEDED).order_by("-number")
    )


def had_consultation(version) -> bool:
    return version.transitions.filter(to_status=VersionStatus.CONSULTATION).exists()


def public_state(organisation, strategy=None, *, extra=()) -> tuple[str, datetime.datetime]:
    """(ETag, Last-Modified) of a public page: what it shows from the database (the
    organisation, the publication choices and the decided versions of its strategies),
    the interface language and the release. Drafts do not move it."""
    strategies = Strategy.objects.filter(organisation=organisation, publication__isnull=False)
    if strategy is not None:
        strategies = strategies.filter(pk=strategy.pk)
    frozen = Q(versions__status__in=FROZEN_STATUSES)
    state = strategies.aggregate(
        strategies_changed=Max("updated_at"),
        publications_changed=Max("publication__changed_at"),
        published_count=Count("pk", filter=Q(publication__is_published=True), distinct=True),
        decided_changed=Max("versions__updated_at", filter=frozen),
        decided_count=Count("versions", filter=frozen, distinct=True),
        in_force=Count("versions", filter=Q(versions__status=VersionStatus.ADOPTED), distinct=True),
        newest_in_force=Max("versions__pk", filter=Q(versions__status=VersionStatus.ADOPTED)),
        # A correction of a decided version's record changes what the pages say of it.
        corrected=Max("versions__record_corrections__created_at"),
    )
    moments = [organisation.updated_at] + [
        value for value in state.values() if isinstance(value, datetime.datetime)
    ] + [value for value in extra if isinstance(value, datetime.datetime)]
    last_modified = max(moments) if moments else timezone.now()
    parts = (
        page_cache.release(), translation.get_language(), organisation.pk,
        sorted((k, str(v)) for k, v in state.items()), [str(v) for v in extra],
        organisation.updated_at.isoformat(),
    )
    etag = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return etag, last_modified
