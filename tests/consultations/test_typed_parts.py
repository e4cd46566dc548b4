"""Every new part of a version can be commented on in a consultation, children (a
goal's target groups, its sub-goals) under the goal they belong to."""

import pytest

from apps.consultations.selectors import consultation_outline
from apps.strategies import models as sm
from tests.factories import (
    DefinitionFactory,
    EvaluationFactory,
    GoalFactory,
    LegalBasisFactory,
    StakeholderFactory,
    VersionFactory,
)

pytestmark = pytest.mark.django_db


def test_the_outline_offers_legal_basis_evaluation_definitions_and_target_groups():
    version = VersionFactory()
    LegalBasisFactory(version=version, title="Forvaltningsloven")
    EvaluationFactory(version=version, title="Borgerpanel")
    DefinitionFactory(version=version, term="Kernebudskab")
    goal = GoalFactory(version=version, description="Borgerne forstår os")
    youth = StakeholderFactory(version=version, name="Unge")
    tie = sm.GoalTargetGroup.objects.create(version=version, goal=goal, stakeholder=youth)

    groups = {group.label: group for group in consultation_outline(version)}

    labels = {label: [item.label for item in group.items] for label, group in groups.items()}
    assert labels["Legal bases"] == ["Forvaltningsloven"]
    assert labels["Measurement and evaluation"] == ["Borgerpanel"]
    assert labels["Definitions"] == ["Kernebudskab"]
    goal_item = groups["Goals"].items[0]
    assert [(c.key, c.label) for c in goal_item.children] == [
        (f"goaltargetgroup:{tie.pk}", "Unge")
    ]
