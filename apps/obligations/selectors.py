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
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Prefetch,
    Q,
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

from .models import Acknowledgement, CheckIn, CheckInStatus, quarter_start
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
_follow_ups = _Memo(128)


@dataclass(frozen=True)
class Stamp:
    """What the obligations and the follow-up of one organisation were built from."""

    structure: tuple  # adopted versions, strategies, units: what obligations and the tree are
    activity: tuple  # role assignments, acknowledgements, this quarter's check-ins


def organisation_stamp(organisation, period: datetime.date | None = None) -> Stamp:
    """What the index and the follow-up of the organisation would be built from now
    (1 query): its two generations, which every write they read raises in its own
    transaction (signals.py), so concurrent writes committing in any order, deletions
    and renames all give a new stamp."""
    period = period or quarter_start(timezone.localdate())
    row = (
        Organisation.objects.filter(pk=organisation.pk)
        .values("created_at", "structure_generation", "activity_generation")
        .get()
    )
    structure = (organisation.pk, row["created_at"], row["structure_generation"])
    activity = (period, row["activity_generation"])
    return Stamp(structure=structure, activity=activity)


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
    stamp: Stamp | None = None,
) -> FollowUp:
    """The follow-up of the whole organisation, or of one unit and those below it.

    `exclude_user` leaves one person out of the coverage (a leader looking at their
    staff), not out of the check-ins their unit owes.

    1 query (the stamp; none when passed in) when this process built the same
    follow-up from the same rows before; otherwise 4 more (every role assignment,
    the acknowledgements of the current obligations, this quarter's check-ins and the
    overdue actions counted per owner unit) and the index's 3 unless it is passed in.
    The result is shared: read it, never change it.
    """
    if stamp is None or stamp.activity[0] != period:
        stamp = organisation_stamp(organisation, period)
    key = (
        stamp.structure, stamp.activity, period, today,
        getattr(within, "pk", None), getattr(within, "path", None),
        getattr(exclude_user, "pk", None),
    )
    cached = _follow_ups.get(key)
    if cached is not None:
        return cached
    index = index or obligation_index(organisation, stamp=stamp)
    # One organisation's follow-ups from older rows go: a whole municipality's is
    # megabytes, and every acknowledgement makes a new stamp.
    return _follow_ups.put(
        key,
        _follow_up(
            organisation, period=period, today=today, within=within,
            exclude_user=exclude_user, index=index,
        ),
        superseded=lambda old: old[0][0] == organisation.pk and old[:2] != key[:2],
    )


