"""The body of a version (every kind of its content) as HTML.

A decided version (adopted or superseded) never changes, so its body is rendered
once and kept in the cache; a draft's is rendered on every request. The key holds
what the body shows from outside the version itself: the active language (headings,
choice labels, dates), the release (apps/core/page_cache.py) and the organisation's
structure generation, which a unit's new name (an action's owner) raises
(apps/obligations/signals.py). The body is rendered without the request, so it holds
nothing of one request's; a cache outage only means rendering it again.
"""

import hashlib
import re

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from apps.core import page_cache

from .parts import goal_groups
from .selectors import platform_role_matrix, version_content

TEMPLATE = "strategies/includes/version_body.html"
TIMEOUT = 24 * 60 * 60


def version_body(version) -> str:
    """The version's content as HTML: from the cache for a decided version, rendered
    for a draft (the queries of version_content)."""
    if not version.is_frozen:
        return _render(version)
    # The organisation row as this request read it: the body rendered now is at least
    # as new as its generation (the argument of apps/core/page_cache.page_key).
    organisation = version.strategy.organisation
    parts = (
        page_cache.release(),
        version.pk, version.created_at.isoformat(), organisation.pk,
        organisation.created_at.isoformat(), organisation.structure_generation,
        translation.get_language(),
    )
    key = "strategies:body:v1:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    body = page_cache.cache_get(key)
    if body is None:
        body = _render(version)
        page_cache.cache_set(key, body, TIMEOUT)
    # Kept as the template rendered it, escaped: safe to show as it is.
    return mark_safe(body)  # noqa: S308


def _render(version) -> str:
    content = version_content(version)
    return render_to_string(
        TEMPLATE,
        {
            "content": content,
            "goal_groups": goal_groups(content["top_goals"]),
            "platform_matrix": platform_role_matrix(content),
        },
    )


_PART_HEADING = re.compile(
    r'<section[^>]*\bid="(?P<anchor>[\w-]+)"[^>]*>\s*<h2>(?P<title>.*?)</h2>', re.DOTALL
)


def body_contents(body: str) -> list[tuple[str, str]]:
    """The contents of a rendered body: (anchor, heading) of every top-level heading, in
    reading order. Read from the HTML itself, so it costs no query and always matches
    what the page shows; the headings are the template's escaped text."""
    return [
        (match["anchor"], mark_safe(match["title"]))  # noqa: S308 - escaped by the template
        for match in _PART_HEADING.finditer(body)
    ]
