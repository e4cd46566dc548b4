"""Rendered pages, kept until something they show changes.

A dashboard draws on a whole organisation (the follow-up of 5,500 people, every
strategy and its versions), and the page of a decided version on the version and
the person's rights, but they change only when someone writes. Such a page is kept
in the cache under a key made of:

- the person, the page's path and known query parameters, and the active language:
  what the page is for;
- the date: overdue actions and passed review dates move with it;
- the organisation's three generations (structure, activity, content), which
  apps/obligations/signals.py and apps/dashboards/signals.py raise in the same
  transaction as every write a dashboard shows, so a new write gives a new key the
  moment it commits, whatever order concurrent transactions commit in; and the
  organisation's creation time, so that another database never meets pages kept
  for this one (an older backup of the same one has the same: scripts/restore.sh
  empties the cache);
- the release: the templates, translations and static files' manifest this process
  renders with, so that a new deployment never serves pages pointing at the old one's
  hashed static files (Redis outlives a deployment).

Nothing secret to one request is kept: the CSRF token in the page's forms and the
CSP nonce of its scripts are replaced by slots before the page is stored and filled
with the current request's own when it is served. A request carrying flash messages
is rendered afresh (the messages are shown once), and so is a query string with a
parameter the page does not know or a value that is not a short number, so that
made-up parameters cannot fill the cache. The cache failing (Redis down) only means
the page is rendered: it is never an error.

The follow-up's figures change with every acknowledgement and check-in, which raise
no organisation generation but counters of the person, the units they count in and
the organisation (apps/obligations/tallies.py). A page puts the person's own counter
in its key (`scopes`), so that their own write shows on their next page, and passes
the counters of the rest of what it shows as `recent` (apps/dashboards/freshness.py:
a leader's follow-up its units', the executive board's the organisation's): a kept page
or part rendered under other values of those is still served for up to RECENT_SECONDS
after it was rendered. Everyone sees a write within a second, a write changes nothing for pages
that do not show it, and a page many people write to (a centre's, the whole
organisation's) costs at most one rendering a second per person, however fast they
write. Parts of a page that show the whole organisation and nothing of the person
(`Shared`: the executive board's follow-up) are kept apart and rendered once a second
for everyone, not once for each person; the person's page keeps slots for them. A
part showing the follow-up without the person (a leader's staff) is kept apart for
each person (`Shared.personal`): a write below them renders that part again, not
the rest of their page.
"""

import datetime
import functools
import hashlib
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

logger = logging.getLogger(__name__)
# Long enough to serve a morning's visits, short enough that pages of people who have
# left do not linger; the key changes with any write long before.
TIMEOUT = 60 * 60
KEY_PREFIX = "page:v1:"
# How long a page showing the whole organisation's follow-up may be served after a
# write it does not show yet (issue #21: a write is seen by everyone within a second).
# Kept below one second: the time is taken before the page is rendered, by the clock
# of the machine rendering it, and compared by the clock of the one serving it.
RECENT_SECONDS = 0.9
# Once it is older than that, one request renders the page anew and the others meanwhile
# serve the kept one (for at most STALE_SECONDS after it was rendered): a page of the
# whole organisation under a stream of writes costs one rendering at a time, not one
# per waiting reader (16 readers rendering at once on 2 cores took 1.5-2 s each). The
# claim lapses by itself if the rendering process dies.
STALE_SECONDS = 5
CLAIM_SUFFIX = ":rendering"
# Keys of the parts of pages kept for everyone (Shared) start with this.
SHARED_PREFIX = KEY_PREFIX + "shared:"

# Slots hold places no rendered text can: user text is escaped and Markdown is
# sanitised, so a literal "<kompas:…>" can only come from here.
SLOT_START = "<kompas:"
_CSRF_NAME, _NONCE_NAME = "csrf-token", "csp-nonce"
CSRF_SLOT = f"{SLOT_START}{_CSRF_NAME}>"
NONCE_SLOT = f"{SLOT_START}{_NONCE_NAME}>"
_CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
# Page numbers and ids, written as a number is (no leading zeros, ASCII digits):
# anything else is rendered, not kept.
_PARAMETER_VALUE = re.compile(r"[1-9][0-9]{0,8}", re.ASCII)

# Set on a response whose page is not to be kept, or given as a Shared's part (true):
# e.g. a page number out of range, which shows another page's content (the view knows;
# the key does not).
DO_NOT_KEEP = "_kompas_do_not_keep"

