from apps.obligations import selectors
from apps.obligations.models import CheckInStatus, quarter_start
from apps.organisations.models import RoleLevel, UnitKind
from tests.factories import (
    ResponsibilityFactory,
    ResponsibilityItemFactory,
    StrategyFactory,
    UnitFactory,
    VersionFactory,
    mark_adopted,
)
from tests.obligations.factories import (
    DUTIES,
    acknowledge_all,
    check_in_all,
    days,
    person,
    today,
)


def _texts(user, organisation):
    return {s.obligation.text for s in selectors.obligations_for_user(user, organisation)}


def test_employee_carries_only_the_employee_duties(world):
    assert _texts(world[RoleLevel.EMPLOYEE], world.organisation) == {
        *DUTIES[RoleLevel.EMPLOYEE], "Kende Kommunikationspolitik"
    }


def test_leader_in_a_workplace_inherits_the_centre_and_workplace_duties(world):
    assert _texts(world[RoleLevel.LEADER], world.organisation) == {
        *DUTIES[RoleLevel.LEADER], *DUTIES[RoleLevel.WORKPLACE], *DUTIES[RoleLevel.CENTRE]
    }


def test_leader_of_the_communications_department_inherits_only_the_centre_duties(world):
    leader = person(world.organisation, RoleLevel.LEADER, world.comms_unit)

    assert _texts(leader, world.organisation) == {
        *DUTIES[RoleLevel.LEADER], *DUTIES[RoleLevel.CENTRE]
    }


def test_duties_that_stay_with_the_centre_are_not_inherited(organisation):
    centre = UnitFactory(organisation=organisation, kind=UnitKind.CENTRE)
    workplace = UnitFactory(organisation=organisation, parent=centre, kind=UnitKind.WORKPLACE)
    version = VersionFactory(strategy=StrategyFactory(organisation=organisation))
    ResponsibilityItemFactory(
        responsibility=ResponsibilityFactory(
            version=version, role_level=RoleLevel.CENTRE, applies_down_tree=False
        ),
        text="Kun centerchefen",
    )
    mark_adopted(version)
    chief = person(organisation, RoleLevel.CENTRE, centre)
    leader = person(organisation, RoleLevel.LEADER, workplace)

    assert _texts(chief, organisation) == {"Kun centerchefen"}
    assert _texts(leader, organisation) == set()


def test_a_responsibility_without_duties_is_one_obligation_of_heading_and_description(
    organisation,
):
    version = VersionFactory(strategy=StrategyFactory(organisation=organisation))
    ResponsibilityFactory(
        version=version, role_level=RoleLevel.POLITICIAN, heading="Inddragelse",
        description="Politikerne sikrer, at borgerne bliver inddraget.",
    )
    mark_adopted(version)

    assert _texts(person(organisation, RoleLevel.POLITICIAN), organisation) == {
        "Inddragelse\n\nPolitikerne sikrer, at borgerne bliver inddraget."
    }


def test_drafts_and_proposals_give_no_obligations(organisation):
    version = VersionFactory(strategy=StrategyFactory(organisation=organisation))
    ResponsibilityItemFactory(
        responsibility=ResponsibilityFactory(version=version, role_level=RoleLevel.EMPLOYEE),
    )

    assert _texts(person(organisation, RoleLevel.EMPLOYEE), organisation) == set()


def test_obligations_of_another_organisation_do_not_apply(world, other_organisation):
    outsider = person(other_organisation, RoleLevel.EMPLOYEE)

    assert _texts(outsider, other_organisation) == set()


def test_person_with_two_roles_sees_each_obligation_once(world):
    employee = world[RoleLevel.EMPLOYEE]
    person(world.organisation, RoleLevel.EMPLOYEE, world.centre, user=employee)

    statuses = selectors.obligations_for_user(employee, world.organisation)

    assert len(statuses) == len({s.obligation.key for s in statuses}) == 3


def test_coverage_counts_each_person_and_obligation_in_the_unit_and_above(world):
    acknowledge_all(world.organisation, world[RoleLevel.EMPLOYEE])

    follow = selectors.follow_up(world.organisation, period=quarter_start(today()), today=today())

    workplace = follow.coverage[world.workplace.pk]
    # Employee 3 (2 duties + 1 of the second strategy), workplace manager 2 + 2 inherited,
    # leader 2 + 2 + 2 inherited: 3 + 4 + 6 = 13, of which the employee's 3 acknowledged.
    assert (workplace.people, workplace.required, workplace.acknowledged) == (3, 13, 3)
    centre = follow.coverage[world.centre.pk]
    assert (centre.people, centre.required, centre.acknowledged) == (4, 15, 3)
    assert centre.percent == 20


def test_coverage_of_staff_leaves_the_leader_out(world):
    leader = world[RoleLevel.LEADER]

    follow = selectors.follow_up(
        world.organisation, within=world.workplace, exclude_user=leader,
        period=quarter_start(today()), today=today(),
    )

    assert follow.total.people == 2
    assert leader.pk not in {p.user_id for p in follow.people}


def test_check_in_summary_counts_recorded_against_owed(world):
    check_in_all(world.organisation, world.workplace, status=CheckInStatus.NEEDS_ATTENTION)

    follow = selectors.follow_up(world.organisation, period=quarter_start(today()), today=today())

    summary = follow.check_ins[world.workplace.pk]
    # The workplace's two leaders owe one check-in for each of their 6 distinct obligations.
    assert (summary.expected, summary.needs_attention, summary.missing) == (6, 6, 0)
    assert follow.check_ins[world.centre.pk].expected == 6 + 2


def test_check_ins_of_an_earlier_quarter_do_not_count(world):
    check_in_all(world.organisation, world.workplace)

    follow = selectors.follow_up(
        world.organisation, period=quarter_start(days(120)), today=today()
    )

    assert follow.check_ins[world.workplace.pk].recorded == 0


def test_overdue_actions_are_flagged_and_done_ones_are_not(world):
    actions = {a.title: a.is_overdue for a in selectors.unit_actions(world.workplace, today())}

    assert actions == {
        "Skilte i borgerservice": True, "Ny hjemmeside": False, "Afsluttet kampagne": False
    }


def test_overdue_actions_are_counted_for_the_unit_and_the_units_above(world):
    follow = selectors.follow_up(world.organisation, period=quarter_start(today()), today=today())

    assert follow.overdue == {world.workplace.pk: 1, world.centre.pk: 1}


def test_actions_of_a_unit_above_are_not_the_units_own(world):
    assert list(selectors.unit_actions(world.comms_unit, today())) == []
