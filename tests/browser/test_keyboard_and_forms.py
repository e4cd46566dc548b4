"""Keyboard-only use, visible focus, the skip link, errors tied to their fields, the
language switcher and the public accessibility statement, in Chromium. Every page is
checked with axe-core on arrival (conftest.Browsing)."""

import re

import pytest
from playwright.sync_api import expect

from apps.core.models import AccessibilityReport

from .conftest import Browsing

pytestmark = pytest.mark.browser


def _tab_to(page, locator, *, limit: int = 60):
    """Press Tab until the locator has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{locator} was not reached with {limit} presses of Tab")


def _outline(locator) -> str:
    return locator.evaluate(
        "e => { const s = getComputedStyle(e); return `${s.outlineStyle} ${s.outlineWidth}`; }"
    )


def test_skip_link_is_the_first_stop_visible_on_focus_and_moves_focus_to_main(guest):
    page = guest.page
    guest.goto("/accessibility/")
    skip = page.get_by_role("link", name="Go to the main content")
    expect(skip).not_to_be_in_viewport()  # out of sight until it has the focus

    page.keyboard.press("Tab")

    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    assert not _outline(skip).startswith("none")
    page.keyboard.press("Enter")
    expect(page.locator("main#main-content")).to_be_focused()


def test_leader_acknowledges_an_obligation_with_the_keyboard_only(visitor):
    # visitor() logs in with the keyboard: typing, Tab and Enter.
    leader = visitor("naestved-leader")
    page = leader.page
    button = page.get_by_role("button", name="I have read and understood this").first
    obligation = button.get_attribute("aria-describedby")

    _tab_to(page, button)
    assert not _outline(button).startswith("none"), "the focused button shows no focus"
    page.keyboard.press("Enter")

    # The button is swapped out (htmx); the focus lands on the confirmation, not the top.
    confirmation = page.locator("tr", has=page.locator(f"[id='{obligation}']")).locator(
        ".kompas-acknowledged"
    )
    expect(confirmation).to_be_focused()
    expect(confirmation).to_contain_text("Acknowledged")
    assert not _outline(confirmation).startswith("none")
    leader.check()

    # On to the check-ins, still by keyboard.
    link = page.get_by_role("link", name="Record this quarter's check-ins")
    _tab_to(page, link)
    leader.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check-ins")


def test_failed_login_ties_the_error_to_the_fields(guest):
    page = guest.page
    guest.goto("/accounts/login/")
    page.get_by_label("Username").fill("someone")
    page.get_by_label("Password").fill("not the password")

    guest.follow(page.get_by_role("button", name="Log in"))

    username = page.get_by_label("Username")
    error = page.get_by_role("alert")
    expect(error).to_be_visible()
    expect(username).to_have_attribute("aria-invalid", "true")
    expect(username).to_have_accessible_description(error.inner_text().strip())


def test_visitor_reports_an_accessibility_problem_from_the_footer(guest):
    page = guest.page
    guest.goto("/accounts/login/")

    guest.follow(
        page.get_by_role("contentinfo").get_by_role("link", name="Accessibility statement")
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Accessibility statement for Kompas")
    where = page.get_by_label("Which page is the problem on?")
    expect(where).to_have_value("/accounts/login/")

    guest.follow(page.get_by_role("button", name="Send the report"))
    description = page.get_by_label("What is the problem?")
    expect(description).to_have_attribute("aria-invalid", "true")
    expect(description).to_have_accessible_description(
        re.compile("Describe the problem, so that we can find and fix it.")
    )
    # The error summary links to the field, and following it puts the focus there.
    page.get_by_role("alert").get_by_role("link").click()
    expect(description).to_be_focused()
    page.keyboard.type("The focus ring is hard to see on the blue buttons.")
    guest.follow(page.get_by_role("button", name="Send the report"))

    expect(page.get_by_text("Your report has been received")).to_be_visible()
    report = AccessibilityReport.objects.get()
    assert report.page_url == "/accounts/login/"
    assert report.description == "The focus ring is hard to see on the blue buttons."


def test_a_person_switches_the_interface_language(visitor):
    employee = visitor("modum-employee")
    page = employee.page
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_label("Language").select_option(label="Norsk bokmål")
    employee.follow(page.get_by_role("button", name="Change language"))

    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(page.get_by_role("heading", level=1)).to_have_text("Oversikt for medarbeidere")
    expect(page.get_by_role("navigation", name="Hovedmeny")).to_be_visible()


@pytest.mark.parametrize("width", [1280, 375])
def test_a_person_switches_to_nynorsk_and_every_page_fits(visitor, width, tmp_path):
    employee = visitor("modum-employee", viewport={"width": width, "height": 900})
    page = employee.page

    page.get_by_label("Language").select_option(label="Norsk nynorsk")
    employee.follow(page.get_by_role("button", name="Change language"))

    expect(page.locator("html")).to_have_attribute("lang", "nn")
    expect(page.get_by_role("heading", level=1)).to_have_text("Oversikt for medarbeidarar")
    expect(page.get_by_label("Språk")).to_have_value("nn")
    # The strategies list is left out: its table is wider than 375 px in every language.
    for path, heading in (("/dashboards/employee/", "Oversikt for medarbeidarar"),
                          ("/obligations/", "Forpliktingane mine"), ("/notifications/", "Varsel"),
                          ("/accessibility/", "Tilgjengelegheitserklæring for Kompas")):
        employee.goto(path)
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
        page.screenshot(path=str(tmp_path / f"nynorsk{path.replace('/', '-')}{width}.png"),
                        full_page=True)


def test_the_axe_check_fails_on_a_serious_violation(browser):
    """The check every journey relies on can fail: an image without a text alternative
    and an unlabelled field are critical violations."""
    context = browser.new_context()
    browsing = Browsing(context, "http://127.0.0.1")
    browsing.page.set_content(
        '<html lang="en"><head><title>Broken</title></head><body><main>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text">'
        "</main></body></html>"
    )

    with pytest.raises(AssertionError, match=r"image-alt \(critical\)"):
        browsing.check()
    context.close()


def test_a_form_too_large_to_send_is_stopped_and_keeps_the_text(guest, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000
    page = guest.page
    guest.goto("/accessibility/")
    description = page.get_by_label("What is the problem?")
    text = "Æblegrød på side ø. " * 200  # 4,000 characters, over 2,000 bytes
    description.fill(text)

    page.get_by_role("button", name="Send the report").click()

    expect(page.locator(".kompas-too-large")).to_be_visible()
    assert "/accessibility/" in page.url
    assert description.input_value() == text
    guest.check()
