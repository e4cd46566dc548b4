"""Strategies due for review: a review date passed or coming, and also a period or a
validity that has ended."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.dashboards import selectors
from apps.organisations.models import RoleLevel
from apps.strategies.models import VersionStatus
from tests.factories import StrategyFactory, VersionFactory, mark_adopted
from tests.obligations.factories import days, today


def _adopted(organisation, title, **fields):
    version = VersionFactory(strategy=StrategyFactory(organisation=organisation, title=title),
                             number=1, **fields)
    return mark_adopted(version)


def _due(world):
    return {
        v.strategy.title: v.review_reason
        for v in selectors.versions_for_review(
            world[RoleLevel.EXECUTIVE_BOARD], world.organisation, today()
        )
    }


def test_a_strategy_whose_validity_has_ended_is_due(world):
    _adopted(world.organisation, "Gammel politik", valid_until=days(-1))

    assert _due(world)["Gammel politik"] == "validity"


def test_a_strategy_whose_period_has_ended_is_due(world):
    _adopted(world.organisation, "Strategi 2012-2015", period_label="2012-2015")

    assert _due(world)["Strategi 2012-2015"] == "period"


def test_a_strategy_in_its_period_and_validity_without_a_review_date_is_not_due(world):
    year = today().year
    _adopted(world.organisation, "Løbende", period_label=f"{year - 1}–{year + 2}",
             valid_until=days(400))

    assert "Løbende" not in _due(world)


def test_a_review_date_still_counts_and_the_earliest_reason_is_given(world):
    _adopted(world.organisation, "Begge dele", period_label="2019-2022", review_due=days(20))

    due = _due(world)

    assert due["Borgeren i centrum"] == "review"  # the world's, due in 30 days
    assert due["Begge dele"] == "period"


def test_drafts_and_other_organisations_are_not_due(world, other_organisation):
    VersionFactory(strategy=StrategyFactory(organisation=world.organisation, title="Udkast"),
                   valid_until=days(-10))
    _adopted(other_organisation, "Nabokommunens", valid_until=days(-10))

    due = _due(world)

    assert "Udkast" not in due
    assert "Nabokommunens" not in due


def test_period_end_reads_the_last_year_of_the_label():
    assert selectors.period_end("2012-2015") == datetime.date(2015, 12, 31)
    assert selectors.period_end("Strategi for 2024 – 2027") == datetime.date(2027, 12, 31)
    assert selectors.period_end("Indtil videre") is None


def test_the_executive_dashboard_lists_an_ended_period_with_its_reason(client, world):
    _adopted(world.organisation, "Strategi 2012-2015", period_label="2012-2015")
    client.force_login(world[RoleLevel.EXECUTIVE_BOARD])

    response = client.get(reverse("dashboards:executive"))

    assert "Strategi 2012-2015" in response.text
    assert "Period ended" in response.text
    assert "Covers 2012-2015" in response.text


@pytest.mark.parametrize("role_level", [RoleLevel.EXECUTIVE_BOARD, RoleLevel.COMMUNICATIONS])
def test_strategies_due_for_review_cost_the_same_queries_with_more_of_them(world, role_level):
    user = world[role_level]

    def measure():
        with CaptureQueriesContext(connection) as queries:
            selectors.versions_for_review(user, world.organisation, today())
        return len(queries)

    small = measure()
    for n in range(5):
        _adopted(world.organisation, f"Udløbet {n}", valid_until=days(-n - 1))
        _adopted(world.organisation, f"Periode {n}", period_label=f"200{n}-201{n}")

    assert measure() == small
    assert sum(1 for v in selectors.versions_for_review(user, world.organisation, today())
               if v.status == VersionStatus.ADOPTED) == 11
