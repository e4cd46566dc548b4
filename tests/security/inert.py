"""What "rendered inert" means, checked on what a browser or a PDF viewer gets.

A page is inert when the only scripts on it are our own static files carrying the
response's CSP nonce, no element has an event handler or an htmx attribute that runs
code, every URL in an attribute is relative or http(s)/mailto, and the markup user
text could smuggle in (SVG, frames, objects, images, styles, base) does not occur
beyond our own icons and charts. A PDF is inert when it holds no action that runs
code, launches, submits or embeds anything, and every link is http(s) or mailto.
"""

import io
import re
from html.parser import HTMLParser

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

# Elements our pages never use, so any of them came from somewhere it should not have.
FORBIDDEN_ELEMENTS = frozenset(
    {
        "applet",
        "audio",
        "base",
        "embed",
        "foreignobject",
        "frame",
        "frameset",
        "iframe",
        "image",
        "img",
        "math",
        "object",
        "picture",
        "portal",
        "source",
        "style",
        "template",
        "track",
        "video",
    }
)
# Our own inline SVG: the DKFDS icon sprite and the dashboard bar charts, and what they hold.
OWN_SVG_CLASSES = frozenset(
    {"icon-svg", "kompas-chart-svg", "kompas-legend-swatch", "kompas-wheel-svg"}
)
# The annual wheel draws its months as paths and its counts in circles.
SVG_CHILDREN = frozenset({"use", "title", "desc", "g", "text", "rect", "path", "circle"})
URL_ATTRIBUTES = frozenset(
    {
        "action",
        "archive",
        "background",
        "cite",
        "codebase",
        "data",
        "dynsrc",
        "formaction",
        "href",
        "hx-delete",
        "hx-get",
        "hx-patch",
        "hx-post",
        "hx-put",
        "icon",
        "longdesc",
        "lowsrc",
        "manifest",
        "ping",
        "poster",
        "src",
        "srcset",
        "xlink:href",
    }
)
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
# htmx attributes whose value may be evaluated as JavaScript.
HTMX_CODE_ATTRIBUTES = frozenset({"hx-vals", "hx-vars", "hx-headers", "hx-request"})
HTMX_CONFIG = '{"includeIndicatorStyles": false}'

_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
# Browsers drop ASCII whitespace and control characters anywhere in a URL before they
# look at its scheme ("java\tscript:" is "javascript:").
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")


def url_scheme(value: str) -> str | None:
    match = _SCHEME.match(_IGNORED_IN_URL.sub("", value).lower())
    return match.group(1) if match else None


