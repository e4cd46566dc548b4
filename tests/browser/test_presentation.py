"""What a person sees of the interface's presentation: the language menu, the reader
page's contents, phones at 375 px, the editor's live choices and hints, and a PDF
handed over the moment it is ready. Danish and English."""

import re

import pytest
from playwright.sync_api import expect

from apps.accounts.models import User
from apps.strategies.models import StrategyVersion, VersionStatus

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}
DASHBOARD_USERS = [
    "naestved-communications",
    "naestved-executive_board",
    "naestved-centre",
    "naestved-workplace",
    "naestved-leader",
    "naestved-employee",
    "glostrup-politician",
]


def _scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_danish_menu_names_each_language_in_itself_and_offers_the_organisations(visitor):
    person = visitor("naestved-employee")
    User.objects.filter(username="naestved-employee").update(preferred_language="da")
    page = person.page
    person.goto("/dashboards/")
    menu = page.get_by_label("Sprog")

    options = menu.locator("option").all_inner_texts()
    assert options[1:] == ["Dansk", "Svenska", "Norsk bokmål", "Norsk nynorsk", "English"]
    assert options[0] == "Organisationens sprog (Dansk)"

    menu.select_option(label="English")
    person.follow(page.get_by_role("button", name="Skift sprog"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_label("Language")).to_have_value("en")

    page.get_by_label("Language").select_option(label="The organisation's language (Dansk)")
    person.follow(page.get_by_role("button", name="Change language"))
    expect(page.locator("html")).to_have_attribute("lang", "da")
    assert User.objects.get(username="naestved-employee").preferred_language == ""


def test_english_dates_read_day_month_year(visitor):
    person = visitor("naestved-communications")
    page = person.page
    version = StrategyVersion.objects.filter(
        strategy__organisation__slug="naestved", status=VersionStatus.ADOPTED,
        adopted_on__isnull=False,
    ).first()

    person.goto(f"/strategies/versions/{version.pk}/")

    adopted = page.locator("dt", has_text="Adopted on").locator("xpath=following-sibling::dd[1]")
    expected = f"{version.adopted_on.day} {version.adopted_on:%B %Y}"
    expect(adopted).to_have_text(expected)


def test_politicians_menu_has_no_obligations(visitor):
    page = visitor("glostrup-politician").page
    menu = page.get_by_role("navigation", name="Main menu")

    expect(menu.get_by_role("link", name="Dashboard")).to_be_visible()
    expect(menu.get_by_role("link", name="My obligations")).to_have_count(0)


def test_the_reader_page_has_contents_that_stay_beside_the_text(visitor):
    person = visitor("naestved-communications")
    page = person.page
    version = StrategyVersion.objects.filter(
        strategy__organisation__slug="naestved", status=VersionStatus.ADOPTED,
        strategy__kind="strategy",
    ).first()
    person.goto(f"/strategies/versions/{version.pk}/")

    contents = page.get_by_role("navigation", name="Contents of the strategy")
    expect(contents).to_be_visible()
    link = contents.get_by_role("link", name="Roles and responsibilities")
    link.click()
    expect(page.locator("#responsibilities")).to_be_in_viewport()
    # Far down the page the contents are still on the screen, beside the text.
    expect(contents).to_be_in_viewport()


def test_a_policys_pdf_page_calls_it_a_policy_and_hands_the_file_over_at_once(visitor):
    person = visitor("glostrup-communications")
    User.objects.filter(username="glostrup-communications").update(preferred_language="da")
    page = person.page
    policy = StrategyVersion.objects.get(
        strategy__organisation__slug="glostrup", strategy__kind="policy",
        status=VersionStatus.ADOPTED,
    )
    person.goto(f"/strategies/versions/{policy.pk}/")

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download som pdf").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Politikken som pdf")
    name = download_info.value.suggested_filename
    assert re.fullmatch(r"politik-for-kommunikation-i-glostrup-kommune-v\d+\.pdf", name), name


