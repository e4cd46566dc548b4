"""The follow-up computed from scratch: the reference for the tallies (tallies.py).

This is how the follow-up was built on every read before it was kept in the
database: from every role assignment, every acknowledgement of the current
obligations and every check-in of the quarter. It is slow at municipal scale (1-2 s
for 5,500 people) and stays here as the definition the kept follow-up must equal
(tests/perf/test_follow_up_tallies.py compares them after random writes).
"""

from collections import Counter, defaultdict

from django.db.models import Count, Q

from apps.organisations.models import RoleAssignment
from apps.strategies.models import Action, VersionStatus

from . import selectors
from .models import Acknowledgement, CheckIn
from .rules import LEADERSHIP_LEVELS
from .selectors import CheckInSummary, Coverage, FollowUp, PersonCoverage


def follow_up_recomputed(
    organisation, *, period, today, within=None, exclude_user=None, index=None
) -> FollowUp:
    """The follow-up computed from scratch from every role assignment, acknowledgement
    and check-in (what selectors.follow_up read before the tallies): the reference the
    tallies are tested against, and a way to check them on a live database."""
    index = index or selectors.obligation_index(organisation)
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
        ).order_by("user__full_name", "user__username", "user_id", "pk")
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
        selectors.overdue_q(today),
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
        people_of=lambda: person_rows,
    )
