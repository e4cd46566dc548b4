import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from apps.organisations.models import RoleLevel
from apps.strategies import services
from apps.strategies.compare import (
    ADDED,
    CHANGED,
    REMOVED,
    UNCHANGED,
    compare_versions,
    word_diff,
)
from apps.strategies.models import (
    MunicipalityRole,
    Platform,
    PlatformRoleUse,
    ResponsibilityItem,
    Section,
    VersionStatus,
)
from tests.factories import (
    ResponsibilityFactory,
    ResponsibilityItemFactory,
    SectionFactory,
    StrategyFactory,
    UserFactory,
    VersionFactory,
    mark_adopted,
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
def adopted(organisation):
    version = VersionFactory(strategy=StrategyFactory(organisation=organisation), number=1)
    SectionFactory(version=version, heading="Formål",
                   body="Vi kommunikerer åbent og ærligt med borgerne.")
    SectionFactory(version=version, heading="Baggrund", body="Strategien bygger på politikken.")
    SectionFactory(version=version, heading="Gammelt afsnit", body="Dette afsnit udgår.")
    leaders = ResponsibilityFactory(version=version, label="Lederne", heading="Overblik")
    ResponsibilityItemFactory(responsibility=leaders, text="Lederen informerer medarbejderne.")
    ResponsibilityItemFactory(responsibility=leaders, text="Lederen holder møde hver uge.")
    return mark_adopted(version)


@pytest.fixture
def draft(adopted, comms):
    """A new draft of the adopted version, edited as a person would."""
    draft = services.version_new_draft(source=adopted, actor=comms)
    services.content_item_save(
        version=draft, actor=comms, model=Section, instance=draft.sections.get(heading="Formål"),
        data={"body": "Vi kommunikerer åbent og hurtigt med borgerne."},
    )
    services.content_item_delete(
        version=draft, actor=comms, instance=draft.sections.get(heading="Gammelt afsnit")
    )
    services.content_item_save(
        version=draft, actor=comms, model=Section,
        data={"kind": "text", "heading": "Nyt afsnit", "body": "Helt ny tekst."},
    )
    services.content_item_save(
        version=draft, actor=comms, model=ResponsibilityItem,
        instance=draft.responsibility_items.get(text="Lederen holder møde hver uge."),
        data={"text": "Lederen holder møde hver anden uge."},
    )
    return draft


def _diff_of(diffs, model):
    return next(diff for diff in diffs if diff.model is model)


def _statuses(diff):
    return {item.label: item.status for item in diff.items}


def test_sections_are_added_removed_changed_or_unchanged(adopted, draft):
    sections = _diff_of(compare_versions(adopted, draft), Section)

    assert _statuses(sections) == {
        "Formål": CHANGED, "Baggrund": UNCHANGED, "Gammelt afsnit": REMOVED, "Nyt afsnit": ADDED,
    }
    assert (sections.added, sections.removed, sections.changed, sections.unchanged) == (1, 1, 1, 1)


def test_changed_text_is_highlighted_word_by_word(adopted, draft):
    sections = _diff_of(compare_versions(adopted, draft), Section)
    purpose = next(item for item in sections.items if item.label == "Formål")

    body = next(field.html for field in purpose.fields if field.changed)

    assert body == (
        "Vi kommunikerer åbent og "
        '<del class="kompas-diff-removed"><span class="sr-only">Removed: </span>ærligt</del>'
        '<ins class="kompas-diff-added"><span class="sr-only">Added: </span>hurtigt</ins>'
        " med borgerne."
    )


def test_duties_are_matched_within_their_responsibility(adopted, draft):
    duties = _diff_of(compare_versions(adopted, draft), ResponsibilityItem)

    assert [(item.context, item.status) for item in duties.items] == [
        ("Lederne: Overblik", UNCHANGED), ("Lederne: Overblik", CHANGED),
    ]


def test_section_with_a_new_heading_is_matched_by_its_text(adopted, comms):
    draft = services.version_new_draft(source=adopted, actor=comms)
    services.content_item_save(
        version=draft, actor=comms, model=Section, instance=draft.sections.get(heading="Baggrund"),
        data={"heading": "Baggrunden"},
    )

    sections = _diff_of(compare_versions(adopted, draft), Section)

    assert _statuses(sections)["Baggrunden"] == CHANGED
    assert "Baggrund" not in _statuses(sections)


def test_moved_section_is_marked_as_moved_not_changed(adopted, comms):
    draft = services.version_new_draft(source=adopted, actor=comms)
    services.content_item_move(version=draft, actor=comms,
                               instance=draft.sections.get(heading="Gammelt afsnit"), direction=-1)

    sections = _diff_of(compare_versions(adopted, draft), Section)

    assert [(item.label, item.status, item.moved) for item in sections.changes] == [
        ("Gammelt afsnit", UNCHANGED, True),
    ]


def test_user_text_is_escaped_in_diffs():
    html = word_diff("<script>alert(1)</script> & tekst", "<script>alert(2)</script> & tekst")

    assert "<script>" not in html
    assert "&lt;script&gt;alert(" in html
    assert "&amp; tekst" in html


def test_platform_used_by_a_role_is_shown_as_platform_and_role(organisation, comms):
    version = VersionFactory(strategy=StrategyFactory(organisation=organisation))
    web = Platform.objects.create(version=version, name="Hjemmeside")
    role = MunicipalityRole.objects.create(version=version, kind="authority", name="Myndighed")
    PlatformRoleUse.objects.create(version=version, platform=web, municipality_role=role)
    mark_adopted(version)
    draft = services.version_new_draft(source=version, actor=comms)
    services.content_item_delete(version=draft, actor=comms,
                                 instance=draft.platform_role_uses.get())

    uses = _diff_of(compare_versions(version, draft), PlatformRoleUse)

    assert _statuses(uses) == {"Hjemmeside – Myndighed": REMOVED}


def test_identical_versions_have_no_changes(adopted, comms):
    copy = services.version_new_draft(source=adopted, actor=comms)

    assert not any(diff.has_changes for diff in compare_versions(adopted, copy))


def _fill(version, n):
    SectionFactory.create_batch(n, version=version, body="Et afsnit med lidt tekst.")
    for _ in range(n):
        ResponsibilityItemFactory.create_batch(2, responsibility__version=version)


def test_comparison_query_count_does_not_grow_with_content(organisation, comms):
    small = VersionFactory(strategy=StrategyFactory(organisation=organisation))
    large = VersionFactory(strategy=StrategyFactory(organisation=organisation))
    _fill(small, 2)
    _fill(large, 20)
    small_draft = services.version_new_draft(source=mark_adopted(small), actor=comms)
    large_draft = services.version_new_draft(source=mark_adopted(large), actor=comms)

    with CaptureQueriesContext(connection) as few:
        compare_versions(small, small_draft)
    with CaptureQueriesContext(connection) as many:
        compare_versions(large, large_draft)

    assert len(many) == len(few)


# --- Pages --------------------------------------------------------------------


def _versions_url(a, b):
    return reverse("compare:versions", args=[a.pk, b.pk])


def test_compare_page_shows_changes_with_ins_and_del(client, adopted, draft, comms):
    client.force_login(comms)

    response = client.get(_versions_url(adopted, draft))

    assert response.status_code == 200
    assert '<ins class="kompas-diff-added"><span class="sr-only">Added: </span>hurtigt</ins>' in (
        response.text
    )
    assert '<a href="#changes-section">Sections</a>' in response.text
    assert "How changes are shown" in response.text


def test_compare_page_escapes_user_text(client, organisation, comms):
    version = VersionFactory(strategy=StrategyFactory(organisation=organisation))
    SectionFactory(version=version, heading="Formål", body="Gammel <script>x()</script> tekst")
    mark_adopted(version)
    draft = services.version_new_draft(source=version, actor=comms)
    services.content_item_save(version=draft, actor=comms, model=Section,
                               instance=draft.sections.get(),
                               data={"body": "Ny <script>y()</script> tekst"})
    client.force_login(comms)

    response = client.get(_versions_url(version, draft))

    assert "<script>x()" not in response.text
    assert "<script>y()" not in response.text
    assert "&lt;script&gt;" in response.text


def test_draft_is_compared_with_the_adopted_version(client, adopted, draft, comms):
    client.force_login(comms)

    response = client.get(reverse("compare:with_adopted", args=[draft.pk]))

    assert (response.context["base"], response.context["version"]) == (adopted, draft)


def test_adopted_version_is_compared_with_the_version_it_superseded(client, adopted, draft,
                                                                    comms):
    services.version_transition(version=draft, actor=comms, to_status=VersionStatus.PROPOSED)
    services.version_transition(
        version=draft, actor=comms, to_status=VersionStatus.ADOPTED,
        decided_on=datetime.date(2025, 3, 27), decided_by="Byrådet", case_reference="25/1",
    )
    client.force_login(comms)

    response = client.get(reverse("compare:with_adopted", args=[draft.pk]))

    assert (response.context["base"], response.context["version"]) == (adopted, draft)


def test_without_an_adopted_version_the_page_says_so(client, organisation, comms):
    draft = VersionFactory(strategy=StrategyFactory(organisation=organisation))
    client.force_login(comms)

    response = client.get(reverse("compare:with_adopted", args=[draft.pk]))

    assert response.status_code == 200
    assert "has no adopted version yet" in response.text


def test_first_adopted_version_has_nothing_to_compare_with(client, adopted, comms):
    client.force_login(comms)

    response = client.get(reverse("compare:with_adopted", args=[adopted.pk]))

    assert "no earlier version was adopted" in response.text


def test_versions_of_two_strategies_are_not_compared(client, adopted, organisation, comms):
    other = mark_adopted(VersionFactory(strategy=StrategyFactory(organisation=organisation)))
    client.force_login(comms)

    assert client.get(_versions_url(adopted, other)).status_code == 404
    assert client.get(reverse("compare:pick"), {"a": adopted.pk, "b": other.pk}).status_code == 404


def test_versions_of_another_organisation_are_not_found(client, adopted, draft,
                                                        other_organisation, member_of):
    client.force_login(member_of(other_organisation, RoleLevel.COMMUNICATIONS))

    assert client.get(_versions_url(adopted, draft)).status_code == 404
    assert client.get(reverse("compare:with_adopted", args=[adopted.pk])).status_code == 404


def test_employee_cannot_compare_with_a_draft_they_may_not_see(client, adopted, draft,
                                                               organisation, member_of):
    client.force_login(member_of(organisation, RoleLevel.EMPLOYEE))

    assert client.get(_versions_url(adopted, draft)).status_code == 404
    assert client.get(reverse("compare:with_adopted", args=[draft.pk])).status_code == 404


def test_picker_leads_to_the_comparison(client, adopted, draft, comms):
    client.force_login(comms)

    response = client.get(reverse("compare:pick"), {"a": draft.pk, "b": adopted.pk})

    assert response.status_code == 302
    assert response.url == _versions_url(draft, adopted)


def test_compare_page_query_count_does_not_grow_with_content(client, organisation, comms):
    small = VersionFactory(strategy=StrategyFactory(organisation=organisation))
    large = VersionFactory(strategy=StrategyFactory(organisation=organisation))
    _fill(small, 2)
    _fill(large, 20)
    small_draft = services.version_new_draft(source=mark_adopted(small), actor=comms)
    large_draft = services.version_new_draft(source=mark_adopted(large), actor=comms)
    services.content_item_save(version=small_draft, actor=comms, model=Section,
                               instance=small_draft.sections.first(), data={"body": "Ændret."})
    for section in large_draft.sections.all()[:10]:
        services.content_item_save(version=large_draft, actor=comms, model=Section,
                                   instance=section, data={"body": "Ændret."})
    client.force_login(comms)
    client.get(_versions_url(small, small_draft))

    with CaptureQueriesContext(connection) as few:
        client.get(_versions_url(small, small_draft))
    with CaptureQueriesContext(connection) as many:
        client.get(_versions_url(large, large_draft))

    assert len(many) == len(few)