# Callables of the request whose values are part of every key: what a page shows of
# the person beyond the organisation's data (apps/notifications: the inbox count).
KEY_PARTS: list = []


@functools.cache
def release() -> str:
    """What this deployment renders with: names, sizes and times of the code, the
    templates, the compiled translations and the static files' manifest (read once a
    process)."""
    digest = hashlib.sha256()
    roots = [
        settings.BASE_DIR / "apps",
        settings.BASE_DIR / "config",
        *(path for entry in settings.TEMPLATES for path in entry.get("DIRS", [])),
        *settings.LOCALE_PATHS,
    ]
    files = [
        f for root in roots for f in sorted(Path(root).rglob("*"))
        if f.is_file() and "__pycache__" not in f.parts
    ]
    if settings.STATIC_ROOT:
        files.append(Path(settings.STATIC_ROOT) / "staticfiles.json")
    for path in files:
        if path.exists():
            stat = path.stat()
            digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def page_key(request, organisation, today: datetime.date, scopes: tuple = ()) -> str:
    """The cache key of the page `request` asks for.

    `organisation` is the row as this request read it (with the person's roles): its
    generations are those of the data the page would be rendered from now; `scopes`,
    the follow-up counters of what the page shows, read with it.
    """
    parts = (
        release(),
        request.user.pk,
        request.path,
        sorted(request.GET.items()),
        translation.get_language(),
        today.isoformat(),
        organisation.pk,
        organisation.created_at.isoformat(),
        organisation.structure_generation,
        organisation.activity_generation,
        organisation.content_generation,
        tuple(part(request) for part in KEY_PARTS),
        tuple(scopes),
    )
    return KEY_PREFIX + hashlib.sha256(repr(parts).encode()).hexdigest()


def cacheable(request, params: frozenset[str]) -> bool:
    """A plain GET with known parameters, each given once as a short number, and no
    flash message waiting to be shown."""
    return (
        request.method == "GET"
        and set(request.GET) <= params
        and all(
            len(values) == 1 and _PARAMETER_VALUE.fullmatch(values[0])
            for _name, values in request.GET.lists()
        )
        and not len(messages.get_messages(request))
    )


@dataclass(frozen=True)
class Shared:
    """Parts of a page that are the same for everyone of the organisation who opens it
    (on the same path, in the same language, on the same day): the whole organisation's
    follow-up on the executive board's page, say. They are rendered once for all of
    those people, not once for each, and kept apart from the person's page, which holds
    slots for them (`slots(name)` in its template) and is kept with the slots in it.

    `render()` gives the parts' HTML by name; it must show nothing of the person (no
    names, no rights, no forms), unless `personal`: then the parts are kept for each
    person apart (a leader's follow-up of their staff leaves them out), still with no
    forms. A part under the name DO_NOT_KEEP, true, keeps the parts and the page from
    being kept (see DO_NOT_KEEP). `recent`: counters of what the parts show, which may
    be seen up to RECENT_SECONDS late, as a page's (see above). When the person's page
    is rendered anew (their own write gave it a new key), the parts are made current
    too: a write shows on the writer's next page."""

    name: str
    render: Callable[[], dict[str, str]]
    recent: object = None
    personal: bool = False


class slots:  # noqa: N801 - used like a dict in templates: {{ followup.figures }}
    """The places of a Shared's parts in the person's page."""

    def __init__(self, name: str):
        self.name = name

    def __getitem__(self, part: str) -> str:
        return mark_safe(_slot(self.name, part))  # noqa: S308 - our own marker


def _slot(name: str, part: str) -> str:
    return f"{SLOT_START}shared:{name}:{part}>"


def serve(
    request, organisation, params: frozenset[str], render, *, scopes: tuple = (),
    recent=None, shared: tuple[Shared, ...] = (),
) -> HttpResponse:
    """The kept page if there is one, else `render()`'s, kept for the next visit.

    `scopes`: counters of what the page shows, part of its key; `recent`: counters
    of what it shows that may be seen up to RECENT_SECONDS late (see above); `shared`:
    parts of the page rendered once for everyone (Shared), each apart with what it
    shows. They are put in their slots in this order, so a part may hold the slots of
    a later Shared. The page and its parts are read from the cache at once."""
    if not cacheable(request, params):
        # Nor its parts: what is not cacheable may carry made-up parameters.
        return _with_shared(request, organisation, render(), shared, current=True, keep=False)
    key = page_key(request, organisation, timezone.localdate(), scopes)
    found = cache_get_many([key, *(_shared_key(request, organisation, s) for s in shared)])
    kept = found.get(key)
    if isinstance(kept, str) and recent is None:
        return _kept_page(request, organisation, kept, shared, found)
    claimed = False
    if isinstance(kept, tuple) and recent is not None:
        html, claimed = _usable(key, kept, recent, late=True)
        if html is not None:
            return _kept_page(request, organisation, html, shared, found)
    started = time.time()
    try:
        response = render()
        kept = _keepable(request, response)  # with its slots, before they are filled
        response = _with_shared(
            request, organisation, response, shared, current=True, found=found
        )
        if kept is not None and not getattr(response, DO_NOT_KEEP, False):
            cache_set(key, kept if recent is None else (kept, recent, started), TIMEOUT)
    finally:
        if claimed:
            _release(key)
    return response


