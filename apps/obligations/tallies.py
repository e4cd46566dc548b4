"""The follow-up kept in the database, up to date with every write.

A dashboard's follow-up (coverage per unit, check-ins per unit) was rebuilt from every
acknowledgement of the organisation whenever one was added: 1-2 s for a municipality
of 5,500 people, so two writes a second kept the dashboards permanently cold. Here it
is kept as rows that the write itself updates, in its own transaction:

- `PersonTally`: per person and per unit they hold a role in or under (and the whole
  organisation), how many obligations they owe there and how many they have
  acknowledged. A unit's coverage is a SUM over its rows (people are counted once per
  unit even with several roles under it, as the follow-up always has).
- `UnitCheckInTally`: per unit, the check-ins its leaders owe and those recorded this
  quarter by status; a unit's subtree is summed in memory (a few hundred rows).
- `FollowUpCounter`: how often a person's, a unit's (and those under it) or the
  organisation's follow-up has changed; kept pages carry the counters of what they
  show (apps/core/page_cache.py, apps/dashboards/freshness.py).

A write recomputes only what it touches from the rows themselves (one person's tallies,
one unit's check-ins), so a replayed or reordered write cannot make them drift. The one
exception is the commonest write, a new acknowledgement (`acknowledgement_added`): it
adds one to the person's rows whose obligations include it, which is what recomputing
them would give, since the database holds one acknowledgement a person and text
(acknowledgement_once_per_text) and the row is counted in the transaction that inserts
it. Taking one back, and every other write, recomputes.

Every such write first locks the organisation's `FollowUpBuild` row, and so does a
rebuild: writes and rebuilds of one organisation never interleave, and a
write waiting behind a rebuild updates the rebuilt rows after it. Several processes on
several machines share the rows; nothing is kept per process but the obligation index,
found again by the organisation's structure generation.

What changes whom an obligation binds (units, strategies, adopted versions: the
structure generation) or the quarter makes the tallies out of date as a whole: the next
reader rebuilds them, once, under the lock (`ensure`). Writes that bypass signals
(bulk_create, QuerySet.update()) on acknowledgements, check-ins or role assignments
must call `forget()` or raise the structure generation (apps/demo does).
"""

import datetime
from collections import Counter, defaultdict

from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from apps.organisations.models import RoleAssignment

from .models import (
    Acknowledgement,
    CheckIn,
    CheckInStatus,
    FollowUpBuild,
    FollowUpCounter,
    PersonTally,
    UnitCheckInTally,
    quarter_start,
)
from .rules import LEADERSHIP_LEVELS, ObligationIndex

STATUS_FIELDS = {
    CheckInStatus.ON_TRACK: "on_track",
    CheckInStatus.NEEDS_ATTENTION: "needs_attention",
    CheckInStatus.NOT_STARTED: "not_started",
}
BATCH = 2000


class Owed:
    """What people owe, as small numbers: one shared frozenset per role in a unit."""

    def __init__(self, index: ObligationIndex):
        self.index = index
        self.number = {o.key: n for n, o in enumerate(index.obligations)}
        self._of_role: dict[tuple, frozenset[int]] = {}

    def of_role(self, role_level: str, unit_id: int | None) -> frozenset[int]:
        key = (role_level, unit_id)
        if key not in self._of_role:
            self._of_role[key] = frozenset(
                self.number[o.key] for o in self.index.for_assignment(role_level, unit_id)
            )
        return self._of_role[key]

    def under(self, roles) -> dict[int | None, frozenset[int]]:
        """A person's obligations under each unit at or above their roles' units, and
        (None) in the whole organisation."""
        under: dict[int | None, frozenset[int]] = {}
        for role_level, unit_id in roles:
            duties = self.of_role(role_level, unit_id)
            for unit_pk in [None, *self.index.tree.up(unit_id)]:
                under[unit_pk] = under[unit_pk] | duties if unit_pk in under else duties
        return under

    def numbers(self, keys) -> set[int]:
        return {n for n in (self.number.get(key) for key in keys) if n is not None}

    def expected(self, levels, unit_id: int) -> frozenset[int]:
        """The check-ins a unit owes: every obligation of each of its leaders."""
        expected: frozenset[int] = frozenset()
        for level in levels:
            expected |= self.of_role(level, unit_id)
        return expected


