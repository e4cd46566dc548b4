"""The advice as a page shows it: LIX with its band's words, long sentences, very long words."""

from django.utils.translation import gettext_lazy as _

from . import lix

BANDS = {
    "very_easy": _("very easy to read"),
    "easy": _("easy to read"),
    "medium": _("of medium difficulty"),
    "hard": _("hard to read"),
    "very_hard": _("very hard to read"),
}

# How much of a long sentence the advice quotes.
QUOTE_WORDS = 12


def summary(readability: lix.Readability) -> dict:
    return {
        "lix": readability.lix,
        "band": readability.band,
        "band_label": BANDS.get(readability.band, ""),
        "words": readability.words,
        "sentences": readability.sentences,
        "long_sentences": [
            {
                "words": sentence.words,
                "start": " ".join(sentence.text.split()[:QUOTE_WORDS]),
                "cut": sentence.words > QUOTE_WORDS,
            }
            for sentence in readability.long_sentences
        ],
        "very_long_words": readability.very_long_words,
        "long_sentence_words": lix.LONG_SENTENCE_WORDS,
        "very_long_word_letters": lix.VERY_LONG_WORD_LETTERS,
    }


def for_text(text: str) -> dict:
    return summary(lix.analyse(text))


def for_version(version) -> dict:
    """LIX of each section and of the version's whole running text (its sections)."""
    rows, total = [], lix.Readability()
    for section in version.sections.order_by("position", "pk"):
        readability = lix.analyse(section.body)
        total = total + readability
        if readability.words:
            rows.append({"section": section, **summary(readability)})
    return {"sections": rows, "whole": summary(total)}
