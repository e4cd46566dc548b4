import pytest
from django.utils import translation

from apps.consultations import services
from apps.organisations.models import RoleLevel
from apps.strategies import services as strategy_services
from apps.strategies.models import VersionStatus
from tests.factories import (
    ResponsibilityItemFactory,
    SectionFactory,
    StrategyFactory,
    UnitFactory,
    UserFactory,
    VersionFactory,
    consultation_deadline,
)


@pytest.fixture(autouse=True)
def english():
    """Assertions read the English texts. Without this the interface would be Danish,
    the test organisation's language, for which Django already translates some words."""
    with translation.override("en"):
        yield


@pytest.fixture
def member_of(member_of):
    """As the suite's member_of, with people who chose English (see `english`)."""

    def make(organisation, role_level=RoleLevel.EMPLOYEE, unit=None, user=None):
        user = user or UserFactory(preferred_language="en")
        return member_of(organisation, role_level, unit=unit, user=user)

    return make


@pytest.fixture
def comms(organisation, member_of):
    return member_of(organisation, RoleLevel.COMMUNICATIONS)


@pytest.fixture
def draft(organisation):
    version = VersionFactory(strategy=StrategyFactory(organisation=organisation), number=1)
    SectionFactory(version=version, heading="Formål", body="Vi kommunikerer åbent.")
    ResponsibilityItemFactory(responsibility__version=version, text="Lederen informerer.")
    return version


@pytest.fixture
def consultation(draft, comms):
    return strategy_services.version_transition(
        version=draft, actor=comms, to_status=VersionStatus.CONSULTATION,
        consultation_deadline=consultation_deadline()
    )


@pytest.fixture
def section(consultation):
    return consultation.sections.get()


@pytest.fixture
def duty(consultation):
    return consultation.responsibility_items.get()


@pytest.fixture
def unit_tree(organisation):
    """An administration with a centre below it and a workplace below that."""
    administration = UnitFactory(
        organisation=organisation, name="Forvaltning", kind="administration"
    )
    centre = UnitFactory(
        organisation=organisation, parent=administration, name="Center", kind="centre"
    )
    workplace = UnitFactory(organisation=organisation, parent=centre, name="Skole")
    return administration, centre, workplace


@pytest.fixture
def invited(consultation, comms, organisation, member_of):
    """An employee invited in person."""
    employee = member_of(organisation, RoleLevel.EMPLOYEE)
    services.consultation_invite(version=consultation, actor=comms, users=[employee])
    return employee
