"""Excerpts with the matched words marked, safe to show.

PostgreSQL marks its matches with two control characters (``START`` and ``STOP``,
which no text typed in a browser contains); the SQLite fallback marks the query's
words itself. Either way the text is escaped first and only then are the marks
turned into ``<mark>``, so nothing a person wrote is ever taken as HTML.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

START, STOP = "\x02", "\x03"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_WORD = re.compile(r"\w+", re.UNICODE)


def words(query: str) -> list[str]:
    """The query's words, for the fallback's matching and marking (quotes and operators
    of web search syntax dropped)."""
    return [w for w in _WORD.findall(query.casefold()) if w not in {"or", "and"}]


def marked(text: str) -> SafeString:
    """Text with START/STOP marks (from SearchHeadline or `mark_words`) as safe HTML."""
    escaped = escape(text)
    return mark_safe(escaped.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308


def mark_words(text: str, query_words: list[str], *, width: int = 240) -> str:
    """An excerpt of `text` around its first match of any query word, with every match
    marked (START/STOP), for databases without full-text search."""
    text = _CONTROL.sub("", text or "")
    if not query_words:
        return text[:width]
    pattern = re.compile("|".join(re.escape(w) for w in query_words), re.IGNORECASE)
    first = pattern.search(text)
    begin = 0 if first is None else max(0, first.start() - width // 3)
    excerpt = text[begin : begin + width]
    if begin:
        excerpt = "… " + excerpt.split(" ", 1)[-1]
    if begin + width < len(text):
        excerpt = excerpt.rsplit(" ", 1)[0] + " …"
    return pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", excerpt)


def clean_headline(text: str) -> str:
    """SearchHeadline's output with any control character but the marks removed."""
    return re.sub(r"[\x00\x01\x04-\x08\x0b\x0c\x0e-\x1f]", "", text or "")
