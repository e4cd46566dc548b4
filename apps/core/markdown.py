"""The small, safe Markdown subset users may write in any text field.

User text is parsed as CommonMark with raw HTML switched off, then the result is
sanitised with nh3 against an allow-list, so whatever is typed ends up inert.
"""

import re
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

import nh3
from django.conf import settings
from markdown_it import MarkdownIt

_parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable(
    ["image", "html_block", "html_inline", "heading", "lheading", "code", "fence", "hr", "table"],
    ignoreInvalid=True,
)

ALLOWED_TAGS = {"p", "br", "em", "strong", "ul", "ol", "li", "a", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = {"https", "http", "mailto"}


def sanitise_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
        attribute_filter=_only_absolute_links,
    )


def _only_absolute_links(element: str, attribute: str, value: str) -> str | None:
    """A link reaches a page or a PDF only as an absolute http(s) or mailto URL. A
    scheme-relative one ("//host/p") would take the page's scheme to any host, so it goes;
    a relative one ("/strategies/3") is made absolute to the installation's own URL
    (KOMPAS_BASE_URL), or goes when none is set (a PDF has no page to be relative to)."""
    if element != "a" or attribute != "href":
        return value
    href = value.strip()
    scheme = urlsplit(href).scheme.lower()
    if scheme in ALLOWED_URL_SCHEMES:
        return href if scheme == "mailto" or urlsplit(href).netloc else None
    if scheme or href.startswith(("//", "\\", "/\\", "\\/")):
        return None
    base = settings.KOMPAS_BASE_URL
    return urljoin(base.rstrip("/") + "/", href) if base else None


# Rendering is a pure function of the text, and the same texts (an adopted version's
# principles, rules and chapters, which never change) are shown on every page view:
# each process keeps the last few thousand, up to 10,000 characters each (at most some
# tens of MB); longer texts are rendered every time.
CACHED_TEXTS = 4096
CACHED_MAX_CHARS = 10_000


def render_markdown(text: str) -> str:
    if not text:
        return ""
    if len(text) <= CACHED_MAX_CHARS:
        return _render_cached(text)
    return _render(text)


# Bullets as Word and web pages paste them: "•⇥text", "– text", "▪ text", "o⇥text",
# "1.⇥text"; several may come on one line, separated by tabs.
_PASTED_BULLET = re.compile(r"^[ \t]*(?:[•\u2022▪▫◦●■□·➢✓–—]|o(?=\t)|-(?=\t))[ \t]+(?=\S)")
_PASTED_NUMBER = re.compile(r"^[ \t]*(\d{1,3})[.)]\t+(?=\S)")
_BULLETS_IN_LINE = re.compile(r"\t+[•\u2022▪◦●■·–][ \t]+")


def pasted_lists_as_markdown(text: str) -> str:
    """Turn pasted bullets into Markdown list items, so they stay a list on the web and
    in the PDF. Only the start of lines is touched; everything else is left as typed."""
    if not any(mark in text for mark in "•\u2022▪▫◦●■□·➢✓–—\t"):
        return text
    lines = []
    for line in text.split("\n"):
        bullet = _PASTED_BULLET.match(line)
        number = _PASTED_NUMBER.match(line)
        if bullet:
            items = _BULLETS_IN_LINE.split(line[bullet.end():])
            if lines and lines[-1].strip() and not _is_item(lines[-1]):
                lines.append("")
            lines.extend(f"- {item.strip()}" for item in items if item.strip())
        elif number:
            if lines and lines[-1].strip() and not _is_item(lines[-1]):
                lines.append("")
            lines.append(f"{number.group(1)}. {line[number.end():].strip()}")
        else:
            lines.append(line)
    return "\n".join(lines)


def _is_item(line: str) -> bool:
    return bool(re.match(r"^(- |\d{1,3}\. )", line))


def _render(text: str) -> str:
    return sanitise_html(_parser.render(pasted_lists_as_markdown(text)))


_render_cached = lru_cache(maxsize=CACHED_TEXTS)(_render)
