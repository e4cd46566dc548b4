import pytest
from django.urls import reverse

from apps.organisations.models import RoleLevel
from tests.factories import (
    ResponsibilityItemFactory,
    SectionFactory,
    StrategyFactory,
    UnitFactory,
    UserFactory,
    VersionFactory,
    mark_adopted,
)
from tests.obligations.factories import ActionFactory


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


def _count_queries(client, version, *, rendered: bool) -> int:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if rendered:
        cache.clear()  # the decided versions' bodies (apps/strategies/rendering.py)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("strategies:version_detail", args=[version.pk]))
    assert response.status_code == 200
    return len(queries)


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

    rendered = [_count_queries(client, v, rendered=True) for v in (small, large)]
    for version in (small, large):
        client.get(reverse("strategies:version_detail", args=[version.pk]))
    kept = [_count_queries(client, v, rendered=False) for v in (small, large)]

    assert rendered[0] == rendered[1]
    # A decided version's page comes from the cache, without the content's queries.
    assert kept[0] == kept[1] <= rendered[0] - _content_queries(small)


def _content_queries(version) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.strategies.selectors import version_content

    with CaptureQueriesContext(connection) as queries:
        version_content(version)
    return len(queries)


def test_a_drafts_body_is_rendered_again_on_every_visit(client, organisation, member_of):
    draft = VersionFactory(strategy__organisation=organisation)
    SectionFactory(version=draft, heading="Før")
    client.force_login(member_of(organisation, RoleLevel.COMMUNICATIONS))
    url = reverse("strategies:version_detail", args=[draft.pk])
    client.get(url)

    draft.sections.update(heading="Efter")

    assert "Efter" in client.get(url).text


def test_renaming_an_actions_owner_unit_shows_in_a_decided_versions_body(
    client, organisation, member_of
):
    unit = UnitFactory(organisation=organisation, name="Borgerservice")
    version = VersionFactory(strategy__organisation=organisation)
    ActionFactory(version=version, title="Skilte", owner_unit=unit)
    mark_adopted(version)
    client.force_login(member_of(organisation, RoleLevel.EMPLOYEE))
    url = reverse("strategies:version_detail", args=[version.pk])
    assert "Borgerservice" in client.get(url).text

    unit.name = "Borgercenter"
    unit.save()

    assert "Borgercenter" in client.get(url).text


def test_a_decided_versions_body_is_kept_per_language(client, organisation, member_of):
    version = VersionFactory(strategy__organisation=organisation)
    SectionFactory(version=version)
    ActionFactory(version=version, title="Skilte")
    mark_adopted(version)
    client.force_login(member_of(organisation, RoleLevel.EMPLOYEE))
    url = reverse("strategies:version_detail", args=[version.pk])
    english = client.get(url).text

    client.post(reverse("accounts:set_language"), {"language": "da", "next": url})
    danish = client.get(url).text

    assert "Action plan" in english
    assert "Handleplan" in danish


def test_forbidden_and_missing_pages_are_explained_in_the_interface(
    client, organisation, member_of
):
    version = VersionFactory(strategy__organisation=organisation)
    client.force_login(member_of(organisation, RoleLevel.EMPLOYEE))

    missing = client.get(reverse("strategies:version_detail", args=[version.pk]))

    assert missing.status_code == 404
    assert "Page not found" in missing.text


def test_version_page_reads_the_persons_permissions_once_however_many_moves_it_offers(
    client, organisation, member_of
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    version = VersionFactory(strategy__organisation=organisation)
    client.force_login(member_of(organisation, RoleLevel.COMMUNICATIONS))
    url = reverse("strategies:version_detail", args=[version.pk])

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)

    assert response.text.count('action="/strategies/versions/') >= 3  # edit, moves
    guardian = [q for q in queries if "objectpermission" in q["sql"]]
    # Every action on it at once, which also decides 404: user and group rights.
    assert len(guardian) == 2


