"""LIX as Björnsson defined it, and the sentences and words the advice flags.

Published values: lix.se's own analysis of the inUse blog, as inUse published it
(https://inuse.se/read/vet-du-vad-lix-ar-inuseful/): M = 580 sentences, O = 3784 words,
L = 1018 long words, LIX 33. Sprogvaskeriet's worked example
(https://sprogvaskeriet.dk/tjek-din-lix/): sentences of 20 words on average with 20 %
long words give LIX 40. The counting rules (words between spaces, long = more than six
letters, a full stop, colon, question or exclamation mark ends a sentence) are lix.se's
and dansksiderne.dk's; the short texts below are counted by hand under them.
"""

import pytest

from apps.klarsprog import lix


def test_lix_of_the_counts_lix_se_published_for_the_inuse_blog_is_33():
    assert lix.lix_from_counts(words=3784, sentences=580, long_words=1018) == 33


def test_sprogvaskeriets_example_of_20_words_a_sentence_and_20_percent_long_words_is_40():
    assert lix.lix_from_counts(words=100, sentences=5, long_words=20) == 40


def test_a_hand_counted_danish_text_has_its_lix():
    # 2 sentences, 12 words; long (7+ letters): "Kommunen", "skriver", "borgerne",
    # "hjemmesiden", "Facebook" = 5. LIX = 12/2 + 100*5/12 = 6 + 41.7 = 47.7, so 48.
    text = "Kommunen skriver til borgerne. Vi bruger hjemmesiden og Facebook hver eneste dag."
    result = lix.analyse(text)
    assert (result.words, result.sentences, result.long_words) == (12, 2, 5)
    assert result.lix == 48


def test_a_text_without_words_has_no_lix():
    assert lix.analyse("").lix is None
    assert lix.analyse("2026 – 2030").lix is None


@pytest.mark.parametrize(
    "text",
    [
        "Vi bruger f.eks. Facebook og Instagram til dialog med borgerne.",  # Danish
        "Vi bruger bl.a. Facebook og Instagram til dialog med borgerne.",
        "Vi använder t.ex. Facebook och Instagram för dialog med medborgarna.",  # Swedish
        "Vi bruker bl.a. Facebook og Instagram til dialog med innbyggerne.",  # Norwegian
        "Vi bruker t.d. Facebook og Instagram til dialog med innbyggjarane.",  # nynorsk
        "Kontakt os ca. kl. 10 på tlf. 4343 2121 om sagen.",
        "Politikken gælder fra 1. januar og revideres hvert år.",
    ],
)
def test_an_abbreviation_or_an_ordinal_does_not_end_the_sentence(text):
    assert lix.analyse(text).sentences == 1


@pytest.mark.parametrize(
    "text",
    [
        "Vi skriver breve, notater m.m. Det gør vi hver dag.",
        "Vi bruger web, sociale medier osv. Det gør vi hver dag.",
        "Vi använder webb, sociala medier etc. Det gör vi varje dag.",
        "Politikken blev vedtaget i 2012. Den revideres nu.",
    ],
)
def test_an_abbreviation_or_a_year_that_closes_a_sentence_ends_it(text):
    assert lix.analyse(text).sentences == 2


def test_each_paragraph_heading_and_list_item_is_a_sentence_of_its_own():
    text = "# Formål\n\nVi vil være åbne\n\n- Ét punkt\n- Et andet punkt\n"
    assert lix.analyse(text).sentences == 4


def test_markdown_links_and_emphasis_are_read_as_their_words():
    result = lix.analyse("Læs **mere** på [kommunens side](https://example.dk/en/meget/lang/adresse).")
    assert result.words == 5


def test_a_sentence_of_more_than_25_words_is_flagged_with_its_word_count():
    long_sentence = "Vi " + " ".join(["ord"] * 25) + "."
    result = lix.analyse(f"Kort sætning her. {long_sentence} Endnu en kort.")
    assert [s.words for s in result.long_sentences] == [26]
    assert result.has_advice


def test_a_sentence_of_exactly_25_words_is_not_flagged():
    result = lix.analyse(" ".join(["ord"] * 25) + ".")
    assert result.long_sentences == []
    assert not result.has_advice


def test_very_long_words_are_flagged_once_without_their_punctuation():
    result = lix.analyse(
        "Arbejdsmiljørepræsentanterne deltager. Vi spørger arbejdsmiljørepræsentanterne, "
        "og lederne svarer."
    )
    assert result.very_long_words == ["Arbejdsmiljørepræsentanterne"]


def test_lix_of_several_texts_together_counts_them_as_one():
    first, second = lix.analyse("Kort tekst her."), lix.analyse("Kommunikationen fungerer godt.")
    together = first + second
    assert (together.words, together.sentences, together.long_words) == (6, 2, 2)
