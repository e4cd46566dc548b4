"""Search finds what the person may read, and nothing else."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.consultations import services as consultation_services
from apps.organisations.models import RoleLevel
from apps.search.selectors import search
from apps.strategies import services as strategy_services
from apps.strategies.models import StrategyVersion, VersionStatus
from tests.factories import (
    OrganisationFactory,
    ResponsibilityItemFactory,
    SectionFactory,
    StrategyFactory,
    VersionFactory,
    consultation_deadline,
    mark_adopted,
)
from tests.security.hostile import build_hostile_world

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (CI runs it)"
)


def adopted_with(organisation, body, *, language="da", heading="Sprog"):
    version = VersionFactory(strategy=StrategyFactory(organisation=organisation), language=language)
    section = SectionFactory(version=version, heading=heading, body=body)
    return mark_adopted(version), section


def hits(results, key):
    return next((group.hits for group in results.groups if group.key == key), [])


def test_content_of_an_adopted_version_is_found_marked_and_linked(organisation, member_of):
    employee = member_of(organisation, RoleLevel.EMPLOYEE)
    version, section = adopted_with(organisation, "Vi skriver klart sprog til borgerne.")

    found = hits(search(employee, "klart sprog"), "content")

    assert [hit.url for hit in found] == [
        reverse("strategies:version_detail", args=[version.pk]) + f"#section-{section.pk}"
    ]
    assert "<mark>" in found[0].excerpt and "klart" in found[0].excerpt
    assert found[0].language == "da"


def test_the_search_page_shows_grouped_results(client, organisation, member_of):
    employee = member_of(organisation, RoleLevel.EMPLOYEE)
    adopted_with(organisation, "Borgerne skal forstå vores breve.")
    client.force_login(employee)

    response = client.get(reverse("search:search"), {"q": "breve"})

    assert response.status_code == 200
    assert 'id="search-content"' in response.text
    assert "<mark>breve</mark>" in response.text


def test_nothing_of_another_municipality_is_found(organisation, other_organisation, member_of):
    secret = "ZQXHEMMELIG"
    build_hostile_world(other_organisation, member_of, f"{secret} tekst")
    person = member_of(organisation, RoleLevel.COMMUNICATIONS)
    for role in (RoleLevel.LEADER, RoleLevel.POLITICIAN, RoleLevel.EXECUTIVE_BOARD):
        member_of(organisation, role, user=person)

    assert search(person, secret).groups == []


def test_the_other_municipalitys_people_do_find_their_own(other_organisation, member_of):
    """The control of the test above: the same world is found by its own people."""
    secret = "ZQXHEMMELIG"
    world = build_hostile_world(other_organisation, member_of, f"{secret} tekst")
    comms = world.users[RoleLevel.COMMUNICATIONS]

    keys = {group.key for group in search(comms, secret).groups}

    assert {"strategies", "versions", "content", "comments"} <= keys


def test_a_draft_is_found_only_by_those_who_may_read_drafts(organisation, member_of):
    employee = member_of(organisation, RoleLevel.EMPLOYEE)
    comms = member_of(organisation, RoleLevel.COMMUNICATIONS)
    version = VersionFactory(strategy=StrategyFactory(organisation=organisation))
    SectionFactory(version=version, body="Et hemmeligt udkast om pressen.")

    assert hits(search(employee, "hemmeligt"), "content") == []
    assert len(hits(search(comms, "hemmeligt"), "content")) == 1


def test_earlier_versions_are_searched_only_when_asked(organisation, member_of):
    employee = member_of(organisation, RoleLevel.EMPLOYEE)
    strategy = StrategyFactory(organisation=organisation)
    old = VersionFactory(strategy=strategy, number=1)
    SectionFactory(version=old, body="En gammel formulering om nyhedsbreve.")
    mark_adopted(old)
    StrategyVersion.objects.filter(pk=old.pk).update(status=VersionStatus.SUPERSEDED)
    new = VersionFactory(strategy=strategy, number=2)
    SectionFactory(version=new, body="Den nye tekst.")
    mark_adopted(new)

    assert hits(search(employee, "formulering"), "content") == []
    assert len(hits(search(employee, "formulering", include_earlier=True), "content")) == 1


def test_a_text_in_force_and_in_its_new_draft_is_one_hit(organisation, member_of):
    comms = member_of(organisation, RoleLevel.COMMUNICATIONS)
    version, section = adopted_with(organisation, "Vi bruger sociale medier med omtanke.")
    draft = strategy_services.version_new_draft(source=version, actor=comms)

    found = hits(search(comms, "omtanke"), "content")

    assert [hit.url for hit in found] == [
        reverse("strategies:version_detail", args=[version.pk]) + f"#section-{section.pk}"
    ]
    assert found[0].also_in == [f"also in version {draft.number}"]


def test_comments_are_found_as_the_consultation_page_shows_them(organisation, member_of):
    comms = member_of(organisation, RoleLevel.COMMUNICATIONS)
    author = member_of(organisation, RoleLevel.POLITICIAN)
    colleague = member_of(organisation, RoleLevel.POLITICIAN)
    version = VersionFactory(strategy=StrategyFactory(organisation=organisation))
    SectionFactory(version=version)
    version = strategy_services.version_transition(
        version=version, actor=comms, to_status=VersionStatus.CONSULTATION,
        consultation_deadline=consultation_deadline(),
    )
    consultation_services.comment_create(
        version=version, actor=author, text="Mere borgerinddragelse, tak."
    )

    assert len(hits(search(author, "borgerinddragelse"), "comments")) == 1
    assert len(hits(search(comms, "borgerinddragelse"), "comments")) == 1
    # Until the decision, a politician reads their own comments only.
    assert hits(search(colleague, "borgerinddragelse"), "comments") == []


def test_a_hidden_comment_is_found_by_nobody(organisation, member_of):
    comms = member_of(organisation, RoleLevel.COMMUNICATIONS)
    author = member_of(organisation, RoleLevel.POLITICIAN)
    version = VersionFactory(strategy=StrategyFactory(organisation=organisation))
    SectionFactory(version=version)
    version = strategy_services.version_transition(
        version=version, actor=comms, to_status=VersionStatus.CONSULTATION,
        consultation_deadline=consultation_deadline(),
    )
    comment = consultation_services.comment_create(
        version=version, actor=author, text="Skældsord skældsord."
    )
    consultation_services.comment_hide(comment=comment, actor=comms, reason="Krænkende.")

    assert hits(search(comms, "skældsord"), "comments") == []
    assert hits(search(author, "skældsord"), "comments") == []


def test_the_persons_own_obligations_are_found(organisation, member_of):
    leader = member_of(organisation, RoleLevel.LEADER)
    employee = member_of(organisation, RoleLevel.EMPLOYEE)
    version = VersionFactory(strategy=StrategyFactory(organisation=organisation))
    ResponsibilityItemFactory(
        responsibility__version=version, responsibility__role_level=RoleLevel.LEADER,
        text="Lederen orienterer medarbejderne om ændringer.",
    )
    mark_adopted(version)

    assert len(hits(search(leader, "orienterer"), "obligations")) == 1
    assert hits(search(employee, "orienterer"), "obligations") == []


def test_what_people_wrote_is_escaped_in_the_excerpt(organisation, member_of):
    employee = member_of(organisation, RoleLevel.EMPLOYEE)
    adopted_with(organisation, 'Vi svarer hurtigt <img src=x onerror="alert(1)"> & høfligt.')

    excerpt = hits(search(employee, "hurtigt"), "content")[0].excerpt

    # PostgreSQL's headline drops what looks like a tag, SQLite's keeps it escaped:
    # either way nothing but the marks is markup.
    assert "<mark>hurtigt</mark>" in excerpt
    assert "<" not in excerpt.replace("<mark>", "").replace("</mark>", "")
    assert "&amp;" in excerpt


def test_a_search_costs_the_same_queries_however_much_matches(organisation, member_of):
    employee = member_of(organisation, RoleLevel.EMPLOYEE)
    adopted_with(organisation, "Nyhedsbrevet udkommer hver måned.")
    search(employee, "nyhedsbrevet")  # the obligation index is built once per process
    with CaptureQueriesContext(connection) as one:
        search(employee, "nyhedsbrevet")
    for _ in range(8):
        adopted_with(organisation, "Nyhedsbrevet udkommer hver måned.")
    search(employee, "nyhedsbrevet")  # and again for the new adoptions
    with CaptureQueriesContext(connection) as nine:
        results = search(employee, "nyhedsbrevet")

    assert len(hits(results, "content")) == 9
    assert len(nine) == len(one)


def test_a_group_says_when_only_the_best_matches_are_shown(organisation, member_of):
    employee = member_of(organisation, RoleLevel.EMPLOYEE)
    version = VersionFactory(strategy=StrategyFactory(organisation=organisation))
    for n in range(21):
        SectionFactory(version=version, body=f"Afsnit {n} om sociale medier.")
    mark_adopted(version)

    content = next(g for g in search(employee, "medier").groups if g.key == "content")

    assert len(content.hits) == 20 and content.more


def test_a_too_short_search_says_so_in_the_persons_language(client, organisation, member_of):
    employee = member_of(organisation, RoleLevel.EMPLOYEE)
    employee.preferred_language = "da"
    employee.save()
    client.force_login(employee)

    response = client.get(reverse("search:search"), {"q": "a"})

    assert response.status_code == 200
    assert "Skriv mindst 2 tegn for at søge." in response.text


def test_searching_needs_a_sign_in(client):
    response = client.get(reverse("search:search"), {"q": "noget"})

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@postgres_only
def test_danish_words_are_found_in_their_other_forms(organisation, member_of):
    employee = member_of(organisation, RoleLevel.EMPLOYEE)
    adopted_with(organisation, "Kommunikationen med borgerne skal være åben.")

    assert len(hits(search(employee, "kommunikation"), "content")) == 1


@postgres_only
def test_a_swedish_policy_is_searched_with_swedish_stemming(member_of):
    flen = OrganisationFactory(country="SE", language="sv", slug="flen-test")
    employee = member_of(flen, RoleLevel.EMPLOYEE)
    adopted_with(flen, "Medarbetarna ansvarar för sin kommunikation.", language="sv")

    assert len(hits(search(employee, "medarbetare"), "content")) == 1