class _Inspector(HTMLParser):
    def __init__(self, nonce: str):
        super().__init__(convert_charrefs=True)
        self.nonce = nonce
        self.problems: list[str] = []
        self.svg_depth = 0
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        self._element(tag, attrs)
        if tag == "svg":
            self.svg_depth += 1
        self.in_script = tag == "script"

    def handle_startendtag(self, tag, attrs):
        self._element(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "svg" and self.svg_depth:
            self.svg_depth -= 1
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script and data.strip():
            self.problems.append(f"inline script: {data[:80]!r}")

    def _element(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        where = f"<{tag} {' '.join(f'{k}={v!r}' for k, v in attrs)[:160]}>"
        if tag in FORBIDDEN_ELEMENTS:
            self.problems.append(f"forbidden element {where}")
        if self.svg_depth and tag not in SVG_CHILDREN:
            self.problems.append(f"unexpected element inside our SVG {where}")
        if tag == "svg" and not OWN_SVG_CLASSES & set(values.get("class", "").split()):
            self.problems.append(f"SVG that is not ours {where}")
        if tag == "script" and not (
            values.get("src", "").startswith("/static/")
            and values.get("nonce") == self.nonce
            and set(values) <= {"src", "nonce", "defer"}
        ):
            self.problems.append(f"script that is not our nonce'd static file {where}")
        if tag == "link" and not (
            values.get("rel") == "stylesheet" and _is_own_path(values.get("href", ""))
        ):
            self.problems.append(f"unexpected link {where}")
        if tag == "meta" and not _is_own_meta(values):
            self.problems.append(f"unexpected meta {where}")
        for name, value in values.items():
            self._attribute(name, value, where)

    def _attribute(self, name, value, where):
        bare = name.removeprefix("data-")
        if name.startswith("on") or bare.startswith("hx-on"):
            self.problems.append(f"event handler {name} in {where}")
        elif name in ("srcdoc", "style"):
            self.problems.append(f"attribute {name} in {where}")
        elif bare in HTMX_CODE_ATTRIBUTES and url_scheme(value) in ("js", "javascript"):
            self.problems.append(f"htmx code in {name} of {where}")
        elif bare in URL_ATTRIBUTES:
            scheme = url_scheme(value)
            if scheme is not None and scheme not in SAFE_SCHEMES:
                self.problems.append(f"{scheme}: URL in {name} of {where}")


def _is_own_path(url: str) -> bool:
    return url.startswith("/") and not url.startswith("//")


def _is_own_meta(values: dict) -> bool:
    if set(values) == {"charset"}:
        return True
    if values.get("name") == "viewport":
        return True
    if values.get("name") == "htmx-config":
        return values.get("content") == HTMX_CONFIG
    if values.get("http-equiv", "").lower() == "refresh":
        # A plain reload after some seconds; a refresh to a URL is a redirect.
        return values.get("content", "").isdigit()
    return False


def csp_nonce(response) -> str:
    policy = response.headers["Content-Security-Policy"]
    return policy.split("'nonce-")[1].split("'")[0]


def page_problems(response) -> list[str]:
    """Everything on an HTML response that a browser could run, or that leads to code."""
    inspector = _Inspector(csp_nonce(response))
    inspector.feed(response.content.decode(response.charset or "utf-8"))
    inspector.close()
    return inspector.problems


# --- PDF -------------------------------------------------------------------------

# Keys and action types that run code, launch programs, submit or pull in data, play
# media, or open other files. A static document needs none of them.
ACTIVE_PDF_NAMES = frozenset(
    {
        "/AA",
        "/AcroForm",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/GoToE",
        "/GoToR",
        "/Hide",
        "/ImportData",
        "/JS",
        "/JavaScript",
        "/Launch",
        "/Movie",
        "/OpenAction",
        "/RichMedia",
        "/Rendition",
        "/ResetForm",
        "/SetOCGState",
        "/Sound",
        "/SubmitForm",
        "/XFA",
    }
)


ARCHIVAL_ATTACHMENT_NAMES = frozenset({"/EmbeddedFile", "/EmbeddedFiles"})


def pdf_problems(data: bytes, *, archival: bool = False) -> list[str]:
    """Every active part of a PDF: code, launches, forms, attachments, non-web links.

    Walks every object of the file, reachable from the trailer or not, including
    those packed into object streams. `archival`: a decided version's PDF/A-3 carries
    its own content as JSON (apps/exports/archival.py), so embedded files are allowed
    there, and only as JSON data; anything else embedded is still a problem.
    """
    reader = PdfReader(io.BytesIO(data))
    problems: list[str] = []
    seen: set[int] = set()
    allowed = ARCHIVAL_ATTACHMENT_NAMES if archival else frozenset()

    def walk(obj):
        if isinstance(obj, IndirectObject):
            if obj.idnum in seen:
                return
            seen.add(obj.idnum)
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            embedded = archival and obj.get("/Type") == "/EmbeddedFile"
            if embedded and obj.get("/Subtype") != "/application/json":
                problems.append(f"embedded file of type {obj.get('/Subtype')}")
            for key, value in obj.items():
                if key in ACTIVE_PDF_NAMES and key not in allowed:
                    problems.append(f"active key {key}")
                if key == "/URI":
                    uri = str(value.get_object())
                    if url_scheme(uri) not in SAFE_SCHEMES:
                        problems.append(f"link to {uri[:80]!r}")
                walk(value)
        elif isinstance(obj, ArrayObject):
            for item in obj:
                walk(item)
        elif isinstance(obj, NameObject) and obj in ACTIVE_PDF_NAMES and obj not in allowed:
            problems.append(f"active name {obj}")

    walk(reader.trailer)
    for number in range(1, int(reader.trailer["/Size"])):
        walk(IndirectObject(number, 0, reader))
    return problems


def pdf_links(data: bytes) -> list[str]:
    """The targets of every web link in the PDF."""
    reader = PdfReader(io.BytesIO(data))
    links = []
    for page in reader.pages:
        for annotation in page.get("/Annots", []) or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action.get_object():
                links.append(str(action.get_object()["/URI"]))
    return links
