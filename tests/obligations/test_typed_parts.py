"""Obligations of the parts that bind people: a responsibility held by a holder the
organisation defines binds the role level that carries it (nobody when none does), and
who does what in a crisis binds like any other responsibility."""

import pytest

from apps.obligations.selectors import current_obligations
from apps.organisations.models import HolderKind, RoleLevel
from apps.strategies import models as sm
from tests.factories import (
    ResponsibilityHolderFactory,
    StrategyFactory,
    VersionFactory,
    mark_adopted,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(organisation):
    return VersionFactory(strategy=StrategyFactory(organisation=organisation), number=1)


def test_a_holder_carried_by_a_role_level_binds_that_role_level(organisation, draft):
    mayor = ResponsibilityHolderFactory(
        organisation=organisation, name="Borgmesteren", kind=HolderKind.OFFICE,
        role_level=RoleLevel.POLITICIAN,
    )
    sm.Responsibility.objects.create(
        version=draft, holder=mayor, label="Borgmesteren", heading="Talsperson",
        description="Borgmesteren udtaler sig på kommunens vegne.",
    )
    mark_adopted(draft)

    obligations = current_obligations(organisation)

    assert [(o.role_level, o.label) for o in obligations] == [
        (RoleLevel.POLITICIAN, "Borgmesteren")
    ]


def test_a_holder_no_role_level_carries_binds_nobody(organisation, draft):
    unions = ResponsibilityHolderFactory(
        organisation=organisation, name="Tillidsrepræsentanterne",
        kind=HolderKind.STAFF_REPRESENTATION, role_level="",
    )
    sm.Responsibility.objects.create(
        version=draft, holder=unions, label="Tillidsrepræsentanterne",
        description="Har en fri rolle.",
    )
    sm.Responsibility.objects.create(
        version=draft, role_level=RoleLevel.LEADER, label="Lederne", description="Informerer.",
    )
    mark_adopted(draft)

    assert [o.label for o in current_obligations(organisation)] == ["Lederne"]


def test_who_does_what_in_a_crisis_binds_its_role_level(organisation, draft):
    crisis = sm.Responsibility.objects.create(
        version=draft, role_level=RoleLevel.COMMUNICATIONS, label="Kommunikation",
        context=sm.ResponsibilityContext.CRISIS,
    )
    sm.ResponsibilityItem.objects.create(
        version=draft, responsibility=crisis, text="Indkalder krisestaben inden for en time"
    )
    mark_adopted(draft)

    obligations = current_obligations(organisation)

    assert [(o.role_level, o.text) for o in obligations] == [
        (RoleLevel.COMMUNICATIONS, "Indkalder krisestaben inden for en time")
    ]