def test_a_decided_versions_page_is_kept_and_a_drafts_is_not(
    client, organisation, member_of, kept_pages
):
    adopted = VersionFactory(strategy__organisation=organisation)
    mark_adopted(adopted)
    draft = VersionFactory(strategy=adopted.strategy, number=adopted.number + 1)
    client.force_login(member_of(organisation, RoleLevel.COMMUNICATIONS))

    for version in (adopted, draft, adopted, draft):
        client.get(reverse("strategies:version_detail", args=[version.pk]))

    assert len(kept_pages()) == 1
    assert _count_queries(client, draft, rendered=False) > _count_queries(
        client, adopted, rendered=False
    )


def test_a_kept_version_page_shows_it_superseded_once_a_newer_one_is_adopted(
    client, organisation, member_of
):
    from apps.strategies import services
    from apps.strategies.models import VersionStatus

    old = VersionFactory(strategy__organisation=organisation)
    mark_adopted(old)
    newer = VersionFactory(strategy=old.strategy, number=old.number + 1)
    communications = member_of(organisation, RoleLevel.COMMUNICATIONS)
    client.force_login(communications)
    url = reverse("strategies:version_detail", args=[old.pk])
    assert "Superseded" not in client.get(url).text

    services.version_transition(
        version=newer, actor=communications, to_status=VersionStatus.PROPOSED
    )
    services.version_transition(
        version=newer, actor=communications, to_status=VersionStatus.ADOPTED,
        decided_on=newer.created_at.date(), decided_by="Byrådet", case_reference="1",
        note="",
    )

    assert "Superseded" in client.get(url).text


def test_a_kept_version_page_follows_the_persons_new_role(client, organisation, member_of):
    version = VersionFactory(strategy__organisation=organisation)
    mark_adopted(version)
    employee = member_of(organisation, RoleLevel.EMPLOYEE)
    client.force_login(employee)
    url = reverse("strategies:version_detail", args=[version.pk])
    assert "New draft from this version" not in client.get(url).text

    member_of(organisation, RoleLevel.COMMUNICATIONS, user=employee)

    assert "New draft from this version" in client.get(url).text


def test_a_decided_versions_page_is_shown_when_the_cache_is_down(
    client, organisation, member_of, cache_outage
):
    version = VersionFactory(strategy__organisation=organisation)
    SectionFactory(version=version, heading="Formål")
    mark_adopted(version)
    client.force_login(member_of(organisation, RoleLevel.EMPLOYEE))

    cache_outage()
    response = client.get(reverse("strategies:version_detail", args=[version.pk]))

    assert response.status_code == 200
    assert "Formål" in response.text


def test_a_kept_version_page_shows_a_former_colleagues_new_name_in_its_history(
    client, organisation, member_of
):
    from apps.organisations.models import RoleAssignment
    from apps.strategies import services
    from apps.strategies.models import VersionStatus

    version = VersionFactory(strategy__organisation=organisation)
    author = member_of(organisation, RoleLevel.COMMUNICATIONS)
    services.version_transition(version=version, actor=author, to_status=VersionStatus.PROPOSED)
    services.version_transition(
        version=version, actor=author, to_status=VersionStatus.ADOPTED,
        decided_on=version.created_at.date(), decided_by="Byrådet", case_reference="1",
    )
    RoleAssignment.objects.filter(user=author).delete()  # they have left
    client.force_login(member_of(organisation, RoleLevel.EMPLOYEE))
    url = reverse("strategies:version_detail", args=[version.pk])
    client.get(url)

    author.full_name = "Navn Efter Giftermål"
    author.save()

    assert "Navn Efter Giftermål" in client.get(url).text


