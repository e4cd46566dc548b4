import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.audit.models import AuditEvent
from apps.obligations import selectors, services
from apps.obligations.models import Acknowledgement, CheckIn, CheckInStatus, quarter_start
from apps.organisations.models import RoleLevel
from apps.strategies import services as strategy_services
from apps.strategies.models import ResponsibilityItem, VersionStatus
from tests.obligations.factories import days, person, today


def _statuses(user, organisation):
    return {s.obligation.text: s for s in selectors.obligations_for_user(user, organisation)}


def _acknowledge(user, organisation, text):
    obligation = _statuses(user, organisation)[text].obligation
    return services.acknowledgement_create(
        user=user, organisation=organisation, strategy_id=obligation.strategy_id,
        text_hash=obligation.text_hash,
    )


def test_employee_acknowledges_an_obligation(world):
    employee = world[RoleLevel.EMPLOYEE]

    acknowledgement = _acknowledge(employee, world.organisation, "Overholde principperne")

    assert acknowledgement.version == world.adopted
    assert _statuses(employee, world.organisation)["Overholde principperne"].acknowledged
    assert AuditEvent.objects.filter(
        verb="obligation.acknowledge", object_id=acknowledgement.pk, actor=employee
    ).exists()


def test_acknowledging_twice_keeps_the_first_acknowledgement(world):
    employee = world[RoleLevel.EMPLOYEE]
    first = _acknowledge(employee, world.organisation, "Overholde principperne")

    second = _acknowledge(employee, world.organisation, "Overholde principperne")

    assert second.pk == first.pk
    assert Acknowledgement.objects.count() == 1
    assert AuditEvent.objects.filter(verb="obligation.acknowledge").count() == 1


def test_nobody_acknowledges_an_obligation_that_is_not_theirs(world):
    leader_duty = _statuses(world[RoleLevel.LEADER], world.organisation)[
        "Sikre kompetencerne"
    ].obligation

    with pytest.raises(services.ObligationNotFound):
        services.acknowledgement_create(
            user=world[RoleLevel.EMPLOYEE], organisation=world.organisation,
            strategy_id=leader_duty.strategy_id, text_hash=leader_duty.text_hash,
        )


def test_nobody_acknowledges_in_another_organisation(world, other_organisation):
    duty = _statuses(world[RoleLevel.EMPLOYEE], world.organisation)[
        "Overholde principperne"
    ].obligation

    with pytest.raises(PermissionDenied):
        services.acknowledgement_create(
            user=person(other_organisation, RoleLevel.EMPLOYEE), organisation=world.organisation,
            strategy_id=duty.strategy_id, text_hash=duty.text_hash,
        )


def _adopt_revision(world, *, change, add):
    """Version 2 through the real lifecycle: new draft, edit, propose, adopt."""
    comms = world[RoleLevel.COMMUNICATIONS]
    draft = strategy_services.version_new_draft(source=world.adopted, actor=comms)
    changed = ResponsibilityItem.objects.get(version=draft, text=change[0])
    strategy_services.content_item_save(
        version=draft, actor=comms, model=ResponsibilityItem, instance=changed,
        data={"text": change[1]},
    )
    strategy_services.content_item_save(
        version=draft, actor=comms, model=ResponsibilityItem,
        data={"responsibility": changed.responsibility, "text": add},
    )
    strategy_services.version_transition(
        version=draft, actor=comms, to_status=VersionStatus.PROPOSED
    )
    return strategy_services.version_transition(
        version=draft, actor=comms, to_status=VersionStatus.ADOPTED,
        decided_on=datetime.date(2025, 3, 27), decided_by="Byrådet", case_reference="25/4711",
    )


def test_new_version_keeps_acknowledgements_of_unchanged_text_and_asks_again_for_the_rest(
    world,
):
    employee = world[RoleLevel.EMPLOYEE]
    _acknowledge(employee, world.organisation, "Overholde principperne")
    _acknowledge(employee, world.organisation, "Forklare sammenhængen")

    version_2 = _adopt_revision(
        world,
        change=("Forklare sammenhængen", "Forklare sammenhængen for borgerne"),
        add="Svare inden for to dage",
    )

    statuses = _statuses(employee, world.organisation)
    assert {text: s.acknowledged for text, s in statuses.items()} == {
        "Overholde principperne": True,
        "Forklare sammenhængen for borgerne": False,
        "Svare inden for to dage": False,
        "Kende Kommunikationspolitik": False,
    }
    assert statuses["Overholde principperne"].obligation.version_id == version_2.pk
    assert statuses["Overholde principperne"].acknowledgement.version == world.adopted


