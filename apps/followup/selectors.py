"""Reads of the follow-up, for its own pages and the dashboards. Each a fixed number
of queries however many actions or updates there are.

An action's current state is its newest progress update under its lineage within
its strategy, or, before anyone has written one, the status the adopted text gives.
"""

import datetime

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from apps.strategies.models import Action, VersionStatus

from .models import CLOSED_STATUSES, ProgressStatus, ProgressUpdate

# How many overdue actions a dashboard lists; the count says how many there are in all.
DASHBOARD_OVERDUE_LIMIT = 20


def _newest_update():
    return ProgressUpdate.objects.filter(
        strategy_id=OuterRef("version__strategy_id"), lineage=OuterRef("lineage")
    ).order_by("-created_at", "-pk")


def with_progress(actions, today: datetime.date | None = None):
    """`actions` annotated with their current state: progress_status, progress_percent,
    progress_at, progress_by (name) and, given `today`, is_overdue."""
    newest = _newest_update()
    actions = actions.annotate(
        progress_status=Coalesce(
            Subquery(newest.values("status")[:1]), F("status"), output_field=CharField()
        ),
        progress_percent=Subquery(newest.values("percent")[:1]),
        progress_at=Subquery(newest.values("created_at")[:1]),
    )
    if today is not None:
        actions = actions.annotate(
            is_overdue=Case(
                When(overdue_q(today), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    return actions


def overdue_q(today: datetime.date) -> Q:
    """Past its due date and neither done nor cancelled (on an annotated queryset)."""
    return Q(due_date__lt=today) & ~Q(progress_status__in=CLOSED_STATUSES)


def status_label(status: str) -> str:
    return ProgressStatus(status).label if status in ProgressStatus.values else status


def _adopted_actions(organisation):
    return Action.objects.filter(
        version__status=VersionStatus.ADOPTED, version__strategy__organisation=organisation
    )


def unit_actions(unit, today: datetime.date) -> list[Action]:
    """Actions of adopted versions owned by the unit or a unit below it, with their
    current state (1 query)."""
    return list(
        with_progress(
            _adopted_actions(unit.organisation_id).filter(owner_unit__path__startswith=unit.path),
            today,
        )
        .select_related("owner_unit", "version__strategy")
        .order_by("due_date", "version__strategy__title", "position", "pk")
    )


def overdue_counts(organisation, today: datetime.date) -> dict[int | None, int]:
    """How many actions are overdue per owner unit (None: no owner unit) (1 query)."""
    return dict(
        with_progress(_adopted_actions(organisation), today)
        .filter(overdue_q(today))
        .order_by()
        .values("owner_unit_id")
        .annotate(n=Count("pk"))
        .values_list("owner_unit_id", "n")
    )


def overdue_actions(organisation, today: datetime.date, counts: dict[int | None, int]) -> dict:
    """The organisation's overdue actions, the longest overdue first, with how many
    there are in all (1 query; `counts` from overdue_counts)."""
    rows = list(
        with_progress(_adopted_actions(organisation), today)
        .filter(overdue_q(today))
        .select_related("owner_unit", "version__strategy")
        .order_by("due_date", "version__strategy__title", "position", "pk")[
            :DASHBOARD_OVERDUE_LIMIT
        ]
    )
    return {"rows": rows, "count": sum(counts.values())}


def overdue_by_unit(counts: dict[int | None, int], tree) -> dict[int, int]:
    """Overdue actions per unit, each counted in its owner unit and every unit above
    it (no query; `tree` is the obligations' UnitTree of the organisation)."""
    by_unit: dict[int, int] = {}
    for owner_unit_id, n in counts.items():
        for unit_pk in tree.up(owner_unit_id) if owner_unit_id is not None else ():
            by_unit[unit_pk] = by_unit.get(unit_pk, 0) + n
    return by_unit


def with_current_overdue(rows, counts: dict[int, int]):
    """Follow-up table rows (apps.obligations) with the overdue count of the actions'
    current state, which the frozen text alone cannot give."""
    for row in rows:
        row["overdue"] = counts.get(row["unit"].pk, 0)
    return rows


def history(action: Action) -> list[ProgressUpdate]:
    """Every progress update of the action, in any version, newest first (1 query)."""
    return list(
        ProgressUpdate.objects.filter(
            strategy_id=action.version.strategy_id, lineage=action.lineage
        )
        .select_related("author", "action__version")
        .order_by("-created_at", "-pk")
    )


def version_actions(version, today: datetime.date) -> list[Action]:
    """The version's actions with their current state (1 query). For a superseded
    version, the newest update written while it was in force or since, under the
    same lineage: the history stays readable under the version that had it."""
    return list(
        with_progress(Action.objects.filter(version=version), today)
        .select_related("owner_unit", "goal", "focus_area")
        .order_by("position", "pk")
    )
