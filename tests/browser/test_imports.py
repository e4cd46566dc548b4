"""Bringing in a policy in Chromium with the keyboard alone: paste, review, change a
type, create the draft. Every page is checked with axe-core on arrival."""

import pytest
from playwright.sync_api import expect

from apps.imports.models import DocumentImport
from apps.strategies.models import Stakeholder

pytestmark = pytest.mark.browser

PASTED = ("Kommunikationspolitik\n\nVedtaget af Byrådet den 24. april 2012\n\nFormål\n\n"
          "Vi kommunikerer åbent.\n\nMålgrupper\n\n1. Borgere\n2. Virksomheder")


# The words a person sees, in English and in Danish.
WORDS = {
    "en": {"paste": "Or paste the text", "read": "Read the document", "review": "Review of",
           "type": "Type of block {n}", "title": "Title", "create": "Create the draft"},
    "da": {"paste": "Eller indsæt teksten", "read": "Læs dokumentet", "review": "Gennemgang af",
           "type": "Type for blok {n}", "title": "Titel", "create": "Opret udkastet"},
}


@pytest.mark.parametrize(("language", "width"), [("en", 1280), ("da", 375)])
def test_communications_imports_a_pasted_policy_with_the_keyboard_only(
    visitor, language, width, tmp_path
):
    from apps.accounts.models import User

    words = WORDS[language]
    person = visitor("naestved-communications", viewport={"width": width, "height": 900})
    User.objects.filter(username="naestved-communications").update(preferred_language=language)
    page = person.page
    person.goto("/imports/")

    page.get_by_label(words["paste"]).focus()
    page.keyboard.insert_text(PASTED)
    page.get_by_role("button", name=words["read"]).focus()
    person.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_contain_text(words["review"])
    page.screenshot(path=tmp_path / f"review-{width}.png", full_page=True)
    document_import = DocumentImport.objects.get()
    second = [p["label"] for p in document_import.proposals].index("stakeholder") + 1
    block_type = page.get_by_label(words["type"].format(n=second + 1))
    block_type.focus()
    page.keyboard.press("Home")  # "Title", the first type offered ...
    for _ in range(4):  # ... down to "Text of the section"
        page.keyboard.press("ArrowDown")
    expect(block_type).to_have_value("text")
    page.get_by_label(words["title"], exact=True).focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("Kommunikationspolitik 2012")
    page.keyboard.press("Tab")  # the kind
    page.keyboard.press("Tab")  # the create button
    expect(page.get_by_role("button", name=words["create"])).to_be_focused()
    person.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_contain_text("Kommunikationspolitik 2012")
    version = DocumentImport.objects.get().version
    assert list(Stakeholder.objects.filter(version=version).values_list("name", flat=True)) \
        == ["Borgere"]
    page.screenshot(path=tmp_path / f"created-{width}.png", full_page=True)
