"""Whatever text a user writes, the Markdown renderer's output is safe and stable.

Property tests over arbitrary text and over HTML-ish text assembled from hostile
fragments: the output never holds a script, an event handler or a link to anything
but http(s) and mailto, and sanitising it once more changes nothing (so the
sanitiser's allow-list, not luck in the Markdown parser, is what keeps it safe).
"""

from html.parser import HTMLParser

from hypothesis import example, given, settings
from hypothesis import strategies as st

from apps.core.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render_markdown, sanitise_html

from .inert import SAFE_SCHEMES, url_scheme

FRAGMENTS = [
    "<script>alert(1)</script>",
    "<script",
    "</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=x>",
    '<a href="javascript:alert(1)">x</a>',
    "<a href='javascript:alert(1)'>",
    "onerror=",
    'onclick="alert(1)"',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "![i](javascript:alert(1))",
    "[r]: javascript:alert(1)",
    "[x][r]",
    "<javascript:alert(1)>",
    "<data:text/html,x>",
    '<https://example.org/"onmouseover="alert(1)>',
    "<mailto:a@example.org>",
    "[ok](https://example.org)",
    "[m](mailto:a@example.org)",
    '[x](https://e.org "t")',
    "<style>*{}</style>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<math>",
    "<base href=x>",
    "&lt;script&gt;",
    "&#60;script&#62;",
    "&",
    "&amp;",
    "<",
    ">",
    '"',
    "'",
    "`",
    "```",
    "*",
    "**",
    "_",
    "__",
    "[",
    "]",
    "(",
    ")",
    "\\",
    "- ",
    "1. ",
    "> ",
    "    ",
    "\n",
    "\n\n",
    "  \n",
    "\r",
    "\r\n",
    "\t",
    "\x00",
    "\x0b",
    "\x0c",
    "\x1b",
    "\u202e",
    "\u2028",
    "\ufeff",
    "\u200b",
    "javascript:",
    "data:",
    "http://",
    "https://",
    "{{",
    "}}",
    "{%",
    "%}",
]

hostile_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=24
).map("".join)
any_text = st.one_of(st.text(), hostile_text)

GENERIC_ATTRIBUTES = {"title", "lang"}


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def elements(html: str) -> list[tuple[str, dict]]:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.elements


@settings(max_examples=200, deadline=None)
@given(any_text)
@example("<script>alert(1)</script>")
@example("[x](javascript:alert(1))")
@example('<a href="https://example.org" onclick="alert(1)">x</a>')
def test_rendered_markdown_is_unchanged_by_sanitising_it_again(text):
    html = render_markdown(text)

    assert sanitise_html(html) == html


@settings(max_examples=200, deadline=None)
@given(any_text)
@example('<img src=x onerror=alert(1)><svg onload="alert(1)">')
@example("<javascript:alert(1)>")
def test_rendered_markdown_holds_no_script_and_no_event_handler(text):
    html = render_markdown(text)

    assert "<script" not in html.lower()
    assert [
        (tag, name) for tag, attrs in elements(html) for name in attrs if name.startswith("on")
    ] == []


@settings(max_examples=200, deadline=None)
@given(any_text)
@example("[x](JaVaScRiPt:alert(1)) [y](data:text/html,x) <vbscript:x>")
@example("[x](java\tscript:alert(1))")
def test_rendered_markdown_links_only_to_the_web_mail_or_this_site(text):
    html = render_markdown(text)

    hrefs = [attrs.get("href") or "" for tag, attrs in elements(html) if tag == "a"]
    # A link without a scheme stays on this site (or, as //host, on the web).
    assert [href for href in hrefs if url_scheme(href) not in {None, *SAFE_SCHEMES}] == []


@settings(max_examples=200, deadline=None)
@given(any_text)
def test_rendered_markdown_uses_only_the_allowed_tags_and_attributes(text):
    found = elements(render_markdown(text))

    assert {tag for tag, _attrs in found} <= ALLOWED_TAGS
    # Besides the allow-list: the rel nh3 puts on links, and ammonia's generic title and
    # lang (Markdown writes a link's title), which hold text and run nothing.
    assert {
        (tag, name)
        for tag, attrs in found
        for name in attrs
        if name not in {*ALLOWED_ATTRIBUTES.get(tag, set()), *GENERIC_ATTRIBUTES}
        and (tag, name) != ("a", "rel")
    } == set()
