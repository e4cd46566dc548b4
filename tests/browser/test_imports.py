"""Bringing in a policy in Chromium with the keyboard alone: paste, review, change a
type, create the draft. Every page is checked with axe-core on arrival."""

import pytest
from playwright.sync_api import expect

from apps.imports.models import DocumentImport
from apps.strategies.models import Stakeholder

pytestmark = pytest.mark.browser

PASTED = ("Kommunikationspolitik\n\nVedtaget af Byrådet den 24. april 2012\n\nFormål\n\n"
          "Vi kommunikerer åbent.\n\nMålgrupper\n\n1. Borgere\n2. Virksomheder")


@pytest.mark.parametrize("width", [1280, 375])
def test_communications_imports_a_pasted_policy_with_the_keyboard_only(visitor, width, tmp_path):
    person = visitor("naestved-communications", viewport={"width": width, "height": 900})
    page = person.page
    person.goto("/imports/")

    page.get_by_label("Or paste the text").focus()
    page.keyboard.insert_text(PASTED)
    page.get_by_role("button", name="Read the document").focus()
    person.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_contain_text("Review of")
    page.screenshot(path=tmp_path / f"review-{width}.png", full_page=True)
    document_import = DocumentImport.objects.get()
    second = [p["label"] for p in document_import.proposals].index("stakeholder") + 1
    page.get_by_label(f"Type of block {second + 1}").focus()
    page.keyboard.press("Home")  # "Title", the first type offered ...
    for _ in range(4):  # ... down to "Text of the section"
        page.keyboard.press("ArrowDown")
    expect(page.get_by_label(f"Type of block {second + 1}")).to_have_value("text")
    page.get_by_label("Title", exact=True).focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("Kommunikationspolitik 2012")
    page.keyboard.press("Tab")  # the kind
    page.keyboard.press("Tab")  # the create button
    expect(page.get_by_role("button", name="Create the draft")).to_be_focused()
    person.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_contain_text("Kommunikationspolitik 2012")
    version = DocumentImport.objects.get().version
    assert list(Stakeholder.objects.filter(version=version).values_list("name", flat=True)) \
        == ["Borgere"]
    page.screenshot(path=tmp_path / f"created-{width}.png", full_page=True)
