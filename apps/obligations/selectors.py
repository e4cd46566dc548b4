"""Reads of obligations, acknowledgements, check-ins and the action plan's deadlines.

Every function runs a fixed number of queries, however many units, people,
obligations or versions there are: rows are read in bulk with their relations
joined, and whom an obligation binds is worked out in memory (rules.py).
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import BooleanField, Case, Count, Prefetch, Q, Value, When

from apps.organisations.models import RoleAssignment, Unit
from apps.strategies.models import (
    Action,
    ActionStatus,
    Responsibility,
    ResponsibilityItem,
    VersionStatus,
)

from .models import Acknowledgement, CheckIn, CheckInStatus
from .rules import LEADERSHIP_LEVELS, Obligation, ObligationIndex, UnitTree, obligations_of

OPEN_ACTION_STATUSES = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)


# --- Obligations ----------------------------------------------------------------


def current_obligations(organisation) -> list[Obligation]:
    """Every obligation of the organisation's adopted versions, in document order (2 queries)."""
    responsibilities = (
        Responsibility.objects.filter(
            version__strategy__organisation=organisation, version__status=VersionStatus.ADOPTED
        )
        .select_related("version__strategy")
        .prefetch_related(
            Prefetch("items", queryset=ResponsibilityItem.objects.order_by("position", "pk"))
        )
        .order_by("version__strategy__title", "version__strategy_id", "position", "pk")
    )
    seen, obligations = set(), []
    for responsibility in responsibilities:
        for obligation in obligations_of(responsibility):
            # The same duty twice in one strategy is one obligation.
            if obligation.key not in seen:
                seen.add(obligation.key)
                obligations.append(obligation)
    return obligations


def unit_tree(organisation, *, within: Unit | None = None) -> UnitTree:
    """The organisation's units, or one unit and everything below it (1 query)."""
    units = Unit.objects.for_organisation(organisation).only(
        "id", "parent_id", "name", "kind", "path", "is_communications", "organisation_id"
    )
    if within is not None:
        units = units.filter(path__startswith=within.path)
    return UnitTree(units)


def obligation_index(organisation) -> ObligationIndex:
    """Current obligations and the whole unit tree, to tell whom each binds (3 queries)."""
    return ObligationIndex(current_obligations(organisation), unit_tree(organisation))


def assignments_of(user, organisation) -> list[RoleAssignment]:
    """The user's role assignments in the organisation, with their units (1 query)."""
    return list(
        RoleAssignment.objects.for_organisation(organisation)
        .filter(user=user)
        .select_related("unit")
        .order_by("unit__path", "role_level")
    )


@dataclass
class ObligationStatus:
    """One obligation as one person sees it."""

    obligation: Obligation
    acknowledgement: Acknowledgement | None = None
    check_in: CheckIn | None = None

    @property
    def acknowledged(self) -> bool:
        return self.acknowledgement is not None


def acknowledgements_of(user, obligations) -> dict[tuple[int, str], Acknowledgement]:
    """The user's acknowledgements of these obligations, by obligation key (1 query)."""
    keys = {o.key for o in obligations}
    rows = Acknowledgement.objects.filter(
        user=user,
        strategy_id__in={o.strategy_id for o in obligations},
        text_hash__in={o.text_hash for o in obligations},
    )
    return {(a.strategy_id, a.text_hash): a for a in rows if (a.strategy_id, a.text_hash) in keys}


def obligations_for_user(
    user, organisation, *, index: ObligationIndex | None = None, assignments=None
) -> list[ObligationStatus]:
    """What binds the user through all their roles, and what they have acknowledged.

    5 queries, fewer when the index or the assignments are passed in.
    """
    index = index or obligation_index(organisation)
    if assignments is None:
        assignments = assignments_of(user, organisation)
    obligations = index.for_assignments((a.role_level, a.unit_id) for a in assignments)
    acks = acknowledgements_of(user, obligations)
    return [ObligationStatus(o, acks.get(o.key)) for o in obligations]


def obligations_for_leader(
    user, unit, *, index: ObligationIndex, assignments, period: datetime.date
) -> list[ObligationStatus]:
    """What binds the user as a leader of `unit`, with this period's check-ins (2 queries)."""
    roles = [
        (a.role_level, a.unit_id) for a in assignments
        if a.unit_id == unit.pk and a.role_level in LEADERSHIP_LEVELS
    ]
    obligations = index.for_assignments(roles)
    acks = acknowledgements_of(user, obligations)
    check_ins = unit_check_ins(unit, period)
    return [ObligationStatus(o, acks.get(o.key), check_ins.get(o.key)) for o in obligations]


