"""Two adoptions at the same moment, on real PostgreSQL row locks."""

import datetime

import pytest
from django.db import connection

from apps.audit.models import AuditEvent
from apps.organisations.models import RoleLevel
from apps.strategies import services
from apps.strategies.models import StrategyVersion, VersionStatus, VersionTransition
from tests.concurrency import run_together
from tests.factories import StrategyFactory, VersionFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI runs it)"
    ),
]

DECISION = {
    "decided_on": datetime.date(2025, 3, 27),
    "decided_by": "Byrådet",
    "case_reference": "25/4711",
}


@pytest.fixture
def comms(organisation, member_of):
    return member_of(organisation, RoleLevel.COMMUNICATIONS)


def test_the_same_version_adopted_twice_at_once_is_adopted_once(organisation, comms):
    version = VersionFactory(
        strategy=StrategyFactory(organisation=organisation), status=VersionStatus.PROPOSED
    )

    def adopt():
        return services.version_transition(
            version=version, actor=comms, to_status="adopted", **DECISION
        )

    outcomes = run_together(adopt, adopt)

    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert len(errors) == 1
    assert isinstance(errors[0], services.TransitionError)
    assert VersionTransition.objects.filter(version=version, to_status="adopted").count() == 1
    assert AuditEvent.objects.filter(verb="version.adopted", version=version).count() == 1


def test_two_versions_adopted_at_once_leave_exactly_one_adopted(organisation, comms):
    strategy = StrategyFactory(organisation=organisation)
    first = VersionFactory(strategy=strategy, status=VersionStatus.PROPOSED)
    second = VersionFactory(strategy=strategy, status=VersionStatus.PROPOSED)

    def adopt(version):
        return lambda: services.version_transition(
            version=version, actor=comms, to_status="adopted", **DECISION
        )

    run_together(adopt(first), adopt(second))

    # Whichever came first, the newer version is the one adopted: adopted after the older
    # one it supersedes it, adopted before it the older one is refused (never adopted
    # over a newer decision).
    adopted = StrategyVersion.objects.filter(strategy=strategy, status=VersionStatus.ADOPTED)
    assert list(adopted.values_list("pk", flat=True)) == [second.pk]
    assert StrategyVersion.objects.get(pk=first.pk).status in (
        VersionStatus.SUPERSEDED, VersionStatus.PROPOSED
    )
