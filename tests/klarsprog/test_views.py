"""The advice where people write and read: live under the text as it is typed, per section
in the editor, and as a summary on the version's page. Advice never blocks a save."""

import pytest
from django.urls import reverse

from apps.organisations.models import RoleLevel
from apps.strategies.models import Section
from tests.factories import SectionFactory, VersionFactory

pytestmark = pytest.mark.django_db

LONG = "Vi " + " ".join(["skriver"] * 30) + "."


@pytest.fixture
def writer(client, organisation, member_of):
    client.force_login(member_of(organisation, RoleLevel.COMMUNICATIONS))
    return client


def test_the_live_advice_gives_lix_and_flags_a_long_sentence(writer):
    response = writer.post(
        reverse("klarsprog:advice"),
        {"klarsprog_field": "body", "body": f"Kort sætning. {LONG}"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "LIX" in text
    assert "1 sentence has more than 25 words" in text
    assert "“Vi skriver skriver" in text


def test_the_live_advice_without_the_named_field_is_a_bad_request(writer):
    response = writer.post(reverse("klarsprog:advice"), {"klarsprog_field": "body"})
    assert response.status_code == 400


def test_the_live_advice_needs_a_signed_in_person(client):
    response = client.post(reverse("klarsprog:advice"), {"klarsprog_field": "b", "b": "Tekst."})
    assert response.status_code == 302


def test_a_section_form_posts_its_text_for_advice_as_the_person_types(writer, organisation):
    draft = VersionFactory(strategy__organisation=organisation)
    section = SectionFactory(version=draft, body=LONG)
    response = writer.get(reverse("strategies:item_edit", args=[draft.pk, "section", section.pk]))
    html = response.content.decode()
    assert f'hx-post="{reverse("klarsprog:advice")}"' in html
    assert "input changed delay:" in html
    # The advice for the saved text is there without JavaScript.
    assert "1 sentence has more than 25 words" in html


def test_a_long_sentence_is_saved_all_the_same(writer, organisation):
    draft = VersionFactory(strategy__organisation=organisation)
    response = writer.post(
        reverse("strategies:item_add", args=[draft.pk, "section"]),
        {"kind": "purpose", "heading": "Formål", "level": 1, "body": LONG},
    )
    assert response.status_code == 302
    assert Section.objects.get(version=draft).body == LONG


def test_the_editor_shows_lix_per_section_and_for_the_whole_draft(writer, organisation):
    draft = VersionFactory(strategy__organisation=organisation)
    first = SectionFactory(version=draft, body="Kort tekst her.")
    SectionFactory(version=draft, body=LONG)
    html = writer.get(reverse("strategies:version_edit", args=[draft.pk])).content.decode()
    assert f'id="lix-section-{first.pk}"' in html
    assert "The text of the sections as a whole has LIX" in html


def test_the_version_page_shows_the_readability_summary(writer, organisation):
    draft = VersionFactory(strategy__organisation=organisation)
    SectionFactory(version=draft, heading="Formål", body=LONG)
    html = writer.get(reverse("strategies:version_detail", args=[draft.pk])).content.decode()
    assert "Readability (LIX)" in html
    assert "1 sentence has more than 25 words." in html


def test_a_version_without_text_shows_no_readability(writer, organisation):
    draft = VersionFactory(strategy__organisation=organisation)
    html = writer.get(reverse("strategies:version_detail", args=[draft.pk])).content.decode()
    assert "Readability (LIX)" not in html
