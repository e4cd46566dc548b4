"""The body of a version (every kind of its content) as HTML.

A decided version (adopted or superseded) never changes, so its body is rendered
once and kept in the cache; a draft's is rendered on every request. The key holds
what the body shows from outside the version itself: the active language (headings,
choice labels, dates), the release (apps/core/page_cache.py) and the organisation's
structure generation, which a unit's
new name (an action's owner) raises (apps/obligations/signals.py). The body is
rendered without the request, so it holds nothing of one request's.
"""

import hashlib
import logging

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from apps.core import page_cache
from apps.organisations.models import Organisation

from .selectors import platform_role_matrix, version_content

logger = logging.getLogger(__name__)

TEMPLATE = "strategies/includes/version_body.html"
TIMEOUT = 24 * 60 * 60


def version_body(version) -> str:
    """The version's content as HTML: from the cache for a decided version (1 query),
    rendered for a draft (the queries of version_content)."""
    if not version.is_frozen:
        return _render(version)
    generation = (
        Organisation.objects.filter(pk=version.strategy.organisation_id)
        .values_list("structure_generation", flat=True)
        .first()
    )
    parts = (
        page_cache.release(),
        version.pk, version.created_at.isoformat(), version.strategy.organisation_id,
        generation, translation.get_language(),
    )
    key = "strategies:body:v1:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    try:
        body = cache.get(key)
    except Exception:  # noqa: BLE001 - a cache outage must not fail the page
        logger.warning("body_cache_unavailable", exc_info=True)
        return _render(version)
    if body is None:
        body = _render(version)
        try:
            cache.set(key, body, TIMEOUT)
        except Exception:  # noqa: BLE001 - nor an outage while storing
            logger.warning("body_cache_unavailable", exc_info=True)
    # Kept as the template rendered it, escaped: safe to show as it is.
    return mark_safe(body)  # noqa: S308


def _render(version) -> str:
    content = version_content(version)
    return render_to_string(
        TEMPLATE, {"content": content, "platform_matrix": platform_role_matrix(content)}
    )
