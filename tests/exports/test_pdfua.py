"""Every exported document keeps the ISO 14289-1 (PDF/UA-1) rules that veraPDF checks,
read back from its structure tree: on every document type, every seed, drafts and
decided versions alike. The checks themselves are shown to fail on documents built
to break them."""

import re
import subprocess

import pytest
import weasyprint
from django.core.files.base import ContentFile

from apps.demo.services import SEED_SLUGS, SEEDS_DIR, seed_load_file
from apps.exports import pdf, summary_pdf
from apps.exports.fetcher import INTERNAL_ORIGIN, SafeURLFetcher
from apps.strategies import models as sm

from .factories import PNG, build_complete_version
from .pdfread import markdown_blocks
from .pdfrules import (
    document_violations,
    figure_violations,
    hand_built_pdf,
    heading_violations,
    list_item_order_violations,
    list_item_violations,
    pdf_ua_violations,
    reader_of,
    structure_tree,
    table_violations,
    tagged,
)

pytestmark = pytest.mark.django_db

RENDERERS = {"strategy": pdf.strategy_pdf, "consultation_summary": summary_pdf.summary_pdf}

# --- The checks fail on documents made to break them ---------------------------------

# What each document prints for a complete version: the checks have something to check.
PRINTED_TYPES = {
    "strategy": {"/Figure", "/Table", "/TH", "/L", "/LI", "/Lbl", "/LBody"},
    "consultation_summary": {"/Figure", "/Table", "/TH"},
}

GOOD_ITEM = tagged("/LI", tagged("/Lbl"), tagged("/LBody", tagged("/P")))


@pytest.mark.parametrize(
    ("elements", "check", "expected"),
    [
        ((tagged("/H1"), tagged("/L", tagged("/LI", tagged("/Lbl"), tagged("/P")))),
         list_item_violations, ["LI > /P"]),
        ((tagged("/H1"), tagged("/L", tagged("/LI", tagged("/LBody"), tagged("/Lbl")))),
         list_item_order_violations, ["Lbl after LBody"]),
        ((tagged("/H1"), tagged("/H3")), heading_violations, ["H3 after H1"]),
        ((tagged("/H2"),), heading_violations, ["starts with H2"]),
        ((tagged("/H1"), tagged("/Figure")), figure_violations, ["Figure without Alt"]),
        ((tagged("/H1"), tagged("/Table", tagged("/TR", tagged("/TD")))),
         table_violations, ["Table without TH"]),
        ((tagged("/H1"), tagged("/Table", tagged("/TR", tagged("/TH", id="a"), tagged("/TD")))),
         table_violations, ["TD without its headers"]),
    ],
)  # fmt: skip
def test_each_structure_check_fails_on_a_hand_built_pdf_that_breaks_its_rule(
    elements, check, expected
):
    broken = hand_built_pdf(*elements)

    assert check(structure_tree(reader_of(broken))) == expected
    assert set(expected) <= set(pdf_ua_violations(broken))


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"lang": ""}, "no /Lang"),
        ({"display_title": False}, "no /DisplayDocTitle"),
        ({"pdfua_part": False}, "no pdfuaid:part 1 in XMP"),
    ],
)
def test_document_check_fails_on_a_hand_built_pdf_without_language_title_or_pdfua_part(
    options, expected
):
    broken = hand_built_pdf(tagged("/H1"), **options)

    assert document_violations(reader_of(broken)) == [expected]


def test_hand_built_pdf_that_keeps_every_rule_passes_every_check():
    sound = hand_built_pdf(
        tagged("/H1"),
        tagged("/L", GOOD_ITEM, GOOD_ITEM),
        tagged("/H2"),
        tagged("/Figure", alt="Logo for Testkommune"),
        tagged("/Table", tagged("/TR", tagged("/TH", id="h"), tagged("/TD", Headers=["h"]))),
    )

    assert pdf_ua_violations(sound) == []


