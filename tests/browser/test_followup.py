"""The follow-up of an adopted action plan, through the real pages in Chromium."""

import pytest
from playwright.sync_api import expect

from apps.accounts.models import User
from apps.strategies.models import Action, StrategyVersion, VersionStatus

pytestmark = pytest.mark.browser

ACTION = "Skriv alle standardbreve om til klart sprog"


def _adopted_action():
    return Action.objects.filter(
        title=ACTION,
        version__status=VersionStatus.ADOPTED,
        version__strategy__organisation__slug="naestved",
    )


def test_leader_marks_an_overdue_action_done_and_the_executive_dashboard_shows_it_at_once(
    visitor, tmp_path
):
    frozen = _adopted_action().values().get()
    executive = visitor("naestved-executive_board")
    executive.goto("/dashboards/executive/")
    overdue = executive.page.locator("#overdue-actions-heading + p + .kompas-table-scroll")
    expect(overdue.get_by_role("link", name=ACTION)).to_be_visible()
    executive.goto("/dashboards/executive/")  # now served from the kept page

    leader = visitor("naestved-leader")
    page = leader.page
    expect(page.get_by_role("heading", level=1)).to_have_text("Leader dashboard")
    # The dashboard links the action more than once (its progress link, "See or record
    # progress: …", among them); each leads to the action's page.
    leader.follow(page.get_by_role("link", name=ACTION).first)
    expect(page.get_by_role("heading", level=1)).to_have_text(ACTION)
    page.get_by_label("Status").select_option(label="Done")
    page.get_by_label("What has happened").fill("Alle 212 standardbreve er skrevet om.")
    page.get_by_role("button", name="Save progress").click()  # htmx swaps the panel
    panel = page.locator("#progress-panel")
    expect(panel.get_by_text("The progress of the action has been recorded.")).to_be_visible()
    expect(panel.get_by_text("Alle 212 standardbreve er skrevet om.")).to_be_visible()
    leader.check()
    page.screenshot(path=tmp_path / "action-1280.png", full_page=True)

    executive.goto("/dashboards/executive/")
    expect(executive.page.get_by_role("link", name=ACTION)).to_have_count(0)
    assert Action.objects.filter(pk=frozen["id"]).values().get() == frozen


def test_an_action_s_follow_up_reads_well_on_a_phone_in_danish(visitor, tmp_path):
    leader = visitor("naestved-leader", viewport={"width": 375, "height": 800})
    action = _adopted_action().get()
    User.objects.filter(username="naestved-leader").update(preferred_language="da")
    leader.goto(f"/followup/actions/{action.pk}/")
    page = leader.page
    expect(page.get_by_role("button", name="Gem status")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    page.screenshot(path=tmp_path / "action-375-da.png", full_page=True)
    assert width <= 375


def test_the_communications_department_follows_the_indicators_and_enters_a_value(visitor, tmp_path):
    version = (
        StrategyVersion.objects.filter(
            strategy__organisation__slug="modum",
            status=VersionStatus.ADOPTED,
            indicators__isnull=False,
        )
        .distinct()
        .get()
    )
    comms = visitor("modum-communications")
    comms.goto(f"/followup/versions/{version.pk}/")
    page = comms.page
    indicator = version.indicators.order_by("pk").first()
    form = page.get_by_role("region", name="Enter a measured value")
    form.get_by_role("combobox", name="Indicator").select_option(value=str(indicator.pk))
    form.get_by_role("textbox", name="Period").fill("2019-Q4")
    form.get_by_role("textbox", name="Measured value").fill("42")
    comms.follow(form.get_by_role("button", name="Save measurement"))
    expect(page.get_by_text("The measurement has been saved.")).to_be_visible()
    section = page.locator(f"#indicator-{indicator.pk}")
    section.locator("summary").click()
    expect(section.get_by_role("rowheader", name="2019-Q4")).to_be_visible()
    expect(section.locator("svg title", has_text="2019-Q4")).to_have_count(1)
    page.screenshot(path=tmp_path / "indicators-1280.png", full_page=True)

    executive = visitor("modum-executive_board")
    executive.goto("/dashboards/executive/")
    expect(
        executive.page.get_by_role("heading", name="Indicators against their targets")
    ).to_be_visible()
    executive.page.screenshot(path=tmp_path / "executive-1280.png", full_page=True)
