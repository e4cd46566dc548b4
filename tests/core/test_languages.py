"""Each content language has its full-text search configuration; nynorsk uses
PostgreSQL's Norwegian one, which stems nynorsk endings too."""

import pytest
from django.conf import settings
from django.db import connection
from django.utils import formats

from apps.core.languages import UNSTEMMED, search_configuration


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_interface_language_has_a_stemming_search_configuration(language):
    assert search_configuration(language) != UNSTEMMED


def test_nynorsk_is_searched_as_norwegian_and_an_unknown_language_unstemmed():
    assert search_configuration("nn") == search_configuration("nb") == "norwegian"
    assert search_configuration("fo") == UNSTEMMED


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="text search is PostgreSQL's")
@pytest.mark.parametrize(
    ("text", "query"),
    [("Kommunane svarar innbyggjarane", "kommunen"), ("Leiarane informerer", "leiar")],
)
def test_postgresql_finds_a_nynorsk_word_in_another_form(text, query):
    config = search_configuration("nn")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_tsvector(%s::regconfig, %s) @@ plainto_tsquery(%s::regconfig, %s)",
            [config, text, config, query],
        )
        [found] = cursor.fetchone()

    assert found


@pytest.mark.parametrize(
    "name",
    ["DATE_FORMAT", "SHORT_DATE_FORMAT", "DATETIME_FORMAT", "DECIMAL_SEPARATOR",
     "THOUSAND_SEPARATOR", "FIRST_DAY_OF_WEEK"],
)
def test_nynorsk_dates_and_numbers_are_written_as_in_bokmal(name):
    assert formats.get_format(name, lang="nn") == formats.get_format(name, lang="nb")
