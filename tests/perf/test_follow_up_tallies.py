"""The follow-up kept in the database (apps/obligations/tallies.py) equals the one
computed from scratch (apps/obligations/recompute.py) after any sequence of writes:
acknowledgements given and taken back, check-ins recorded, changed and deleted, roles
given, moved and taken away, units moved, new people and newly adopted strategies."""

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.obligations import selectors, services
from apps.obligations.models import Acknowledgement, CheckIn, CheckInStatus, quarter_start
from apps.obligations.recompute import follow_up_recomputed
from apps.organisations.models import RoleAssignment, RoleLevel, Unit, UnitKind
from tests.factories import UnitFactory
from tests.obligations.factories import adopted_strategy, build_world, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(organisation):
    world = build_world(organisation)
    # One more level and a second workplace, so that moves and inheritance have room.
    UnitFactory(organisation=organisation, parent=world.workplace, name="Team",
                kind=UnitKind.TEAM)
    UnitFactory(organisation=organisation, parent=world.centre, name="Bibliotek",
                kind=UnitKind.WORKPLACE)
    return world


def _figures(follow):
    """Everything a dashboard reads from a follow-up, as plain values."""

    def coverage(c):
        return (c.people, c.required, c.acknowledged)

    return {
        "total": coverage(follow.total),
        "rows": [
            (
                row["unit"].pk,
                coverage(row["coverage"]),
                (row["check_ins"].expected, row["check_ins"].on_track,
                 row["check_ins"].needs_attention, row["check_ins"].not_started),
                row["overdue"],
            )
            for row in follow.rows()
        ],
        "people": [
            (p.user_id, p.name, sorted(p.unit_names), coverage(p.coverage))
            for p in follow.people
        ],
    }


def _assert_kept_equals_recomputed(organisation):
    today = timezone.localdate()
    period = quarter_start(today)
    scopes = [(None, None)]
    for unit in Unit.objects.filter(organisation=organisation):
        leader = RoleAssignment.objects.filter(unit=unit).order_by("pk").first()
        scopes.append((unit, leader.user if leader else None))
    for within, excluded in scopes:
        kept = selectors.follow_up(
            organisation, period=period, today=today, within=within, exclude_user=excluded
        )
        fresh = follow_up_recomputed(
            organisation, period=period, today=today, within=within, exclude_user=excluded
        )
        assert _figures(kept) == _figures(fresh), (within, excluded)


# One write: what, and small numbers choosing whom and which.
WRITES = st.tuples(
    st.sampled_from([
        "acknowledge", "acknowledge", "unacknowledge", "check_in", "delete_check_in",
        "give_role", "move_role", "take_role", "move_unit", "new_person", "adopt",
    ]),
    st.integers(0, 50),
    st.integers(0, 50),
    st.integers(0, 50),
)
LEVELS = list(RoleLevel.values)


def _apply(world, write):
    kind, a, b, c = write
    organisation = world.organisation
    units = list(Unit.objects.filter(organisation=organisation).order_by("pk"))
    roles = list(RoleAssignment.objects.filter(organisation=organisation).order_by("pk"))
    if kind == "acknowledge":
        user = roles[a % len(roles)].user
        open_ = [s.obligation for s in selectors.obligations_for_user(user, organisation)
                 if not s.acknowledged]
        if open_:
            obligation = open_[b % len(open_)]
            services.acknowledgement_create(
                user=user, organisation=organisation, strategy_id=obligation.strategy_id,
                text_hash=obligation.text_hash,
            )
    elif kind == "unacknowledge":
        acks = list(Acknowledgement.objects.filter(organisation=organisation).order_by("pk"))
        if acks:
            acks[a % len(acks)].delete()
    elif kind == "check_in":
        leaders = [r for r in roles if r.unit_id and r.role_level in (
            RoleLevel.CENTRE, RoleLevel.WORKPLACE, RoleLevel.LEADER)]
        if leaders:
            role = leaders[a % len(leaders)]
            index = selectors.obligation_index(organisation)
            owed = index.for_assignments([(role.role_level, role.unit_id)])
            if owed:
                obligation = owed[b % len(owed)]
                services.checkin_record(
                    leader=role.user, unit=role.unit, strategy_id=obligation.strategy_id,
                    text_hash=obligation.text_hash, status=CheckInStatus.values[c % 3],
                )
    elif kind == "delete_check_in":
        check_ins = list(CheckIn.objects.filter(organisation=organisation).order_by("pk"))
        if check_ins:
            check_ins[a % len(check_ins)].delete()
    elif kind == "give_role":
        level = LEVELS[b % len(LEVELS)]
        unit = units[c % len(units)] if level not in (
            RoleLevel.POLITICIAN, RoleLevel.EXECUTIVE_BOARD) else None
        person(organisation, level, unit, user=roles[a % len(roles)].user)
    elif kind == "move_role":
        role = roles[a % len(roles)]
        if role.unit_id:
            role.unit = units[b % len(units)]
            role.role_level = LEVELS[c % len(LEVELS)]
            role.save()
    elif kind == "take_role" and len(roles) > 3:
        roles[a % len(roles)].delete()
    elif kind == "move_unit":
        unit, parent = units[a % len(units)], units[b % len(units)]
        if not parent.path.startswith(unit.path):  # not under itself
            unit.parent = parent
            unit.save()
    elif kind == "new_person":
        level = LEVELS[b % len(LEVELS)]
        person(organisation, level, units[c % len(units)])
    elif kind == "adopt":
        adopted_strategy(organisation, title=f"Ny strategi {a}-{b}", principles=0, rules=0,
                         duties={LEVELS[b % len(LEVELS)]: [f"Ny pligt {a}"],
                                 RoleLevel.CENTRE: [f"Centrets pligt {c}"]})


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(writes=st.lists(WRITES, min_size=1, max_size=8))
def test_the_kept_follow_up_equals_one_computed_from_scratch_after_random_writes(
    world, writes
):
    savepoint = transaction.savepoint_create()
    try:
        _assert_kept_equals_recomputed(world.organisation)
        for write in writes:
            _apply(world, write)
            _assert_kept_equals_recomputed(world.organisation)
    finally:
        transaction.savepoint_rollback(savepoint)
        # Rolled back, the generations come round again; in production they never do.
        selectors._indexes.clear()
