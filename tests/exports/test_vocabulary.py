"""The document words exist in every language a version can be printed in."""

import pytest
from django.conf import settings

from apps.exports import vocabulary
from apps.strategies import models as sm

LANGUAGES = [code for code, _name in settings.LANGUAGES]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_document_language_has_every_word(language):
    assert set(vocabulary.words(language)) == set(vocabulary.words("da"))
    assert all(vocabulary.words(language).values())


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("field", "choices"),
    [
        ("status", sm.VersionStatus),
        ("audience", sm.Audience),
        ("goal_kind", sm.GoalKind),
        ("action_status", sm.ActionStatus),
        ("relation", sm.DocumentRelation),
    ],
)
def test_every_choice_of_the_model_has_a_word_in_every_language(language, field, choices):
    for value in choices.values:
        assert vocabulary.choice_label(language, field, value) != value