def grouped(statuses) -> list[dict]:
    """Statuses nested as the document reads: strategy, then responsibility, then duties."""
    strategies: dict[int, dict] = {}
    for status in statuses:
        o = status.obligation
        strategy = strategies.setdefault(o.strategy_id, {
            "title": o.strategy_title, "language": o.language, "version_id": o.version_id,
            "version_number": o.version_number, "responsibilities": {},
        })
        responsibility = strategy["responsibilities"].setdefault(o.responsibility_id, {
            "id": o.responsibility_id, "label": o.label, "heading": o.heading,
            "description": o.description, "has_items": o.item_id is not None,
            "role_level": o.get_role_level_display(), "items": [],
        })
        responsibility["items"].append(status)
    return [
        {**strategy, "responsibilities": list(strategy["responsibilities"].values())}
        for strategy in strategies.values()
    ]


# --- Check-ins ------------------------------------------------------------------


def unit_check_ins(unit, period: datetime.date) -> dict[tuple[int, str], CheckIn]:
    """The unit's check-ins of one quarter, by obligation key (1 query)."""
    rows = CheckIn.objects.filter(unit=unit, period=period).select_related("recorded_by")
    return {(c.strategy_id, c.text_hash): c for c in rows}


# --- Action plans ---------------------------------------------------------------


