"""Acknowledgement and check-in shares per centre as they stood in a chosen period,
for the council's follow-up report (report.py).

The dashboards read today's tallies (apps/obligations/tallies.py); a report for an
earlier period must not. Here, for each centre (a root of the unit tree) and the
people who hold a role in or under it:

- acknowledged: of the obligations in force today, the share acknowledged by the
  period's last day (Acknowledgement.acknowledged_at), as the dashboards' trends do;
- check-ins: the check-ins recorded for the quarters the period overlaps (up to the
  quarter under way), against the check-ins the centre's leaders owe in those quarters.

A fixed number of queries (the role assignments, the acknowledgements, the check-ins,
and the obligation index when this process has not built it) however many rows.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from apps.obligations.models import Acknowledgement, CheckIn, quarter_start
from apps.obligations.rules import LEADERSHIP_LEVELS
from apps.obligations.selectors import Coverage, obligation_index
from apps.obligations.tallies import Owed
from apps.organisations.models import RoleAssignment


@dataclass
class CentreAsOf:
    unit: object
    coverage: Coverage
    expected: int = 0
    recorded: int = 0


def period_quarters(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The first days of the quarters the period [start, end] overlaps, oldest first."""
    quarters = []
    day = quarter_start(start)
    while day <= end:
        quarters.append(day)
        day = quarter_start(day + datetime.timedelta(days=92))
    return quarters


def centres_as_of(organisation, *, start: datetime.date, end: datetime.date) -> list[CentreAsOf]:
    """Each centre's acknowledgement coverage at `end` and its check-ins of the
    quarters of [start, end] (a quarter not begun by today is not counted)."""
    today = timezone.localdate()
    index = obligation_index(organisation)
    tree = index.tree
    owed = Owed(index)
    roots = tree.roots()
    root_of = {}
    for pk in tree.units:
        up = tree.up(pk)
        root_of[pk] = up[-1] if up else pk

    roles: dict[int, list] = defaultdict(list)
    leaders: dict[int, list] = defaultdict(list)
    for user_id, unit_id, level in RoleAssignment.objects.filter(
        organisation=organisation
    ).values_list("user_id", "unit_id", "role_level").order_by("pk"):
        roles[user_id].append((level, unit_id))
        if level in LEADERSHIP_LEVELS and unit_id is not None:
            leaders[unit_id].append(level)

    done: dict[int, set[int]] = defaultdict(set)
    for user_id, strategy_id, text_hash, at in Acknowledgement.objects.filter(
        organisation=organisation, text_hash__in=index.hashes
    ).values_list("user_id", "strategy_id", "text_hash", "acknowledged_at"):
        n = owed.number.get((strategy_id, text_hash))
        if n is not None and timezone.localdate(at) <= end:
            done[user_id].add(n)

    coverage = {root.pk: Coverage() for root in roots}
    for user_id, person_roles in roles.items():
        under = owed.under(person_roles)
        for root in roots:
            duties = under.get(root.pk)
            if not duties:
                continue
            figures = coverage[root.pk]
            figures.people += 1
            figures.required += len(duties)
            figures.acknowledged += len(duties & done.get(user_id, set()))

    quarters = [q for q in period_quarters(start, end) if q <= today]
    expected_of = {
        unit_id: owed.expected(levels, unit_id) for unit_id, levels in leaders.items()
    }
    expected = defaultdict(int)
    for unit_id, duties in expected_of.items():
        if unit_id in root_of:
            expected[root_of[unit_id]] += len(duties) * len(quarters)
    recorded = defaultdict(int)
    for unit_id, strategy_id, text_hash in CheckIn.objects.filter(
        organisation=organisation, period__in=quarters
    ).values_list("unit_id", "strategy_id", "text_hash"):
        n = owed.number.get((strategy_id, text_hash))
        if n is not None and n in expected_of.get(unit_id, ()) and unit_id in root_of:
            recorded[root_of[unit_id]] += 1

    return [
        CentreAsOf(
            unit=root,
            coverage=coverage[root.pk],
            expected=expected[root.pk],
            recorded=recorded[root.pk],
        )
        for root in roots
    ]
