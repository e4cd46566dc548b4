"""The editor speaks to someone writing a policy: its hints give examples in the
reader's own language, its running texts preview their formatting."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from apps.organisations.models import RoleLevel
from apps.strategies.forms import CONTENT_TYPES, VersionForm, item_form_class
from tests.factories import VersionFactory

pytestmark = pytest.mark.django_db

# Names that only a Swedish or Norwegian municipality uses, and the transcription wording.
FOREIGN = {
    "da": ("Kommunledningen", "Etatsledere", "Kommunledning"),
    "sv": ("Direktionen", "Etatsledere"),
    "nb": ("Kommunledningen", "Direktionen"),
}
TRANSCRIBING = {
    "da": ("dokumentets ord", "dokumentet ikke"),
    "sv": ("dokumentets ord", "dokumentet inte"),
    "nb": ("dokumentets ord", "dokumentet ikke"),
    "en": ("document's words", "document does not", "document gives"),
}


def _editor_texts(version):
    texts = []
    for key in ("responsibility", "principle", "stakeholder", "platform", "action", "section"):
        form = item_form_class(key)(version=version, content_type=CONTENT_TYPES[key])
        texts += [str(f.label) for f in form.fields.values()]
        texts += [str(f.help_text) for f in form.fields.values()]
    form = VersionForm(instance=version)
    texts += [str(f.help_text) for f in form.fields.values()]
    return " ".join(texts)


@pytest.mark.parametrize("language", ["da", "sv", "nb", "en"])
def test_editor_hints_are_for_writing_not_transcribing(language):
    version = VersionFactory()
    with translation.override(language):
        texts = _editor_texts(version)

    assert [w for w in TRANSCRIBING[language] if w in texts] == []
    assert [w for w in FOREIGN.get(language, ()) if w in texts] == []


def test_danish_hint_gives_danish_examples_in_danish_quotes():
    version = VersionFactory()
    with translation.override("da"):
        texts = _editor_texts(version)

    assert "»Politikerne«, »Direktionen«" in texts


def test_running_texts_ask_for_a_preview_of_their_formatting(client, organisation, member_of):
    version = VersionFactory(strategy__organisation=organisation)
    client.force_login(member_of(organisation, RoleLevel.COMMUNICATIONS))

    html = client.get(reverse("strategies:version_edit", args=[version.pk])).text

    body = re.search(r'<textarea[^>]*id="id_section_new_body"[^>]*>', html)[0]
    assert f'hx-get="{reverse("strategies:markdown_preview")}"' in body
    assert 'id="id_section_new_body_preview"' in html


def test_preview_shows_the_text_formatted_and_escaped(client, organisation, member_of):
    client.force_login(member_of(organisation, RoleLevel.EMPLOYEE))

    response = client.get(
        reverse("strategies:markdown_preview"),
        {"body": "**Åben** og *nær*\n\n- ét\n- to\n\n<script>x</script>"},
    )

    assert response.status_code == 200
    assert "<strong>Åben</strong>" in response.text
    assert "<li>ét</li>" in response.text
    assert "<script>" not in response.text


def test_preview_is_for_signed_in_people_only(client, db):
    response = client.get(reverse("strategies:markdown_preview"), {"body": "x"})

    assert response.status_code == 302