def unit_actions(unit, today: datetime.date):
    """Actions of adopted versions owned by the unit or a unit below it (1 query).

    Each carries `is_overdue`: past its due date and neither done nor cancelled.
    """
    return (
        Action.objects.filter(
            version__status=VersionStatus.ADOPTED,
            version__strategy__organisation_id=unit.organisation_id,
            owner_unit__path__startswith=unit.path,
        )
        .select_related("owner_unit", "version__strategy")
        .annotate(
            is_overdue=Case(
                When(overdue_q(today), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("due_date", "version__strategy__title", "position", "pk")
    )


def overdue_q(today: datetime.date) -> Q:
    return Q(due_date__lt=today, status__in=OPEN_ACTION_STATUSES)


# --- Follow-up across units -----------------------------------------------------


@dataclass
class Coverage:
    """Acknowledgement coverage: acknowledged obligations of all people concerned."""

    people: int = 0
    required: int = 0
    acknowledged: int = 0

    @property
    def percent(self) -> int | None:
        # Rounded down: 100 % means everyone has acknowledged everything.
        return None if not self.required else 100 * self.acknowledged // self.required

    @property
    def missing(self) -> int:
        return self.required - self.acknowledged


@dataclass
class CheckInSummary:
    """This quarter's check-ins against the check-ins the unit's leaders owe."""

    expected: int = 0
    by_status: Counter = field(default_factory=Counter)

    @property
    def recorded(self) -> int:
        return sum(self.by_status.values())

    @property
    def missing(self) -> int:
        return self.expected - self.recorded

    @property
    def on_track(self) -> int:
        return self.by_status[CheckInStatus.ON_TRACK]

    @property
    def needs_attention(self) -> int:
        return self.by_status[CheckInStatus.NEEDS_ATTENTION]

    @property
    def not_started(self) -> int:
        return self.by_status[CheckInStatus.NOT_STARTED]


@dataclass
class PersonCoverage:
    user_id: int
    name: str
    unit_names: list[str]
    coverage: Coverage


@dataclass
class FollowUp:
    """Coverage, check-ins and overdue actions of every unit, each summed over its subtree."""

    index: ObligationIndex
    tree: UnitTree
    coverage: dict[int, Coverage]
    total: Coverage
    check_ins: dict[int, CheckInSummary]
    overdue: dict[int, int]
    people: list[PersonCoverage]

    def rows(self, units=None) -> list[dict]:
        units = self.tree.in_order() if units is None else units
        return [
            {
                "unit": unit,
                "depth": self.tree.depth(unit.pk),
                "coverage": self.coverage.get(unit.pk, Coverage()),
                "check_ins": self.check_ins.get(unit.pk, CheckInSummary()),
                "overdue": self.overdue.get(unit.pk, 0),
            }
            for unit in units
        ]


def follow_up(
    organisation,
    *,
    period: datetime.date,
    today: datetime.date,
    within: Unit | None = None,
    exclude_user=None,
    index: ObligationIndex | None = None,
) -> FollowUp:
    """The follow-up of the whole organisation, or of one unit and those below it.

    `exclude_user` leaves one person out of the coverage (a leader looking at their
    staff), not out of the check-ins their unit owes.

    7 queries (4 when the index is passed in): obligations and units, every role
    assignment, the acknowledgements of the current obligations, this quarter's
    check-ins and the overdue actions counted per owner unit.
    """
    index = index or obligation_index(organisation)
    tree = index.tree
    scope = Q(organisation=organisation)
    if within is not None:
        scope &= Q(unit__path__startswith=within.path)
    assignments = RoleAssignment.objects.filter(scope)
    rows = list(
        assignments.values_list(
            "user_id", "unit_id", "role_level", "user__full_name", "user__username"
        ).order_by("user__full_name", "user__username", "user_id")
    )

    acked = set(
        Acknowledgement.objects.filter(
            organisation=organisation,
            text_hash__in=index.hashes,
            user_id__in=assignments.values("user_id"),
        ).values_list("user_id", "strategy_id", "text_hash")
    )

    in_scope = (lambda pk: pk in tree) if within is None else (
        lambda pk: tree.get(pk) is not None and tree.get(pk).path.startswith(within.path)
    )
    pairs: dict[int | None, set] = defaultdict(set)
    people: dict[int | None, set] = defaultdict(set)
    per_person: dict[int, dict] = {}
    expected: set[tuple[int, tuple[int, str]]] = set()
    excluded = getattr(exclude_user, "pk", None)
    for user_id, unit_id, role_level, full_name, username in rows:
        obligations = index.for_assignment(role_level, unit_id)
        if role_level in LEADERSHIP_LEVELS and unit_id is not None:
            # The unit owes a check-in for every obligation of each of its leaders,
            # the excluded one (the leader looking at their staff) included.
            expected |= {(unit_id, o.key) for o in obligations}
        if user_id == excluded:
            continue
        user_pairs = {(user_id, o.key) for o in obligations}
        for unit_pk in [None, *[pk for pk in tree.up(unit_id) if in_scope(pk)]]:
            pairs[unit_pk] |= user_pairs
            people[unit_pk].add(user_id)
        person = per_person.setdefault(
            user_id, {"name": full_name or username, "units": [], "pairs": set()}
        )
        person["pairs"] |= user_pairs
        unit = tree.get(unit_id)
        if unit is not None and unit.name not in person["units"]:
            person["units"].append(unit.name)

    def coverage_of(unit_pk) -> Coverage:
        unit_pairs = pairs.get(unit_pk, set())
        return Coverage(
            people=len(people.get(unit_pk, ())),
            required=len(unit_pairs),
            acknowledged=sum((u, s, h) in acked for u, (s, h) in unit_pairs),
        )

    coverage = {pk: coverage_of(pk) for pk in pairs if pk is not None}
    total = coverage_of(None)
    person_rows = [
        PersonCoverage(
            user_id=user_id,
            name=data["name"],
            unit_names=data["units"],
            coverage=Coverage(
                people=1,
                required=len(data["pairs"]),
                acknowledged=sum((u, s, h) in acked for u, (s, h) in data["pairs"]),
            ),
        )
        for user_id, data in per_person.items()
    ]

    recorded = CheckIn.objects.filter(organisation=organisation, period=period)
    if within is not None:
        recorded = recorded.filter(unit__path__startswith=within.path)
    status_of = {
        (unit_id, (strategy_id, text_hash)): status
        for unit_id, strategy_id, text_hash, status in recorded.values_list(
            "unit_id", "strategy_id", "text_hash", "status"
        )
    }
    check_ins: dict[int, CheckInSummary] = defaultdict(CheckInSummary)
    for unit_id, key in expected:
        for unit_pk in tree.up(unit_id):
            if in_scope(unit_pk):
                summary = check_ins[unit_pk]
                summary.expected += 1
                if (unit_id, key) in status_of:
                    summary.by_status[status_of[(unit_id, key)]] += 1

    actions = Action.objects.filter(
        overdue_q(today),
        version__status=VersionStatus.ADOPTED,
        version__strategy__organisation=organisation,
        owner_unit__isnull=False,
    )
    if within is not None:
        actions = actions.filter(owner_unit__path__startswith=within.path)
    overdue: dict[int, int] = defaultdict(int)
    for owner_unit_id, n in (
        actions.order_by()
        .values("owner_unit_id")
        .annotate(n=Count("pk"))
        .values_list("owner_unit_id", "n")
    ):
        for unit_pk in tree.up(owner_unit_id):
            if in_scope(unit_pk):
                overdue[unit_pk] += n

    return FollowUp(
        index=index,
        tree=tree,
        coverage=coverage,
        total=total,
        check_ins=dict(check_ins),
        overdue=dict(overdue),
        people=person_rows,
    )
