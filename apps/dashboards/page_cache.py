"""Rendered dashboards, kept until something they show changes.

A dashboard draws on a whole organisation (the follow-up of 5,500 people, every
strategy and its versions) but changes only when someone writes. Its rendered page
is kept in the cache under a key made of:

- the person, the page's full path and the active language: what the page is for;
- the date: overdue actions and passed review dates move with it;
- the organisation's three generations (structure, activity, content), which
  apps/obligations/signals.py and apps/dashboards/signals.py raise in the same
  transaction as every write a dashboard shows, so a new write gives a new key the
  moment it commits, whatever order concurrent transactions commit in; and the
  organisation's creation time, so that a restored database never meets pages kept
  for another one.

Nothing secret to one request is kept: the CSRF token in the page's forms and the
CSP nonce of its scripts are replaced by slots before the page is stored and filled
with the current request's own when it is served. A request carrying flash messages
is rendered afresh (the messages are shown once), and so is a query string the page
does not know, so that made-up parameters cannot fill the cache.
"""

import datetime
import hashlib
import re

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.utils import timezone, translation

# Long enough to serve a morning's visits, short enough that pages of people who have
# left do not linger; the key changes with any write long before.
TIMEOUT = 60 * 60
KEY_PREFIX = "dashboards:page:v1:"

# Slots hold places no rendered text can: user text is escaped and Markdown is
# sanitised, so a literal "<kompas:…>" can only come from here.
CSRF_SLOT = "<kompas:csrf-token>"
NONCE_SLOT = "<kompas:csp-nonce>"
_CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')


def page_key(request, organisation, today: datetime.date) -> str:
    """The cache key of the page `request` asks for.

    `organisation` is the row as this request read it (with the person's roles): its
    generations are those of the data the page would be rendered from now.
    """
    parts = (
        request.user.pk,
        request.get_full_path(),
        translation.get_language(),
        today.isoformat(),
        organisation.pk,
        organisation.created_at.isoformat(),
        organisation.structure_generation,
        organisation.activity_generation,
        organisation.content_generation,
    )
    return KEY_PREFIX + hashlib.sha256(repr(parts).encode()).hexdigest()


def cacheable(request, params: frozenset[str]) -> bool:
    """A plain GET with known parameters and no flash message waiting to be shown."""
    return (
        request.method == "GET"
        and set(request.GET) <= params
        and not len(messages.get_messages(request))
    )


def serve(request, organisation, params: frozenset[str], render) -> HttpResponse:
    """The kept page if there is one, else `render()`'s, kept for the next visit."""
    if not cacheable(request, params):
        return render()
    key = page_key(request, organisation, timezone.localdate())
    kept = cache.get(key)
    if kept is not None:
        return HttpResponse(fill(kept, request))
    response = render()
    if response.status_code == 200 and not response.streaming:
        html = response.content.decode(response.charset)
        if CSRF_SLOT not in html and NONCE_SLOT not in html:
            cache.set(key, empty(html, request), TIMEOUT)
    return response


def empty(html: str, request) -> str:
    """The page without this request's secrets: its CSRF token and CSP nonce."""
    html = _CSRF_INPUT.sub(lambda m: m[1] + CSRF_SLOT + m[2], html)
    nonce = get_nonce(request)
    if nonce:  # generated: the page has scripts carrying it
        html = html.replace(str(nonce), NONCE_SLOT)
    return html


def fill(html: str, request) -> str:
    """A kept page with this request's own CSRF token and CSP nonce."""
    if CSRF_SLOT in html:
        html = html.replace(CSRF_SLOT, get_token(request))
    if NONCE_SLOT in html:
        html = html.replace(NONCE_SLOT, str(get_nonce(request)))
    return html