def kept_page(request, organisation, params: frozenset[str]) -> HttpResponse | None:
    """The page `serve` kept for this request (without `scopes`, `recent` or shared
    parts), or None; nothing is rendered. For a view whose kept page may be served
    before it reads what rendering needs: whatever that depends on raises a generation
    of `organisation`, and so changes the key."""
    if not cacheable(request, params):
        return None
    html = cache_get(page_key(request, organisation, timezone.localdate()))
    return _kept_page(request, organisation, html, ()) if isinstance(html, str) else None


def _usable(key: str, kept: tuple, recent, *, late: bool):
    """(the kept value if it may be served, whether this request claimed rendering it
    anew). `kept`: (value, its recent, when its rendering began); `late`: whether it may
    be served up to RECENT_SECONDS after a change it does not show yet (and meanwhile
    another request renders it anew, for up to STALE_SECONDS)."""
    value, kept_recent, rendered_at = kept
    age = time.time() - rendered_at
    if kept_recent == recent or (late and age < RECENT_SECONDS):
        return value, False
    claimed = _claim(key)
    if late and age < STALE_SECONDS and not claimed:
        # Another request is rendering it anew: serve this one meanwhile.
        return value, False
    return None, claimed


def _kept_page(
    request, organisation, html: str, shared: tuple[Shared, ...], found=None
) -> HttpResponse:
    """A kept page served: this request's secrets and the shared parts (as they may
    be served, up to RECENT_SECONDS late) filled in before it is encoded, once.
    `found`: what was read from the cache with the page, by key."""
    html, _keep_it = _assembled(request, organisation, html, shared, found=found)
    return HttpResponse(html)


def _with_shared(
    request, organisation, response, shared: tuple[Shared, ...], *, current: bool,
    keep: bool = True, found=None,
):
    """The response with the Shareds' parts in their slots, marked DO_NOT_KEEP when a
    part is not to be kept; `current`: the parts must show every write (the person's
    page was rendered anew); `keep`: whether parts rendered now may be kept; `found`:
    the parts read with the page."""
    if not shared or response.status_code != 200 or response.streaming:
        return response
    html = response.content.decode(response.charset)
    if SLOT_START in html:
        html, keep_it = _assembled(
            request, organisation, html, shared, current=current, keep=keep, found=found
        )
        response.content = html.encode(response.charset)
        if not keep_it:
            setattr(response, DO_NOT_KEEP, True)
    return response


def _slot_names(pieces: list[str]) -> set[str]:
    """The names of the slots in a text split at SLOT_START (the first piece is before
    any)."""
    return {piece.partition(">")[0] for piece in pieces[1:]}


def _assembled(
    request, organisation, html: str, shared: tuple[Shared, ...], *, current: bool = False,
    keep: bool = True, found=None,
) -> tuple[str, bool]:
    """`html` with its slots filled, in one pass over the page: this request's CSRF
    token and CSP nonce, and each Shared's parts whose slots it holds (in order: a
    part may hold the slots of a later Shared); and whether the parts may all be kept.
    `found`: parts already read from the cache, by key."""
    pieces = html.split(SLOT_START)
    if len(pieces) == 1:
        return html, True
    wanted = _slot_names(pieces)
    values: dict[str, str] = {}
    keep_it = True
    for each in shared:
        prefix = f"shared:{each.name}:"
        if not any(name.startswith(prefix) for name in wanted):
            continue
        parts = _shared_parts(request, organisation, each, current, keep, found)
        keep_it = keep_it and not parts.get(DO_NOT_KEEP)
        for part, part_html in parts.items():
            if part == DO_NOT_KEEP:
                continue
            values[prefix + part] = part_html
            if SLOT_START in part_html:
                wanted |= _slot_names(part_html.split(SLOT_START))
    if _CSRF_NAME in wanted:
        values[_CSRF_NAME] = get_token(request)
    if _NONCE_NAME in wanted:
        values[_NONCE_NAME] = str(get_nonce(request))
    return _substituted(pieces, values), keep_it


