"""The new lists ask the database the same number of times however many rows they show:
the corrections on a version's page and a strategy's page, the archived strategies, and
the LIX of each section."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.organisations.models import RoleLevel
from apps.records.services import record_correct
from apps.strategies import archive
from tests.factories import SectionFactory, StrategyFactory, VersionFactory, mark_adopted

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    cache.clear()  # kept pages and bodies: count a rendering
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _correct(version, actor, n):
    record_correct(
        version=version, actor=actor, reason=f"Rettelse {n}.",
        changes={"adopted_on": version.adopted_on, "adopted_by": "Byrådet",
                 "case_reference": f"24/{n}", "adoption_note": ""},
    )


@pytest.fixture
def comms(client, organisation, member_of):
    user = member_of(organisation, RoleLevel.COMMUNICATIONS)
    client.force_login(user)
    return user


def test_corrections_on_the_version_and_strategy_pages_cost_the_same_queries(
    client, organisation, comms
):
    version = mark_adopted(
        VersionFactory(strategy=StrategyFactory(organisation=organisation), number=1),
        adopted_on=datetime.date(2024, 1, 15),
    )
    pages = [reverse("strategies:version_detail", args=[version.pk]),
             reverse("strategies:detail", args=[version.strategy_id])]
    _correct(version, comms, 1)
    before = [_queries(client, url) for url in pages]
    for n in range(2, 6):
        _correct(version, comms, n)
    assert [_queries(client, url) for url in pages] == before


def test_the_archived_list_costs_the_same_queries_with_more_strategies(
    client, organisation, comms
):
    url = reverse("strategies:list") + "?archived=1"

    def archived_one():
        strategy = StrategyFactory(organisation=organisation)
        VersionFactory(strategy=strategy, number=1)
        archive.strategy_archive(strategy=strategy, actor=comms)

    archived_one()
    before = _queries(client, url)
    for _ in range(4):
        archived_one()
    assert _queries(client, url) == before


def test_the_lix_of_more_sections_costs_no_more_queries(client, organisation, comms):
    draft = VersionFactory(strategy=StrategyFactory(organisation=organisation))
    SectionFactory(version=draft, body="Kort tekst. Endnu en sætning.")
    url = reverse("strategies:version_detail", args=[draft.pk])
    before = _queries(client, url)
    for _ in range(5):
        SectionFactory(version=draft, body="Kommunikationen skal være klar. Vi skriver kort.")
    assert _queries(client, url) == before
