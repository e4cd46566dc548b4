"""In Chromium: the communications department corrects a mistyped case reference of an
adopted version (a date before 1950 refused first), and sees the LIX advice appear as
they type a long sentence into a section. Every page is checked with axe-core."""

import pytest
from playwright.sync_api import expect

from apps.records.models import RecordCorrection
from apps.strategies import services
from apps.strategies.models import Section, StrategyVersion, VersionStatus

pytestmark = pytest.mark.browser

LONG = ("Kommunikationsafdelingen sørger i samarbejde med centrene og de enkelte arbejdspladser "
        "for at alle medarbejdere i kommunen kender politikken og ved hvordan de skal handle "
        "når borgerne henvender sig med spørgsmål om kommunens services og tilbud")


def _adopted(slug="naestved"):
    return StrategyVersion.objects.filter(
        strategy__organisation__slug=slug, status=VersionStatus.ADOPTED
    ).select_related("strategy").first()


@pytest.mark.parametrize("width", [1280, 375])
def test_communications_corrects_the_case_reference_of_an_adopted_version(
    visitor, width, tmp_path
):
    version = _adopted()
    original = version.case_reference
    person = visitor("naestved-communications", viewport={"width": width, "height": 900})
    page = person.page
    person.goto(f"/strategies/versions/{version.pk}/")
    person.follow(page.get_by_role("link", name="Correct the record of the adoption"))

    page.get_by_label("Adopted on").fill("1949-05-01")
    page.get_by_label("Case reference").fill("12/34567")
    page.get_by_label("Why the record is corrected").fill("Sagsnummeret var tastet forkert.")
    person.follow(page.get_by_role("button", name="Record the correction"))
    expect(page.locator("#id_adopted_on_error")).to_contain_text("cannot be before")
    assert not RecordCorrection.objects.exists()

    page.get_by_label("Adopted on").fill(version.adopted_on.isoformat())
    person.follow(page.get_by_role("button", name="Record the correction"))

    expect(page.get_by_role("heading", name="Corrections of the record")).to_be_visible()
    table = page.locator("section[aria-labelledby=corrections-heading] table")
    expect(table).to_contain_text(original)
    expect(table).to_contain_text("12/34567")
    expect(table).to_contain_text("Sagsnummeret var tastet forkert.")
    expect(page.locator(".kompas-facts")).to_contain_text("12/34567 (corrected)")
    page.screenshot(path=tmp_path / f"corrected-{width}.png", full_page=True)
    # The corrections' table scrolls inside its own box on a phone; the box stays on screen.
    box = page.locator("section[aria-labelledby=corrections-heading] .kompas-table-scroll")
    assert box.evaluate("e => e.getBoundingClientRect().right") <= width
    assert StrategyVersion.objects.get(pk=version.pk).case_reference == original


def test_the_editor_gives_lix_advice_as_a_section_is_written(visitor, tmp_path):
    from apps.accounts.models import User

    source = _adopted()
    draft = services.version_new_draft(
        source=source, actor=User.objects.get(username="naestved-communications")
    )
    section = Section.objects.filter(version=draft).order_by("position").first()
    person = visitor("naestved-communications")
    page = person.page
    person.goto(f"/strategies/versions/{draft.pk}/section/{section.pk}/edit/")

    body = page.get_by_label("Text")
    body.fill("")
    body.press_sequentially("Vi skriver kort. ")
    expect(page.locator(".kompas-klarsprog")).to_contain_text("LIX")
    expect(page.locator(".kompas-klarsprog")).not_to_contain_text("more than 25 words")
    body.press_sequentially(LONG + ".")
    advice = page.locator(".kompas-klarsprog")
    expect(advice).to_contain_text("1 sentence has more than 25 words")
    expect(advice).to_contain_text("Kommunikationsafdelingen")  # the very long word
    person.check()
    page.screenshot(path=tmp_path / "lix-advice.png", full_page=True)

    # Advice only: the text is saved as written.
    person.follow(page.get_by_role("button", name="Save"))
    assert Section.objects.get(pk=section.pk).body.endswith(LONG + ".")