def _person_rows(organisation_id, user_id, owed: Owed, roles, done: set[int]) -> list:
    held = {unit_id for _level, unit_id in roles}
    return [
        PersonTally(
            organisation_id=organisation_id, user_id=user_id, unit_id=unit_pk,
            required=len(duties), acknowledged=len(duties & done),
            holds_role=unit_pk is not None and unit_pk in held,
        )
        for unit_pk, duties in owed.under(roles).items()
    ]


def _unit_row(organisation_id, unit_id, expected: frozenset[int], statuses: dict[int, str]):
    if not expected:
        return None
    counts = Counter(statuses[n] for n in expected if n in statuses)
    return UnitCheckInTally(
        organisation_id=organisation_id, unit_id=unit_id, expected=len(expected),
        **{field: counts[status] for status, field in STATUS_FIELDS.items()},
    )


# --- Locking and building ------------------------------------------------------------


def _locked_build(organisation_id) -> FollowUpBuild:
    """The organisation's build row, locked until the transaction ends."""
    build = FollowUpBuild.objects.select_for_update().filter(
        organisation_id=organisation_id
    ).first()
    if build is None:
        # A concurrent first insert makes this one wait for it, then do nothing.
        FollowUpBuild.objects.bulk_create(
            [FollowUpBuild(organisation_id=organisation_id)], ignore_conflicts=True
        )
        build = FollowUpBuild.objects.select_for_update().get(organisation_id=organisation_id)
    return build


def _current(organisation, period):
    """The organisation's stamp, read now (after the lock: a fresh snapshot)."""
    from . import selectors

    return selectors.organisation_stamp(organisation, period)


def _valid(build: FollowUpBuild, stamp, period) -> bool:
    return build.structure_generation == stamp.structure[2] and build.period == period


def ensure(organisation, period: datetime.date):
    """Make sure the organisation's tallies are built for its current structure and
    this quarter; returns the stamp they were built for. 1 query when they are."""
    from . import selectors

    row = (
        FollowUpBuild.objects.filter(
            organisation_id=organisation.pk,
            period=period,
            structure_generation=F("organisation__structure_generation"),
        )
        .values("organisation__created_at", "structure_generation",
                "organisation__activity_generation")
        .first()
    )
    if row is not None:
        return selectors.Stamp(
            structure=(organisation.pk, row["organisation__created_at"],
                       row["structure_generation"]),
            activity=(period, row["organisation__activity_generation"]),
        )
    with transaction.atomic():
        build = _locked_build(organisation.pk)
        stamp = _current(organisation, period)
        if not _valid(build, stamp, period):
            _rebuild(organisation, stamp, period)
            build.structure_generation = stamp.structure[2]
            build.period = period
            build.built_at = timezone.now()
            build.save(update_fields=["structure_generation", "period", "built_at"])
    return stamp


def _rebuild(organisation, stamp, period) -> None:
    from . import selectors

    owed = Owed(selectors.obligation_index(organisation, stamp=stamp))
    roles: dict[int, list] = defaultdict(list)
    leaders: dict[int, list] = defaultdict(list)
    for user_id, unit_id, level in RoleAssignment.objects.filter(
        organisation=organisation
    ).values_list("user_id", "unit_id", "role_level").order_by("pk"):
        roles[user_id].append((level, unit_id))
        if level in LEADERSHIP_LEVELS and unit_id is not None:
            leaders[unit_id].append(level)
    done: dict[int, set[int]] = defaultdict(set)
    for user_id, strategy_id, text_hash in Acknowledgement.objects.filter(
        organisation=organisation, text_hash__in=owed.index.hashes
    ).values_list("user_id", "strategy_id", "text_hash"):
        n = owed.number.get((strategy_id, text_hash))
        if n is not None:
            done[user_id].add(n)
    statuses: dict[int, dict[int, str]] = defaultdict(dict)
    for unit_id, strategy_id, text_hash, status in CheckIn.objects.filter(
        organisation=organisation, period=period
    ).values_list("unit_id", "strategy_id", "text_hash", "status"):
        n = owed.number.get((strategy_id, text_hash))
        if n is not None:
            statuses[unit_id][n] = status

    PersonTally.objects.filter(organisation=organisation).delete()
    UnitCheckInTally.objects.filter(organisation=organisation).delete()
    PersonTally.objects.bulk_create(
        [
            row
            for user_id, person_roles in roles.items()
            for row in _person_rows(organisation.pk, user_id, owed, person_roles,
                                    done.get(user_id, set()))
        ],
        batch_size=BATCH,
    )
    UnitCheckInTally.objects.bulk_create(
        [
            row for unit_id, levels in leaders.items()
            if (row := _unit_row(organisation.pk, unit_id, owed.expected(levels, unit_id),
                                 statuses.get(unit_id, {}))) is not None
        ],
        batch_size=BATCH,
    )


