"""What a content language means to the machinery around the text.

Content stays in the language it was written in (a version's `language`, by default its
organisation's). Full-text search has to stem it with the rules of that language;
PostgreSQL ships Snowball configurations for Danish, Swedish, Norwegian and English but
none for nynorsk, and its Norwegian stemmer (bokmål-based) also takes nynorsk endings
such as -ane, -ar and -ene off, so nynorsk text is searched as Norwegian.
"""

SEARCH_CONFIGURATIONS = {
    "da": "danish",
    "sv": "swedish",
    "nb": "norwegian",
    "nn": "norwegian",
    "en": "english",
}
# PostgreSQL's configuration without stemming, for a language it has no rules for.
UNSTEMMED = "simple"


def search_configuration(language: str) -> str:
    """The PostgreSQL text search configuration for content in `language`."""
    return SEARCH_CONFIGURATIONS.get(language, UNSTEMMED)