def test_a_kept_version_page_is_refused_once_the_right_to_see_it_is_taken_away(
    client, organisation, member_of
):
    from apps.organisations.services import organisation_role_groups
    from apps.strategies.models import StrategyGroupObjectPermission

    version = VersionFactory(strategy__organisation=organisation)
    mark_adopted(version)
    client.force_login(member_of(organisation, RoleLevel.EMPLOYEE))
    url = reverse("strategies:version_detail", args=[version.pk])
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200  # kept

    StrategyGroupObjectPermission.objects.filter(
        content_object=version.strategy,
        group=organisation_role_groups(organisation)[RoleLevel.EMPLOYEE],
    ).delete()

    assert client.get(url).status_code == 404


def _kept_visit(client, organisation, member_of):
    """An employee's first visit to an adopted version's page, and the second (kept)
    with the queries it made: (version, first response, kept response, queries)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    version = VersionFactory(strategy__organisation=organisation)
    mark_adopted(version)
    client.force_login(member_of(organisation, RoleLevel.EMPLOYEE))
    url = reverse("strategies:version_detail", args=[version.pk])
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        kept = client.get(url)
    return version, first, kept, queries


def test_a_kept_version_page_skips_the_permission_queries(client, organisation, member_of):
    _version, _first, kept, queries = _kept_visit(client, organisation, member_of)

    assert kept.status_code == 200
    assert not [q for q in queries if "objectpermission" in q["sql"]]


def test_a_kept_version_page_is_refused_once_the_person_leaves_the_role_group(
    client, organisation, member_of
):
    from apps.organisations.services import organisation_role_groups

    version = VersionFactory(strategy__organisation=organisation)
    mark_adopted(version)
    employee = member_of(organisation, RoleLevel.EMPLOYEE)
    group = organisation_role_groups(organisation)[RoleLevel.EMPLOYEE]
    employee.groups.add(group)
    client.force_login(employee)
    url = reverse("strategies:version_detail", args=[version.pk])
    client.get(url)
    assert client.get(url).status_code == 200  # kept

    employee.groups.remove(group)

    assert client.get(url).status_code == 404


def test_a_version_of_another_of_the_persons_organisations_is_not_kept(
    client, organisation, other_organisation, member_of, kept_pages
):
    # The header shows the person's first organisation; the key holds the version's.
    first, second = sorted([organisation, other_organisation], key=lambda o: o.name)
    version = VersionFactory(strategy__organisation=second)
    mark_adopted(version)
    person = member_of(first, RoleLevel.EMPLOYEE)
    member_of(second, RoleLevel.EMPLOYEE, user=person)
    client.force_login(person)

    for _ in range(2):
        assert client.get(
            reverse("strategies:version_detail", args=[version.pk])
        ).status_code == 200

    assert kept_pages() == []


def _header_reads(queries) -> int:
    """Reads of the person's organisations by their roles (the header's organisation,
    or its language alone), not the checks that a version belongs to one of them."""
    return sum(
        1 for q in queries
        if q["sql"].startswith('SELECT DISTINCT "organisations_organisation".')
        and 'JOIN "organisations_roleassignment"' in q["sql"]
    )


@pytest.mark.parametrize("kept", [False, True], ids=["rendered", "kept"])
def test_a_version_page_reads_the_persons_organisation_once(
    client, organisation, member_of, kept
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    version = VersionFactory(strategy__organisation=organisation)
    mark_adopted(version)
    # Without a language of their own, the interface follows the organisation's: the
    # language middleware, the kept page's check and the header all need it.
    person = member_of(organisation, RoleLevel.EMPLOYEE, user=UserFactory(preferred_language=""))
    client.force_login(person)
    url = reverse("strategies:version_detail", args=[version.pk])
    client.get(url)
    if not kept:
        cache.clear()

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)

    assert response.status_code == 200
    assert organisation.name in response.text
    assert _header_reads(queries) == 1


def test_a_kept_version_page_is_served_without_reading_the_version(
    client, organisation, member_of
):
    version, first, kept, queries = _kept_visit(client, organisation, member_of)

    assert kept.status_code == 200
    assert kept.text.count(version.strategy.title) == first.text.count(version.strategy.title)
    assert not [q for q in queries if "strategies_strategyversion" in q["sql"]]