def test_leader_records_a_check_in_for_the_quarter(world):
    leader = world[RoleLevel.LEADER]
    duty = _statuses(leader, world.organisation)["Sikre kompetencerne"].obligation

    check_in = services.checkin_record(
        leader=leader, unit=world.workplace, strategy_id=duty.strategy_id,
        text_hash=duty.text_hash, status=CheckInStatus.NEEDS_ATTENTION, note="Kursus i maj.",
    )

    assert (check_in.period, check_in.status, check_in.note, check_in.recorded_by) == (
        quarter_start(today()), CheckInStatus.NEEDS_ATTENTION, "Kursus i maj.", leader
    )
    assert AuditEvent.objects.filter(verb="obligation.check_in", object_id=check_in.pk).exists()


def test_recording_again_in_the_same_quarter_updates_the_check_in(world):
    leader = world[RoleLevel.LEADER]
    duty = _statuses(leader, world.organisation)["Sikre kompetencerne"].obligation
    record = {"leader": leader, "unit": world.workplace, "strategy_id": duty.strategy_id,
              "text_hash": duty.text_hash}
    first = services.checkin_record(**record, status=CheckInStatus.NOT_STARTED)

    second = services.checkin_record(**record, status=CheckInStatus.ON_TRACK, note="I gang.")

    assert second.pk == first.pk
    assert CheckIn.objects.get().status == CheckInStatus.ON_TRACK
    assert AuditEvent.objects.filter(verb="obligation.check_in_update").count() == 1


def test_next_quarter_gets_its_own_check_in(world):
    leader = world[RoleLevel.LEADER]
    duty = _statuses(leader, world.organisation)["Sikre kompetencerne"].obligation
    record = {"leader": leader, "unit": world.workplace, "strategy_id": duty.strategy_id,
              "text_hash": duty.text_hash, "status": CheckInStatus.ON_TRACK}

    services.checkin_record(**record)
    services.checkin_record(**record, on=days(92))

    assert CheckIn.objects.count() == 2


def test_employee_cannot_record_a_check_in(world):
    employee = world[RoleLevel.EMPLOYEE]
    duty = _statuses(employee, world.organisation)["Overholde principperne"].obligation

    with pytest.raises(PermissionDenied):
        services.checkin_record(
            leader=employee, unit=world.workplace, strategy_id=duty.strategy_id,
            text_hash=duty.text_hash, status=CheckInStatus.ON_TRACK,
        )


def test_leader_cannot_record_a_check_in_for_another_unit(world):
    leader = world[RoleLevel.LEADER]
    duty = _statuses(leader, world.organisation)["Sikre kompetencerne"].obligation

    with pytest.raises(PermissionDenied):
        services.checkin_record(
            leader=leader, unit=world.centre, strategy_id=duty.strategy_id,
            text_hash=duty.text_hash, status=CheckInStatus.ON_TRACK,
        )


def test_leader_checks_in_only_obligations_of_their_role(world):
    leader = world[RoleLevel.LEADER]
    employee_duty = _statuses(world[RoleLevel.EMPLOYEE], world.organisation)[
        "Overholde principperne"
    ].obligation

    with pytest.raises(services.ObligationNotFound):
        services.checkin_record(
            leader=leader, unit=world.workplace, strategy_id=employee_duty.strategy_id,
            text_hash=employee_duty.text_hash, status=CheckInStatus.ON_TRACK,
        )


