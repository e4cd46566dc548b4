"""The main journeys of each kind of user, through the real pages in Chromium.

Every page is reached the way a person would reach it (links, buttons, forms) and
checked with axe-core on arrival; see conftest.Browsing.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import consultation_deadline

pytestmark = pytest.mark.browser

TITLE = "Communication strategy 2027"
SECTION = "Why we communicate"
PRINCIPLE = "We answer within two working days"


def _open_add_form(block, label: str):
    block.locator("summary", has_text=label).click()
    return block


def test_communications_officer_writes_consults_on_and_adopts_a_strategy(visitor):
    comms = visitor("naestved-communications")
    page = comms.page

    comms.follow(page.get_by_role("link", name="Strategies", exact=True))
    comms.follow(page.get_by_role("link", name="New strategy"))
    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_label("Kind").select_option(label="Strategy")
    comms.follow(page.get_by_role("button", name="Create the strategy"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Edit version 1 of {TITLE}")

    # A section and a principle, each added in place (htmx) from its list's form.
    sections = _open_add_form(page.locator("#block-section"), "Add a section")
    sections.get_by_label("Kind").select_option(label="Purpose")
    sections.get_by_label("Heading (optional)", exact=True).fill(SECTION)
    sections.get_by_label("Text (optional)", exact=True).fill(
        "Citizens should understand what we decide and why."
    )
    sections.get_by_role("button", name="Add a section").click()
    expect(sections.get_by_role("heading", name=SECTION)).to_be_visible()
    expect(page.locator("#editor-status")).to_have_text(f"“{SECTION}” was added.")
    comms.check()

    principles = _open_add_form(page.locator("#block-principle"), "Add a principle")
    principles.get_by_label("Title (optional)", exact=True).fill(PRINCIPLE)
    principles.get_by_label("Text", exact=True).fill("Every letter and email gets an answer.")
    principles.get_by_role("button", name="Add a principle").click()
    expect(principles.get_by_role("heading", name=PRINCIPLE)).to_be_visible()
    comms.check()

    # Editing an item is a page of its own.
    # The link says "Edit", and screen readers also hear which item (visually hidden).
    comms.follow(page.get_by_role("link", name=re.compile(rf"^Edit\W+{PRINCIPLE}$")))
    page.get_by_label("Text", exact=True).fill("Every letter, email and message gets an answer.")
    comms.follow(page.get_by_role("button", name="Save"))
    expect(page.get_by_text("Every letter, email and message gets an answer.")).to_be_visible()

    # Consultation: send, invite the citizens' service, and let one of them comment.
    comms.follow(page.get_by_role("link", name="See the draft as readers will see it"))
    page.locator("#move-consultation summary").click()
    page.locator("#move-consultation").get_by_label("Note (optional)").fill("Four weeks.")
    page.locator("#move-consultation").get_by_label("Consultation deadline").fill(
        consultation_deadline(28).isoformat()
    )
    comms.follow(page.get_by_role("button", name="Send to consultation"))
    expect(page.locator(".kompas-facts .badge")).to_have_text("In consultation")
    comms.follow(page.get_by_role("link", name="Go to the consultation of this version"))
    comms.follow(page.get_by_role("link", name="Invite people, units and outside parties"))
    page.get_by_role("group", name="Units").get_by_label(
        re.compile(r"^(– )*Borgerservice$")
    ).check()
    comms.follow(page.get_by_role("button", name="Send invitations"))
    expect(page.get_by_text("1 unit invited.")).to_be_visible()

    employee = visitor("naestved-employee")
    employee.follow(employee.page.get_by_role("link", name="Strategies", exact=True))
    employee.follow(employee.page.get_by_role("link", name=TITLE))
    employee.follow(employee.page.get_by_role("link", name="Version 1", exact=True))
    employee.follow(
        employee.page.get_by_role("link", name="Go to the consultation of this version")
    )
    employee.follow(
        employee.page.get_by_role("link", name=re.compile(rf"^Comment on this\W.*{SECTION}$"))
    )
    expect(employee.page.get_by_label("What is your comment about?")).to_have_value(
        re.compile(r"^section:\d+$")
    )
    employee.page.get_by_label("Your comment", exact=True).fill("Say also how people can reach us.")
    employee.follow(employee.page.get_by_role("button", name="Send comment"))
    expect(employee.page.get_by_text("Your comment has been saved. Thank you.")).to_be_visible()

    # The communications officer answers, proposes and records the adoption.
    comms.goto(page.url.removeprefix(comms.base_url).split("?")[0].replace("/invite/", "/"))
    comms.follow(page.get_by_role("link", name=re.compile(r"^Answer this comment")))
    page.get_by_role("textbox", name="Answer", exact=True).fill(
        "Good point: the contact details are now in the text."
    )
    page.get_by_label("Accepted", exact=True).check()
    page.get_by_role("textbox", name="Resulting change").fill("Added a paragraph on contact.")
    comms.follow(page.get_by_role("button", name="Save the answer"))
    expect(page.get_by_text("The answer has been saved.")).to_be_visible()

    comms.follow(page.get_by_role("link", name="Read the whole version"))
    page.locator("#move-proposed summary").click()
    comms.follow(page.get_by_role("button", name="Propose to the council"))
    expect(page.locator(".kompas-facts .badge")).to_have_text("Proposed to the council")

    page.locator("#move-adopted summary").click()
    adoption = page.locator("#move-adopted")
    adoption.get_by_label("Date of the decision").fill(timezone.localdate().isoformat())
    expect(adoption.get_by_label("Deciding body")).not_to_have_value("")
    adoption.get_by_label("Case reference").fill("27.00.00-P22-1-26")
    comms.follow(adoption.get_by_role("button", name="Record the adoption"))
    expect(page.locator(".kompas-facts .badge")).to_have_text("Adopted")
    expect(page.locator(".kompas-facts")).to_contain_text("27.00.00-P22-1-26")


def test_leader_acknowledges_an_obligation_and_records_a_check_in(visitor):
    leader = visitor("naestved-leader")
    page = leader.page
    expect(page.get_by_role("heading", level=1)).to_have_text("Leader dashboard")

    button = page.get_by_role("button", name="I have read and understood this").first
    obligation = button.get_attribute("aria-describedby")
    button.click()
    row = page.locator("tr", has=page.locator(f"[id='{obligation}']"))
    expect(row.locator(".kompas-acknowledged")).to_contain_text("Acknowledged")
    leader.check()

    leader.follow(page.get_by_role("link", name="Record this quarter's check-ins"))
    first = page.locator("section.kompas-check-in").first
    first.get_by_label("On track").check()
    first.get_by_label("Note").fill("On the agenda of every staff meeting.")
    leader.follow(page.get_by_role("button", name="Save the check-ins"))
    expect(page.get_by_text("1 check-in has been saved.")).to_be_visible()

    leader.follow(page.get_by_role("link", name="Back to the leader dashboard"))
    expect(page.get_by_role("definition").first).to_have_text("1 of 7")
    expect(page.locator(".kompas-table-scroll").first.get_by_text("On track")).to_be_visible()


def test_politician_compares_the_proposal_and_downloads_the_adopted_pdf(visitor):
    politician = visitor("glostrup-politician")
    page = politician.page
    expect(page.get_by_role("heading", level=1)).to_have_text("Politician dashboard")

    politician.follow(page.get_by_role("link", name="Compare version 2 with the adopted version"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Compare versions")
    # Glostrup's proposal adds to the adopted text: marked in words, not by colour alone.
    expect(page.locator(".kompas-diff-item .badge").filter(has_text="Added")).not_to_have_count(0)
    expect(page.locator(".kompas-diff-item ins").first).to_be_visible()

    politician.follow(page.get_by_role("link", name="Dashboard", exact=True))
    adopted = page.get_by_role("region", name="Strategies in force, with the date of adoption")
    politician.follow(adopted.get_by_role("button", name="Download as PDF").first)
    expect(page.get_by_text("The PDF is ready.")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    politician.goto("/strategies/versions/999999/", status=404)


def test_employees_see_principles_and_the_spokesperson_rules(visitor):
    naestved = visitor("naestved-employee")
    page = naestved.page
    expect(page.get_by_role("heading", level=1)).to_have_text("Employee dashboard")
    expect(page.get_by_role("heading", name="Principles for our communication")).to_be_visible()
    expect(page.locator(".kompas-principles li").first).to_be_visible()
    naestved.follow(page.get_by_role("link", name="My obligations"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My obligations")

    modum = visitor("modum-employee")
    page = modum.page
    expect(page.get_by_role("heading", name="Who may speak to the press")).to_be_visible()
    rules = page.get_by_role("region", name=re.compile("^Spokesperson rules"))
    expect(rules.get_by_role("row")).not_to_have_count(0)
    expect(rules.get_by_role("rowheader").first).not_to_be_empty()
