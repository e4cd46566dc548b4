import datetime

import pytest
from django.db import IntegrityError

from apps.strategies.models import VersionStatus
from tests.factories import StrategyFactory, VersionFactory


def test_a_strategy_cannot_have_two_adopted_versions(db):
    strategy = StrategyFactory()
    VersionFactory(strategy=strategy, adopted=True)

    with pytest.raises(IntegrityError):
        VersionFactory(strategy=strategy, adopted=True)


def test_an_adopted_version_must_have_an_adoption_date(db):
    with pytest.raises(IntegrityError):
        VersionFactory(status=VersionStatus.ADOPTED, adopted_on=None)


def test_superseded_versions_may_be_many(db):
    strategy = StrategyFactory()
    VersionFactory(strategy=strategy, status=VersionStatus.SUPERSEDED,
                   adopted_on=datetime.date(2012, 1, 1))
    VersionFactory(strategy=strategy, status=VersionStatus.SUPERSEDED,
                   adopted_on=datetime.date(2016, 1, 1))

    assert strategy.versions.count() == 2