def test_weasyprint_alone_tags_the_paragraphs_of_a_goal_directly_under_li(organisation):
    """What the repair is for: without it, the goals list breaks rule 7.2-20."""
    html = pdf.strategy_html(build_complete_version(organisation=organisation, adopt=False))
    unrepaired = weasyprint.HTML(
        string=html, base_url=INTERNAL_ORIGIN, url_fetcher=SafeURLFetcher()
    ).write_pdf(pdf_variant="pdf/ua-1")

    assert "LI > /P" in list_item_violations(structure_tree(reader_of(unrepaired)))
    assert list_item_violations(structure_tree(reader_of(pdf.html_to_pdf(html)))) == []


# --- Every document keeps them ---------------------------------------------------------


@pytest.mark.parametrize("kind", RENDERERS)
@pytest.mark.parametrize("adopt", [False, True], ids=["draft", "adopted"])
def test_every_document_type_keeps_the_pdf_ua_rules_with_logo_lists_and_tables(
    organisation, kind, adopt
):
    organisation.logo.save("testkommune.png", ContentFile(PNG))
    version = build_complete_version(organisation=organisation, adopt=adopt)

    data = RENDERERS[kind](version)

    assert pdf_ua_violations(data) == []
    types = {element.type for element in structure_tree(reader_of(data)).walk()}
    assert PRINTED_TYPES[kind] <= types


def test_a_loose_markdown_list_in_a_section_is_tagged_as_list_items_with_bodies(organisation):
    version = build_complete_version(organisation=organisation, adopt=False)
    version.sections.update(body="Vi lover:\n\n- at svare\n\n  hurtigt\n\n- at lytte\n")

    data = pdf.strategy_pdf(version)

    assert pdf_ua_violations(data) == []


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_every_document_of_every_seed_keeps_the_pdf_ua_rules(slug):
    organisation = seed_load_file(SEEDS_DIR / f"{slug}.yaml")

    for version in sm.StrategyVersion.objects.filter(strategy__organisation=organisation):
        violations = {kind: pdf_ua_violations(make(version)) for kind, make in RENDERERS.items()}

        assert violations == {kind: [] for kind in RENDERERS}


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_every_goal_and_focus_area_of_every_seed_is_printed_after_its_number(slug):
    organisation = seed_load_file(SEEDS_DIR / f"{slug}.yaml")
    version = organisation.strategies.get().versions.get()

    text = _reading_text(pdf.strategy_pdf(version))

    items = [list(version.goals.filter(kind=kind)) for kind in sm.GoalKind.values]
    items.append(list(version.focus_areas.all()))
    expected = [(n, _first_words(item)) for group in items for n, item in enumerate(group, 1)]
    assert expected
    missing = [
        (n, words)
        for n, words in expected
        if not re.search(rf"(?m)^{n}\.\s+{re.escape(words)}", text)
    ]
    assert missing == []


def _reading_text(data: bytes) -> str:
    """The text as poppler reads it off the page (not -raw): what a person sees, in order."""
    result = subprocess.run(  # noqa: S603
        ["pdftotext", "-enc", "UTF-8", "-", "-"],  # noqa: S607
        input=data,
        capture_output=True,
        check=True,
    )
    return re.sub(r"[ \t]+", " ", result.stdout.decode("utf-8"))


def _first_words(item) -> str:
    """The first two words an item prints: its title, or else its description."""
    text = item.title or markdown_blocks(item.description)[0]
    return " ".join(text.split()[:2])


def test_every_link_is_described_by_its_own_words_not_its_target(organisation):
    version = build_complete_version(organisation=organisation)

    reader = reader_of(pdf.strategy_pdf(version))

    links = [
        annotation.get_object()
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if annotation.get_object()["/Subtype"] == "/Link"
    ]
    described = {str(link["/Contents"]) for link in links}
    assert {entry.title for entry in pdf.strategy_context(version)["toc"]} <= described
    assert [link for link in links if str(link["/Contents"]) == str(link.get("/Dest"))] == []