def _substituted(pieces: list[str], values: dict[str, str]) -> str:
    """The text split at SLOT_START put together again with `values` in the slots
    they name (their own slots filled too); other slots are left as they were."""
    joined = [pieces[0]]
    for piece in pieces[1:]:
        name, closed, rest = piece.partition(">")
        value = values.get(name) if closed else None
        if value is None:
            joined.append(SLOT_START + piece)
            continue
        if SLOT_START in value:
            value = _substituted(value.split(SLOT_START), values)
        joined += (value, rest)
    return "".join(joined)


def _shared_key(request, organisation, shared: Shared) -> str:
    parts = (
        release(),
        shared.name,
        request.user.pk if shared.personal else None,
        request.path,
        sorted(request.GET.items()),
        translation.get_language(),
        timezone.localdate().isoformat(),
        organisation.pk,
        organisation.created_at.isoformat(),
        organisation.structure_generation,
        organisation.activity_generation,
        organisation.content_generation,
    )
    return SHARED_PREFIX + hashlib.sha256(repr(parts).encode()).hexdigest()


def _shared_parts(
    request, organisation, shared: Shared, current: bool, keep: bool, found=None
) -> dict[str, str]:
    key = _shared_key(request, organisation, shared)
    if not keep:
        kept = None
    elif found is not None:  # read with the page: a part missing there is missing
        kept = found.get(key)
    else:
        kept = cache_get(key)
    claimed = False
    if isinstance(kept, tuple):
        found_parts, claimed = _usable(key, kept, shared.recent, late=not current)
        if found_parts is not None:
            return found_parts
    started = time.time()
    try:
        rendered = shared.render()
        if keep and not rendered.get(DO_NOT_KEEP):
            cache_set(key, (rendered, shared.recent, started), TIMEOUT)
    finally:
        if claimed:
            _release(key)
    return rendered


def _keepable(request, response) -> str | None:
    """The page to keep of `response` (without this request's secrets), or None when
    it is not to be kept."""
    if (
        response.status_code != 200
        or response.streaming
        or getattr(response, DO_NOT_KEEP, False)
    ):
        return None
    html = response.content.decode(response.charset)
    if CSRF_SLOT in html or NONCE_SLOT in html:
        return None
    return empty(html, request)


def _claim(key: str) -> bool:
    """Whether this request is the one to render the page anew (True when the cache is
    down: then everyone renders, as without a cache)."""
    try:
        return bool(cache.add(key + CLAIM_SUFFIX, 1, STALE_SECONDS))
    except Exception:  # noqa: BLE001 - an outage only means rendering
        logger.warning("page_cache_unavailable", exc_info=True)
        return True


def _release(key: str) -> None:
    try:
        cache.delete(key + CLAIM_SUFFIX)
    except Exception:  # noqa: BLE001
        logger.warning("page_cache_unavailable", exc_info=True)


def cache_get(key: str):
    """The kept value, or None when there is none or the cache is down: an outage
    means rendering again, never an error."""
    try:
        return cache.get(key)
    except Exception:  # noqa: BLE001 - a cache outage must not fail the page
        logger.warning("page_cache_unavailable", exc_info=True)
        return None


def cache_get_many(keys: list[str]) -> dict:
    """The kept values of those of `keys` that have one ({} when the cache is down),
    in one round trip."""
    try:
        return cache.get_many(keys)
    except Exception:  # noqa: BLE001 - a cache outage must not fail the page
        logger.warning("page_cache_unavailable", exc_info=True)
        return {}


def cache_set(key: str, value, timeout: int) -> None:
    """Keep `value` if the cache is up; an outage only means it is not kept."""
    try:
        cache.set(key, value, timeout)
    except Exception:  # noqa: BLE001 - nor an outage while storing
        logger.warning("page_cache_unavailable", exc_info=True)


def empty(html: str, request) -> str:
    """The page without this request's secrets: its CSRF token and CSP nonce."""
    html = _CSRF_INPUT.sub(lambda m: m[1] + CSRF_SLOT + m[2], html)
    nonce = get_nonce(request)
    if nonce:  # generated: the page has scripts carrying it
        html = html.replace(str(nonce), NONCE_SLOT)
    return html

