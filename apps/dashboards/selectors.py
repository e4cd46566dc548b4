"""Cross-app reads for the dashboards, each a fixed number of queries.

Obligations, coverage and check-ins come from apps.obligations.selectors; this
module adds what the dashboards read from strategies (and consultations, when
that app provides its comments).
"""

import datetime
import re
from collections import Counter

from django.db.models import OuterRef, Q, Subquery

from apps.records import selectors as records
from apps.strategies import permissions as strategy_permissions
from apps.strategies.models import (
    Principle,
    SpokespersonRule,
    Strategy,
    StrategyVersion,
    VersionStatus,
)

# How far ahead a coming review date is shown.
REVIEW_HORIZON = datetime.timedelta(days=180)


def adopted_principles(organisation) -> list[Principle]:
    """Principles of the organisation's adopted versions, strategy by strategy (1 query)."""
    return list(
        Principle.objects.filter(
            version__strategy__organisation=organisation, version__status=VersionStatus.ADOPTED
        )
        .select_related("version__strategy", "value")
        .order_by("version__strategy__title", "version__strategy_id", "position", "pk")
    )


AUDIENCE_ORDER = {"external": 0, "internal": 1, "both": 2, "": 3}


def principles_by_strategy(principles) -> list[dict]:
    """Principles grouped by strategy, then by audience, keeping the document's order."""
    strategies: dict[int, dict] = {}
    for principle in principles:
        strategy = strategies.setdefault(principle.version.strategy_id, {
            "title": principle.version.strategy.title,
            "language": principle.version.language,
            "audiences": {},
        })
        audience = strategy["audiences"].setdefault(principle.audience, {
            "label": principle.get_audience_display() if principle.audience else "",
            "items": [],
        })
        audience["items"].append(principle)
    return [
        {**strategy, "audiences": [
            strategy["audiences"][key]
            for key in sorted(strategy["audiences"], key=lambda a: AUDIENCE_ORDER.get(a, 9))
        ]}
        for strategy in strategies.values()
    ]


def adopted_spokesperson_rules(organisation) -> list[SpokespersonRule]:
    """Who may speak for the organisation, from its adopted versions (1 query)."""
    return list(
        SpokespersonRule.objects.filter(
            version__strategy__organisation=organisation, version__status=VersionStatus.ADOPTED
        )
        .select_related("version__strategy")
        .order_by("version__strategy__title", "version__strategy_id", "position", "pk")
    )


def _adopted_of_strategy():
    return StrategyVersion.objects.filter(
        strategy=OuterRef("strategy_id"), status=VersionStatus.ADOPTED
    )


def politician_versions(user, organisation) -> tuple[list, list]:
    """Adopted versions, and versions proposed to the council with the adopted one
    they would replace, with their adoption facts as corrected (3 queries). Only what
    the user may see."""
    visible = (
        strategy_permissions.visible_versions(user)
        .filter(strategy__organisation=organisation)
        .select_related("strategy")
    )
    adopted = list(
        visible.filter(status=VersionStatus.ADOPTED).order_by("strategy__title", "strategy_id")
    )
    proposed = list(
        visible.filter(status=VersionStatus.PROPOSED)
        .annotate(
            adopted_pk=Subquery(_adopted_of_strategy().values("pk")[:1]),
            adopted_number=Subquery(_adopted_of_strategy().values("number")[:1]),
            adopted_on_date=Subquery(_adopted_of_strategy().values("adopted_on")[:1]),
        )
        .order_by("strategy__title", "strategy_id", "-number")
    )
    # The adoption facts as corrected (apps/records), of both lists in one query.
    corrected = records.corrected_values(
        [v.pk for v in adopted] + [v.adopted_pk for v in proposed]
    )
    records.with_records(adopted, corrected)
    for version in proposed:
        version.adopted_on_date = corrected.get(version.adopted_pk, {}).get(
            "adopted_on", version.adopted_on_date
        )
    return adopted, proposed


