from django.urls import reverse

from apps.organisations.models import RoleLevel
from tests.factories import (
    ResponsibilityItemFactory,
    SectionFactory,
    StrategyFactory,
    VersionFactory,
    mark_adopted,
)


def test_strategy_list_shows_only_own_organisations_strategies(
    client, organisation, other_organisation, member_of
):
    StrategyFactory(organisation=organisation, title="Vores strategi")
    StrategyFactory(organisation=other_organisation, title="Nabokommunens strategi")
    client.force_login(member_of(organisation))

    response = client.get(reverse("strategies:list"))

    assert response.status_code == 200
    assert "Vores strategi" in response.text
    assert "Nabokommunens strategi" not in response.text


def test_adopted_version_of_another_organisation_is_not_found(
    client, organisation, other_organisation, member_of
):
    version = VersionFactory(strategy__organisation=other_organisation, adopted=True)
    client.force_login(member_of(organisation))

    response = client.get(reverse("strategies:version_detail", args=[version.pk]))

    assert response.status_code == 404


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get(reverse("strategies:list"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_version_page_shows_content_with_markdown_made_safe(client, organisation, member_of):
    version = VersionFactory(strategy__organisation=organisation)
    SectionFactory(version=version, heading="Formål", body="Vi er *åbne*.<script>x()</script>")
    mark_adopted(version)
    client.force_login(member_of(organisation))

    response = client.get(reverse("strategies:version_detail", args=[version.pk]))

    assert "<em>åbne</em>" in response.text
    assert "<script>x()" not in response.text


def _populate(version, n):
    SectionFactory.create_batch(n, version=version)
    for _ in range(n):
        ResponsibilityItemFactory.create_batch(3, responsibility__version=version)


def test_version_page_query_count_does_not_grow_with_content(
    client, organisation, member_of
):
    small = VersionFactory(strategy__organisation=organisation)
    large = VersionFactory(strategy__organisation=organisation)
    _populate(small, 2)
    _populate(large, 20)
    mark_adopted(small)
    mark_adopted(large)
    client.force_login(member_of(organisation, RoleLevel.LEADER))
    client.get(reverse("strategies:version_detail", args=[small.pk]))

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small_queries:
        client.get(reverse("strategies:version_detail", args=[small.pk]))
    with CaptureQueriesContext(connection) as large_queries:
        client.get(reverse("strategies:version_detail", args=[large.pk]))

    assert len(large_queries) == len(small_queries)


def test_forbidden_and_missing_pages_are_explained_in_the_interface(
    client, organisation, member_of
):
    version = VersionFactory(strategy__organisation=organisation)
    client.force_login(member_of(organisation, RoleLevel.EMPLOYEE))

    missing = client.get(reverse("strategies:version_detail", args=[version.pk]))

    assert missing.status_code == 404
    assert "Page not found" in missing.text