def forget(organisation_id) -> None:
    """The tallies are out of date: the next reader builds them again."""
    FollowUpBuild.objects.filter(organisation_id=organisation_id).update(structure_generation=-1)


def forget_all() -> None:
    FollowUpBuild.objects.update(structure_generation=-1)


# --- Keeping them up to date -----------------------------------------------------------


def refresh(organisation, *, people=(), units=(), writers=()) -> None:
    """After a write (inside its transaction): recompute the tallies of `people` and
    the check-ins of `units` from the rows, and raise the counters of the people, of
    their units and those above, of `units` and those above, of `units`' own check-ins,
    of `writers` (whose next page must show the write) and of the organisation."""
    from . import selectors

    people, units = set(people) - {None}, set(units) - {None}
    period = quarter_start(timezone.localdate())
    with transaction.atomic():
        build = _locked_build(organisation.pk)
        stamp = _current(organisation, period)
        index = selectors.obligation_index(organisation, stamp=stamp)
        owed = Owed(index)
        touched: set[int] = set()
        valid = _valid(build, stamp, period)
        for user_id in sorted(people):
            touched |= _refresh_person(organisation.pk, user_id, owed, valid)
        for unit_id in sorted(units):
            touched.update(index.tree.up(unit_id))
            if valid:
                _refresh_unit(organisation.pk, unit_id, owed, period)
        _counters_raise(organisation.pk, people | set(writers) - {None}, touched, units)


def acknowledgement_added(organisation, user_id: int, key: tuple[int, str]) -> None:
    """After a new acknowledgement of `key` (inside the transaction that inserted it):
    count it in the person's tallies of every unit where they owe it, and raise the
    counters `refresh` raises for the person. 5 queries where `refresh` makes 8."""
    from . import selectors

    period = quarter_start(timezone.localdate())
    with transaction.atomic():
        build = _locked_build(organisation.pk)
        stamp = _current(organisation, period)
        index = selectors.obligation_index(organisation, stamp=stamp)
        roles = _roles(organisation.pk, user_id)
        if _valid(build, stamp, period):
            owed = Owed(index)
            number = owed.number.get(key)
            counted = [
                unit_pk for unit_pk, duties in owed.under(roles).items() if number in duties
            ]
            if counted:
                in_units = Q(unit_id__in=[pk for pk in counted if pk is not None])
                if None in counted:
                    in_units |= Q(unit__isnull=True)
                PersonTally.objects.filter(
                    in_units, organisation_id=organisation.pk, user_id=user_id
                ).update(acknowledged=F("acknowledged") + 1)
        units = {u for _level, unit_id in roles for u in index.tree.up(unit_id)}
        _counters_raise(organisation.pk, {user_id}, units)


def _roles(organisation_id, user_id) -> list[tuple[str, int | None]]:
    return list(
        RoleAssignment.objects.filter(organisation_id=organisation_id, user_id=user_id)
        .values_list("role_level", "unit_id").order_by("pk")
    )


def _refresh_person(organisation_id, user_id, owed: Owed, valid: bool) -> set[int]:
    """The units whose coverage the person counts in (before and after)."""
    roles = _roles(organisation_id, user_id)
    mine = PersonTally.objects.filter(organisation_id=organisation_id, user_id=user_id)
    units = {u for _level, unit_id in roles for u in owed.index.tree.up(unit_id)}
    if not valid:
        return units
    units |= set(mine.exclude(unit=None).values_list("unit_id", flat=True))
    done = owed.numbers(
        Acknowledgement.objects.filter(organisation_id=organisation_id, user_id=user_id)
        .values_list("strategy_id", "text_hash")
    )
    mine.delete()
    PersonTally.objects.bulk_create(_person_rows(organisation_id, user_id, owed, roles, done))
    return units