def strategies_overview(user, organisation) -> list[Strategy]:
    """Every strategy the user may see, with its newest and its adopted version, whose
    adoption date is as corrected (2 queries)."""
    newest = StrategyVersion.objects.filter(strategy=OuterRef("pk")).order_by("-number")
    adopted = StrategyVersion.objects.filter(
        strategy=OuterRef("pk"), status=VersionStatus.ADOPTED
    )
    strategies = list(
        Strategy.objects.for_organisation(organisation)
        .filter(pk__in=strategy_permissions.visible_strategies(user).values("pk"))
        .annotate(
            newest_pk=Subquery(newest.values("pk")[:1]),
            newest_number=Subquery(newest.values("number")[:1]),
            newest_status=Subquery(newest.values("status")[:1]),
            adopted_pk=Subquery(adopted.values("pk")[:1]),
            adopted_number=Subquery(adopted.values("number")[:1]),
            adopted_on=Subquery(adopted.values("adopted_on")[:1]),
            review_due=Subquery(adopted.values("review_due")[:1]),
        )
        .order_by("title", "pk")
    )
    corrected = records.corrected_values(s.adopted_pk for s in strategies)
    for strategy in strategies:
        strategy.adopted_on = corrected.get(strategy.adopted_pk, {}).get(
            "adopted_on", strategy.adopted_on
        )
        strategy.newest_status_label = (
            VersionStatus(strategy.newest_status).label if strategy.newest_status else ""
        )
    return strategies


def strategies_by_state(strategies) -> list[tuple[str, str, int]]:
    """(status, label, count) of the strategies' newest versions, in lifecycle order."""
    counts = Counter(s.newest_status for s in strategies if s.newest_status)
    return [(status, label, counts[status]) for status, label in VersionStatus.choices]


def versions_due_for_review(user, organisation, today: datetime.date) -> list[StrategyVersion]:
    """Adopted versions whose review date has passed or comes within the horizon (1 query)."""
    versions = list(
        strategy_permissions.visible_versions(user)
        .filter(
            strategy__organisation=organisation,
            status=VersionStatus.ADOPTED,
            review_due__isnull=False,
            review_due__lte=today + REVIEW_HORIZON,
        )
        .select_related("strategy")
        .order_by("review_due", "strategy__title")
    )
    for version in versions:
        version.review_passed = version.review_due < today
    return versions


_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def period_end(label: str) -> datetime.date | None:
    """The last day of a period written as years ("2012-2015", "2024–2027"): the
    31 December of its last year; None when the label names no year."""
    years = [int(year) for year in _YEAR.findall(label or "")]
    return datetime.date(max(years), 12, 31) if years else None


def versions_for_review(user, organisation, today: datetime.date) -> list[StrategyVersion]:
    """Adopted versions due for review (2 queries: the versions, their adoption facts as
    corrected): the review date has passed or comes within the horizon, the validity
    (valid until) has ended, or the period the strategy covers ("2012-2015") has ended.
    Each carries `review_reason` (one of REVIEW_REASONS), `review_date` (the date it
    became or becomes due, which orders them) and `review_passed`."""
    candidates = (
        strategy_permissions.visible_versions(user)
        .filter(strategy__organisation=organisation, status=VersionStatus.ADOPTED)
        .filter(
            Q(review_due__lte=today + REVIEW_HORIZON)
            | Q(valid_until__lt=today)
            | ~Q(period_label="")
        )
        .select_related("strategy")
    )
    due = []
    for version in candidates:
        ended_period = period_end(version.period_label)
        reasons = [
            (version.review_due, "review")
            if version.review_due and version.review_due <= today + REVIEW_HORIZON else None,
            (version.valid_until, "validity")
            if version.valid_until and version.valid_until < today else None,
            (ended_period, "period") if ended_period and ended_period < today else None,
        ]
        found = [reason for reason in reasons if reason is not None]
        if not found:
            continue
        # The earliest reason is the one that made it due first.
        version.review_date, version.review_reason = min(found)
        version.review_passed = version.review_date < today
        due.append(version)
    return records.with_records(
        sorted(due, key=lambda v: (v.review_date, v.strategy.title, v.pk))
    )
