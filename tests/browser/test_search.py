"""A person searches the demo municipality's policies in Chromium and reaches the place
in the document (axe-core checks every page)."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("language", "width"), [("en", 1280), ("da", 375)])
def test_an_employee_searches_and_opens_the_matching_section(visitor, language, width):
    from apps.accounts.models import User

    person = visitor("naestved-employee", viewport={"width": width, "height": 900})
    User.objects.filter(username="naestved-employee").update(preferred_language=language)
    page = person.page
    person.goto("/strategies/")
    person.follow(page.get_by_role("link", name="Search" if language == "en" else "Søg").first)

    page.get_by_role("searchbox").fill("dialog")
    person.press("Enter")

    content = page.locator("#search-content + ol")
    expect(content.locator("mark").first).to_be_visible()
    person.check()
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{overflow} px wider than the {width} px screen"
    folder = os.environ.get("KOMPAS_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"search-{language}-{width}.png"), full_page=True)

    person.follow(content.get_by_role("link").first)
    assert "/strategies/versions/" in page.url and "#" in page.url
    person.check()


def test_the_strategy_list_filters_by_kind_in_the_browser(visitor):
    from apps.accounts.models import User

    person = visitor("naestved-employee", viewport={"width": 1280, "height": 900})
    User.objects.filter(username="naestved-employee").update(preferred_language="en")
    page = person.page
    person.goto("/strategies/")
    rows = page.locator("table tbody tr")
    everything = rows.count()

    page.get_by_label("Kind").select_option(label="Strategy")
    person.follow(page.get_by_role("button", name="Show"))

    expect(page.get_by_role("status").first).to_be_visible()
    assert 0 < rows.count() <= everything
    for kind in rows.locator("td:first-of-type").all_inner_texts():
        assert kind == "Strategy"
    person.check()