def _refresh_unit(organisation_id, unit_id, owed: Owed, period) -> None:
    levels = RoleAssignment.objects.filter(
        organisation_id=organisation_id, unit_id=unit_id, role_level__in=LEADERSHIP_LEVELS
    ).values_list("role_level", flat=True)
    statuses = {
        owed.number[(s, h)]: status
        for s, h, status in CheckIn.objects.filter(unit_id=unit_id, period=period)
        .values_list("strategy_id", "text_hash", "status")
        if (s, h) in owed.number
    }
    UnitCheckInTally.objects.filter(unit_id=unit_id).delete()
    row = _unit_row(organisation_id, unit_id, owed.expected(set(levels), unit_id), statuses)
    if row is not None:
        row.save(force_insert=True)


def _counters_raise(organisation_id, people, units, check_ins=()) -> None:
    """Raise the counters (made at 1 when missing) of the people, the units, the
    check-ins of the units `check_ins` and the organisation, in one statement, in a
    fixed order: concurrent writers lock the same rows in the same order."""
    kind = FollowUpCounter.Kind
    scopes = sorted({
        (kind.ORGANISATION.value, 0),
        *((kind.PERSON.value, pk) for pk in people),
        *((kind.UNIT.value, pk) for pk in units),
        *((kind.UNIT_CHECK_INS.value, pk) for pk in check_ins),
    })
    table = connection.ops.quote_name(FollowUpCounter._meta.db_table)
    rows = ", ".join(["(%s, %s, %s, 1)"] * len(scopes))
    parameters = [value for kind_, pk in scopes for value in (organisation_id, kind_, pk)]
    sql = (
        f"INSERT INTO {table} (organisation_id, kind, scope_id, value) VALUES {rows} "  # noqa: S608 - our own table, values as parameters
        f"ON CONFLICT (organisation_id, kind, scope_id) "
        f"DO UPDATE SET value = {table}.value + 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)


# --- Reading ---------------------------------------------------------------------------


def coverage(
    organisation, unit_ids, *, whole: bool, exclude_user_id=None, owing_only=False
) -> dict:
    """{unit id (None: the whole organisation): (people, required, acknowledged)} of
    the given units, and of the whole organisation when `whole` (1 query). With
    `owing_only`, people who owe nothing there are not counted."""
    rows = PersonTally.objects.filter(organisation=organisation)
    if owing_only:
        rows = rows.filter(required__gt=0)
    if whole:
        rows = rows.filter(unit__isnull=True) | rows.filter(unit_id__in=list(unit_ids))
    else:
        rows = rows.filter(unit_id__in=list(unit_ids))
    if exclude_user_id is not None:
        rows = rows.exclude(user_id=exclude_user_id)
    return {
        unit_id: (people, required, acknowledged)
        for unit_id, people, required, acknowledged in rows.order_by()
        .values("unit_id")
        .annotate(people=Count("pk"), required=Sum("required"), acknowledged=Sum("acknowledged"))
        .values_list("unit_id", "people", "required", "acknowledged")
    }


def people(organisation, unit_id, unit_ids, *, exclude_user_id=None) -> list[tuple]:
    """(user id, name, required, acknowledged, ids of the units of their roles among
    `unit_ids`) of everyone counted under the unit (None: the whole organisation), by
    name (1 query)."""
    unit_ids = set(unit_ids)
    own = Q(unit_id=unit_id) if unit_id is not None else Q(unit__isnull=True)
    rows = PersonTally.objects.filter(organisation=organisation).filter(
        own | Q(unit_id__in=list(unit_ids), holds_role=True)
    )
    if exclude_user_id is not None:
        rows = rows.exclude(user_id=exclude_user_id)
    people: dict[int, list] = {}
    for user_id, unit, full_name, username, required, acknowledged, held in rows.values_list(
        "user_id", "unit_id", "user__full_name", "user__username", "required",
        "acknowledged", "holds_role",
    ).order_by("user__full_name", "user__username", "user_id", "unit_id"):
        person = people.setdefault(user_id, [user_id, full_name or username, 0, 0, []])
        if unit == unit_id:
            person[2], person[3] = required, acknowledged
        if held and unit in unit_ids:
            person[4].append(unit)
    return [tuple(person) for person in people.values()]


def check_ins(organisation) -> dict[int, tuple[int, Counter]]:
    """{unit id: (expected, recorded by status)} of each unit alone (1 query)."""
    return {
        row["unit_id"]: (
            row["expected"],
            Counter({status: row[field] for status, field in STATUS_FIELDS.items()
                     if row[field]}),
        )
        for row in UnitCheckInTally.objects.filter(organisation=organisation).values(
            "unit_id", "expected", *STATUS_FIELDS.values()
        )
    }