@pytest.mark.parametrize("username", DASHBOARD_USERS)
def test_dashboards_fit_a_phone_and_keep_their_key_columns(visitor, username):
    person = visitor(username, viewport=PHONE)
    page = person.page

    assert _scroll_width(page) <= PHONE["width"]
    # Every table on the page shows each cell's column beside it, none hidden to the right.
    for table in page.locator(".kompas-table-scroll table").all():
        box = table.bounding_box()
        if box is not None:
            assert box["x"] + box["width"] <= PHONE["width"] + 1, table.inner_html()[:200]


def test_every_reader_page_of_the_demo_fits_a_phone(visitor):
    for organisation in ("glostrup", "naestved", "soenderborg", "flen", "modum"):
        person = visitor(f"{organisation}-communications", viewport=PHONE)
        versions = StrategyVersion.objects.filter(strategy__organisation__slug=organisation)
        for version in versions:
            person.goto(f"/strategies/versions/{version.pk}/")
            width = _scroll_width(person.page)
            assert width <= PHONE["width"], (organisation, version.pk, width)


def test_a_value_added_in_the_editor_is_offered_to_principles_at_once(visitor):
    person = visitor("naestved-communications")
    page = person.page
    draft = StrategyVersion.objects.filter(
        strategy__organisation__slug="naestved", status=VersionStatus.DRAFT
    ).first()
    if draft is None:
        adopted = StrategyVersion.objects.filter(
            strategy__organisation__slug="naestved", status=VersionStatus.ADOPTED
        ).first()
        person.goto(f"/strategies/versions/{adopted.pk}/")
        person.follow(page.get_by_role("button", name="New draft from this version"))
        draft = StrategyVersion.objects.filter(
            strategy=adopted.strategy, status=VersionStatus.DRAFT
        ).get()
    person.goto(f"/strategies/versions/{draft.pk}/edit/")

    values = page.locator("#block-value")
    values.locator("summary", has_text="Add a value").click()
    values.get_by_label("Name").fill("Mod til at spørge")
    values.get_by_role("button", name="Add a value").click()
    expect(values.get_by_role("heading", name="Mod til at spørge")).to_be_visible()

    choice = page.locator("#id_principle_new_value")
    expect(choice.locator("option", has_text="Mod til at spørge")).to_have_count(1)


def test_the_editor_previews_formatting_and_warns_before_losing_typed_text(visitor):
    person = visitor("naestved-communications")
    page = person.page
    busy = StrategyVersion.objects.filter(
        strategy__organisation__slug="naestved", status=VersionStatus.CONSULTATION
    ).values("strategy")
    adopted = StrategyVersion.objects.filter(
        strategy__organisation__slug="naestved", status=VersionStatus.ADOPTED
    ).exclude(strategy__in=busy).first()
    person.goto(f"/strategies/versions/{adopted.pk}/")
    person.follow(page.get_by_role("button", name="New draft from this version"))
    draft = StrategyVersion.objects.get(strategy=adopted.strategy, status=VersionStatus.DRAFT)
    if "/edit/" not in page.url:
        person.goto(f"/strategies/versions/{draft.pk}/edit/")

    sections = page.locator("#block-section")
    sections.locator("summary", has_text="Add a section").click()
    sections.locator("textarea").first.fill("Vi skriver **klart** og *kort*.")
    preview = sections.locator(".kompas-markdown-preview").first
    expect(preview.locator("strong")).to_have_text("klart")
    expect(preview.locator("em")).to_have_text("kort")
    # The live plain-language advice arrives in its own box under the same text area
    # and leaves the add form (text, preview) where it was.
    expect(sections.locator(".kompas-klarsprog").first).to_contain_text("LIX")
    expect(sections.locator("textarea").first).to_have_value("Vi skriver **klart** og *kort*.")
    expect(preview.locator("strong")).to_have_text("klart")

    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.get_by_role("link", name="Dashboard").click()
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    assert "/edit/" in page.url
