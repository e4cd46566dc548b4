"""Beyond the journeys: every page a person can reach by following links is checked
with axe-core, so a page no journey visits cannot slip through."""

from urllib.parse import urljoin, urlsplit

import pytest

pytestmark = pytest.mark.browser

# Files, not pages; and pages outside the interface (the admin is not covered by the
# accessibility statement).
SKIPPED_PREFIXES = ("/static/", "/media/", "/theme/", "/admin/")
# Files too: a download, the public site's PDFs and iCalendar feeds (tests/public).
SKIPPED_SUFFIXES = ("/download/", "/pdf/", ".ics")
# Enough to reach each kind of page of a municipality, not every row of each kind.
PAGE_LIMIT = 45


def _crawl(browsing, start: str, *, too_wide: list | None = None) -> list[str]:
    """Follow links from `start`, checking each page with axe; pages wider than the
    window (sideways scrolling) are added to `too_wide` when it is given."""
    page = browsing.page
    origin = urlsplit(browsing.base_url)
    seen, queue, visited = set(), [start], []
    while queue and len(visited) < PAGE_LIMIT:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = page.goto(browsing.base_url + path)
        assert response is not None and response.status == 200, (path, response)
        landed = urlsplit(page.url).path  # after any redirect ("/" to the dashboard)
        if landed != path and landed in seen:
            continue
        seen.add(landed)
        browsing.check()
        visited.append(landed)
        if too_wide is not None:
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > page.viewport_size["width"]:
                too_wide.append((landed, width))
        hrefs = page.eval_on_selector_all(
            "a[href]:not([download])", "links => links.map(a => a.getAttribute('href'))"
        )
        for href in hrefs:
            url = urlsplit(urljoin(page.url, href))
            if (url.scheme, url.netloc) != (origin.scheme, origin.netloc):
                continue
            # One visit per page: the query (the statement's ?page=, filters) and the
            # fragment show the same template.
            if url.path.startswith(SKIPPED_PREFIXES) or url.path.endswith(SKIPPED_SUFFIXES):
                continue
            if url.path not in seen:
                queue.append(url.path)
    return visited


WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 800}}


@pytest.mark.parametrize("screen", list(WIDTHS))
@pytest.mark.parametrize(
    "username", ["naestved-communications", "naestved-leader", "glostrup-politician"]
)
def test_every_page_reachable_by_links_passes_axe(visitor, username, screen):
    person = visitor(username, viewport=WIDTHS[screen])
    too_wide = []

    visited = _crawl(person, "/dashboards/", too_wide=too_wide)

    # On a phone as on a desktop, no page scrolls sideways.
    assert too_wide == []

    # The crawl really went places: dashboards, strategies, versions and the statement.
    assert len(visited) >= 8, visited
    assert "/accessibility/" in visited
    assert any(path.startswith("/strategies/versions/") for path in visited), visited
