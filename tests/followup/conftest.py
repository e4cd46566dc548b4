import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.organisations.models import RoleLevel, UnitKind
from apps.strategies import services as strategy_services
from apps.strategies.models import Action, Goal, Indicator, VersionStatus
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


def _add_indicator(draft):
    comms = draft.created_by
    goal = strategy_services.content_item_save(
        version=draft,
        actor=comms,
        model=Goal,
        data={"kind": "goal", "title": "Borgerne forstår vores breve"},
    )
    strategy_services.content_item_save(
        version=draft,
        actor=comms,
        model=Indicator,
        data={
            "goal": goal,
            "name": "Andel borgere, der forstår brevet",
            "target": "80 %",
            "unit": "%",
            "target_value": Decimal("80"),
            "baseline_value": Decimal("50"),
        },
    )


@pytest.fixture
def measured(world):
    """The world's strategy adopted anew with a goal and an indicator (target 80,
    baseline 50); returns that indicator."""
    version = adopt_next_version(world, change=_add_indicator)
    return Indicator.objects.get(version=version)
