from apps.obligations import permissions
from apps.organisations.models import RoleLevel
from tests.factories import UnitFactory


def test_leader_checks_in_for_their_own_unit_only(world):
    leader = world[RoleLevel.LEADER]

    assert permissions.can(leader, permissions.CHECK_IN, world.workplace)
    assert not permissions.can(leader, permissions.CHECK_IN, world.centre)


def test_centre_chief_follows_up_the_units_below_the_centre(world):
    chief = world[RoleLevel.CENTRE]

    assert permissions.can(chief, permissions.FOLLOW_UP, world.workplace)
    assert not permissions.can(chief, permissions.FOLLOW_UP, world.comms_unit)
    assert set(permissions.visible_to(chief, permissions.FOLLOW_UP)) == {
        world.centre, world.workplace
    }


def test_executive_board_follows_up_every_unit_of_its_organisation(world, other_organisation):
    board = world[RoleLevel.EXECUTIVE_BOARD]
    UnitFactory(organisation=other_organisation)

    assert set(permissions.visible_to(board, permissions.FOLLOW_UP)) == {
        world.centre, world.workplace, world.comms_unit, world.comms_unit.parent
    }


def test_employee_neither_checks_in_nor_follows_up(world):
    employee = world[RoleLevel.EMPLOYEE]

    assert not permissions.can(employee, permissions.CHECK_IN, world.workplace)
    assert not permissions.can(employee, permissions.FOLLOW_UP, world.workplace)
    assert not permissions.visible_to(employee, permissions.CHECK_IN).exists()