def _follow_up(organisation, *, period, today, within, exclude_user, index) -> FollowUp:
    tree = index.tree
    # Obligations as small numbers: a person's duties are a frozenset of them, shared by
    # everyone with the same role in the same unit.
    number = {o.key: n for n, o in enumerate(index.obligations)}
    owed_by: dict[tuple, frozenset[int]] = {}

    def owed(role_level, unit_id) -> frozenset[int]:
        combination = (role_level, unit_id)
        if combination not in owed_by:
            owed_by[combination] = frozenset(
                number[o.key] for o in index.for_assignment(role_level, unit_id)
            )
        return owed_by[combination]

    scope = Q(organisation=organisation)
    if within is not None:
        scope &= Q(unit__path__startswith=within.path)
    assignments = RoleAssignment.objects.filter(scope)
    rows = list(
        assignments.values_list(
            "user_id", "unit_id", "role_level", "user__full_name", "user__username"
        ).order_by("user__full_name", "user__username", "user_id")
    )

    acked: dict[int, set[int]] = defaultdict(set)
    for user_id, strategy_id, text_hash in Acknowledgement.objects.filter(
        organisation=organisation,
        text_hash__in=index.hashes,
        user_id__in=assignments.values("user_id"),
    ).values_list("user_id", "strategy_id", "text_hash"):
        n = number.get((strategy_id, text_hash))
        if n is not None:
            acked[user_id].add(n)

    in_scope = (lambda pk: pk in tree) if within is None else (
        lambda pk: tree.get(pk) is not None and tree.get(pk).path.startswith(within.path)
    )
    ancestors: dict[int | None, list[int | None]] = {}

    def scoped_up(unit_id) -> list[int | None]:
        if unit_id not in ancestors:
            ancestors[unit_id] = [None, *[pk for pk in tree.up(unit_id) if in_scope(pk)]]
        return ancestors[unit_id]

    # Per person: what they owe under each unit (and None, the whole scope), and in all.
    owes: dict[int, dict[int | None, frozenset[int]]] = {}
    per_person: dict[int, dict] = {}
    expected: dict[int, set[int]] = defaultdict(set)
    excluded = getattr(exclude_user, "pk", None)
    for user_id, unit_id, role_level, full_name, username in rows:
        duties = owed(role_level, unit_id)
        if role_level in LEADERSHIP_LEVELS and unit_id is not None and duties:
            # The unit owes a check-in for every obligation of each of its leaders,
            # the excluded one (the leader looking at their staff) included.
            expected[unit_id] |= duties
        if user_id == excluded:
            continue
        under = owes.setdefault(user_id, {})
        for unit_pk in scoped_up(unit_id):
            under[unit_pk] = under[unit_pk] | duties if unit_pk in under else duties
        person = per_person.setdefault(
            user_id, {"name": full_name or username, "units": []}
        )
        unit = tree.get(unit_id)
        if unit is not None and unit.name not in person["units"]:
            person["units"].append(unit.name)

    coverage: dict[int | None, Coverage] = defaultdict(Coverage)
    person_rows = []
    for user_id, under in owes.items():
        done = acked.get(user_id, set())
        counted: dict[int, int] = {}  # one intersection per distinct set of duties
        for unit_pk, duties in under.items():
            if id(duties) not in counted:
                counted[id(duties)] = len(duties & done)
            unit_coverage = coverage[unit_pk]
            unit_coverage.people += 1
            unit_coverage.required += len(duties)
            unit_coverage.acknowledged += counted[id(duties)]
        everything = under[None]
        person_rows.append(PersonCoverage(
            user_id=user_id,
            name=per_person[user_id]["name"],
            unit_names=per_person[user_id]["units"],
            coverage=Coverage(
                people=1, required=len(everything), acknowledged=len(everything & done)
            ),
        ))
    total = coverage.pop(None, Coverage())

    recorded = CheckIn.objects.filter(organisation=organisation, period=period)
    if within is not None:
        recorded = recorded.filter(unit__path__startswith=within.path)
    status_of: dict[int, dict[int, str]] = defaultdict(dict)
    for unit_id, strategy_id, text_hash, status in recorded.values_list(
        "unit_id", "strategy_id", "text_hash", "status"
    ):
        n = number.get((strategy_id, text_hash))
        if n is not None:
            status_of[unit_id][n] = status
    check_ins: dict[int, CheckInSummary] = defaultdict(CheckInSummary)
    for unit_id, duties in expected.items():
        statuses = status_of.get(unit_id, {})
        by_status = Counter(statuses[n] for n in duties if n in statuses)
        for unit_pk in tree.up(unit_id):
            if in_scope(unit_pk):
                summary = check_ins[unit_pk]
                summary.expected += len(duties)
                summary.by_status.update(by_status)

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
        coverage=dict(coverage),
        total=total,
        check_ins=dict(check_ins),
        overdue=dict(overdue),
        people=person_rows,
    )


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


def obligations_owed_by_unit(
    unit, *, index: ObligationIndex, leaders, period: datetime.date
) -> list[ObligationStatus]:
    """Every obligation of each of the unit's leaders, once, with this period's
    check-ins (1 query): what the unit owes a check-in for."""
    obligations = index.for_assignments({(a.role_level, a.unit_id) for a in leaders})
    check_ins = unit_check_ins(unit, period)
    return [ObligationStatus(o, None, check_ins.get(o.key)) for o in obligations]
