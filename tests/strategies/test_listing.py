"""The strategies list filters by kind, status and the year in force, and sorts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.organisations.models import RoleLevel
from apps.strategies.models import StrategyKind
from tests.factories import StrategyFactory, VersionFactory, mark_adopted

pytestmark = pytest.mark.django_db


def adopted(organisation, title, *, kind=StrategyKind.STRATEGY, **dates):
    adopted_on = dates.pop("adopted_on", datetime.date(2024, 1, 15))
    version = VersionFactory(
        strategy=StrategyFactory(organisation=organisation, title=title, kind=kind), **dates
    )
    mark_adopted(version, adopted_on=adopted_on)
    return version.strategy


def titles(client, **params):
    response = client.get(reverse("strategies:list"), params)
    assert response.status_code == 200
    return [row["strategy"].title for row in response.context["rows"]]


@pytest.fixture
def employee_client(client, organisation, member_of):
    client.force_login(member_of(organisation, RoleLevel.EMPLOYEE))
    return client


def test_the_list_filters_by_kind(employee_client, organisation):
    adopted(organisation, "Kommunikationspolitik", kind=StrategyKind.POLICY)
    adopted(organisation, "Handleplan", kind=StrategyKind.ACTION_PLAN)

    assert titles(employee_client, kind=StrategyKind.POLICY) == ["Kommunikationspolitik"]


def test_in_force_and_ended_are_told_apart(employee_client, organisation):
    adopted(organisation, "Gældende", valid_until=datetime.date(2099, 12, 31))
    adopted(organisation, "Udløbet", valid_until=datetime.date(2020, 12, 31))

    assert titles(employee_client, status="in_force") == ["Gældende"]
    assert titles(employee_client, status="ended") == ["Udløbet"]


def test_a_status_filter_never_reveals_a_hidden_draft(client, organisation, member_of):
    strategy = adopted(organisation, "Med skjult udkast")
    VersionFactory(strategy=strategy, number=2)
    employee = member_of(organisation, RoleLevel.EMPLOYEE)
    comms = member_of(organisation, RoleLevel.COMMUNICATIONS)

    client.force_login(employee)
    assert titles(client, status="draft") == []
    client.force_login(comms)
    assert titles(client, status="draft") == ["Med skjult udkast"]


def test_the_year_in_force_uses_the_period_or_else_the_adoption(employee_client, organisation):
    adopted(organisation, "2019-2022", valid_from=datetime.date(2019, 1, 1),
            valid_until=datetime.date(2022, 12, 31))
    adopted(organisation, "Fra 2024", adopted_on=datetime.date(2024, 3, 1))

    assert titles(employee_client, year=2021) == ["2019-2022"]
    assert titles(employee_client, year=2025) == ["Fra 2024"]
    assert titles(employee_client, year=2023) == []


def test_the_list_sorts_by_adoption_and_by_review(employee_client, organisation):
    adopted(organisation, "A", adopted_on=datetime.date(2020, 1, 1),
            review_due=datetime.date(2027, 1, 1))
    adopted(organisation, "B", adopted_on=datetime.date(2024, 1, 1),
            review_due=datetime.date(2026, 6, 1))
    adopted(organisation, "C", adopted_on=datetime.date(2022, 1, 1))

    assert titles(employee_client, sort="adopted") == ["B", "C", "A"]
    assert titles(employee_client, sort="review") == ["B", "A", "C"]
    assert titles(employee_client) == ["A", "B", "C"]


def test_a_bad_year_is_explained_and_the_whole_list_shown(client, organisation, member_of):
    employee = member_of(organisation, RoleLevel.EMPLOYEE)
    employee.preferred_language = "da"
    employee.save()
    client.force_login(employee)
    adopted(organisation, "Politik")

    response = client.get(reverse("strategies:list"), {"year": "1800"})

    assert "Angiv et år fra 1950 og frem." in response.text
    assert [row["strategy"].title for row in response.context["rows"]] == ["Politik"]


def test_filtering_costs_the_same_queries_however_many_strategies(employee_client, organisation):
    adopted(organisation, "Første", kind=StrategyKind.POLICY)
    params = {"kind": StrategyKind.POLICY, "status": "in_force", "year": 2024, "sort": "adopted"}
    employee_client.get(reverse("strategies:list"), params)
    with CaptureQueriesContext(connection) as one:
        employee_client.get(reverse("strategies:list"), params)
    for n in range(5):
        adopted(organisation, f"Flere {n}", kind=StrategyKind.POLICY)
    employee_client.get(reverse("strategies:list"), params)
    with CaptureQueriesContext(connection) as six:
        assert len(titles(employee_client, **params)) == 6

    assert len(six) == len(one)
