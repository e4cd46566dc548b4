"""Whom an adopted version gives new or changed duties, and which.

A duty is the same duty when its fingerprint (role level and wording) is the same
(apps/obligations/rules.py). For each person, the duties the new version binds them
to that the version it supersedes did not are new or changed: one that takes the place
of a duty of the old version under the same responsibility (same role level and
heading, in order) is changed, with its old and new wording; the rest are new.
"""

from collections import defaultdict

from django.db import transaction
from django.db.models import Prefetch

from apps.obligations.rules import ObligationIndex, obligations_of
from apps.obligations.selectors import unit_tree
from apps.organisations.models import RoleAssignment
from apps.strategies.models import (
    FROZEN_STATUSES,
    Responsibility,
    ResponsibilityItem,
    StrategyVersion,
)

from .models import EventRun, Kind
from .services import Recipient, notify


def run_key(version_id: int) -> str:
    return f"adoption:version:{version_id}"


def _obligations(version) -> list:
    if version is None:
        return []
    responsibilities = (
        Responsibility.objects.filter(version=version)
        .select_related("version__strategy", "holder")
        .prefetch_related(
            Prefetch("items", queryset=ResponsibilityItem.objects.order_by("position", "pk"))
        )
        .order_by("position", "pk")
    )
    seen, result = set(), []
    for responsibility in responsibilities:
        for obligation in obligations_of(responsibility):
            if obligation.key not in seen:
                seen.add(obligation.key)
                result.append(obligation)
    return result


def previous_adopted(version):
    """The version this one superseded: the newest decided version before it."""
    return (
        StrategyVersion.objects.filter(
            strategy_id=version.strategy_id, status__in=FROZEN_STATUSES, number__lt=version.number
        )
        .order_by("-number")
        .first()
    )


def diff(new: list, old: list) -> dict:
    """New and changed duties among `new` (one person's) against `old` (theirs before)."""
    old_hashes = {o.text_hash for o in old}
    new_hashes = {o.text_hash for o in new}
    gone: dict[tuple, list] = defaultdict(list)
    for o in old:
        if o.text_hash not in new_hashes:
            gone[(o.role_level, o.heading)].append(o)
    added, changed = [], []
    for o in new:
        if o.text_hash in old_hashes:
            continue
        replaced = gone.get((o.role_level, o.heading))
        if replaced:
            changed.append([replaced.pop(0).text, o.text])
        else:
            added.append(o.text)
    return {"new": added, "changed": changed}


@transaction.atomic
def adoption_notify(*, version_id: int) -> int:
    """Tell each person the adopted version binds of their new and changed duties.

    Idempotent: the people already told are left out, and the run is recorded, so
    the scheduled run repeats it only when it never finished.
    """
    version = (
        StrategyVersion.objects.select_related("strategy__organisation")
        .filter(pk=version_id, status__in=FROZEN_STATUSES)
        .first()
    )
    if version is None or EventRun.objects.filter(key=run_key(version_id)).exists():
        return 0
    organisation = version.strategy.organisation
    tree = unit_tree(organisation)
    new_index = ObligationIndex(_obligations(version), tree)
    old_index = ObligationIndex(_obligations(previous_adopted(version)), tree)

    roles: dict[int, set] = defaultdict(set)
    for user_id, role_level, unit_id in RoleAssignment.objects.filter(
        organisation=organisation, user__is_active=True
    ).values_list("user_id", "role_level", "unit_id"):
        roles[user_id].add((role_level, unit_id))

    common = {"strategy": version.strategy.title, "number": version.number, "version": version.pk}
    by_roles: dict[frozenset, dict | None] = {}
    recipients = []
    for user_id, held in roles.items():
        key = frozenset(held)
        if key not in by_roles:
            changes = diff(new_index.for_assignments(held), old_index.for_assignments(held))
            by_roles[key] = {**common, **changes} if changes["new"] or changes["changed"] else None
        if by_roles[key] is not None:
            recipients.append(Recipient(user_id, by_roles[key]))
    told = notify(
        organisation=organisation,
        kind=Kind.OBLIGATIONS_CHANGED,
        obj=version,
        event_key=f"obligations:version:{version.pk}",
        recipients=recipients,
    )
    EventRun.objects.get_or_create(key=run_key(version_id))
    return told
