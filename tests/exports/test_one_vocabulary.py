"""One word per concept per language: the PDF's words (apps/exports/vocabulary.py) are
the interface's for the same concept, so a reader meets the same term on the web and
on paper. Same concept = the same English word, in the vocabulary and as a msgid."""

from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from apps.consultations.models import Outcome
from apps.exports import vocabulary
from apps.strategies import models as sm
from apps.strategies.parts import GOAL_KIND_HEADINGS
from tests.core.test_translations import read_po

LANGUAGES = ["da", "sv", "nb", "nn"]
ENGLISH = vocabulary.words("en")


def _catalogue(language):
    path = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
    return {e["msgid"]: e["msgstr"][0] for e in read_po(path) if "msgctxt" not in e}


def _shared_concepts():
    """Vocabulary keys whose English word the interface also says (as a msgid)."""
    interface = _catalogue("da")
    return [key for key, word in ENGLISH.items() if word in interface]


@pytest.mark.parametrize("language", LANGUAGES)
def test_pdf_and_interface_use_one_word_for_each_shared_concept(language):
    interface = _catalogue(language)
    words = vocabulary.words(language)

    different = {
        key: (interface[ENGLISH[key]], words[key])
        for key in _shared_concepts()
        if interface[ENGLISH[key]] != words[key]
    }

    assert different == {}


def test_the_comparison_covers_the_parts_of_a_document():
    shared = set(_shared_concepts())

    assert len(shared) >= 40
    assert {"focus_areas", "outcome", "goals", "audiences", "values", "principles"} <= shared


CHOICES = {
    "status": sm.VersionStatus.choices,
    "audience": sm.Audience.choices,
    "action_status": sm.ActionStatus.choices,
    "relation": sm.DocumentRelation.choices,
    "outcome": Outcome.choices,
    # Goals are grouped under a plural heading on the web and in the PDF alike.
    "goal_kind": list(GOAL_KIND_HEADINGS.items()),
}


@pytest.mark.parametrize("language", [*LANGUAGES, "en"])
@pytest.mark.parametrize("field", list(CHOICES))
def test_pdf_and_interface_name_each_choice_alike(language, field):
    with translation.override(language):
        web = {value: str(label) for value, label in CHOICES[field]}
    printed = {value: vocabulary.choice_label(language, field, value) for value in web}

    assert printed == web
