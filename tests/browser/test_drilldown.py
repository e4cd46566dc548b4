"""The executive board drills down from the organisation to a centre, a workplace and
its people, following links, in Chromium (axe-core checks every page)."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _photograph(page, name: str) -> None:
    folder = os.environ.get("KOMPAS_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


@pytest.mark.parametrize(("language", "width"), [("en", 1280), ("da", 375)])
def test_executive_drills_down_to_the_people_of_a_workplace(visitor, language, width):
    from apps.accounts.models import User

    board = visitor("naestved-executive_board", viewport={"width": width, "height": 900})
    User.objects.filter(username="naestved-executive_board").update(preferred_language=language)
    page = board.page
    board.goto("/dashboards/executive/")

    board.follow(page.get_by_role("link", name="Center for Kultur og Borgerservice"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Center for Kultur og Borgerservice"
    )
    board.follow(page.get_by_role("link", name="Borgerservice", exact=True))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Borgerservice")
    expect(page.locator("#people-caption + thead + tbody, table tbody").last).to_contain_text(
        "Jesper Bach Rasmussen"
    )
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    _photograph(page, f"drilldown-workplace-{width}-{language}")

    board.follow(page.locator(".breadcrumbs").get_by_role("link").nth(1))
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Center for Kultur og Borgerservice"
    )


@pytest.mark.parametrize(("language", "width"), [("en", 1280), ("da", 375)])
def test_the_trends_of_the_executive_and_a_centre_read_at_every_width(visitor, language, width):
    from apps.accounts.models import User

    for username, path in [
        ("naestved-executive_board", "/dashboards/executive/"),
        ("naestved-centre", "/dashboards/leader/"),
    ]:
        person = visitor(username, viewport={"width": width, "height": 900})
        User.objects.filter(username=username).update(preferred_language=language)
        person.goto(path)
        page = person.page
        trends = page.locator("section.kompas-trends")
        # Acknowledgements and check-ins, then actions and indicators: four charts, and
        # two tables of the four quarters.
        expect(trends.locator("svg[role=img]")).to_have_count(4)
        expect(trends.locator("table tbody tr")).to_have_count(8)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
        trends.scroll_into_view_if_needed()
        _photograph(page, f"trends-{username}-{width}-{language}")
