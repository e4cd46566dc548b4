"""A leader's quarterly check-ins in Chromium: one form, one save, nothing typed lost.

With KOMPAS_SCREENSHOTS set to a folder, the pages are also photographed there at
1280 and 375 px, in English and Danish, for a person to look at.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

STATUSES = ["On track", "Needs attention", "Not started"]


def _photograph(page, name: str) -> None:
    folder = os.environ.get("KOMPAS_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _open_check_ins(visitor, username="naestved-leader", **options):
    leader = visitor(username, **options)
    leader.follow(leader.page.get_by_role("link", name="Record this quarter's check-ins"))
    return leader


def test_leader_fills_in_every_check_in_and_one_button_saves_them_all(visitor):
    from apps.obligations.models import CheckIn

    leader = _open_check_ins(visitor)
    page = leader.page
    sections = page.locator("section.kompas-check-in")
    count = sections.count()
    assert count >= 7
    expect(page.get_by_role("button", name="Save the check-ins")).to_have_count(1)
    before = CheckIn.objects.count()

    for n in range(count):
        section = sections.nth(n)
        section.get_by_label(STATUSES[n % 3]).check()
        section.get_by_label("Note").fill(f"Note number {n + 1}.")
    _photograph(page, "check-ins-filled-1280-en")
    leader.follow(page.get_by_role("button", name="Save the check-ins"))

    expect(page.get_by_text(f"{count} check-ins have been saved.")).to_be_visible()
    assert CheckIn.objects.count() == before + count
    for n in range(count):
        section = sections.nth(n)
        expect(section.get_by_label("Note")).to_have_value(f"Note number {n + 1}.")
        expect(section).to_contain_text("Registered by Camilla Juhl Pedersen")
    registered = f"{count} of {count} check-ins registered this quarter."
    expect(page.get_by_text(registered)).to_be_visible()


def test_a_bad_check_in_saves_nothing_keeps_every_note_and_leads_to_the_field(visitor):
    from apps.obligations.models import CheckIn

    leader = _open_check_ins(visitor)
    page = leader.page
    sections = page.locator("section.kompas-check-in")
    before = CheckIn.objects.count()
    sections.nth(0).get_by_label("On track").check()
    sections.nth(0).get_by_label("Note").fill("Going well.")
    sections.nth(1).get_by_label("Note").fill("A note without a status.")
    sections.nth(2).get_by_label("Needs attention").check()

    leader.follow(page.get_by_role("button", name="Save the check-ins"))

    assert CheckIn.objects.count() == before
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Nothing was saved.")
    expect(sections.nth(0).get_by_label("Note")).to_have_value("Going well.")
    expect(sections.nth(0).get_by_label("On track")).to_be_checked()
    expect(sections.nth(1).get_by_label("Note")).to_have_value("A note without a status.")
    expect(sections.nth(2).get_by_label("Needs attention")).to_be_checked()
    _photograph(page, "check-ins-error-1280-en")
    alert.get_by_role("link").first.click()
    expect(sections.nth(1).get_by_label("On track")).to_be_focused()


def test_a_row_saved_on_its_own_leaves_what_is_typed_in_the_others_on_the_screen(visitor):
    from apps.obligations.models import CheckIn

    leader = _open_check_ins(visitor)
    page = leader.page
    sections = page.locator("section.kompas-check-in")
    url, before = page.url, CheckIn.objects.count()
    sections.nth(0).get_by_label("Needs attention").check()
    sections.nth(0).get_by_label("Note").fill("Vi mangler en skabelon.")
    sections.nth(2).get_by_label("Note").fill("Endnu ikke gemt.")

    sections.nth(0).get_by_role("button", name="Save this check-in").click()

    confirmation = sections.nth(0).get_by_role("status")
    expect(confirmation).to_contain_text("This check-in has been saved.")
    expect(confirmation).to_be_focused()
    expect(sections.nth(0)).to_contain_text("Registered by Camilla Juhl Pedersen")
    expect(page.get_by_text(f"1 of {sections.count()} check-ins registered")).to_be_visible()
    assert page.url == url
    assert CheckIn.objects.count() == before + 1
    assert CheckIn.objects.latest("updated_at").note == "Vi mangler en skabelon."
    expect(sections.nth(2).get_by_label("Note")).to_have_value("Endnu ikke gemt.")
    leader.check()
    _photograph(page, "check-ins-row-saved-1280-en")

    # The third row's note is still not saved: leaving the page asks first.
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.get_by_role("link", name="Back to the leader dashboard").click()
    page.wait_for_timeout(300)
    assert asked == ["beforeunload"]
    assert page.url == url

    # Its button without a status: an error in the row, the note kept and still unsaved.
    sections.nth(2).get_by_role("button", name="Save this check-in").click()
    expect(sections.nth(2).get_by_role("alert")).to_contain_text("This check-in was not saved")
    expect(sections.nth(2).get_by_label("Note")).to_have_value("Endnu ikke gemt.")
    assert CheckIn.objects.count() == before + 1
    page.get_by_role("link", name="Back to the leader dashboard").click()
    page.wait_for_timeout(300)
    assert asked == ["beforeunload", "beforeunload"]

    sections.nth(2).get_by_label("On track").check()
    sections.nth(2).get_by_role("button", name="Save this check-in").click()
    expect(sections.nth(2).get_by_role("status")).to_contain_text("has been saved")
    assert CheckIn.objects.count() == before + 2
    # Everything typed is saved now: the page is left without a question.
    page.get_by_role("link", name="Back to the leader dashboard").click()
    page.wait_for_url("**/dashboards/leader/**")
    assert asked == ["beforeunload", "beforeunload"]


def test_a_centre_manager_reads_the_workplace_check_ins_without_a_form(visitor):
    leader = _open_check_ins(visitor)
    page = leader.page
    page.locator("section.kompas-check-in").first.get_by_label("Needs attention").check()
    leader.follow(page.get_by_role("button", name="Save the check-ins"))
    url = page.url

    chief = visitor("naestved-centre")
    chief.goto(re.sub(r"^https?://[^/]+", "", url))

    expect(chief.page.get_by_role("button", name="Save the check-ins")).to_have_count(0)
    expect(chief.page.locator("section.kompas-check-in").first).to_contain_text(
        "Registered by Camilla Juhl Pedersen"
    )


@pytest.mark.parametrize("language", ["en", "da"])
@pytest.mark.parametrize("width", [1280, 375])
def test_check_in_page_reads_at_every_width_and_language(visitor, language, width):
    from apps.accounts.models import User

    leader = visitor("naestved-leader", viewport={"width": width, "height": 900})
    User.objects.filter(username="naestved-leader").update(preferred_language=language)
    leader.goto("/dashboards/leader/")
    page = leader.page
    leader.follow(page.locator("a[href*='/check-ins/']").first)

    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("button.button-primary[type=submit]")).to_have_count(1)
    _photograph(page, f"check-ins-{width}-{language}")


def test_acknowledging_updates_the_count_at_once_and_says_when_all_is_done(visitor):
    employee = visitor("naestved-employee")
    page = employee.page
    employee.goto("/obligations/")
    buttons = page.get_by_role("button", name="I have read and understood this")
    total = buttons.count()
    counter = page.locator("#acknowledgement-count")
    url = page.url

    buttons.first.click()

    expect(counter).to_contain_text(f"You have acknowledged 1 of {total} obligations.")
    assert page.url == url
    for n in range(2, total + 1):
        buttons.first.click()
        expect(counter).to_contain_text(f"You have acknowledged {n} of {total} obligation")
    expect(counter).to_contain_text(f"You have acknowledged {total} of {total} obligations.")
    expect(counter).to_contain_text("Everything is acknowledged.")
    employee.check()
    _photograph(page, "obligations-all-acknowledged-1280-en")
