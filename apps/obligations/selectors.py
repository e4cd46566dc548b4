"""Reads of obligations, acknowledgements, check-ins and the action plan's deadlines.

Every function runs a fixed number of queries, however many units, people,
obligations or versions there are: rows are read in bulk with their relations
joined, and whom an obligation binds is worked out in memory (rules.py).

The obligation index and the follow-up of a whole organisation are expensive to
build at municipal scale (thousands of people, hundreds of thousands of
acknowledgements) and change rarely compared with how often they are read, so each
process keeps the last few it built (`_Memo`). They are found again by a stamp read
in one cheap query (`organisation_stamp`): the organisation's two generations, which
every write to what they are built from raises in its own transaction (signals.py).
A change gives a new stamp, so nothing stale is served and no process has to tell
another to forget anything.
"""

import datetime
import threading
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import (
    BooleanField,
    Case,
    Count,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from apps.organisations.models import Organisation, RoleAssignment, Unit
from apps.strategies.models import (
    Action,
    ActionStatus,
    Responsibility,
    ResponsibilityItem,
    VersionStatus,
)

from . import tallies
from .models import Acknowledgement, CheckIn, CheckInStatus, FollowUpBuild, quarter_start
from .rules import LEADERSHIP_LEVELS, Obligation, ObligationIndex, UnitTree, obligations_of

OPEN_ACTION_STATUSES = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)


# --- Obligations ----------------------------------------------------------------