def test_check_in_note_longer_than_500_characters_is_refused(world):
    leader = world[RoleLevel.LEADER]
    duty = _statuses(leader, world.organisation)["Sikre kompetencerne"].obligation

    with pytest.raises(ValidationError) as error:
        services.checkin_record(
            leader=leader, unit=world.workplace, strategy_id=duty.strategy_id,
            text_hash=duty.text_hash, status=CheckInStatus.ON_TRACK, note="x" * 501,
        )

    assert "note" in error.value.message_dict
    assert not CheckIn.objects.exists()


def test_check_in_with_an_unknown_status_is_refused(world):
    leader = world[RoleLevel.LEADER]
    duty = _statuses(leader, world.organisation)["Sikre kompetencerne"].obligation

    with pytest.raises(ValidationError) as error:
        services.checkin_record(
            leader=leader, unit=world.workplace, strategy_id=duty.strategy_id,
            text_hash=duty.text_hash, status="finished",
        )

    assert "status" in error.value.message_dict


def _owed(world):
    index = selectors.obligation_index(world.organisation)
    leaders = selectors.unit_leaders(world.workplace)
    return index.for_assignments({(a.role_level, a.unit_id) for a in leaders})


def test_checkins_record_saves_every_entry_in_one_go(world):
    leader = world[RoleLevel.LEADER]
    entries = [
        services.CheckInEntry(o.strategy_id, o.text_hash, CheckInStatus.ON_TRACK, f"  {o.text} ")
        for o in _owed(world)
    ]

    saved = services.checkins_record(leader=leader, unit=world.workplace, entries=entries)

    assert len(saved) == len(entries) == CheckIn.objects.count()
    assert sorted(c.note for c in CheckIn.objects.all()) == sorted(o.text for o in _owed(world))
    assert AuditEvent.objects.filter(verb="obligation.check_in").count() == len(entries)


def test_checkins_record_saves_nothing_when_one_entry_is_bad(world):
    leader = world[RoleLevel.LEADER]
    owed = _owed(world)
    entries = [
        services.CheckInEntry(o.strategy_id, o.text_hash, CheckInStatus.ON_TRACK) for o in owed
    ]
    entries[-1] = services.CheckInEntry(owed[-1].strategy_id, owed[-1].text_hash, "x" * 10)

    with pytest.raises(services.CheckInsRefused) as refused:
        services.checkins_record(leader=leader, unit=world.workplace, entries=entries)

    assert list(refused.value.errors) == [entries[-1].token]
    assert "status" in refused.value.errors[entries[-1].token]
    assert not CheckIn.objects.exists()


def test_checkins_record_refuses_all_when_one_obligation_is_not_owed_by_the_unit(world):
    leader = world[RoleLevel.LEADER]
    owed = _owed(world)
    employee_duty = _statuses(world[RoleLevel.EMPLOYEE], world.organisation)[
        "Overholde principperne"
    ].obligation
    entries = [
        services.CheckInEntry(owed[0].strategy_id, owed[0].text_hash, CheckInStatus.ON_TRACK),
        services.CheckInEntry(
            employee_duty.strategy_id, employee_duty.text_hash, CheckInStatus.ON_TRACK
        ),
    ]

    with pytest.raises(services.CheckInsRefused) as refused:
        services.checkins_record(leader=leader, unit=world.workplace, entries=entries)

    assert refused.value.unknown == [entries[1].token]
    assert not CheckIn.objects.exists()


def test_a_workplace_manager_registers_a_duty_that_only_the_units_leader_carries(world):
    manager = world[RoleLevel.WORKPLACE]
    duty = _statuses(world[RoleLevel.LEADER], world.organisation)["Sikre kompetencerne"].obligation

    check_in = services.checkin_record(
        leader=manager, unit=world.workplace, strategy_id=duty.strategy_id,
        text_hash=duty.text_hash, status=CheckInStatus.ON_TRACK,
    )

    assert check_in.recorded_by == manager


def test_a_centre_manager_does_not_register_for_a_workplace_below(world):
    duty = _statuses(world[RoleLevel.LEADER], world.organisation)["Sikre kompetencerne"].obligation

    with pytest.raises(PermissionDenied):
        services.checkin_record(
            leader=world[RoleLevel.CENTRE], unit=world.workplace, strategy_id=duty.strategy_id,
            text_hash=duty.text_hash, status=CheckInStatus.ON_TRACK,
        )
