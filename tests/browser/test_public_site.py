"""The public site as a citizen sees it, at 1280 and 375 px, checked with axe-core; the
pages the communications department uses to publish, make API tokens and subscribe to a
calendar."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ACTION_PLAN = "Handleplan for kommunikation (demo)"


def _no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("window.innerWidth")
    assert width <= viewport, (page.url, width, viewport)


@pytest.mark.parametrize("width", [1280, 375])
def test_a_citizen_reads_a_published_policy_its_annual_wheel_and_pdf(visitor, width, tmp_path):
    # Screenshots to look at: into KOMPAS_SHOTS when set, else the test's own folder.
    shots = Path(os.environ.get("KOMPAS_SHOTS") or tmp_path)
    citizen = visitor(viewport={"width": width, "height": 900})
    page = citizen.page
    # The first page after loading the demo renders every kept body once: on a shared
    # machine that takes longer than the usual wait.
    page.set_default_navigation_timeout(60_000)
    shots.mkdir(parents=True, exist_ok=True)

    citizen.goto("/public/naestved/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Næstved")
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)
    _no_sideways_scroll(page)
    page.screenshot(path=shots / f"organisation-{width}.png", full_page=True)

    citizen.follow(page.get_by_role("link", name=ACTION_PLAN))
    expect(page.get_by_role("heading", level=1)).to_have_text(ACTION_PLAN)
    wheel = page.get_by_role("img", name="Årshjulet")
    expect(wheel).to_be_visible()
    expect(wheel.locator(".kompas-wheel-label").first).to_have_text("Januar")
    expect(page.get_by_role("table", name="Begivenheder i årets løb efter måned").or_(
        page.locator("#annual-wheel table")
    )).to_contain_text("Marts")
    _no_sideways_scroll(page)
    page.locator("#annual-wheel").screenshot(path=shots / f"wheel-{width}.png")
    page.screenshot(path=shots / f"strategy-{width}.png", full_page=True)

    pdf_link = page.get_by_role("link", name="Dokumentet som PDF")
    response = page.request.get(citizen.base_url + pdf_link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] in ("application/pdf", "text/html; charset=utf-8")


def test_the_embedded_page_has_no_header_or_footer(visitor):
    citizen = visitor()
    citizen.goto("/public/naestved/?embed=1")
    expect(citizen.page.locator("header")).to_have_count(0)
    expect(citizen.page.locator("footer")).to_have_count(0)


def test_a_draft_of_a_published_strategy_is_not_found(visitor):
    citizen = visitor()
    citizen.goto("/public/naestved/kommunikationsstrategi/v2/", status=404)


def test_the_communications_department_publishes_makes_a_token_and_a_calendar(visitor):
    comms = visitor("naestved-communications")
    page = comms.page
    comms.goto("/strategies/")
    comms.follow(page.get_by_role("link", name=ACTION_PLAN).first)
    expect(page.get_by_role("heading", name="Public site")).to_be_visible()
    comms.follow(page.get_by_role("button", name="Take it off the public site"))
    expect(page.get_by_role("button", name="Publish on the public site")).to_be_visible()
    comms.follow(page.get_by_role("button", name="Publish on the public site"))
    expect(page.get_by_label("Embed it in the municipality's website (HTML):")).to_contain_text(
        "<iframe"
    )

    comms.goto("/api-tokens/")
    page.get_by_label("Name of the token").fill("Intranet")
    comms.follow(page.get_by_role("button", name="Create the token"))
    expect(page.locator(".kompas-secret")).to_contain_text("kapi_")

    comms.goto("/calendar/")
    comms.follow(page.get_by_role("button", name="Make my calendar address"))
    address = page.get_by_label("Address", exact=True).input_value()
    feed = page.request.get(address)
    assert feed.status == 200
    assert feed.headers["content-type"] == "text/calendar; charset=utf-8"
    assert "BEGIN:VCALENDAR" in feed.text()
