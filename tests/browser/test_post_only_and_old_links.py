"""What a person sees after a rejected lifecycle form (reload, language switch) and on
an old edit link of an adopted version (#15.1, #15.12), in English and Danish."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from apps.strategies.models import StrategyVersion, VersionStatus

pytestmark = pytest.mark.browser



def _photograph(page, name: str) -> None:
    folder = os.environ.get("KOMPAS_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _glostrup(status):
    return StrategyVersion.objects.filter(
        strategy__organisation__slug="glostrup", status=status
    ).order_by("-number").first()


def test_a_rejected_adoption_survives_reload_and_a_language_switch(visitor):
    proposed = _glostrup(VersionStatus.PROPOSED)
    comms = visitor("glostrup-communications")
    page = comms.page
    comms.goto(f"/strategies/versions/{proposed.pk}/")
    page.locator("#move-adopted summary").click()
    adoption = page.locator("#move-adopted")
    adoption.get_by_label("Date of the decision").fill("")
    comms.follow(adoption.get_by_role("button", name="Record the adoption"))
    rejected_url = page.url
    assert rejected_url.endswith(f"/strategies/versions/{proposed.pk}/status/adopted/")
    expect(page.locator("#move-adopted .form-error-message").first).to_be_visible()

    # Reloading or opening the bookmarked address asks for it with GET: the version page.
    response = page.goto(rejected_url)
    assert response.status == 200
    assert page.url.endswith(f"/strategies/versions/{proposed.pk}/")
    expect(page.get_by_role("heading", name="What you can do with this version")).to_be_visible()
    comms.check()

    # Rejected once more, then switched to Danish at the POST address.
    page.locator("#move-adopted summary").click()
    page.locator("#move-adopted").get_by_label("Date of the decision").fill("")
    comms.follow(page.locator("#move-adopted").get_by_role("button",
                                                            name="Record the adoption"))
    assert page.url == rejected_url
    page.get_by_label("Language").select_option("da")
    comms.follow(page.get_by_role("button", name="Change language"))
    assert page.url.endswith(f"/strategies/versions/{proposed.pk}/")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.get_by_role("heading", name="Det kan du gøre med denne version")).to_be_visible()
    _photograph(page, "language-switch-after-rejected-adoption-da")


@pytest.mark.parametrize("language", ["en", "da"])
def test_an_old_edit_link_of_an_adopted_version_offers_a_new_draft(visitor, language):
    adopted = _glostrup(VersionStatus.ADOPTED)
    comms = visitor("glostrup-communications")
    page = comms.page
    if language == "da":
        page.get_by_label("Language").select_option("da")
        comms.follow(page.get_by_role("button", name="Change language"))

    comms.goto(f"/strategies/versions/{adopted.pk}/edit/")

    assert page.url.endswith(f"/strategies/versions/{adopted.pk}/")
    texts = {
        "en": ("stays as it was decided, so it cannot be edited",
               "New draft from this version", "Your role does not allow"),
        "da": ("forbliver, som den blev besluttet, så den kan ikke redigeres",
               "Nyt udkast ud fra denne version", "Din rolle giver ikke"),
    }[language]
    expect(page.get_by_role("status").filter(has_text=texts[0])).to_be_visible()
    expect(page.get_by_role("button", name=texts[1])).to_be_visible()
    expect(page.get_by_text(texts[2])).to_have_count(0)
    _photograph(page, f"old-edit-link-{language}")

    # The same for an item's edit link of the adopted version.
    principle = adopted.principles.first() or adopted.sections.first()
    key = "principle" if adopted.principles.exists() else "section"
    comms.goto(f"/strategies/versions/{adopted.pk}/{key}/{principle.pk}/edit/")
    assert page.url.endswith(f"/strategies/versions/{adopted.pk}/")
    expect(page.get_by_role("button", name=texts[1])).to_be_visible()
