import datetime

import pytest
from django.utils import timezone

from apps.organisations.models import RoleLevel, UnitKind
from apps.strategies import services as strategy_services
from apps.strategies.models import Action, VersionStatus
from tests.factories import UnitFactory
from tests.obligations.factories import build_world, person


@pytest.fixture
def world(organisation):
    world = build_world(organisation)
    # A leader of a unit that owns none of the actions.
    other_unit = UnitFactory(
        organisation=organisation,
        parent=world.centre,
        name="Biblioteket",
        kind=UnitKind.WORKPLACE,
    )
    world.users["other_leader"] = person(organisation, RoleLevel.LEADER, other_unit)
    return world


@pytest.fixture
def overdue_action(world):
    """The adopted plan's action past its due date, owned by the workplace."""
    return Action.objects.get(version=world.adopted, title="Skilte i borgerservice")


def adopt_next_version(world, *, change=None):
    """Adopt a new version of the world's strategy through the real services, after
    `change(draft)` has edited the draft."""
    comms = world[RoleLevel.COMMUNICATIONS]
    draft = strategy_services.version_new_draft(source=world.adopted, actor=comms)
    if change is not None:
        change(draft)
    draft = strategy_services.version_transition(
        version=draft, actor=comms, to_status=VersionStatus.PROPOSED
    )
    return strategy_services.version_transition(
        version=draft,
        actor=comms,
        to_status=VersionStatus.ADOPTED,
        decided_on=timezone.localdate() - datetime.timedelta(days=1),
        decided_by="Byrådet",
        case_reference="26/999",
    )
