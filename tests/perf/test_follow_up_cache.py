"""The follow-up (in the database, apps/obligations/tallies.py) and the obligation
index (per process) are kept between requests, and never served stale: every write
updates the tallies in its own transaction, and every change of structure raises the
organisation's generations (apps/obligations/signals.py), so they are built again."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.obligations import selectors, services
from apps.obligations.models import (
    Acknowledgement,
    CheckIn,
    CheckInStatus,
    FollowUpBuild,
    quarter_start,
)
from apps.organisations.models import Organisation, RoleLevel, Unit
from tests.factories import UnitFactory, VersionFactory
from tests.obligations.factories import adopted_strategy, build_world, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(organisation):
    return build_world(organisation)


def _follow_up(organisation):
    today = timezone.localdate()
    return selectors.follow_up(organisation, period=quarter_start(today), today=today)


def _first_open(user, organisation):
    return next(
        s.obligation for s in selectors.obligations_for_user(user, organisation)
        if not s.acknowledged
    )


def test_a_second_follow_up_of_unchanged_rows_reads_the_tallies_not_the_rows(world):
    first = _follow_up(world.organisation)

    with CaptureQueriesContext(connection) as queries:
        second = _follow_up(world.organisation)

    # That the tallies are current, the units' coverage, their check-ins, the overdue
    # actions; no acknowledgement, check-in or role assignment is read.
    assert len(queries) == 4
    assert not any(
        table in query["sql"]
        for query in queries.captured_queries
        for table in ('"obligations_acknowledgement"', '"obligations_checkin"',
                      '"organisations_roleassignment"')
    )
    assert second.total == first.total


def test_an_acknowledgement_shows_in_the_next_follow_up(world):
    employee = world[RoleLevel.EMPLOYEE]
    before = _follow_up(world.organisation).total.acknowledged
    obligation = _first_open(employee, world.organisation)

    services.acknowledgement_create(
        user=employee, organisation=world.organisation,
        strategy_id=obligation.strategy_id, text_hash=obligation.text_hash,
    )

    assert _follow_up(world.organisation).total.acknowledged == before + 1


def test_a_check_in_and_a_changed_check_in_show_in_the_next_follow_up(world):
    leader = world[RoleLevel.LEADER]
    obligation = next(iter(selectors.obligations_for_leader(
        leader, world.workplace, index=selectors.obligation_index(world.organisation),
        assignments=selectors.assignments_of(leader, world.organisation),
        period=quarter_start(timezone.localdate()),
    ))).obligation

    def record(status):
        services.checkin_record(
            leader=leader, unit=world.workplace, strategy_id=obligation.strategy_id,
            text_hash=obligation.text_hash, status=status,
        )
        return _follow_up(world.organisation).check_ins[world.workplace.pk].by_status

    assert record(CheckInStatus.ON_TRACK)[CheckInStatus.ON_TRACK] == 1
    assert record(CheckInStatus.NEEDS_ATTENTION)[CheckInStatus.NEEDS_ATTENTION] == 1


def test_a_new_person_and_a_new_unit_show_in_the_next_follow_up(world):
    before = _follow_up(world.organisation)
    team = UnitFactory(organisation=world.organisation, parent=world.workplace, name="Team")

    person(world.organisation, RoleLevel.EMPLOYEE, team)

    after = _follow_up(world.organisation)
    assert after.total.people == before.total.people + 1
    assert after.coverage[team.pk].people == 1


def test_a_newly_adopted_strategy_adds_its_obligations_to_the_index(world):
    employee = world[RoleLevel.EMPLOYEE]
    before = len(selectors.obligations_for_user(employee, world.organisation))

    adopted_strategy(world.organisation, title="Ny strategi",
                     duties={RoleLevel.EMPLOYEE: ["Læse den nye strategi"]})

    assert len(selectors.obligations_for_user(employee, world.organisation)) == before + 1


def test_an_acknowledgement_updates_the_tallies_without_building_them_again(world):
    employee = world[RoleLevel.EMPLOYEE]
    _follow_up(world.organisation)
    built = FollowUpBuild.objects.get(organisation=world.organisation).built_at
    obligation = _first_open(employee, world.organisation)
    services.acknowledgement_create(
        user=employee, organisation=world.organisation,
        strategy_id=obligation.strategy_id, text_hash=obligation.text_hash,
    )

    _follow_up(world.organisation)

    assert FollowUpBuild.objects.get(organisation=world.organisation).built_at == built


def _acknowledge_all_open(user, organisation):
    for status in selectors.obligations_for_user(user, organisation):
        if not status.acknowledged:
            services.acknowledgement_create(
                user=user, organisation=organisation,
                strategy_id=status.obligation.strategy_id,
                text_hash=status.obligation.text_hash,
            )


def test_deleting_an_acknowledgement_that_is_not_the_newest_shows_at_once(world):
    # The admin can delete any row; "newest id" alone would not see it.
    employee = world[RoleLevel.EMPLOYEE]
    _acknowledge_all_open(employee, world.organisation)
    before = _follow_up(world.organisation).total.acknowledged

    Acknowledgement.objects.filter(user=employee).order_by("pk").first().delete()

    assert _follow_up(world.organisation).total.acknowledged == before - 1


def test_an_acknowledgement_committed_after_a_newer_one_still_shows(world):
    # Transactions commit out of order: an older id (or timestamp) arriving last must
    # still change the stamp. A lower id is written here, after the follow-up was built.
    employee = world[RoleLevel.EMPLOYEE]
    _acknowledge_all_open(employee, world.organisation)
    oldest = Acknowledgement.objects.filter(user=employee).order_by("pk").first()
    fields = {f.attname: getattr(oldest, f.attname) for f in Acknowledgement._meta.concrete_fields}
    oldest.delete()
    before = _follow_up(world.organisation).total.acknowledged

    Acknowledgement.objects.create(**fields)  # the same, lower id as before

    assert _follow_up(world.organisation).total.acknowledged == before + 1


def test_deleting_a_check_in_shows_at_once(world):
    leader = world[RoleLevel.LEADER]
    period = quarter_start(timezone.localdate())
    statuses = selectors.obligations_for_leader(
        leader, world.workplace, index=selectors.obligation_index(world.organisation),
        assignments=selectors.assignments_of(leader, world.organisation), period=period,
    )
    for status in list(statuses)[:2]:
        services.checkin_record(
            leader=leader, unit=world.workplace, strategy_id=status.obligation.strategy_id,
            text_hash=status.obligation.text_hash, status=CheckInStatus.ON_TRACK,
        )
    assert _follow_up(world.organisation).check_ins[world.workplace.pk].recorded == 2

    CheckIn.objects.order_by("pk").first().delete()

    assert _follow_up(world.organisation).check_ins[world.workplace.pk].recorded == 1


def test_a_renamed_person_shows_with_the_new_name(world):
    employee = world[RoleLevel.EMPLOYEE]
    _follow_up(world.organisation)

    employee.full_name = "Anne Omdøbt"
    employee.save()

    names = {p.name for p in _follow_up(world.organisation).people}
    assert "Anne Omdøbt" in names


def test_a_login_does_not_throw_the_follow_up_away(world):
    employee = world[RoleLevel.EMPLOYEE]
    _follow_up(world.organisation)
    built = FollowUpBuild.objects.get(organisation=world.organisation).built_at

    employee.save(update_fields=["last_login"])
    _follow_up(world.organisation)

    assert FollowUpBuild.objects.get(organisation=world.organisation).built_at == built


def test_editing_a_draft_keeps_the_obligation_index(world):
    def generation():
        return Organisation.objects.get(pk=world.organisation.pk).structure_generation

    before = generation()
    adopted = adopted_strategy(world.organisation, title="Ny strategi")
    assert generation() > before  # a newly adopted strategy raises it
    raised = generation()
    draft = VersionFactory(strategy=adopted.strategy, number=adopted.number + 1)

    draft.change_summary = "Et nyt formål, stadig en kladde."
    draft.save()

    assert generation() == raised


def test_a_unit_moved_under_another_parent_takes_its_units_along(world):
    team = UnitFactory(organisation=world.organisation, parent=world.workplace, name="Team")
    crew = UnitFactory(organisation=world.organisation, parent=team, name="Hold")

    team.parent = world.comms_unit
    team.save()

    crew.refresh_from_db()
    assert crew.path == f"{world.comms_unit.path}{team.pk}/{crew.pk}/"
    assert set(Unit.objects.filter(path__startswith=world.comms_unit.path)) >= {team, crew}
    assert not Unit.objects.filter(path__startswith=world.workplace.path, pk=crew.pk).exists()