def current_obligations(organisation) -> list[Obligation]:
    """Every obligation of the organisation's adopted versions, in document order (2 queries)."""
    responsibilities = (
        Responsibility.objects.filter(
            version__strategy__organisation=organisation, version__status=VersionStatus.ADOPTED
        )
        .select_related("version__strategy", "holder")
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


class _Memo:
    """The last few values built in this process, by key (no pickling: they are read
    as they were built, and must not be changed by the reader)."""

    def __init__(self, size: int):
        self.size = size
        self.values: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            value = self.values.get(key)
            if value is not None:
                self.values.move_to_end(key)
            return value

    def put(self, key, value, *, superseded=None):
        """Keep `value`, forgetting the values whose keys `superseded(key)` calls out of
        date (built from rows that have changed since: they will not be asked for again)."""
        with self.lock:
            if superseded is not None:
                for old in [k for k in self.values if superseded(k)]:
                    del self.values[old]
            self.values[key] = value
            self.values.move_to_end(key)
            while len(self.values) > self.size:
                self.values.popitem(last=False)
        return value

    def clear(self):
        with self.lock:
            self.values.clear()


_indexes = _Memo(64)


@dataclass(frozen=True)
class Stamp:
    """What the obligations and the follow-up of one organisation were built from."""

    structure: tuple  # adopted versions, strategies, units: what obligations and the tree are
    activity: tuple  # role assignments, people; this quarter
    # The follow-up's tallies were built for this structure and quarter (tallies.py).
    tallied: bool = False


def organisation_stamp(organisation, period: datetime.date | None = None) -> Stamp:
    """What the index and the follow-up of the organisation would be built from now
    (1 query): its two generations, which every write they read raises in its own
    transaction (signals.py), so concurrent writes committing in any order, deletions
    and renames all give a new stamp."""
    period = period or quarter_start(timezone.localdate())
    build = FollowUpBuild.objects.filter(organisation=OuterRef("pk"))
    row = (
        Organisation.objects.filter(pk=organisation.pk)
        .annotate(
            tallied_structure=Subquery(build.values("structure_generation")[:1]),
            tallied_period=Subquery(build.values("period")[:1]),
        )
        .values("created_at", "structure_generation", "activity_generation",
                "tallied_structure", "tallied_period")
        .get()
    )
    structure = (organisation.pk, row["created_at"], row["structure_generation"])
    activity = (period, row["activity_generation"])
    tallied = (
        row["tallied_structure"] == row["structure_generation"]
        and row["tallied_period"] == period
    )
    return Stamp(structure=structure, activity=activity, tallied=tallied)


def obligation_index(organisation, *, stamp: Stamp | None = None) -> ObligationIndex:
    """Current obligations and the whole unit tree, to tell whom each binds.

    1 query (the stamp) when this process built the index from the same rows before,
    4 when it did not; none but the index's own 3 when the caller has the stamp.
    The index is shared: read it, never change it.
    """
    stamp = stamp or organisation_stamp(organisation)
    index = _indexes.get(stamp.structure)
    if index is None:
        index = _indexes.put(
            stamp.structure,
            ObligationIndex(current_obligations(organisation), unit_tree(organisation)),
            superseded=lambda key: key[0] == organisation.pk and key != stamp.structure,
        )
    return index


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


def _acknowledgements_among(user, obligations):
    """The user's acknowledgements of these obligations' strategies and texts: a
    superset, to be matched by key (a strategy and a text hash of two obligations)."""
    return Acknowledgement.objects.filter(
        user=user,
        strategy_id__in={o.strategy_id for o in obligations},
        text_hash__in={o.text_hash for o in obligations},
    )


def acknowledgements_of(user, obligations) -> dict[tuple[int, str], Acknowledgement]:
    """The user's acknowledgements of these obligations, by obligation key (1 query),
    without the texts they acknowledged: the pages show the obligations' own (a
    leader's 279 at storby)."""
    keys = {o.key for o in obligations}
    rows = _acknowledgements_among(user, obligations).defer("text")
    return {(a.strategy_id, a.text_hash): a for a in rows if (a.strategy_id, a.text_hash) in keys}


def acknowledged_count(user, obligations) -> int:
    """How many of these obligations the user has acknowledged (1 query, reading only
    the acknowledgements' keys: a person's acknowledgements carry the texts)."""
    found = _acknowledgements_among(user, obligations).order_by().values_list(
        "strategy_id", "text_hash"
    )
    return len(set(found) & {o.key for o in obligations})


def obligations_for_user(
    user, organisation, *, index: ObligationIndex | None = None, assignments=None
) -> list[ObligationStatus]:
    """What binds the user through all their roles, and what they have acknowledged.

    3 queries (the index's stamp, the assignments, the acknowledgements), 6 when this
    process has not built the index yet, fewer when the index or the assignments are
    passed in.
    """
    index = index or obligation_index(organisation)
    if assignments is None:
        assignments = assignments_of(user, organisation)
    obligations = index.for_assignments((a.role_level, a.unit_id) for a in assignments)
    acks = acknowledgements_of(user, obligations)
    return [ObligationStatus(o, acks.get(o.key)) for o in obligations]


def leader_obligations(unit, *, index: ObligationIndex, assignments) -> list[Obligation]:
    """What the person's leadership roles in `unit` (of their `assignments`) bind them
    to (no query)."""
    return index.for_assignments(
        (a.role_level, a.unit_id) for a in assignments
        if a.unit_id == unit.pk and a.role_level in LEADERSHIP_LEVELS
    )


def obligations_for_leader(
    user, unit, *, index: ObligationIndex, assignments, period: datetime.date
) -> list[ObligationStatus]:
    """What binds the user as a leader of `unit`, with this period's check-ins (2 queries),
    as the leader's dashboard shows them (not who recorded each check-in)."""
    obligations = leader_obligations(unit, index=index, assignments=assignments)
    acks = acknowledgements_of(user, obligations)
    check_ins = unit_check_ins(unit, period, recorders=False)
    return [ObligationStatus(o, acks.get(o.key), check_ins.get(o.key)) for o in obligations]


def grouped(statuses) -> list[dict]:
    """Statuses nested as the document reads: strategy, then responsibility, then duties."""
    strategies: dict[int, dict] = {}
    for status in statuses:
        o = status.obligation
        strategy = strategies.setdefault(o.strategy_id, {
            "title": o.strategy_title, "kind": o.strategy_kind, "language": o.language,
            "version_id": o.version_id,
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


def unit_check_ins(
    unit, period: datetime.date, *, only: tuple[int, str] | None = None, recorders=True
) -> dict[tuple[int, str], CheckIn]:
    """The unit's check-ins of one quarter, by obligation key (1 query); `only`: of
    that one obligation (a key); `recorders`: with who recorded them (the check-in
    page names them, the leader's dashboard does not)."""
    rows = CheckIn.objects.filter(unit=unit, period=period)
    if recorders:
        rows = rows.select_related("recorded_by")
    if only is not None:
        rows = rows.filter(strategy_id=only[0], text_hash=only[1])
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
    # Everyone counted, read only when asked for (the leader's list of staff).
    people_of: Callable[[], list[PersonCoverage]] = list

    @cached_property
    def people(self) -> list[PersonCoverage]:
        return self.people_of()

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
    stamp: Stamp | None = None,
) -> FollowUp:
    """The follow-up of the whole organisation, or of one unit and those below it.

    `exclude_user` leaves one person out of the coverage (a leader looking at their
    staff), not out of the check-ins their unit owes.

    Read from the tallies every write keeps (tallies.py): 4 queries (that the tallies
    are current, the coverage of every unit in scope, the units' check-ins, the overdue
    actions per owner unit), and the index's 3 when this process has not built it for
    the current structure yet; the people (`FollowUp.people`) 2 more, when asked for.
    The first read after a change of structure (units, strategies, adoptions) or of
    quarter builds the tallies again, once, for every process. `stamp` is accepted for
    callers that have one; the tallies are checked all the same.
    """
    if stamp is not None and stamp.tallied and stamp.activity[0] == period:
        current = stamp  # read in this request: the tallies were current then
    else:
        current = tallies.ensure(organisation, period)
    if index is None or stamp is None or stamp.structure != current.structure:
        index = obligation_index(organisation, stamp=current)
    tree = index.tree
    excluded = getattr(exclude_user, "pk", None)
    if within is None:
        scope = list(tree.units)
        in_scope = tree.__contains__
    else:
        scope = [pk for pk, u in tree.units.items() if u.path.startswith(within.path)]
        in_scope = set(scope).__contains__
    figures = tallies.coverage(
        organisation, scope, whole=within is None, exclude_user_id=excluded
    )
    coverage = {
        unit_id: Coverage(people=p, required=r, acknowledged=a)
        for unit_id, (p, r, a) in figures.items()
    }
    if within is None:
        total = coverage.pop(None, Coverage())
    else:  # everyone with a role in or under the unit: the unit's own coverage
        total = Coverage(**vars(coverage.get(within.pk, Coverage())))
    check_ins: dict[int, CheckInSummary] = defaultdict(CheckInSummary)
    for unit_id, (expected, by_status) in tallies.check_ins(organisation).items():
        for unit_pk in tree.up(unit_id):
            if in_scope(unit_pk):
                summary = check_ins[unit_pk]
                summary.expected += expected
                summary.by_status.update(by_status)

    def people() -> list[PersonCoverage]:
        return [
            PersonCoverage(
                user_id=user_id, name=name,
                unit_names=list(dict.fromkeys(tree.get(pk).name for pk in units)),
                coverage=Coverage(people=1, required=required, acknowledged=acknowledged),
            )
            for user_id, name, required, acknowledged, units in tallies.people(
                organisation, getattr(within, "pk", None), scope, exclude_user_id=excluded
            )
        ]

    return FollowUp(
        index=index,
        tree=tree,
        coverage=coverage,
        total=total,
        check_ins=dict(check_ins),
        overdue=overdue_by_unit(organisation, tree, today, within=within),
        people_of=people,
    )


def overdue_by_unit(organisation, tree: UnitTree, today: datetime.date, *, within=None):
    """Overdue actions of adopted versions per unit, each summed over its subtree
    (1 query)."""
    in_scope = (lambda pk: pk in tree) if within is None else (
        lambda pk: tree.get(pk) is not None and tree.get(pk).path.startswith(within.path)
    )
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
    return dict(overdue)


# --- One unit's check-ins, as its form shows them ---------------------------------


def unit_leaders(unit) -> list[RoleAssignment]:
    """The unit's leaders and managers, who register its check-ins (1 query)."""
    return list(
        RoleAssignment.objects.filter(
            organisation_id=unit.organisation_id, unit=unit, role_level__in=LEADERSHIP_LEVELS
        )
        .select_related("user")
        .order_by("user__full_name", "user__username", "user_id", "role_level")
    )


def owed_by(index: ObligationIndex, leaders) -> list[Obligation]:
    """Every obligation of each of the unit's leaders (unit_leaders), once: what the
    unit owes a check-in for."""
    return index.for_assignments({(a.role_level, a.unit_id) for a in leaders})


def obligations_owed_by_unit(
    unit, *, owed: list[Obligation], period: datetime.date, token: str | None = None
) -> list[ObligationStatus]:
    """What the unit owes (`owed`: owed_by) with this period's check-ins (1 query).
    `token`: only that obligation, if the unit owes it (no query if it does not)."""
    obligations = owed
    if token is None:
        check_ins = unit_check_ins(unit, period)
    else:
        obligations = [o for o in obligations if o.token == token]
        if not obligations:
            return []
        check_ins = unit_check_ins(unit, period, only=obligations[0].key)
    return [ObligationStatus(o, None, check_ins.get(o.key)) for o in obligations]


def check_ins_recorded(unit, *, obligations, period: datetime.date) -> int:
    """How many of these obligations the unit has a check-in for this quarter
    (1 query, of keys only)."""
    owed = {o.key for o in obligations}
    recorded = CheckIn.objects.filter(unit=unit, period=period).values_list(
        "strategy_id", "text_hash"
    )
    return sum(key in owed for key in recorded)
